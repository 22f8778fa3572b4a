/**
 * Table-driven tests for one lint rule, in the manner of typescript-eslint's RuleTester: valid models
 * produce nothing; each invalid model produces exactly the expected diagnostics, compared by code,
 * severity and source (file and range), never by wording. Optional `data` is matched partially.
 */
import { describe, expect, it } from 'vitest';
import { compareDiagnostics, type Diagnostic, type Severity } from '../../../engine/diagnostic.js';
import type { PolicyModel, Source } from '../../../engine/model/policy-model.js';
import { runRules, type LintRule } from '../../../engine/lint/index.js';

export interface ValidCase {
    readonly name: string;
    readonly model: PolicyModel;
}

export interface Expected {
    /** The place the diagnostic must point at; `null` for a diagnostic with no source. */
    readonly at: Source | null;
    /** Defaults to the rule's severity. */
    readonly severity?: Severity;
    readonly data?: Readonly<Record<string, unknown>>;
}

export interface InvalidCase {
    readonly name: string;
    readonly model: PolicyModel;
    readonly errors: readonly Expected[];
}

export function runRule(rule: LintRule, model: PolicyModel): Diagnostic[] {
    return runRules([rule], model).sort(compareDiagnostics);
}

export function ruleTester(rule: LintRule, cases: { readonly valid: readonly ValidCase[]; readonly invalid: readonly InvalidCase[] }): void {
    describe(rule.code, () => {
        it('has valid cases and invalid cases that each expect a diagnostic', () => {
            expect(cases.valid.length).toBeGreaterThan(0);
            expect(cases.invalid.length).toBeGreaterThan(0);
            for (const c of cases.invalid) expect(c.errors.length, c.name).toBeGreaterThan(0);
        });

        describe('valid', () => {
            it.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_, c) => {
                expect(runRule(rule, c.model)).toEqual([]);
            });
        });

        describe('invalid', () => {
            it.each(cases.invalid.map((c) => [c.name, c] as const))('%s', (_, c) => {
                const found = runRule(rule, c.model);
                expect(found.map((d) => ({ code: d.code, severity: d.severity, source: d.source ?? null }))).toEqual(
                    c.errors.map((e) => ({ code: rule.code, severity: e.severity ?? rule.severity, source: e.at }))
                );
                found.forEach((d, i) => {
                    expect(d.message.trim().length).toBeGreaterThan(0);
                    expect(d.message).not.toMatch(/\n/);
                    const data = c.errors[i]?.data;
                    if (data) expect(d.data).toMatchObject(data);
                });
            });
        });
    });
}
