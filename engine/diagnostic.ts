import type { Source } from './model/policy-model.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One problem found in a workspace, from parsing, linking or an engine lint rule. The CLI prints it
 * as `file:line:col severity code message`; the editor shows it at `source.range`.
 */
export interface Diagnostic {
    /** Stable code, e.g. `unknown-resource`. Quick fixes and tests switch on it, never on the message. */
    readonly code: string;
    readonly severity: Severity;
    /** One short sentence that names the user's input. */
    readonly message: string;
    /** Where it is; absent only for workspace-wide problems with no better place (no files at all). */
    readonly source?: Source;
    /** Machine-readable extras for quick fixes, e.g. `{ suggestions: ['/table/agent'] }`. */
    readonly data?: Readonly<Record<string, unknown>>;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Orders diagnostics by file, then position, then severity, then code: stable output for CLI and tests. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
    const fa = a.source?.file ?? '';
    const fb = b.source?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const pa = a.source?.range.start;
    const pb = b.source?.range.start;
    const la = pa?.line ?? -1;
    const lb = pb?.line ?? -1;
    if (la !== lb) return la - lb;
    const ca = pa?.character ?? -1;
    const cb = pb?.character ?? -1;
    if (ca !== cb) return ca - cb;
    if (a.severity !== b.severity) return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * The codes of problems that make every decision meaningless: the text did not parse, a name did
 * not resolve, or the model could not be built. The CLI refuses to decide over them; the editor's
 * preview says so instead of showing a profile.
 */
export const BLOCKING_CODES: ReadonlySet<string> = new Set(['syntax-error', 'unresolved-reference', 'internal-error']);

/** The errors among `diagnostics` that make decisions meaningless (BLOCKING_CODES). */
export function blockingDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => d.severity === 'error' && BLOCKING_CODES.has(d.code));
}
