/**
 * A model that came from elsewhere (an `export --all` folder, a Specify database) made a workspace,
 * as `import --all` and `pull` both do: printed as tidy files (language/print-workspace.ts), loaded
 * back from memory as `spol check` loads them (they must parse and link, or nothing is written),
 * its lint findings counted as the source's own, and then printed or written atomically to a new
 * or empty folder. What each command checks besides (the export's bytes, the database's rows) is
 * its own, between `printedWorkspace` and `deliverWorkspace`.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { blockingDiagnostics, type Diagnostic } from '../engine/diagnostic.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { printWorkspace, type WorkspaceFile } from '../language/print-workspace.js';
import { loadWorkspaceFromTexts } from '../language/workspace.js';
import { formatDiagnosticsText, summarize } from './format/diagnostics.js';
import { CliError, ExitCode, type Io } from './io.js';
import { displayPath } from './paths.js';
import { writeFolderAtomic } from './write-folder-atomic.js';

/** Where the model came from, as the messages name it. */
export interface WorkspaceSource {
    /** `this export`, `this database`. */
    readonly what: string;
    /** `printed`, `pulled`: the workspace, as the defect message names it. */
    readonly made: string;
    /** The command, as the refusal of a non-empty folder names it. */
    readonly command: string;
}

export interface PrintedWorkspace {
    readonly files: readonly WorkspaceFile[];
    readonly model: PolicyModel;
    readonly diagnostics: readonly Diagnostic[];
}

/** The model printed and loaded back (for `output`, or this folder); refused when it does not print or load. */
export async function printedWorkspace(model: PolicyModel, source: WorkspaceSource, output: string | undefined, io: Io): Promise<PrintedWorkspace> {
    const printed = printWorkspace(model);
    if (!printed.ok) {
        throw new CliError(`cannot write ${source.what} as spol: ${printed.problems.map((p) => p.message).join(' ')} Nothing was written.`, ExitCode.failure);
    }
    const target = resolve(output ?? '.');
    const loaded = await loadWorkspaceFromTexts(printed.files.map((file) => ({ path: join(target, file.path), text: file.text })));
    const blocking = blockingDiagnostics(loaded.diagnostics);
    if (blocking.length > 0) {
        io.err(formatDiagnosticsText(blocking, summarize(blocking, printed.files.length), { summaryLine: false }));
        throw new CliError(`the ${source.made} workspace does not load (a defect of spol: please report it); nothing was written.`, ExitCode.failure);
    }
    return { files: printed.files, model: loaded.model, diagnostics: loaded.diagnostics };
}

/** Counts the lint findings as the source's own (`the export's`, `the database's`). */
export function noteFindings(io: Io, workspace: PrintedWorkspace, whose: string): void {
    const errors = workspace.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = workspace.diagnostics.filter((d) => d.severity === 'warning').length;
    if (errors + warnings > 0) {
        io.err(`note: spol check finds ${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'} in it: they are ${whose} own.\n`);
    }
}

/** Prints the files (each under a `// ---- <path>` line), or writes them to a new or empty folder, atomically. */
export async function deliverWorkspace(io: Io, workspace: PrintedWorkspace, output: string | undefined, source: WorkspaceSource): Promise<number> {
    if (output === undefined) {
        io.out(workspace.files.map((file) => `// ---- ${file.path}\n${file.text}`).join('\n'));
        return ExitCode.ok;
    }
    const notes = await writeFolderAtomic({
        folder: output,
        files: workspace.files.map((file) => ({ path: file.path, content: file.text })),
        // A workspace is written only into a new or empty folder: replacing one would lose what it holds.
        mayReplace: async (folder) => {
            const entries = await readdir(folder).catch(() => undefined);
            if (entries === undefined) return 'cannot be read';
            return entries.length === 0 ? undefined : `is not empty, and ${source.command} writes a whole workspace: name a new or empty folder`;
        }
    });
    for (const note of notes) io.err(`note: ${note}\n`);
    io.err(`wrote ${workspace.files.length} files to ${displayPath(output)}\n`);
    return ExitCode.ok;
}
