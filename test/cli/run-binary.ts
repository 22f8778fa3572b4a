import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Io } from '../../cli/io.js';
import { main } from '../../cli/main.js';

export const root = resolve(import.meta.dirname, '..', '..');
const bin = resolve(root, 'bin', 'spol.js');

export interface BinaryResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs the built `spol` binary as a user would (needs `npm run build`; `npm test` builds first). */
export function runSpol(args: readonly string[], cwd: string = root): BinaryResult {
    const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SPOL_DEBUG: '' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An Io that keeps what a command writes, for tests that call `main()` in-process. */
export function capture(): Io & { stdout: string; stderr: string } {
    const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
    return io;
}

/** A temporary folder holding these files (`name` → text; names may hold subfolders). */
export function tempWorkspace(files: Readonly<Record<string, string>>, prefix = 'spol-cli-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

/** Runs `spol` in-process through `main()`, keeping its exit code and output. */
export async function spolInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = capture();
    const code = await main(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
}
