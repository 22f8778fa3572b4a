/**
 * Writes that never leave a partial file, even when the process is killed at any moment.
 *
 * Each file is written under a temporary name beside it (`.<name>.<pid>.<random>.spol-tmp`),
 * flushed to the disk, and renamed over its target; a rename within one folder is atomic, so each
 * file is always either its old bytes or its complete new bytes. A target that is a symbolic link
 * is written through (the file it leads to is replaced, the link stays); a replaced file keeps its
 * permission bits.
 *
 * For several files the guarantee per file is the same; across the set it is as strong as renames
 * allow: every temporary is written and flushed before the first rename, and the renames then run
 * back to back, synchronously, with no other work between them. A failure or a kill before that
 * point leaves every target as it was; only a kill inside that short run of renames (microseconds
 * per file) leaves some files new and the others old, each of them complete. After the renames the
 * folders are flushed, so the new names survive a power cut.
 *
 * A run killed before its renames leaves its temporaries behind: their names never end in `.spol`
 * (workspace discovery ignores them), and the next write into the same folder removes those whose
 * process is gone, returning a note for each so the command can say so. A failure is one CliError
 * (exit 2) naming the path, with its reason in words, never an errno name.
 */
import { renameSync } from 'node:fs';
import { lstat, realpath, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from './io.js';
import { displayPath } from './paths.js';
import { deadLeftovers, leftoverName, makeFolders, syncFolder, writeDurable, writeReason } from './write-steps.js';

export interface FileToWrite {
    readonly path: string;
    readonly content: string;
}

/** How many files are written (and flushed) at a time. */
const PARALLEL = 8;

/**
 * Writes every file, as described above. Returns a note for each leftover of a killed run that it
 * removed from the folders it wrote into.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<string[]> {
    const staged: { temp: string; path: string }[] = [];
    const madeFolders: string[] = [];
    const touched = new Set<string>();
    const undo = async () => {
        await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
        // The outermost folder made first: removing it removes the ones made inside it.
        for (const folder of madeFolders) await rm(folder, { recursive: true, force: true });
    };
    let current = '';
    const targets: { path: string; content: string; mode: number | undefined }[] = [];
    try {
        // Folders one file at a time (two files may need the same new folder), then the temporaries.
        for (const file of files) {
            current = file.path;
            const path = await writtenPath(file.path);
            const made = await makeFolders(dirname(path));
            if (made.length > 0) madeFolders.push(made[0]!);
            for (const folder of made) touched.add(dirname(folder));
            touched.add(dirname(path));
            const mode = await stat(path).then((info) => (info.isFile() ? info.mode : undefined), () => undefined);
            targets.push({ path, content: file.content, mode });
        }
        for (let start = 0; start < targets.length; start += PARALLEL) {
            const batch = targets.slice(start, start + PARALLEL);
            const results = await Promise.allSettled(
                batch.map(async (target) => {
                    const temp = leftoverName(target.path, 'spol-tmp');
                    staged.push({ temp, path: target.path });
                    await writeDurable(temp, target.content, target.mode);
                })
            );
            const failed = results.findIndex((result) => result.status === 'rejected');
            if (failed >= 0) {
                current = batch[failed]!.path;
                throw (results[failed] as PromiseRejectedResult).reason;
            }
        }
    } catch (error) {
        await undo();
        throw new CliError(`cannot write ${displayPath(current)}: ${writeReason(error)}; nothing was written.`);
    }
    // The renames back to back: synchronous, so nothing else runs between the first and the last.
    let renamed = 0;
    try {
        for (const { temp, path } of staged) {
            renameSync(temp, path);
            renamed++;
        }
    } catch (error) {
        await Promise.all(staged.slice(renamed).map(({ temp }) => rm(temp, { force: true })));
        const done = staged.slice(0, renamed).map(({ path }) => displayPath(path));
        const before = done.length > 0 ? `; written before it: ${done.join(', ')}` : '; nothing was written';
        throw new CliError(`cannot write ${displayPath(staged[renamed]!.path)}: ${writeReason(error)}${before}.`);
    }
    await Promise.all([...touched].map(syncFolder));
    const notes: string[] = [];
    for (const folder of touched) {
        for (const leftover of await deadLeftovers(folder)) {
            if (leftover.kind !== 'spol-tmp') continue;
            await rm(leftover.path, { force: true });
            notes.push(`removed ${displayPath(leftover.path)}, left by an interrupted run.`);
        }
    }
    return notes;
}

/** The file a write to `path` replaces: the file a symbolic link leads to, or `path` itself. */
async function writtenPath(path: string): Promise<string> {
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isSymbolicLink()) return path;
    // A link to nothing is replaced by the file: what it was meant to lead to cannot be known.
    return realpath(path).catch(() => path);
}
