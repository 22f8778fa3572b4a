/**
 * Writes that never leave a partial file: each file goes to a temporary name beside its target and
 * is renamed into place. For several files, every temporary is written before any rename, so a
 * failure while writing leaves the targets as they were (and removes the temporaries).
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from './io.js';

export interface FileToWrite {
    readonly path: string;
    readonly content: string;
}

export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
    const staged: { temp: string; path: string }[] = [];
    try {
        for (const file of files) {
            await mkdir(dirname(file.path), { recursive: true });
            const temp = join(dirname(file.path), `.${process.pid}.${Math.random().toString(36).slice(2)}.spol-tmp`);
            staged.push({ temp, path: file.path });
            await writeFile(temp, file.content, { encoding: 'utf8', flag: 'wx' });
        }
    } catch (error) {
        await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
        throw new CliError(`cannot write ${staged.at(-1)?.path ?? 'the output'}: ${reason(error)}; nothing was written.`);
    }
    for (const { temp, path } of staged) {
        try {
            await rename(temp, path);
        } catch (error) {
            await Promise.all(staged.map(({ temp: t }) => rm(t, { force: true })));
            throw new CliError(`cannot write ${path}: ${reason(error)}.`);
        }
    }
}

function reason(error: unknown): string {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'ENOTDIR') return 'a part of the path is not a folder';
    if (code === 'EISDIR') return 'it is a folder';
    if (code === 'ENOSPC') return 'the disk is full';
    return typeof code === 'string' ? `error ${code}` : error instanceof Error ? error.message : String(error);
}
