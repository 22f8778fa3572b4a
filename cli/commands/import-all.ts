/**
 * `spol import --all <folder> [-o <workspace>]`: the folder `spol export --all` wrote, read back
 * (engine/interchange/read-institution.ts) and printed as a tidy workspace
 * (language/print-workspace.ts), written atomically to a new or empty folder, or to standard output
 * without `-o`. Before anything is written, the workspace is loaded from memory as `spol check`
 * loads it: it must parse and link, and exporting it must give back the folder's files (a folder
 * edited by hand may not; then a note says which file differs). Its lint findings are the export's
 * own, and are counted, not fixed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blockingDiagnostics } from '../../engine/diagnostic.js';
import { exportInstitution, readInstitution, MANIFEST } from '../../engine/interchange/index.js';
import { printWorkspace } from '../../language/print-workspace.js';
import { fileErrorReason, loadWorkspaceFromTexts } from '../../language/workspace.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { displayPath } from '../paths.js';
import { writeFolderAtomic } from '../write-folder-atomic.js';

export interface ImportAllOptions {
    readonly output?: string;
}

export async function importAll(folder: string, options: ImportAllOptions, io: Io): Promise<number> {
    const root = resolve(folder);
    const files = await readExportFolder(root, folder);
    const read = readInstitution(files, { fileName: (path) => pathToFileURL(join(root, path)).toString() });
    if (!read.ok) {
        io.err(formatDiagnosticsText(read.problems, summarize(read.problems, files.size), { summaryLine: false }));
        throw new CliError(`${folder} is not an export spol can read back; nothing was written.`, ExitCode.failure);
    }
    for (const note of read.notes) io.err(`note: ${note}\n`);

    const printed = printWorkspace(read.model);
    if (!printed.ok) {
        throw new CliError(`cannot write this export as spol: ${printed.problems.map((p) => p.message).join(' ')} Nothing was written.`, ExitCode.failure);
    }
    const target = resolve(options.output ?? '.');
    const loaded = await loadWorkspaceFromTexts(printed.files.map((file) => ({ path: join(target, file.path), text: file.text })));
    const blocking = blockingDiagnostics(loaded.diagnostics);
    if (blocking.length > 0) {
        io.err(formatDiagnosticsText(blocking, summarize(blocking, printed.files.length), { summaryLine: false }));
        throw new CliError('the printed workspace does not load (a defect of spol: please report it); nothing was written.', ExitCode.failure);
    }
    const differing = exportInstitution(loaded.model).find(
        (file) => !(file.path === MANIFEST && read.notes.length > 0) && files.get(file.path) !== file.content
    );
    if (differing) io.err(`note: the workspace does not export to the same ${differing.path} as ${folder} holds (was the folder edited by hand?).\n`);

    const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning').length;
    if (errors + warnings > 0) {
        io.err(`note: spol check finds ${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'} in it: they are the export's own.\n`);
    }

    if (options.output === undefined) {
        io.out(printed.files.map((file) => `// ---- ${file.path}\n${file.text}`).join('\n'));
        return ExitCode.ok;
    }
    const notes = await writeFolderAtomic({
        folder: options.output,
        files: printed.files.map((file) => ({ path: file.path, content: file.text })),
        mayReplace: emptyFolderOnly
    });
    for (const note of notes) io.err(`note: ${note}\n`);
    io.err(`wrote ${printed.files.length} files to ${displayPath(options.output)}\n`);
    return ExitCode.ok;
}

/** Every .json file below the folder, by `/`-separated path relative to it. */
async function readExportFolder(root: string, shown: string): Promise<Map<string, string>> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
        throw new CliError(`cannot read '${shown}': ${fileErrorReason(error)}.`);
    });
    const files = new Map<string, string>();
    for (const entry of entries) {
        if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
        const path = join(entry.parentPath, entry.name);
        const text = await readFile(path, 'utf8').catch((error: unknown) => {
            throw new CliError(`cannot read '${displayPath(path)}': ${fileErrorReason(error)}.`);
        });
        files.set(relative(root, path).split(sep).join('/'), text);
    }
    return files;
}

/** A workspace is written only into a new or empty folder: replacing one would lose what it holds. */
async function emptyFolderOnly(folder: string): Promise<string | undefined> {
    const entries = await readdir(folder).catch(() => undefined);
    if (entries === undefined) return 'cannot be read';
    return entries.length === 0 ? undefined : 'is not empty, and import --all writes a whole workspace: name a new or empty folder';
}
