/**
 * What the atomic writers promise besides surviving a kill (kill-mid-write.test.ts): export --all
 * replaces its folder as a whole but never a folder of other things; the leftovers of a killed run
 * are ignored by workspace discovery and cleaned up (or put back) by the next run, those of a run
 * still going are left alone; a file written through a symbolic link keeps the link; a rewritten
 * file keeps its permission bits.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredSpolFiles } from '../../language/workspace.js';
import { root, spolInProcess } from './run-binary.js';

const museum = join(root, 'examples', 'natural-history-museum');
const defaults = join(root, 'examples', 'specify-defaults');
const messy = 'user  a {institution admin\nagent "A"   in D}\n';
const tidy = 'user a {\n    institution admin\n    agent "A" in D\n}\n';

function temp(): string {
    return mkdtempSync(join(tmpdir(), 'spol-atomic-'));
}

/** The id of a process that has ended: what a killed run's leftovers carry. */
function deadPid(): number {
    return spawnSync(process.execPath, ['-e', '']).pid!;
}

function files(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('export --all replaces its folder as a whole', () => {
    it('leaves no file of an earlier export behind', async () => {
        const out = join(temp(), 'export');
        expect((await spolInProcess('export', '--all', '-o', out, museum)).code).toBe(0);
        expect(existsSync(join(out, 'users', 'mokafor'))).toBe(true);
        expect((await spolInProcess('export', '--all', '-o', out, defaults)).code).toBe(0);
        expect(existsSync(join(out, 'users', 'mokafor'))).toBe(false);
        const fresh = join(temp(), 'export');
        expect((await spolInProcess('export', '--all', '-o', fresh, defaults)).code).toBe(0);
        expect(files(out)).toEqual(files(fresh));
        expect(readdirSync(join(out, '..'))).toEqual(['export']);
    });

    it('writes into an empty folder', async () => {
        const out = temp();
        expect((await spolInProcess('export', '--all', '-o', out, museum)).code).toBe(0);
        expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    });

    it('refuses a folder that is not an earlier export, changing nothing (exit 2)', async () => {
        const dir = temp();
        cpSync(defaults, dir, { recursive: true });
        const before = files(dir);
        const result = await spolInProcess('export', '--all', '-o', dir, dir);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^spol: .+ is neither empty nor an earlier export \(it has no manifest\.json from spol export --all\), and --all replaces the whole folder: name a new or empty folder; nothing was written\.$/m);
        expect(files(dir)).toEqual(before);
        expect(readdirSync(join(dir, '..')).filter((name) => name.startsWith(`.${basename(dir)}.`))).toEqual([]);
    });

    it('refuses a file in the folder\'s place (exit 2)', async () => {
        const path = join(temp(), 'plain');
        writeFileSync(path, 'x');
        const result = await spolInProcess('export', '--all', '-o', path, museum);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^spol: cannot write .*plain: it is a file, not a folder; nothing was written\.$/m);
        expect(readFileSync(path, 'utf8')).toBe('x');
    });

    it('through a symbolic link, replaces the folder it leads to and keeps the link', async () => {
        const dir = temp();
        const real = join(dir, 'real');
        expect((await spolInProcess('export', '--all', '-o', real, museum)).code).toBe(0);
        symlinkSync(real, join(dir, 'link'));
        expect((await spolInProcess('export', '--all', '-o', join(dir, 'link'), defaults)).code).toBe(0);
        expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
        expect(existsSync(join(real, 'users', 'mokafor'))).toBe(false);
        expect(readdirSync(dir).sort()).toEqual(['link', 'real']);
    });
});

describe('leftovers of a killed export --all', () => {
    it('puts back the old folder a kill left aside, removes a half-built one, and says so', async () => {
        const dir = temp();
        const old = join(dir, 'earlier');
        expect((await spolInProcess('export', '--all', '-o', old, museum)).code).toBe(0);
        const oldFiles = files(old);
        // Killed between its two renames: the old folder aside, a new one half built, no target.
        const pid = deadPid();
        cpSync(old, join(dir, `.export.${pid}.abc123.spol-old`), { recursive: true });
        mkdirSync(join(dir, `.export.${pid}.def456.spol-new`, 'users'), { recursive: true });
        writeFileSync(join(dir, `.export.${pid}.def456.spol-new`, 'manifest.json'), '{"form');
        // A run still going (this process): its folder is not touched.
        const running = join(dir, `.export.${process.pid}.ghi789.spol-new`);
        mkdirSync(running);

        const result = await spolInProcess('export', '--all', '-o', join(dir, 'export'), defaults);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toMatch(new RegExp(`^note: put back .*export from .*\\.export\\.${pid}\\.abc123\\.spol-old, left by an interrupted run\\.$`, 'm'));
        expect(result.stderr).toMatch(new RegExp(`^note: removed .*\\.export\\.${pid}\\.def456\\.spol-new, left by an interrupted run\\.$`, 'm'));
        expect(readdirSync(dir).sort()).toEqual([`.export.${process.pid}.ghi789.spol-new`, 'earlier', 'export'].sort());
        const fresh = join(temp(), 'export');
        expect((await spolInProcess('export', '--all', '-o', fresh, defaults)).code).toBe(0);
        expect(files(join(dir, 'export'))).toEqual(files(fresh));
        expect(oldFiles).not.toEqual(files(fresh));
    });
});

describe('leftover temporary files', () => {
    it('are not workspace files, and the next write into their folder removes them', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'a.spol'), messy);
        const pid = deadPid();
        const dead = `.a.spol.${pid}.x1y2z3.spol-tmp`;
        const live = `.a.spol.${process.pid}.a1b2c3.spol-tmp`;
        writeFileSync(join(dir, dead), 'user {');
        writeFileSync(join(dir, live), 'user {');
        expect(await configuredSpolFiles([dir])).toEqual([join(dir, 'a.spol')]);
        const result = await spolInProcess('fmt', dir);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toMatch(new RegExp(`^note: removed .*${dead.replace(/\./g, '\\.')}, left by an interrupted run\\.$`, 'm'));
        expect(readdirSync(dir).sort()).toEqual([live, 'a.spol'].sort());
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(tidy);
    });
});

describe('a rewritten file', () => {
    it('written through a symbolic link: the file it leads to changes, the link stays', async () => {
        const dir = temp();
        mkdirSync(join(dir, 'shared'));
        mkdirSync(join(dir, 'ws'));
        writeFileSync(join(dir, 'shared', 'a.spol'), messy);
        symlinkSync(join(dir, 'shared', 'a.spol'), join(dir, 'ws', 'a.spol'));
        expect((await spolInProcess('fmt', join(dir, 'ws'))).code).toBe(0);
        expect(lstatSync(join(dir, 'ws', 'a.spol')).isSymbolicLink()).toBe(true);
        expect(readFileSync(join(dir, 'shared', 'a.spol'), 'utf8')).toBe(tidy);
        expect(readdirSync(join(dir, 'shared'))).toEqual(['a.spol']);
    });

    it('keeps its permission bits', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'a.spol'), messy);
        chmodSync(join(dir, 'a.spol'), 0o640);
        expect((await spolInProcess('fmt', dir)).code).toBe(0);
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(tidy);
        expect(statSync(join(dir, 'a.spol')).mode & 0o777).toBe(0o640);
    });
});
