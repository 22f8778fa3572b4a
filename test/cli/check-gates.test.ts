/**
 * The gates a CI needs: `check --fail-level error|warning`, `check --max-warnings N`, and `--quiet`
 * on `check` (only the findings that fail the run; nothing on a clean run) and `test` (only
 * failures and test-file problems; nothing when all pass). Exit codes: 0 passes, 1 fails, 2 usage.
 */
import { describe, expect, it } from 'vitest';
import { spolInProcess, tempWorkspace } from './run-binary.js';

const folder = (files: Record<string, string>): string => tempWorkspace(files, 'spol-gates-');

const spol = spolInProcess;

const hierarchy = `institution M { division D { discipline F type fish { collection C } } }
user a { institution admin agent "A" in D }
`;
/** Two warnings (unused-role) and one note (unused-template). */
const warned = `${hierarchy}role Unused in C { allow /table/%: read }
role Spare in C { allow /report: execute }
library role Template { allow /report: execute }
`;
const broken = `${warned}role Typo in C { allow /tabel/%: read }
user b { agent "B" in D in C { access roles Typo } }
`;

describe('spol check --fail-level', () => {
    it('passes warnings by default and fails on them with --fail-level warning', async () => {
        const dir = folder({ 'w.spol': warned });
        expect((await spol('check', dir)).code).toBe(0);
        expect((await spol('check', '--fail-level', 'error', dir)).code).toBe(0);
        expect((await spol('check', '--fail-level', 'warning', dir)).code).toBe(1);
    });

    it('passes notes at either level, and fails errors at either level', async () => {
        const notes = folder({ 'w.spol': `${hierarchy}library role Template { allow /report: execute }\n` });
        const notesRun = await spol('check', '--fail-level', 'warning', notes);
        expect(notesRun.stdout).toContain('info unused-template');
        expect(notesRun.code).toBe(0);
        const errors = folder({ 'w.spol': broken });
        expect((await spol('check', '--fail-level', 'error', errors)).code).toBe(1);
        expect((await spol('check', '--fail-level', 'warning', errors)).code).toBe(1);
    });

    it('refuses another level with exit 2', async () => {
        const result = await spol('check', '--fail-level', 'info', folder({ 'w.spol': warned }));
        expect(result.code).toBe(2);
        expect(result.stderr).toBe("spol: unknown fail level 'info': use error or warning.\n");
    });
});

describe('spol check --max-warnings', () => {
    it('fails when the warnings (not the notes) are more than N, and says so', async () => {
        const dir = folder({ 'w.spol': warned });
        const atLimit = await spol('check', '--max-warnings', '2', dir);
        expect(atLimit.code).toBe(0);
        expect(atLimit.stdout).not.toContain('--max-warnings');
        const over = await spol('check', '--max-warnings', '1', dir);
        expect(over.code).toBe(1);
        expect(over.stdout).toMatch(/1 file checked: 0 errors, 2 warnings, 1 note\.\n2 warnings, more than --max-warnings 1\.\n$/);
        const json = await spol('check', '--format', 'json', '--max-warnings', '0', dir);
        expect(json.code).toBe(1);
        expect(JSON.parse(json.stdout).summary).toMatchObject({ error: 0, warning: 2, info: 1 });
        expect(json.stderr).toBe('spol: 2 warnings, more than --max-warnings 0.\n');
    });

    it.each(['-1', 'many', '1.5', ''])('refuses %j with exit 2', async (value) => {
        const result = await spol('check', '--max-warnings', value, folder({ 'w.spol': warned }));
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^spol: --max-warnings takes a whole number|^error: /);
    });
});

describe('spol check --quiet', () => {
    it('prints nothing on a clean run, nor on a run with only warnings and notes', async () => {
        const clean = await spol('check', '--quiet', folder({ 'w.spol': hierarchy }));
        expect(clean).toEqual({ code: 0, stdout: '', stderr: '' });
        const warnings = await spol('check', '-q', folder({ 'w.spol': warned }));
        expect(warnings).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('prints only the errors, then the summary of every finding', async () => {
        const result = await spol('check', '--quiet', folder({ 'w.spol': broken }));
        expect(result.code).toBe(1);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/w\.spol:6:\d+ error unknown-resource /);
        expect(lines[1]).toBe('1 file checked: 1 error, 2 warnings, 1 note.');
    });

    it('prints the warnings too when --fail-level warning makes them fail', async () => {
        const result = await spol('check', '--quiet', '--fail-level', 'warning', folder({ 'w.spol': warned }));
        expect(result.code).toBe(1);
        expect(result.stdout.match(/ warning unused-role /g)).toHaveLength(2);
        expect(result.stdout).not.toContain('unused-template');
    });

    it('keeps only the failing findings in the machine formats', async () => {
        const dir = folder({ 'w.spol': broken });
        const json = JSON.parse((await spol('check', '--quiet', '--format', 'json', dir)).stdout);
        expect(json.diagnostics.map((d: { code: string }) => d.code)).toEqual(['unknown-resource']);
        expect(json.summary).toMatchObject({ error: 1, warning: 2, info: 1 });
        const github = (await spol('check', '--quiet', '--format', 'github', dir)).stdout;
        expect(github.trimEnd().split('\n')).toEqual([expect.stringMatching(/^::error .*unknown-resource/)]);
        const sarif = JSON.parse((await spol('check', '--quiet', '--format', 'sarif', dir)).stdout);
        expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['unknown-resource']);
    });
});

const tiny = `
institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" } }
}
role Reader in Voucher { description "Reads" allow /table/%: read }
user admin { institution admin agent "Admin" in Fishes }
user reader { agent "Reader, R." in Fishes in Voucher { access roles Reader } }
`;
const passing = `tests:\n  - name: reader reads\n    user: reader\n    in: Voucher\n    allow: [read /table/agent]\n`;
const failing = `tests:\n  - name: reader must not read\n    user: reader\n    in: Voucher\n    deny: [read /table/agent]\n`;

describe('spol test --quiet', () => {
    it('prints nothing when every case passes', async () => {
        const result = await spol('test', '--quiet', folder({ 'a.spol': tiny, 'p.test.yaml': passing }));
        expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('prints the failures and the summary when one fails', async () => {
        const result = await spol('test', '-q', folder({ 'a.spol': tiny, 'p.test.yaml': passing, 'f.test.yaml': failing }));
        expect(result.code).toBe(1);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines).toEqual([expect.stringMatching(/f\.test\.yaml:5:12 FAIL reader must not read: /), '1 passed, 1 failed in 2 files.']);
    });

    it('keeps only the failed results in JSON', async () => {
        const result = await spol('test', '--quiet', '--format', 'json', folder({ 'a.spol': tiny, 'p.test.yaml': passing, 'f.test.yaml': failing }));
        const parsed = JSON.parse(result.stdout);
        expect(parsed.summary).toMatchObject({ passed: 1, failed: 1 });
        expect(parsed.results.map((r: { case: string }) => r.case)).toEqual(['reader must not read']);
    });
});
