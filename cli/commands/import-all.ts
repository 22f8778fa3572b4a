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
import { exportInstitution, readInstitution, MANIFEST } from '../../engine/interchange/index.js';
import { fileErrorReason } from '../../language/workspace.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { displayPath } from '../paths.js';
import { deliverWorkspace, noteFindings, printedWorkspace } from '../workspace-from-model.js';

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

    const workspace = await printedWorkspace(read.model, SOURCE, options.output, io);
    const differing = exportInstitution(workspace.model).find(
        (file) => !(file.path === MANIFEST && read.notes.length > 0) && files.get(file.path) !== file.content
    );
    if (differing) io.err(`note: the workspace does not export to the same ${differing.path} as ${folder} holds (was the folder edited by hand?).\n`);
    noteFindings(io, workspace, "the export's");
    return deliverWorkspace(io, workspace, options.output, SOURCE);
}

const SOURCE = { what: 'this export', made: 'printed', command: 'import --all' };

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
