/**
 * Writes that never leave a partial file: each file goes to a temporary name beside its target and
 * is renamed into place. For several files, every temporary is written before any rename, so a
 * failure while writing leaves the targets as they were (and removes the temporaries and any
 * folder made for them).
 *
 * Folders are made one level at a time, not with `mkdir({ recursive: true })`: Node's recursive
 * mkdir spins forever where the system answers "no such file" for a child of a folder that exists
 * (anywhere under /proc). A failure is one CliError (exit 2) naming the path, with its reason in
 * words, never an errno name.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorReason } from '../language/error-reasons.js';
import { CliError } from './io.js';
import { displayPath } from './paths.js';

export interface FileToWrite {
    readonly path: string;
    readonly content: string;
}

export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
    const staged: { temp: string; path: string }[] = [];
    const madeFolders: string[] = [];
    const undo = async () => {
        await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
        // The outermost folder made first: removing it removes the ones made inside it.
        for (const folder of madeFolders) await rm(folder, { recursive: true, force: true });
    };
    let current = '';
    try {
        for (const file of files) {
            current = file.path;
            const made = await makeFolders(dirname(file.path));
            if (made !== undefined) madeFolders.push(made);
            const temp = join(dirname(file.path), `.${process.pid}.${Math.random().toString(36).slice(2)}.spol-tmp`);
            await writeFile(temp, file.content, { encoding: 'utf8', flag: 'wx' });
            staged.push({ temp, path: file.path });
        }
    } catch (error) {
        await undo();
        throw new CliError(`cannot write ${displayPath(current)}: ${writeReason(error)}; nothing was written.`);
    }
    for (const { temp, path } of staged) {
        try {
            await rename(temp, path);
        } catch (error) {
            await Promise.all(staged.map(({ temp: t }) => rm(t, { force: true })));
            throw new CliError(`cannot write ${displayPath(path)}: ${writeReason(error)}.`);
        }
    }
}

/** An error while making a folder: names the folder, since the file's own path does not say which. */
class FolderError extends Error {
    constructor(
        readonly folder: string,
        /** The system's error, or 'file' when a file stands where the folder should be. */
        readonly why: unknown
    ) {
        super(`cannot make the folder ${folder}`);
    }
}

/**
 * Makes `folder` and any missing parents, one level at a time. Returns the outermost folder it made
 * (to remove on failure), or undefined when the folder was there already.
 */
async function makeFolders(folder: string): Promise<string | undefined> {
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
    const outermost = missing.at(-1);
    for (const level of missing.reverse()) {
        await mkdir(level).catch(async (error: { code?: string }) => {
            if (level !== outermost) await rm(outermost!, { recursive: true, force: true });
            // "No such file" for a folder whose parent exists: this place takes no new folders (/proc).
            throw new FolderError(level, error.code === 'ENOENT' ? Object.assign(new Error('no new folders here'), { code: 'ENOFOLDERS' }) : error);
        });
    }
    return outermost;
}

/** Why a write failed, in words: never a bare errno name. */
function writeReason(error: unknown): string {
    if (error instanceof FolderError) {
        if (error.why === 'file') return `${displayPath(error.folder)} is a file, not a folder`;
        return `cannot make the folder ${displayPath(error.folder)} (${writeReason(error.why)})`;
    }
    return errorReason(error, 'write');
}
