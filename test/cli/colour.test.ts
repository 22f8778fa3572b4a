/**
 * Colour in text output: on a terminal only, never when piped; `--no-color`, `NO_COLOR` (any
 * non-empty value), `TERM=dumb` turn it off, `FORCE_COLOR` on (or off with 0). Only the severity
 * word and the code in `check`, FAIL and the counts in `test` are painted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { wantsColour } from '../../cli/format/colour.js';
import { capture, root } from './run-binary.js';

const ESC = '\u001b[';
const bin = resolve(root, 'bin', 'spol.js');

const workspace = `institution M { division D { discipline F type fish { collection C } } }
user a { institution admin agent "A" in D }
role Unused in C { allow /tabel/%: read }
`;

function dir(files: Record<string, string>): string {
    const folder = mkdtempSync(join(tmpdir(), 'spol-colour-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return folder;
}

function terminal() {
    return Object.assign(capture(), { outIsTTY: true });
}

describe('wantsColour', () => {
    const tty = { flag: true, isTTY: true, env: {} };
    it.each([
        ['a terminal', tty, true],
        ['a pipe', { ...tty, isTTY: false }, false],
        ['an unknown stream', { ...tty, isTTY: undefined }, false],
        ['--no-color', { ...tty, flag: false }, false],
        ['NO_COLOR=1', { ...tty, env: { NO_COLOR: '1' } }, false],
        ['NO_COLOR empty (ignored, as no-color.org says)', { ...tty, env: { NO_COLOR: '' } }, true],
        ['TERM=dumb', { ...tty, env: { TERM: 'dumb' } }, false],
        ['FORCE_COLOR=1 on a pipe', { ...tty, isTTY: false, env: { FORCE_COLOR: '1' } }, true],
        ['FORCE_COLOR empty on a pipe', { ...tty, isTTY: false, env: { FORCE_COLOR: '' } }, true],
        ['FORCE_COLOR=0 on a terminal', { ...tty, env: { FORCE_COLOR: '0' } }, false],
        ['FORCE_COLOR=1 with --no-color', { ...tty, flag: false, env: { FORCE_COLOR: '1' } }, false]
    ])('%s', (_, context, expected) => {
        expect(wantsColour(context)).toBe(expected);
    });
});

describe('colour in spol check and spol test', () => {
    beforeEach(() => {
        vi.stubEnv('NO_COLOR', undefined);
        vi.stubEnv('FORCE_COLOR', undefined);
        vi.stubEnv('TERM', 'xterm');
    });
    afterEach(() => {
        vi.unstubAllEnvs();
    });

    it('paints the severity word and the code on a terminal, and nothing else', async () => {
        const io = terminal();
        expect(await main(['check', dir({ 'w.spol': workspace })], io)).toBe(1);
        const line = io.stdout.split('\n').find((l) => l.includes('unknown-resource'))!;
        expect(line).toMatch(/:3:26 \u001b\[1m\u001b\[31merror\u001b\[39m\u001b\[22m \u001b\[2munknown-resource\u001b\[22m [^\u001b]+$/);
        expect(io.stdout).toMatch(/\u001b\[33mwarning\u001b\[39m \u001b\[2munused-role\u001b\[22m/);
        expect(io.stdout.split('\n').at(-2)).not.toContain(ESC);
    });

    it('writes no colour when the output is not a terminal', async () => {
        const io = capture();
        await main(['check', dir({ 'w.spol': workspace })], io);
        expect(io.stdout).toContain('error unknown-resource');
        expect(io.stdout).not.toContain(ESC);
    });

    it('honours --no-color and NO_COLOR on a terminal', async () => {
        const flagged = terminal();
        await main(['check', '--no-color', dir({ 'w.spol': workspace })], flagged);
        expect(flagged.stdout).toContain('error unknown-resource');
        expect(flagged.stdout).not.toContain(ESC);
        vi.stubEnv('NO_COLOR', '1');
        const env = terminal();
        await main(['check', dir({ 'w.spol': workspace })], env);
        expect(env.stdout).not.toContain(ESC);
    });

    it('never colours machine formats, even on a terminal', async () => {
        for (const format of ['json', 'sarif', 'github', 'junit']) {
            const io = terminal();
            await main(['check', '--format', format, dir({ 'w.spol': workspace })], io);
            expect(io.stdout, format).not.toContain(ESC);
        }
    });

    it('paints FAIL and the counts of spol test on a terminal, and not with --no-color', async () => {
        const tests = `tests:\n  - name: a reads\n    user: a\n    in: C\n    allow: [read /table/agent]\n  - name: a may not read\n    user: a\n    in: C\n    deny: [read /table/agent]\n`;
        const folder = dir({ 'w.spol': workspace.replace('/tabel/', '/table/'), 'a.test.yaml': tests });
        const io = terminal();
        expect(await main(['test', folder], io)).toBe(1);
        expect(io.stdout).toMatch(/:9:12 \u001b\[1m\u001b\[31mFAIL\u001b\[39m\u001b\[22m a may not read: expected deny/);
        expect(io.stdout).toMatch(/^\u001b\[32m1 passed\u001b\[39m, \u001b\[1m\u001b\[31m1 failed\u001b\[39m\u001b\[22m in 1 file\.$/m);
        const plain = terminal();
        await main(['test', '--no-color', folder], plain);
        expect(plain.stdout).not.toContain(ESC);
        expect(plain.stdout).toMatch(/^1 passed, 1 failed in 1 file\.$/m);
    });
});

describe('colour from the binary', () => {
    const folder = dir({ 'w.spol': workspace });
    const env = (extra: Record<string, string>) => {
        const base: Record<string, string | undefined> = { ...process.env, SPOL_DEBUG: '', TERM: 'xterm', ...extra };
        delete base['FORCE_COLOR'];
        delete base['NO_COLOR'];
        return { ...base, ...extra };
    };
    const run = (args: string[], extra: Record<string, string> = {}) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: env(extra) });

    it('is plain when piped, coloured with FORCE_COLOR, plain again with NO_COLOR or FORCE_COLOR=0', () => {
        expect(run(['check', folder]).stdout).not.toContain(ESC);
        expect(run(['check', folder], { FORCE_COLOR: '1' }).stdout).toContain(`${ESC}2munknown-resource`);
        expect(run(['check', folder], { NO_COLOR: '1' }).stdout).not.toContain(ESC);
        expect(run(['check', folder], { FORCE_COLOR: '0' }).stdout).not.toContain(ESC);
    });

    // A real terminal: util-linux `script` runs the binary on a pseudo-terminal.
    it.skipIf(!existsSync('/usr/bin/script'))('is coloured on a real terminal, and not with --no-color there', () => {
        const onTty = (args: string) =>
            spawnSync('/usr/bin/script', ['-qec', `"${process.execPath}" "${bin}" ${args}`, '/dev/null'], { encoding: 'utf8', env: env({}) }).stdout;
        expect(onTty(`check "${folder}"`)).toContain(`${ESC}2munknown-resource`);
        expect(onTty(`check --no-color "${folder}"`)).not.toContain(ESC);
    });
});
