/**
 * Inline suppressions: `// spol-ignore-next-line <rule>[, <rule>…] -- <reason>` drops those rules'
 * findings that start on the next line, and only there. The language reads the comments (it has the
 * text); the engine applies them to the diagnostics of a workspace, here, as plain data.
 *
 * A suppression is held to account like code: one that names no rule, names a rule spol does not
 * have (with did-you-mean), gives no reason, or suppresses nothing is itself reported. Only the
 * rules of `configurableRules()` can be suppressed: syntax and reference errors cannot.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { Source } from '../model/policy-model.js';
import { suggest } from '../suggest.js';
import { SUPPRESSION_CODES, type SuppressionCode } from './codes.js';
import { didYouMean } from './read-config.js';

/** The word that starts a suppression comment. */
export const SUPPRESSION_DIRECTIVE = 'spol-ignore-next-line';

/** One rule named by a suppression, with where its name is written. */
export interface SuppressedRule {
    readonly name: string;
    readonly source: Source;
}

/** One `// spol-ignore-next-line …` comment, as the language read it. */
export interface Suppression {
    /** The file (path or URI string) of the comment, as diagnostics name it. */
    readonly file: string;
    /** The (0-based) line whose findings it suppresses: the line after the comment. */
    readonly line: number;
    readonly rules: readonly SuppressedRule[];
    /** The words after `--`, trimmed; absent (or empty) when none were given. */
    readonly reason?: string;
    /** The whole comment. */
    readonly source: Source;
}

/**
 * The diagnostics without those the suppressions drop, plus the problems of the suppressions
 * themselves; sorted with compareDiagnostics. `knownRules` are the codes that may be suppressed.
 */
export function applySuppressions(diagnostics: readonly Diagnostic[], suppressions: readonly Suppression[], knownRules: readonly string[]): Diagnostic[] {
    const known = new Set(knownRules);
    const problems: Diagnostic[] = [];
    /** `file \0 line \0 code` → whether something was suppressed by it. */
    const active = new Map<string, { used: boolean; rule: SuppressedRule; suppression: Suppression }>();
    for (const suppression of suppressions) {
        if (suppression.rules.length === 0) {
            const example = `${SUPPRESSION_DIRECTIVE} unused-role -- why`;
            problems.push(problem('suppression-without-rule', `\`${SUPPRESSION_DIRECTIVE}\` names no rule: write the rules to suppress, e.g. \`${example}\`.`, suppression.source));
            continue;
        }
        if ((suppression.reason ?? '').trim() === '') {
            problems.push(problem('suppression-without-reason', 'This suppression gives no reason: say why after `--`.', suppression.source));
        }
        for (const rule of suppression.rules) {
            if (!known.has(rule.name)) {
                const near = suggest(rule.name, knownRules);
                problems.push({
                    ...problem('suppression-unknown-rule', `spol has no rule \`${rule.name}\` to suppress.${didYouMean(near)}`, rule.source),
                    ...(near.length > 0 ? { data: { suggestions: near } } : {})
                });
                continue;
            }
            active.set(keyOf(suppression.file, suppression.line, rule.name), { used: false, rule, suppression });
        }
    }
    const kept: Diagnostic[] = [];
    for (const diagnostic of diagnostics) {
        const source = diagnostic.source;
        const entry = source ? active.get(keyOf(source.file, source.range.start.line, diagnostic.code)) : undefined;
        if (entry) entry.used = true;
        else kept.push(diagnostic);
    }
    for (const { used, rule } of active.values()) {
        if (!used) problems.push(problem('unused-suppression', `Nothing to suppress: \`${rule.name}\` reports nothing on the next line.`, rule.source));
    }
    return [...kept, ...problems].sort(compareDiagnostics);
}

function keyOf(file: string, line: number, code: string): string {
    return `${file}\u0000${line}\u0000${code}`;
}

function problem(code: SuppressionCode, message: string, source: Source): Diagnostic {
    return { code, severity: SUPPRESSION_CODES[code].severity, message, source };
}
