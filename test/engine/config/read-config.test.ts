/**
 * Reading spol.yaml: what it configures, and each problem with its code at its line:col (1-based
 * here, as the CLI prints them), never asserted on the wording except for did-you-mean.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA, configurableRules, EMPTY_CONFIG, readConfig } from '../../../engine/config/index.js';

const known = configurableRules();

function read(text: string) {
    return readConfig(text, 'spol.yaml', known);
}

function found(text: string): string[] {
    return read(text).diagnostics.map((d) => `${d.source!.range.start.line + 1}:${d.source!.range.start.character + 1} ${d.severity} ${d.code}`);
}

describe('readConfig', () => {
    it('reads rule settings and ignore patterns', () => {
        const { config, diagnostics } = read('rules:\n  escalation: warning\n  unused-role: off\n  unused-suppression: info\nignore:\n  - generated/**\n  - old/*.spol\n');
        expect(diagnostics).toEqual([]);
        expect(config).toEqual({ rules: { escalation: 'warning', 'unused-role': 'off', 'unused-suppression': 'info' }, ignore: ['generated/**', 'old/*.spol'] });
    });

    it.each([
        ['an empty file', ''],
        ['comments only', '# nothing yet\n'],
        ['empty sections', 'rules: {}\nignore: []\n']
    ])('configures nothing with %s', (_, text) => {
        const { config, diagnostics } = read(text);
        expect(diagnostics).toEqual([]);
        expect(config).toEqual(text.includes('rules') ? { rules: {}, ignore: [] } : EMPTY_CONFIG);
    });

    it.each([
        ['YAML that does not parse', 'rules:\n  escalation: [warning\n', ['3:1 error config-syntax']],
        ['a key written twice', 'rules:\n  escalation: warning\n  escalation: off\n', ['3:3 error config-syntax']],
        ['two documents', 'rules: {}\n---\nignore: []\n', ['2:1 error config-syntax']],
        ['a list at the top', '- escalation\n', ['1:1 error config-invalid']],
        ['an unknown top-level key, at the key', 'rules: {}\nignores:\n  - x\n', ['2:1 error config-invalid']],
        ['rules as a list', 'rules:\n  - escalation\n', ['2:3 error config-invalid']],
        ['a severity that does not exist, at the value', 'rules:\n  escalation: loud\n', ['2:15 error config-invalid']],
        ['a severity of the wrong type', 'rules:\n  escalation: 3\n', ['2:15 error config-invalid']],
        ['a rule set to nothing, where its value is missing', 'rules:\n  escalation:\n', ['2:14 error config-invalid']],
        ['an unknown rule, at its name', 'rules:\n  escalation: off\n  unused-rol: off\n', ['3:3 error config-unknown-rule']],
        ['ignore as a string', 'ignore: generated/**\n', ['1:9 error config-invalid']],
        ['an ignore pattern that is not a string', 'ignore:\n  - 3\n', ['2:5 error config-invalid']],
        ['an absolute ignore pattern', 'ignore:\n  - /generated/**\n', ['2:5 error config-invalid']],
        ['an ignore pattern going up', 'ignore:\n  - ../other/*.spol\n', ['2:5 error config-invalid']],
        ['a backslash in an ignore pattern', 'ignore:\n  - "generated\\\\x.spol"\n', ['2:5 error config-invalid']],
        ['an empty ignore pattern', 'ignore:\n  - ""\n', ['2:5 error config-invalid']],
        ['every problem, in order', 'rules:\n  escalaton: off\n  unused-role: never\nignore:\n  - /x\n', ['2:3 error config-unknown-rule', '3:16 error config-invalid', '5:5 error config-invalid']]
    ])('reports %s', (_, text, expected) => {
        expect(found(text)).toEqual(expected);
    });

    it('suggests the rule meant, also in data for a quick fix', () => {
        const [diagnostic] = read('rules:\n  unused-rol: off\n').diagnostics;
        expect(diagnostic!.message).toContain('`unused-role`');
        expect(diagnostic!.data).toEqual({ suggestions: ['unused-role'] });
    });

    it('suggests the key meant', () => {
        expect(read('rule:\n  escalation: off\n').diagnostics[0]!.message).toContain('`rules`');
    });

    it('keeps the well-formed entries beside the bad ones (the editor applies what it can)', () => {
        const { config } = read('rules:\n  escalation: warning\n  unused-rol: off\n  unused-role: loud\nignore:\n  - /x\n  - generated/**\n');
        expect(config).toEqual({ rules: { escalation: 'warning' }, ignore: ['generated/**'] });
    });

    it('reads `off` as the word, not YAML 1.1 false', () => {
        expect(read('rules:\n  escalation: off\n').config.rules).toEqual({ escalation: 'off' });
    });

    it('has a schema that compiles under ajv strict mode', () => {
        expect(() => new Ajv({ strict: true, allErrors: true }).compile(CONFIG_SCHEMA)).not.toThrow();
    });
});
