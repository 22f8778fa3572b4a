/**
 * bin/spol.js runs the CLI bundle (scripts/bundle-cli.mjs) through bin/load-bundle.mjs with V8's
 * code cache. The cache only saves time: a cache made for other text is never used, even one of
 * the same length (V8's own check compares lengths only). The bundle runs only while no `tsc -b`
 * has built out/ since it was made; otherwise the modules in out/ run, as built.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheOf, loadBundle } from '../../bin/load-bundle.mjs';
import { root } from './run-binary.js';

const scratch = mkdtempSync(join(tmpdir(), 'spol-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A bundle whose `main` answers `word` once its function has run (so the cache holds it compiled). */
function bundleText(word: string): string {
    return `'use strict';\nfunction answer() { return '${word}'; }\nmodule.exports.main = () => answer();\n`;
}

describe('loadBundle', () => {
    it('uses a code cache made for the same text, and never one made for other text', () => {
        const file = join(scratch, 'bundle.cjs');
        const cache = join(scratch, 'bundle.cache');
        writeFileSync(file, bundleText('first'));
        const cold = loadBundle(file, cache);
        expect(cold.cacheUsed).toBe(false);
        expect(cold.exports.main()).toBe('first');
        writeFileSync(cache, codeCacheOf(cold));

        const warm = loadBundle(file, cache);
        expect(warm.cacheUsed).toBe(true);
        expect(warm.exports.main()).toBe('first');

        // Same length, other text: the cache of the old text must not run.
        writeFileSync(file, bundleText('other'));
        const changed = loadBundle(file, cache);
        expect(changed.cacheUsed).toBe(false);
        expect(changed.exports.main()).toBe('other');
    });
});

describe('bin/spol.js', () => {
    /** A copy of bin/ over a fake out/: its bundle and its modules each say which one ran. */
    function fakeInstall(): string {
        const dir = mkdtempSync(join(scratch, 'install-'));
        for (const path of ['bin/spol.js', 'bin/load-bundle.mjs', 'scripts/polyfill.mjs']) {
            mkdirSync(join(dir, path, '..'), { recursive: true });
            copyFileSync(join(root, path), join(dir, path));
        }
        mkdirSync(join(dir, 'out', 'cli'), { recursive: true });
        writeFileSync(join(dir, 'out', 'cli', 'bundle.cjs'), "'use strict';\nmodule.exports.main = async () => { process.stdout.write('bundle\\n'); return 0; };\n");
        writeFileSync(join(dir, 'out', 'cli', 'main.js'), "export async function main() { process.stdout.write('modules\\n'); return 0; }\n");
        return dir;
    }

    function ran(dir: string): string {
        const result = spawnSync(process.execPath, [join(dir, 'bin', 'spol.js')], { encoding: 'utf8' });
        expect(result.stderr).toBe('');
        return result.stdout.trim();
    }

    it('runs the bundle when no tsc build is newer, the modules when one is', () => {
        const dir = fakeInstall();
        expect(ran(dir)).toBe('bundle'); // installed: no out/.tsbuildinfo
        const info = join(dir, 'out', '.tsbuildinfo');
        writeFileSync(info, '{}');
        const bundle = join(dir, 'out', 'cli', 'bundle.cjs');
        utimesSync(info, new Date(2020, 0, 1), new Date(2020, 0, 1));
        utimesSync(bundle, new Date(2021, 0, 1), new Date(2021, 0, 1));
        expect(ran(dir)).toBe('bundle');
        utimesSync(info, new Date(2022, 0, 1), new Date(2022, 0, 1));
        expect(ran(dir)).toBe('modules');
        rmSync(bundle);
        expect(ran(dir)).toBe('modules');
    });
});
