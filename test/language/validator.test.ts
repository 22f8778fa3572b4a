/**
 * spol's own checks — what only the text shows — and the language's issue codes, each of which some
 * test in this folder asserts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, expectIssue, expectNoIssues, validationHelper } from 'langium/test';
import { IssueCodes } from '../../language/spol-validator.js';
import { createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);
const validate = validationHelper(services.Spol);

afterEach(() => clearDocuments(services.shared));

describe('repeated-setting', () => {
    it('warns at each repeat of `institution admin` and of a `specify6` block', async () => {
        const text = 'user u {\n    institution admin\n    specify6 { admin }\n    institution admin\n    specify6 { group Guest }\n}';
        const result = await validate(text);
        const repeats = result.diagnostics.filter((d) => d.code === IssueCodes.RepeatedSetting);
        expect(repeats.map((d) => [d.severity, d.range.start.line, d.range.start.character, d.range.end.character])).toEqual([
            [2, 3, 4, 21],
            [2, 4, 4, 28]
        ]);
        expect(repeats[0]!.message).toBe("User 'u' has 'institution admin' more than once; only the last one counts.");
        expectIssue(result, { code: IssueCodes.RepeatedSetting, severity: 2 });
    });

    it('is quiet when each is written once', async () => {
        expectNoIssues(await validate('user u {\n    institution admin\n    specify6 { admin }\n}'));
    });
});

describe('issue codes', () => {
    const tests = readdirSync(import.meta.dirname)
        .filter((name) => name.endsWith('.test.ts'))
        .map((name) => readFileSync(join(import.meta.dirname, name), 'utf8'))
        .join('\n');

    it.each(Object.entries(IssueCodes))('%s (%s) is asserted by a test', (name, code) => {
        expect(tests.includes(`'${code}'`) || tests.includes(`IssueCodes.${name}`)).toBe(true);
    });

    it('are kebab-case and distinct', () => {
        const codes = Object.values(IssueCodes);
        expect(new Set(codes).size).toBe(codes.length);
        for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    });
});
