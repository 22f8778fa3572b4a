/**
 * The steps the CLI's atomic writers (write-atomic.ts, write-folder-atomic.ts) share: making
 * folders, writing a file durably under a temporary name, syncing a folder, naming and finding the
 * leftovers of a run that was killed, and saying why a write failed in words.
 *
 * Leftover names start with a dot and end in `.spol-tmp` (a file), `.spol-new`, `.spol-old` or
 * `.spol-del` (a folder), never in `.spol`, so workspace discovery never takes one for a policy file. Each holds
 * the process id of the run that made it: a later run removes only those whose process is gone,
 * never a concurrent run's.
 */
import { mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorReason } from '../language/error-reasons.js';
import { displayPath } from './paths.js';

/** What a leftover is: a temporary file, a folder being built, a folder moved aside, or one being removed. */
export type LeftoverKind = 'spol-tmp' | 'spol-new' | 'spol-old' | 'spol-del';

/** `.<target name>.<pid>.<random>.<kind>`, beside the target. */
export function leftoverName(target: string, kind: LeftoverKind): string {
    return join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.${kind}`);
}

const LEFTOVER = /^\.(.*)\.(\d+)\.[a-z0-9]+\.(spol-tmp|spol-new|spol-old|spol-del)$/;

export interface Leftover {
    readonly path: string;
    /** The name of the file or folder it was made for. */
    readonly target: string;
    readonly kind: LeftoverKind;
}

/**
 * The leftovers in `folder` of runs that are no longer running (a run killed part way). Entries of
 * this run and of runs still going are not included; a folder that cannot be read has none.
 */
export async function deadLeftovers(folder: string): Promise<Leftover[]> {
    const names = await readdir(folder).catch(() => [] as string[]);
    const found: Leftover[] = [];
    for (const name of names) {
        const match = LEFTOVER.exec(name);
        if (!match || isRunning(Number(match[2]))) continue;
        found.push({ path: join(folder, name), target: match[1]!, kind: match[3] as LeftoverKind });
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isRunning(pid: number): boolean {
    if (pid === process.pid) return true;
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        // EPERM: it exists, under another user.
        return (error as { code?: string }).code === 'EPERM';
    }
}

/**
 * Writes a new file (failing if the name is taken) and flushes it to the disk before returning, so
 * a rename that follows never exposes an empty or partial file, not even after a power cut.
 * `mode`, when given, is the permission bits to give it (those of the file it will replace).
 */
export async function writeDurable(path: string, content: string, mode?: number): Promise<void> {
    const handle = await open(path, 'wx');
    try {
        await writeFile(handle, content, 'utf8');
        if (mode !== undefined) await handle.chmod(mode & 0o7777);
        await handle.sync();
    } finally {
        await handle.close();
    }
}

/**
 * Flushes a folder's entries (names made, renamed or removed in it) to the disk. Some file systems
 * cannot sync a folder; that only weakens what survives a power cut, so it is not an error.
 */
export async function syncFolder(folder: string): Promise<void> {
    const handle = await open(folder, 'r').catch(() => undefined);
    if (!handle) return;
    try {
        await handle.sync().catch(() => undefined);
    } finally {
        await handle.close();
    }
}

/** An error while making a folder: names the folder, since the file's own path does not say which. */
export class FolderError extends Error {
    constructor(
        readonly folder: string,
        /** The system's error, or 'file' when a file stands where the folder should be. */
        readonly why: unknown
    ) {
        super(`cannot make the folder ${folder}`);
    }
}

/**
 * Makes `folder` and any missing parents, one level at a time (Node's recursive mkdir spins
 * forever where the system answers "no such file" for a child of a folder that exists, anywhere
 * under /proc). Returns the folders it made, outermost first (empty when the folder was there);
 * on failure it removes them again and throws a FolderError.
 */
export async function makeFolders(folder: string): Promise<string[]> {
    const missing: string[] = [];
    for (let current = folder; ; current = dirname(current)) {
        const info = await stat(current).catch((error: { code?: string }) => {
            // Missing, or below a file: look further up for the folder to start from (or the file in the way).
            if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
            throw new FolderError(current, error);
        });
        if (info?.isDirectory()) break;
        if (info) throw new FolderError(current, 'file');
        missing.push(current);
        if (dirname(current) === current) break;
    }
    missing.reverse();
    const outermost = missing[0];
    for (const level of missing) {
        await mkdir(level).catch(async (error: { code?: string }) => {
            if (level !== outermost) await rm(outermost!, { recursive: true, force: true });
            // "No such file" for a folder whose parent exists: this place takes no new folders (/proc).
            throw new FolderError(level, error.code === 'ENOENT' ? Object.assign(new Error('no new folders here'), { code: 'ENOFOLDERS' }) : error);
        });
    }
    return missing;
}

/** Why a write failed, in words: never a bare errno name. */
export function writeReason(error: unknown): string {
    if (error instanceof FolderError) {
        if (error.why === 'file') return `${displayPath(error.folder)} is a file, not a folder`;
        return `cannot make the folder ${displayPath(error.folder)} (${writeReason(error.why)})`;
    }
    return errorReason(error, 'write');
}
