import { blockingDiagnostics } from '../engine/diagnostic.js';
import { describeQueryError, QueryError } from '../engine/decision/index.js';
import { ConfigError, loadWorkspace, WorkspaceError, type LoadedWorkspace, type LoadOptions } from '../language/workspace.js';
import { formatDiagnosticsText, summarize } from './format/diagnostics.js';
import { formatLocation } from './format/location.js';
import { CliError, ExitCode, type Io } from './io.js';

/** Loads the workspace named on the command line; unreadable input becomes a one-line CliError. */
export async function loadForCli(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedWorkspace> {
    try {
        return await loadWorkspace(paths.length > 0 ? [...paths] : ['.'], options);
    } catch (error) {
        throw asCliError(error);
    }
}

/** A workspace that cannot be read (or whose spol.yaml has errors, printed first) as a CliError; other errors as they are. */
export function asCliError(error: unknown): unknown {
    if (error instanceof ConfigError) {
        const lines = formatDiagnosticsText(error.diagnostics, summarize(error.diagnostics, 1), { summaryLine: false });
        return new CliError(error.message, ExitCode.usage, lines);
    }
    if (error instanceof WorkspaceError) return new CliError(error.message);
    return error;
}

/**
 * Loads a workspace to decide over; problems that make decisions meaningless are printed and stop
 * the command (`what` names what would be meaningless: "a decision", "the tests"). The lint rules
 * are not run: a question needs the files parsed and linked, and `spol check` is the linter; and
 * only those problems are asked for (`blockingOnly`), which spares a clean workspace its linking.
 */
export async function loadDecidable(paths: readonly string[], io: Io, what = 'a decision'): Promise<LoadedWorkspace> {
    const workspace = await loadForCli(paths, { lint: false, blockingOnly: true });
    const blocking = blockingDiagnostics(workspace.diagnostics);
    if (blocking.length > 0) {
        io.err(formatDiagnosticsText(blocking, summarize(blocking, workspace.files.length)));
        throw new CliError(`the workspace has errors that make ${what} meaningless; fix them first.`);
    }
    return workspace;
}

/**
 * Runs an engine question; a QueryError (unknown name, name declared twice, bad question) becomes
 * one line (exit 2) with "did you mean" or the `file:line:col` of every declaration.
 */
export function askEngine<T>(question: () => T): T {
    try {
        return question();
    } catch (error) {
        if (error instanceof QueryError) throw new CliError(queryErrorText(error));
        throw error;
    }
}

/** The one-line wording of a QueryError, without the `spol: ` prefix. */
export function queryErrorText(error: QueryError): string {
    const places = error.places.length > 0 ? ` Declared at ${inWords(error.places.map(formatLocation))}.` : '';
    const catalog = error.code === 'unknown-resource' && error.suggestions.length === 0 ? ' List them with `spol resources <word>`.' : '';
    return `${describeQueryError(error)}${places}${catalog}`;
}

/** `a`, `a and b`, `a, b and c`. */
function inWords(items: readonly string[]): string {
    return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `--in <collection>` or `--institution`, exactly one. */
export function whereOf(options: { in?: string; institution?: boolean }): { collection: string } | { institution: true } {
    if ((options.in === undefined) === (options.institution !== true)) {
        throw new CliError('say where to ask: --in <collection> or --institution (one of them).');
    }
    return options.in !== undefined ? { collection: options.in } : { institution: true };
}
