import type { Diagnostic } from '../engine/diagnostic.js';
import { loadWorkspace, WorkspaceError, type LoadedWorkspace } from '../language/workspace.js';
import { CliError } from './io.js';

/** Loads the workspace named on the command line; unreadable input becomes a one-line CliError. */
export async function loadForCli(paths: readonly string[]): Promise<LoadedWorkspace> {
    try {
        return await loadWorkspace(paths.length > 0 ? [...paths] : ['.']);
    } catch (error) {
        if (error instanceof WorkspaceError) throw new CliError(error.message);
        throw error;
    }
}

const BLOCKING = new Set(['syntax-error', 'unresolved-reference', 'internal-error']);

/** Problems that make a decision meaningless: the text did not parse, names did not resolve, or the model could not be built. */
export function blockingDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => d.severity === 'error' && BLOCKING.has(d.code));
}
