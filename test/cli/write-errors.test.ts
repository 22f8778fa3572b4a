/**
 * Writing where it cannot be done (issue 12): a folder that cannot be made (under /proc, through a
 * file, through a link to nothing, a name too long) or a read-only folder. Each fails at once with
 * one line `spol: cannot write …: <reason in words>`, exit 2, leaves no partial files or folders,
 * and never shows an errno name.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run-binary.js';

const museum = join(root, 'examples', 'natural-history-museum');
const bin = resolve(root, 'bin', 'spol.js');
const ERRNO = /\bE[A-Z]{3,}\b/;

/** The binary with a time limit (Node's own recursive mkdir spins forever under /proc). */
function spol(args: readonly string[], options: { cwd?: string; uid?: number; gid?: number } = {}) {
    const result = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SPOL_DEBUG: '' }, ...options });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined };
}

function temp(): string {
    return mkdtempSync(join(tmpdir(), 'spol-write-'));
}

function expectOneLineRefusal(result: ReturnType<typeof spol>, path: RegExp): void {
    expect(result.timedOut, 'the command did not finish').toBe(false);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^spol: cannot write .+: .+\n$/);
    expect(result.stderr).toMatch(path);
    expect(result.stderr).not.toMatch(ERRNO);
    expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('writing where a folder cannot be made', () => {
    it('export --all -o /proc/x/y fails at once with one line (exit 2)', () => {
        expectOneLineRefusal(spol(['export', '--all', '-o', '/proc/spol-x/y', museum]), /\/proc\/spol-x/);
    });

    it('export -o through a file fails with one line naming the path', () => {
        const dir = temp();
        writeFileSync(join(dir, 'plain'), 'a file');
        const result = spol(['export', '--library', '-o', join(dir, 'plain', 'sub', 'out.json'), museum]);
        expectOneLineRefusal(result, /plain\/sub\/out\.json: /);
        expect(result.stderr).toMatch(/not a folder/);
    });

    it('export -o through a symbolic link to nothing fails at once', () => {
        const dir = temp();
        symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
        expectOneLineRefusal(spol(['export', '--all', '-o', join(dir, 'dangling', 'out'), museum]), /dangling/);
    });

    it('leaves no folder behind when a deeper one cannot be made', () => {
        const dir = temp();
        const result = spol(['export', '--all', '-o', join(dir, 'new', 'x'.repeat(300), 'out'), museum]);
        expectOneLineRefusal(result, /too long/);
        expect(readdirSync(dir)).toEqual([]);
    });
});

describe('writing into a read-only folder', () => {
    it('fmt fails with one line, the file unchanged, no temporary files (exit 2)', () => {
        const dir = temp();
        const messy = 'user  a {institution admin\nagent "A"   in D}\n';
        writeFileSync(join(dir, 'a.spol'), messy);
        // root ignores file modes: run the binary as nobody then.
        const asRoot = process.getuid?.() === 0;
        chmodSync(dir, 0o555);
        try {
            const result = spol(['fmt', dir], asRoot ? { cwd: tmpdir(), uid: 65534, gid: 65534 } : { cwd: tmpdir() });
            expectOneLineRefusal(result, /a\.spol: permission denied/);
        } finally {
            chmodSync(dir, 0o755);
        }
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(messy);
        expect(readdirSync(dir)).toEqual(['a.spol']);
    });

    it('export -o into a read-only folder fails with one line', () => {
        const dir = temp();
        const asRoot = process.getuid?.() === 0;
        chmodSync(dir, 0o555);
        try {
            const result = spol(['export', '--library', '-o', join(dir, 'sub', 'out.json'), museum], asRoot ? { cwd: tmpdir(), uid: 65534, gid: 65534 } : { cwd: tmpdir() });
            expectOneLineRefusal(result, /sub/);
            expect(result.stderr).toMatch(/permission denied/);
        } finally {
            chmodSync(dir, 0o755);
        }
        expect(existsSync(join(dir, 'sub'))).toBe(false);
    });
});
