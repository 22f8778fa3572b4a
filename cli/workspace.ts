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

/** Problems that make a decision meaningless: the text did not parse or names did not resolve. */
export function blockingDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return diagnostics.filter(
        (d) => d.severity === 'error' && (d.code === 'syntax-error' || d.code === 'unresolved-reference')
    );
}
