/**
 * The lint rule factory and the context a rule reports through. One rule per file under `rules/`,
 * each built with `createRule`: a stable kebab-case code, a default severity, a one-line description
 * and a `check` that reads the model and reports. Rules never throw on odd input: names that resolve
 * to nothing are the language's business and are skipped.
 */
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { PolicyModel, Source } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';
import { sourceKey } from './source.js';

/** What a rule reports; the code comes from the rule, the severity too unless given here. */
export interface Report {
    readonly message: string;
    readonly source?: Source;
    readonly data?: Readonly<Record<string, unknown>>;
    /** Overrides the rule's default severity for this one report (documented per rule). */
    readonly severity?: Severity;
}

export interface LintContext {
    readonly model: PolicyModel;
    /** Name lookups and the rows Specify would store, shared by every rule of one run. */
    readonly index: ModelIndex;
    report(report: Report): void;
}

export interface LintRule {
    readonly code: string;
    readonly severity: Severity;
    readonly description: string;
    check(context: LintContext): void;
}

export interface RuleDefinition {
    readonly code: string;
    readonly severity: Severity;
    readonly description: string;
    readonly check: (context: LintContext) => void;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function isKebabCase(code: string): boolean {
    return KEBAB_CASE.test(code);
}

/** Builds a rule; a code that is not kebab-case is a programming error, caught at load time. */
export function createRule(definition: RuleDefinition): LintRule {
    if (!isKebabCase(definition.code)) throw new Error(`lint rule code must be kebab-case: ${definition.code}`);
    const { code, severity, description, check } = definition;
    return Object.freeze({ code, severity, description, check });
}

/**
 * Runs rules over a model and returns their diagnostics, without sorting. A diagnostic reported
 * twice (same code, place and message, e.g. for a policy shared by `in A, B { ... }`) is kept once.
 */
export function runRules(rules: readonly LintRule[], model: PolicyModel, index = new ModelIndex(model)): Diagnostic[] {
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const rule of rules) {
        const context: LintContext = {
            model,
            index,
            report(report) {
                const key = `${rule.code}\u0000${report.source ? sourceKey(report.source) : ''}\u0000${report.message}`;
                if (seen.has(key)) return;
                seen.add(key);
                out.push({
                    code: rule.code,
                    severity: report.severity ?? rule.severity,
                    message: report.message,
                    ...(report.source ? { source: report.source } : {}),
                    ...(report.data ? { data: report.data } : {})
                });
            }
        };
        rule.check(context);
    }
    return out;
}
