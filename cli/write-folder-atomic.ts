/**
 * Writes a whole folder so that a kill at any moment leaves either the old folder complete or the
 * new one complete (`spol export --all`): never a mix of the two, never a partial file.
 *
 * The new folder is built beside the target, in the same parent (`.<name>.<pid>.<random>.spol-new`),
 * every file and folder flushed to the disk. Then it is swapped in: the old folder, if any, is
 * renamed aside (`….spol-old`), the new one renamed to the target, and the old one removed. Renames
 * within one folder are atomic; the one moment the target is missing is between those two renames,
 * and a kill there leaves the old folder complete under its `.spol-old` name (it is renamed to
 * `….spol-del` before it is removed, so a `.spol-old` folder is never half removed). The next run
 * for the same target puts it back before doing anything else (so the old folder is never lost),
 * and removes every other leftover of killed runs for that target (half-built `.spol-new` folders,
 * half-removed `.spol-del` ones), saying so.
 *
 * The target is replaced as a whole; `mayReplace` decides whether an existing folder may be (an
 * earlier export may, a folder of other things must not). Leftovers carry the process id of their
 * run; those of a run still going are never touched.
 */
import { renameSync } from 'node:fs';
import { lstat, mkdir, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { CliError } from './io.js';
import { displayPath } from './paths.js';
import type { FileToWrite } from './write-atomic.js';
import { deadLeftovers, leftoverName, makeFolders, syncFolder, writeDurable, writeReason } from './write-steps.js';

export interface FolderWrite {
    /** The folder to write (made if missing, replaced as a whole if there). */
    readonly folder: string;
    /** The files, with paths relative to the folder ('/'-separated). */
    readonly files: readonly FileToWrite[];
    /** Why the existing folder must not be replaced, or undefined when it may be. */
    readonly mayReplace: (folder: string) => Promise<string | undefined>;
}

/** How many files are written (and flushed) at a time. */
const PARALLEL = 8;

/** Writes the folder as described above; returns notes about leftovers it restored or removed. */
export async function writeFolderAtomic({ folder, files, mayReplace }: FolderWrite): Promise<string[]> {
    const target = await replacedPath(resolve(folder));
    const parent = dirname(target);
    let madeFolders: string[];
    try {
        madeFolders = await makeFolders(parent);
    } catch (error) {
        throw new CliError(`cannot write ${displayPath(folder)}: ${writeReason(error)}; nothing was written.`);
    }
    const notes = await recover(target);

    const existing = await lstat(target).catch(() => undefined);
    if (existing && !existing.isDirectory()) throw new CliError(`cannot write ${displayPath(folder)}: it is a file, not a folder; nothing was written.`);
    if (existing) {
        const refusal = await mayReplace(target);
        if (refusal !== undefined) throw new CliError(`${displayPath(folder)} ${refusal}; nothing was written.`);
    }

    const building = leftoverName(target, 'spol-new');
    let current = folder;
    try {
        await mkdir(building, existing ? { mode: existing.mode & 0o7777 } : {});
        const folders = new Set<string>([building]);
        for (const file of files) {
            const path = join(building, ...file.path.split('/'));
            for (let up = dirname(path); !folders.has(up); up = dirname(up)) folders.add(up);
        }
        // Parents before children: sorted by path, a parent comes before everything below it.
        for (const made of [...folders].sort().slice(1)) {
            current = join(folder, relative(building, made));
            await mkdir(made);
        }
        for (let start = 0; start < files.length; start += PARALLEL) {
            const batch = files.slice(start, start + PARALLEL);
            const results = await Promise.allSettled(batch.map((file) => writeDurable(join(building, ...file.path.split('/')), file.content)));
            const failed = results.findIndex((result) => result.status === 'rejected');
            if (failed >= 0) {
                current = join(folder, ...batch[failed]!.path.split('/'));
                throw (results[failed] as PromiseRejectedResult).reason;
            }
        }
        // Deepest first, so each folder's entries are on the disk before its parent's.
        for (const made of [...folders].sort().reverse()) await syncFolder(made);
    } catch (error) {
        await rm(building, { recursive: true, force: true });
        if (madeFolders.length > 0) await rm(madeFolders[0]!, { recursive: true, force: true });
        throw new CliError(`cannot write ${displayPath(current)}: ${writeReason(error)}; nothing was written.`);
    }

    const aside = existing ? leftoverName(target, 'spol-old') : undefined;
    try {
        if (aside) renameSync(target, aside);
        try {
            renameSync(building, target);
        } catch (error) {
            if (aside) renameSync(aside, target);
            throw error;
        }
    } catch (error) {
        await rm(building, { recursive: true, force: true });
        throw new CliError(`cannot write ${displayPath(folder)}: ${writeReason(error)}; nothing was written.`);
    }
    await syncFolder(parent);
    for (const made of madeFolders) await syncFolder(dirname(made));
    if (aside) {
        // Renamed once more before removing: a `.spol-old` folder is always complete, never half removed.
        const removing = leftoverName(target, 'spol-del');
        renameSync(aside, removing);
        await rm(removing, { recursive: true, force: true });
    }
    return notes;
}

/**
 * The folder a write to `path` replaces: the folder a symbolic link leads to (the link stays), or
 * `path` itself.
 */
async function replacedPath(path: string): Promise<string> {
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isSymbolicLink()) return path;
    return realpath(path).catch(() => path);
}

/**
 * Undoes what killed runs left for `target`: if the target is missing and a run was killed between
 * its two renames, its `.spol-old` folder (the old target, complete) is renamed back; every other
 * leftover for the target is removed. Returns a note for each.
 */
async function recover(target: string): Promise<string[]> {
    const parent = dirname(target);
    const name = basename(target);
    const leftovers = (await deadLeftovers(parent)).filter((leftover) => leftover.target === name && leftover.kind !== 'spol-tmp');
    const notes: string[] = [];
    const missing = !(await stat(target).then(() => true, () => false));
    const old = missing ? leftovers.find((leftover) => leftover.kind === 'spol-old') : undefined;
    if (old) {
        try {
            renameSync(old.path, target);
        } catch (error) {
            throw new CliError(`cannot put back ${displayPath(old.path)} (left by an interrupted run) as ${displayPath(target)}: ${writeReason(error)}.`);
        }
        await syncFolder(parent);
        notes.push(`put back ${displayPath(target)} from ${displayPath(old.path)}, left by an interrupted run.`);
    }
    for (const leftover of leftovers) {
        if (leftover === old) continue;
        await rm(leftover.path, { recursive: true, force: true });
        notes.push(`removed ${displayPath(leftover.path)}, left by an interrupted run.`);
    }
    return notes;
}

