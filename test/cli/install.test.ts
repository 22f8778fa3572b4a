/**
 * spol installed as a user installs it (issue 12): `npm pack` of the checkout, `npm install -g` of the
 * tarball into a temporary prefix (from the npm cache, the registry only for what the cache lacks),
 * then the installed `spol` run from another folder. The tarball needs the built `out/` (npm test
 * builds it first; `npm pack` on its own builds it through `prepack`), and must not need the VS Code
 * extension, which is an npm workspace of the checkout.
 *
 * Slow (npm installs the runtime dependencies: about 10-30 s), hence its own generous time limit.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './run-binary.js';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    files?: string[];
};
const scratch = mkdtempSync(join(tmpdir(), 'spol-install-'));
const prefix = join(scratch, 'prefix');
const elsewhere = join(scratch, 'elsewhere');

/** npm without what a parent npm (say, `npm test`) put in the environment. */
function npm(args: readonly string[], cwd: string) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
    const result = spawnSync('npm', [...args], {
        cwd,
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }
    });
    return { status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

let tarball = '';
let packed: string[] = [];

beforeAll(() => {
    mkdirSync(elsewhere);
    // --ignore-scripts: the test runs on the out/ that `npm test` has just built, rather than
    // rebuilding it under the other tests' feet; `prepack` is checked below on its own.
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], root);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(scratch, info!.filename);
    packed = info!.files.map((file) => file.path);
    // Offline first (the cache holds what `npm ci` fetched); the registry only if the cache lacks something.
    let install = npm(['install', '-g', '--prefix', prefix, '--offline', tarball], elsewhere);
    if (install.status !== 0) install = npm(['install', '-g', '--prefix', prefix, '--prefer-offline', tarball], elsewhere);
    expect(install.status, install.stderr).toBe(0);
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function spol(args: readonly string[]) {
    const result = spawnSync(join(prefix, 'bin', 'spol'), [...args], { cwd: elsewhere, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

describe('npm install -g of the checkout', () => {
    it('links a spol that runs from another folder', () => {
        const folderPrefix = join(scratch, 'folder-prefix');
        // --ignore-scripts: prepare (build:cli) is what the test above holds to; running it here would
        // rebuild out/ under the other tests' feet.
        const install = npm(['install', '-g', '--ignore-scripts', '--prefix', folderPrefix, root], elsewhere);
        expect(install.status, install.stderr).toBe(0);
        const result = spawnSync(join(folderPrefix, 'bin', 'spol'), ['check', join(root, 'examples', 'natural-history-museum')], { cwd: elsewhere, encoding: 'utf8', timeout: 60_000 });
        expect(result.status, result.stderr).toBe(0);
    });
});

describe('npm install -g of the packed tarball', () => {
    it('ships the built CLI, its polyfill and the lint docs, and no tests or extension', () => {
        expect(packed).toEqual(expect.arrayContaining(['bin/spol.js', 'out/cli/main.js', 'scripts/polyfill.mjs', 'package.json', 'docs/lint/empty-policy.md']));
        expect(packed.filter((path) => /^(test|extension|out\/test)\//.test(path))).toEqual([]);
        expect(packed.filter((path) => path.endsWith('.ts'))).toEqual([]);
    });

    it('builds out/ when packed or installed from the folder, without the extension workspace', () => {
        // `npm pack` runs prepack and prepare; `npm install -g .` runs prepare, with npm's global flag
        // set, under which `npm run … -w extension` fails ("Workspaces not supported for global packages").
        const expand = (script: string | undefined): string =>
            (script ?? '').replace(/npm run ([\w:-]+)/g, (whole, name: string) => (manifest.scripts[name] ? `(${expand(manifest.scripts[name])})` : whole));
        const atInstall = [manifest.scripts['prepack'], manifest.scripts['prepare']].map(expand).join(' && ');
        expect(atInstall).toMatch(/tsc -b tsconfig\.json/);
        expect(atInstall).not.toMatch(/(^|\s)(-w|--workspace)\b/);
        for (const dev of ['typescript', 'vitest', 'langium-cli', 'fast-check']) expect(manifest.dependencies).not.toHaveProperty(dev);
    });

    it('has every package that the built code imports among its dependencies', () => {
        const imported = new Set<string>();
        for (const path of packed.filter((p) => p.endsWith('.js') || p.endsWith('.mjs'))) {
            const text = readFileSync(join(root, path), 'utf8');
            const statements = /^\s*(?:import|export)\b[^;]*?\bfrom\s*'([^']+)'|^\s*import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
            for (const match of text.matchAll(statements)) {
                const specifier = match[1] ?? match[2] ?? match[3];
                if (specifier === undefined || specifier.startsWith('.') || specifier.startsWith('node:')) continue;
                imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
            }
        }
        expect(imported).toContain('langium');
        expect([...imported].filter((name) => !(name in manifest.dependencies))).toEqual([]);
    });

    it('runs spol --version from another folder', () => {
        const result = spol(['--version']);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout.trim()).toBe(manifest.version);
    });

    it('checks the example workspace from another folder', () => {
        const result = spol(['check', join(root, 'examples', 'natural-history-museum')]);
        expect(result.stderr).toBe('');
        expect(result.status, result.stdout).toBe(0);
        expect(result.stdout).toMatch(/files checked/);
    });

    it('answers a question and writes SARIF with the rules documented', () => {
        const can = spol(['can', 'jdoe', 'read', '/table/collectionobject', '--in', 'FishVoucher', join(root, 'examples', 'natural-history-museum')]);
        expect(can.status, can.stderr).toBe(0);
        const broken = spol(['check', '--format', 'sarif', join(root, 'examples', 'broken')]);
        expect(broken.stderr).toBe('');
        const sarif = JSON.parse(broken.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; fullDescription?: { text: string } }> } } }> };
        const emptyPolicy = sarif.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'empty-policy');
        expect(emptyPolicy?.fullDescription?.text ?? '').not.toBe('');
    });
});
