/**
 * One pipeline for every front end: the engine's findings, the workspace's inline suppressions and
 * its spol.yaml, in that order, so that `spol check` and the editor's Problems panel agree.
 */
import type { Diagnostic } from '../diagnostic.js';
import { rules as lintRules } from '../lint/index.js';
import type { SpolConfig } from './read-config.js';
import { applySuppressions, type Suppression } from './suppressions.js';

/**
 * The codes that spol.yaml can set and a suppression can name: every lint rule, and the two
 * warnings about suppressions themselves (an unknown rule or a suppression naming none stays an error).
 */
export function configurableRules(): string[] {
    return [...lintRules.map((rule) => rule.code), 'unused-suppression', 'suppression-without-reason'];
}

/**
 * The diagnostics with the rules' settings applied: `off` drops a rule's findings, a severity
 * rewrites theirs. `configFor` gives the configuration of a diagnostic's file (a workspace of several
 * folders has one per folder); diagnostics with no file take `fallback`.
 */
export function applyConfig(diagnostics: readonly Diagnostic[], configFor: (file: string | undefined) => SpolConfig): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const diagnostic of diagnostics) {
        const setting = configFor(diagnostic.source?.file).rules[diagnostic.code];
        if (setting === undefined) out.push(diagnostic);
        else if (setting !== 'off') out.push(setting === diagnostic.severity ? diagnostic : { ...diagnostic, severity: setting });
    }
    return out;
}

/** Suppressions, then configuration, over the engine's findings (sorted with compareDiagnostics). */
export function settleDiagnostics(
    diagnostics: readonly Diagnostic[],
    suppressions: readonly Suppression[],
    configFor: (file: string | undefined) => SpolConfig
): Diagnostic[] {
    return applyConfig(applySuppressions(diagnostics, suppressions, configurableRules()), configFor);
}

