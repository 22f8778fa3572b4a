/**
 * The lint rules hold to their own conventions: unique kebab-case codes, every rule registered,
 * documented in docs/lint/<code>.md with the sections a reader needs, and tested in
 * test/engine/lint/<code>.test.ts through the rule tester (which itself insists on valid cases and
 * on invalid cases that fire).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_CODES, SUPPRESSION_CODES } from '../../../engine/config/codes.js';
import { rules, type LintRule } from '../../../engine/lint/index.js';
import { isKebabCase } from '../../../engine/lint/rule.js';

const root = resolve(import.meta.dirname, '../../..');
const rulesDir = join(root, 'engine/lint/rules');
const docsDir = join(root, 'docs/lint');
const testsDir = join(root, 'test/engine/lint');

function isRule(value: unknown): value is LintRule {
    return typeof value === 'object' && value !== null && 'code' in value && 'check' in value && 'severity' in value;
}

describe('lint rules', () => {
    it('have unique kebab-case codes, a severity and a description', () => {
        const codes = rules.map((r) => r.code);
        expect(new Set(codes).size).toBe(codes.length);
        for (const rule of rules) {
            expect(isKebabCase(rule.code), rule.code).toBe(true);
            expect(['error', 'warning', 'info']).toContain(rule.severity);
            expect(rule.description.trim().length, rule.code).toBeGreaterThan(10);
        }
    });

    it('are one per file under engine/lint/rules, each named after its code and registered', async () => {
        const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts'));
        expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(rules.map((r) => r.code).sort());
        for (const file of files) {
            const module = (await import(pathToFileURL(join(rulesDir, file)).href)) as Record<string, unknown>;
            const exported = Object.values(module).filter(isRule);
            expect(exported.length, file).toBe(1);
            expect(exported[0]!.code).toBe(file.replace(/\.ts$/, ''));
            expect(rules).toContain(exported[0]);
        }
    });

    describe.each(rules.map((r) => [r.code, r] as const))('%s', (code, rule) => {
        it('is documented', () => {
            const path = join(docsDir, `${code}.md`);
            expect(existsSync(path), path).toBe(true);
            const text = readFileSync(path, 'utf8');
            expect(text.startsWith(`# ${code}`)).toBe(true);
            expect(text).toMatch(new RegExp(`Severity: \\*\\*${rule.severity}\\*\\*`));
            for (const heading of ['## What it reports', '## Why, in Specify terms', '## Example', '## How to fix']) expect(text, heading).toContain(heading);
            expect(text).toMatch(/```spol\n/);
        });

        it('is tested with the rule tester', () => {
            const path = join(testsDir, `${code}.test.ts`);
            expect(existsSync(path), path).toBe(true);
            const text = readFileSync(path, 'utf8');
            expect(text).toContain(`'../../../engine/lint/rules/${code}.js'`);
            expect(text).toMatch(/ruleTester\(\w+, \{/);
            expect(text).toMatch(/invalid: \[/);
        });
    });

    it('have no documentation without a rule (or a code of spol.yaml or of suppressions)', () => {
        const documented = readdirSync(docsDir)
            .filter((f) => f.endsWith('.md'))
            .map((f) => f.replace(/\.md$/, ''));
        expect(documented.sort()).toEqual([...rules.map((r) => r.code), ...Object.keys(CONFIG_CODES), ...Object.keys(SUPPRESSION_CODES)].sort());
    });
});

describe('the codes of spol.yaml and of suppressions', () => {
    const codes = Object.entries({ ...CONFIG_CODES, ...SUPPRESSION_CODES });

    it('are kebab-case and none is a lint rule', () => {
        for (const [code] of codes) {
            expect(isKebabCase(code), code).toBe(true);
            expect(rules.map((r) => r.code)).not.toContain(code);
        }
    });

    it.each(codes)('%s is documented', (code, { severity }) => {
        const path = join(docsDir, `${code}.md`);
        expect(existsSync(path), path).toBe(true);
        const text = readFileSync(path, 'utf8');
        expect(text.startsWith(`# ${code}\n`)).toBe(true);
        expect(text).toContain(`Severity: **${severity}**`);
        for (const heading of ['## What it reports', '## Why', '## Example', '## How to fix']) expect(text, heading).toContain(heading);
    });
});
