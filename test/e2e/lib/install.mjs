// Installs what the e2e run needs and is not there yet: Debian packages (Chromium, ripgrep, the
// Kerberos headers code-server's `kerberos` module compiles against, unzip) and the pinned tools in
// test/e2e/tools (code-server, playwright-core) with `npm ci`. A stamp records the lock file and
// Node version of the last good install, so a second run skips it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './proc.mjs';

export const toolsDir = path.join(import.meta.dirname, '..', 'tools');
export const codeServerBin = path.join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const stampFile = path.join(toolsDir, 'node_modules', '.spol-e2e-stamp');

// code-server 4.100.3 bundles VS Code 1.100.3, whose @vscode/ripgrep downloads rg from GitHub in
// its postinstall unless this file is in its cache (<os.tmpdir()>/vscode-ripgrep-cache-<version>/).
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function has(command) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
        if (dir && existsSync(path.join(dir, command))) return true;
    }
    return false;
}

/** The Debian packages that are missing, by what each one provides. */
function missingDebianPackages() {
    const wanted = [
        ['chromium', () => existsSync('/usr/bin/chromium')],
        ['ripgrep', () => has('rg')],
        ['unzip', () => has('unzip')],
        ['libkrb5-dev', () => existsSync('/usr/include/gssapi/gssapi.h')],
        ['python3', () => has('python3')],
        ['make', () => has('make')],
        ['g++', () => has('g++')],
    ];
    return wanted.filter(([, present]) => !present()).map(([name]) => name);
}

export async function ensureDebianPackages() {
    const missing = missingDebianPackages();
    if (missing.length === 0) {
        console.log('e2e: Debian packages present (chromium, ripgrep, unzip, libkrb5-dev)');
        return;
    }
    console.log(`e2e: apt-get install ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update'], { env, timeoutMs: 5 * 60_000 });
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, timeoutMs: 10 * 60_000 });
    const still = missingDebianPackages();
    if (still.length > 0) throw new Error(`e2e: apt-get did not provide ${still.join(', ')}`);
}

function stamp() {
    const lock = readFileSync(path.join(toolsDir, 'package-lock.json'));
    return createHash('sha256').update(lock).update(process.version).digest('hex');
}

export async function ensureTools() {
    if (existsSync(codeServerBin) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp()) {
        console.log('e2e: tools already installed (test/e2e/tools, same lock)');
        return;
    }
    // A private TMPDIR holding a seeded ripgrep cache: @vscode/ripgrep's postinstall takes rg from
    // there instead of GitHub (the Debian rg 13 binary works for Quick Open and search).
    const tmp = path.join(toolsDir, 'tmp');
    const cache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
    const rgDir = path.join(tmp, 'rg');
    mkdirSync(cache, { recursive: true });
    mkdirSync(rgDir, { recursive: true });
    copyFileSync(realRg(), path.join(rgDir, 'rg'));
    await run('tar', ['czf', path.join(cache, RIPGREP_ASSET), '-C', rgDir, 'rg'], { timeoutMs: 60_000 });

    rmSync(stampFile, { force: true });
    const env = {
        ...process.env,
        TMPDIR: tmp,
        npm_config_unsafe_perm: 'true', // code-server's postinstall.sh refuses root without it
        npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; ~/.npmrc may say yes=false
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
    };
    console.log('e2e: npm ci in test/e2e/tools (code-server, playwright-core; about a minute)');
    await run('npm', ['ci', '--unsafe-perm', '--no-audit', '--no-fund'], { cwd: toolsDir, env, timeoutMs: 15 * 60_000 });
    if (!existsSync(codeServerBin)) throw new Error(`e2e: npm ci finished but ${codeServerBin} is missing`);
    writeFileSync(stampFile, stamp());
}

function realRg() {
    for (const candidate of ['/usr/bin/rg', '/usr/local/bin/rg']) if (existsSync(candidate)) return candidate;
    throw new Error('e2e: ripgrep (rg) not found; apt-get install ripgrep');
}
