#!/usr/bin/env node
// `npm run test:e2e`: the packaged extension (extension/spol.vsix) in a real VS Code, code-server
// 4.100.3 driven by headless Debian Chromium, offline. Every step has a deadline; whatever
// happens (failure, timeout, Ctrl-C), code-server's process group and the temp dir are removed.
//
//   1. install what is missing: Debian packages, then test/e2e/tools with `npm ci` (skipped when the
//      stamp says the same lock is installed);
//   2. `npm run package` (build + extension/spol.vsix, copied to the temp dir), then bundle the
//      in-host suite (extension/test/build.mjs → extension/dist/test/<this run>/); steps 1-2 hold
//      a lock (test/e2e/tools/tmp/prepare.lock), so concurrent runs take turns;
//   3. a temp dir with code-server's home, the vsix installed with --install-extension and unzipped
//      (its extension/ folder is the development extension the in-host suite runs against), and
//      editable copies of examples/natural-history-museum and examples/broken;
//   4. code-server, started in a process group of its own and polled on /healthz;
//   5. the in-host mocha suite, one window per fixture, then the UI check (ui-check.mjs);
//   6. a closing line `N passed, M failed` (both parts summed); exit 1 on any failure.
//
// See /work/shared/notes/vscode-e2e.md (the pitfalls each step works around).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, runHostTests } from './lib/browser.mjs';
import { freePort, installExtension, prepareHome, startCodeServer, tail } from './lib/code-server.mjs';
import { ensureDebianPackages, ensureTools, toolsDir } from './lib/install.mjs';
import { onCleanup, phase, run, runCleanups, withLock } from './lib/proc.mjs';
import { uiCheck } from './ui-check.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const extensionDir = path.join(repoRoot, 'extension');
const packagedVsix = path.join(extensionDir, 'spol.vsix');
const screenshots = path.join(import.meta.dirname, 'screenshots');

/** The examples copied for the tests; the first is the default fixture (tests without an @tag). */
const FIXTURES = ['natural-history-museum', 'broken'];

const MINUTE = 60_000;
const started = Date.now();
let passed = 0;
let failed = 0;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, async () => {
        console.error(`\ne2e: ${signal}: stopping code-server and removing the temp dir`);
        await runCleanups();
        console.log(`${passed} passed, ${failed + 1} failed`);
        process.exit(130);
    });
}

async function main() {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'spol-e2e-'));
    onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
    mkdirSync(screenshots, { recursive: true });
    const vsix = path.join(tmp, 'spol.vsix');
    // Inside the repository (mocha resolves from its node_modules), one folder per run.
    const suiteDir = path.join(extensionDir, 'dist', 'test', path.basename(tmp));
    onCleanup(() => rmSync(suiteDir, { recursive: true, force: true }));

    // Concurrent runs from this checkout take turns here: apt-get, npm ci and `npm run package`
    // must not run twice at once, and each run keeps its own copy of what was packaged.
    await withLock(path.join(toolsDir, 'tmp', 'prepare.lock'), 30 * MINUTE, async () => {
        await phase('install Debian packages', 20 * MINUTE, ensureDebianPackages);
        await phase('install test/e2e/tools', 20 * MINUTE, ensureTools);
        await phase('npm run package', 10 * MINUTE, () => run('npm', ['run', 'package'], { cwd: repoRoot, timeoutMs: 10 * MINUTE }));
        if (!existsSync(packagedVsix)) throw new Error(`e2e: npm run package wrote no ${path.relative(repoRoot, packagedVsix)}`);
        copyFileSync(packagedVsix, vsix);
        await phase('bundle the in-host suite', 2 * MINUTE, () =>
            run(process.execPath, [path.join(extensionDir, 'test', 'build.mjs'), '--outdir', suiteDir], { cwd: repoRoot, timeoutMs: 2 * MINUTE }),
        );
    });
    const extensionTestsPath = path.join(suiteDir, 'index.cjs');

    const workspaces = {};
    for (const fixture of FIXTURES) {
        workspaces[fixture] = path.join(tmp, 'workspaces', fixture);
        cpSync(path.join(repoRoot, 'examples', fixture), workspaces[fixture], { recursive: true });
    }
    // The UI check gets a copy of its own, untouched by the in-host tests' edits.
    const uiWorkspace = path.join(tmp, 'ui', 'natural-history-museum');
    cpSync(path.join(repoRoot, 'examples', 'natural-history-museum'), uiWorkspace, { recursive: true });
    const extensionDevelopmentPath = path.join(tmp, 'vsix', 'extension');
    await phase('unzip the vsix', MINUTE, () => run('unzip', ['-q', vsix, 'extension/*', '-d', path.join(tmp, 'vsix')], { timeoutMs: MINUTE }));

    const home = prepareHome(path.join(tmp, 'code-server'), await freePort());
    await phase('install the vsix into code-server', 3 * MINUTE, async () => console.log(`e2e: ${await installExtension(home, vsix)}`));

    const configFile = path.join(tmp, 'e2e-config.json');
    const scratch = path.join(tmp, 'scratch');
    mkdirSync(scratch);
    writeFileSync(configFile, JSON.stringify({ repoRoot, extensionPath: extensionDevelopmentPath, workspaces, defaultFixture: FIXTURES[0], scratch }, null, 2));

    const server = await phase('start code-server', 2 * MINUTE, () =>
        startCodeServer(home, { env: { ...process.env, SPOL_E2E_CONFIG: configFile } }),
    );
    console.log(`e2e: code-server on ${server.url} (process group ${server.pid})`);
    const browser = await phase('launch Chromium', 2 * MINUTE, launchBrowser);

    for (const fixture of FIXTURES) {
        const outcome = await phase(`in-host tests (${fixture})`, 6 * MINUTE, () =>
            runHostTests(browser, {
                base: server.url,
                folder: workspaces[fixture],
                extensionDevelopmentPath,
                extensionTestsPath,
                label: fixture,
                timeoutMs: 5 * MINUTE,
            }),
        ).catch((error) => {
            console.log(error.message);
            return { passed: 0, failed: 1 };
        });
        console.log(`e2e: in-host tests (${fixture}): ${outcome.passed} passed, ${outcome.failed} failed`);
        passed += outcome.passed;
        failed += outcome.failed;
    }

    const ui = await phase('UI check', 4 * MINUTE, () =>
        uiCheck(browser, { base: server.url, workspace: uiWorkspace, repoRoot, screenshots, extensionPath: extensionDevelopmentPath }),
    ).catch((error) => {
        console.log(error.message);
        return { passed: 0, failed: 1 };
    });
    console.log(`e2e: UI check: ${ui.passed} passed, ${ui.failed} failed`);
    passed += ui.passed;
    failed += ui.failed;

    if (failed > 0) console.log(`e2e: code-server log (last lines):\n${tail(home.log, 15)}`);
}

try {
    await main();
} catch (error) {
    console.error(error?.message ?? error);
    failed += 1;
} finally {
    await phase('stop code-server and clean up', MINUTE, runCleanups).catch((error) => console.error(error.message));
}
console.log(`e2e: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
