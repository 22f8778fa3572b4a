import { blockingDiagnostics } from '../engine/diagnostic.js';
import { QueryError } from '../engine/decision/index.js';
import { loadWorkspace, WorkspaceError, type LoadedWorkspace } from '../language/workspace.js';
import { formatDiagnosticsText, summarize } from './format/diagnostics.js';
import { CliError, type Io } from './io.js';

/** Loads the workspace named on the command line; unreadable input becomes a one-line CliError. */
export async function loadForCli(paths: readonly string[]): Promise<LoadedWorkspace> {
    try {
        return await loadWorkspace(paths.length > 0 ? [...paths] : ['.']);
    } catch (error) {
        if (error instanceof WorkspaceError) throw new CliError(error.message);
        throw error;
    }
}

/**
 * Loads a workspace to decide over; problems that make decisions meaningless are printed and stop
 * the command (`what` names what would be meaningless: "a decision", "the tests").
 */
export async function loadDecidable(paths: readonly string[], io: Io, what = 'a decision'): Promise<LoadedWorkspace> {
    const workspace = await loadForCli(paths);
    const blocking = blockingDiagnostics(workspace.diagnostics);
    if (blocking.length > 0) {
        io.err(formatDiagnosticsText(blocking, summarize(blocking, workspace.files.length)));
        throw new CliError(`the workspace has errors that make ${what} meaningless; fix them first.`);
    }
    return workspace;
}

/** Runs an engine question; a QueryError (unknown name, bad question) becomes one line with "did you mean". */
export function askEngine<T>(question: () => T): T {
    try {
        return question();
    } catch (error) {
        if (error instanceof QueryError) {
            const hint = error.suggestions.length > 0 ? ` Did you mean ${error.suggestions.join(', ')}?` : '';
            throw new CliError(`${error.message}${hint}`);
        }
        throw error;
    }
}

/** `--in <collection>` or `--institution`, exactly one. */
export function whereOf(options: { in?: string; institution?: boolean }): { collection: string } | { institution: true } {
    if ((options.in === undefined) === (options.institution !== true)) {
        throw new CliError('say where to ask: --in <collection> or --institution (one of them).');
    }
    return options.in !== undefined ? { collection: options.in } : { institution: true };
}
