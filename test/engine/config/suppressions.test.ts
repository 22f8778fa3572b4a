/** Applying inline suppressions and the configuration to the engine's findings. */
import { describe, expect, it } from 'vitest';
import { applyConfig, applySuppressions, configurableRules, settleDiagnostics, type Suppression } from '../../../engine/config/index.js';
import type { Diagnostic } from '../../../engine/diagnostic.js';
import type { Source } from '../../../engine/model/policy-model.js';

const known = configurableRules();

function at(line: number, character = 4, file = 'a.spol'): Source {
    return { file, range: { start: { line, character }, end: { line, character: character + 5 } } };
}

function finding(code: string, line: number, severity: Diagnostic['severity'] = 'warning', file = 'a.spol'): Diagnostic {
    return { code, severity, message: `${code} here`, source: at(line, 4, file) };
}

/** A comment on `line` suppressing `rules` on the line after it. */
function suppression(line: number, rules: string[], reason: string | null = 'because', file = 'a.spol'): Suppression {
    return {
        file,
        line: line + 1,
        rules: rules.map((name, i) => ({ name, source: at(line, 27 + i * 15, file) })),
        ...(reason !== null ? { reason } : {}),
        source: at(line, 4, file)
    };
}

const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.source ? d.source.range.start.line : '-'}:${d.source?.range.start.character ?? '-'} ${d.severity} ${d.code}`);

describe('applySuppressions', () => {
    it('drops the named rule on the next line only', () => {
        const out = applySuppressions([finding('unused-role', 5), finding('unused-role', 6), finding('empty-policy', 5)], [suppression(4, ['unused-role'])], known);
        expect(summary(out)).toEqual(['5:4 warning empty-policy', '6:4 warning unused-role']);
    });

    it('drops several rules named by one comment', () => {
        const out = applySuppressions([finding('unused-role', 5), finding('empty-policy', 5)], [suppression(4, ['unused-role', 'empty-policy'])], known);
        expect(out).toEqual([]);
    });

    it('keeps the same rule in another file', () => {
        const out = applySuppressions([finding('unused-role', 5, 'warning', 'b.spol')], [suppression(4, ['unused-role'])], known);
        expect(summary(out)).toEqual(['4:27 warning unused-suppression', '5:4 warning unused-role']);
    });

    it('reports a suppression that suppresses nothing, at the rule name', () => {
        const out = applySuppressions([], [suppression(4, ['unused-role'])], known);
        expect(summary(out)).toEqual(['4:27 warning unused-suppression']);
    });

    it('reports each unused rule of a comment that uses others', () => {
        const out = applySuppressions([finding('unused-role', 5)], [suppression(4, ['unused-role', 'empty-policy'])], known);
        expect(summary(out)).toEqual(['4:42 warning unused-suppression']);
    });

    it('reports a suppression without a rule (an error), which suppresses nothing', () => {
        const out = applySuppressions([finding('unused-role', 5)], [suppression(4, [])], known);
        expect(summary(out)).toEqual(['4:4 error suppression-without-rule', '5:4 warning unused-role']);
    });

    it('reports a suppression without a reason (a warning), and still applies it', () => {
        for (const reason of [null, '', '   ']) {
            const out = applySuppressions([finding('unused-role', 5)], [suppression(4, ['unused-role'], reason)], known);
            expect(summary(out)).toEqual(['4:4 warning suppression-without-reason']);
        }
    });

    it('reports an unknown rule as an error with did-you-mean, and not as unused', () => {
        const out = applySuppressions([finding('unused-role', 5)], [suppression(4, ['unused-rol'])], known);
        expect(summary(out)).toEqual(['4:27 error suppression-unknown-rule', '5:4 warning unused-role']);
        expect(out[0]!.message).toContain('`unused-role`');
        expect(out[0]!.data).toEqual({ suggestions: ['unused-role'] });
    });

    it('cannot suppress syntax or reference errors', () => {
        const out = applySuppressions([finding('syntax-error', 5, 'error')], [suppression(4, ['syntax-error'])], known);
        expect(summary(out)).toEqual(['4:27 error suppression-unknown-rule', '5:4 error syntax-error']);
    });
});

describe('applyConfig', () => {
    const diagnostics = [finding('unused-role', 1), finding('escalation', 2, 'error'), finding('empty-policy', 3)];

    it('drops the findings of a rule that is off and rewrites the severity of others', () => {
        const out = applyConfig(diagnostics, () => ({ rules: { 'unused-role': 'off', escalation: 'warning', 'empty-policy': 'error' }, ignore: [] }));
        expect(summary(out)).toEqual(['2:4 warning escalation', '3:4 error empty-policy']);
    });

    it('applies the configuration of each file', () => {
        const out = applyConfig([finding('unused-role', 1, 'warning', 'a.spol'), finding('unused-role', 1, 'warning', 'b.spol')], (file) => ({
            rules: file === 'a.spol' ? { 'unused-role': 'off' } : {},
            ignore: []
        }));
        expect(out.map((d) => d.source!.file)).toEqual(['b.spol']);
    });
});

describe('settleDiagnostics', () => {
    it('applies suppressions before the configuration, which also governs the suppressions own warnings', () => {
        const out = settleDiagnostics([finding('unused-role', 5)], [suppression(4, ['unused-role'], null), suppression(8, ['empty-policy'])], () => ({
            rules: { 'suppression-without-reason': 'off', 'unused-suppression': 'error' },
            ignore: []
        }));
        expect(summary(out)).toEqual(['8:27 error unused-suppression']);
    });
});
