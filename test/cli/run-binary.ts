import { spawnSync } from 'node:child_process';
import type { Io } from '../../cli/io.js';
import { resolve } from 'node:path';

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
