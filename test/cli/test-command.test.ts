/**
 * `spol test`: the workspace and the test files found under the paths, one FAIL line per failed
 * expectation at its file:line:col, test-file problems as `file:line:col error code message`, a
 * summary, and the exit codes 0 (all pass), 1 (a failure or a test-file error) and 2 (bad usage,
 * no test files, a workspace that does not parse).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capture } from './run-binary.js';
import { main } from '../../cli/main.js';

function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-test-cmd-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

const tiny = `
institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" } }
}
role Reader in Voucher { description "Reads" allow /table/%: read }
user admin { institution admin agent "Admin" in Fishes }
user reader { agent "Reader, R." in Fishes in Voucher { access roles Reader } }
`;

const passing = `tests:
  - name: reader reads
    user: reader
    in: Voucher
    allow:
      - read /table/agent
    deny:
      - update /table/agent
    because:
      role: Reader
`;

const failing = `tests:
  - name: reader must not read agents
    user: reader
    in: Voucher
    deny:
      - read /table/agent
  - name: reader sets passwords
    user: reader
    institution: true
    allow:
      - update /admin/user/password
`;

async function spol(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = capture();
    const code = await main(['test', ...args], io);
    return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('spol test', () => {
    it('exits 0 when every expectation passes and prints the summary', async () => {
        const dir = folder({ 'a.spol': tiny, 'tests/reader.test.yaml': passing });
        const result = await spol(dir);
        expect(result.stderr).toBe('');
        expect(result.stdout).toBe('2 passed, 0 failed in 1 file.\n');
        expect(result.code).toBe(0);
    });

    it('prints one FAIL line per failed expectation at its file:line:col, with why and the granting policy', async () => {
        const dir = folder({ 'a.spol': tiny, 'tests/reader.test.yaml': passing, 'tests/wrong.test.yml': failing });
        const result = await spol(dir);
        expect(result.code).toBe(1);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines).toHaveLength(3);
        expect(lines[0]).toMatch(
            /^\S*tests\/wrong\.test\.yml:6:9 FAIL reader must not read agents: expected deny read \/table\/agent, got allow \(granted in Voucher by role Reader in Voucher: \/table\/% read at \S*a\.spol:5:\d+\)$/
        );
        expect(lines[1]).toMatch(
            /^\S*tests\/wrong\.test\.yml:11:9 FAIL reader sets passwords: expected allow update \/admin\/user\/password, got deny \(no policy of reader matches at institution level/
        );
        expect(lines[2]).toBe('2 passed, 2 failed in 2 files.');
    });

    it('reports test-file problems at file:line:col with their code, runs the other cases, and exits 1', async () => {
        const broken = `tests:\n  - name: typo\n    user: readr\n    in: Voucher\n    allow: [read /table/agent]\n  - name: fine\n    user: reader\n    in: Voucher\n    allow: [read /table/agent]\n`;
        const dir = folder({ 'a.spol': tiny, 'broken.test.yaml': broken });
        const result = await spol(dir);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^\S*broken\.test\.yaml:3:11 error unknown-user There is no user readr in the workspace; did you mean reader\?$/m);
        expect(result.stdout).toMatch(/^1 passed, 0 failed in 1 file; 1 error in test files\.$/m);
    });

    it('reports a YAML syntax error on one line with line:col, and exits 1', async () => {
        const dir = folder({ 'a.spol': tiny, 'syntax.test.yaml': 'tests:\n  - name: x\n\tuser: reader\n' });
        const result = await spol(dir);
        expect(result.code).toBe(1);
        expect(result.stdout.split('\n')[0]).toMatch(/^\S*syntax\.test\.yaml:3:1 error yaml-syntax [^\n]+$/);
    });

    it('writes every result, failures with their message, as JSON with --format json', async () => {
        const dir = folder({ 'a.spol': tiny, 'wrong.test.yaml': failing });
        const result = await spol(dir, '--format', 'json');
        expect(result.code).toBe(1);
        const parsed = JSON.parse(result.stdout);
        expect(parsed.summary).toEqual({ passed: 0, failed: 2, files: 1, errors: 0 });
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.results).toHaveLength(2);
        expect(parsed.results[0]).toMatchObject({
            line: 6,
            column: 9,
            case: 'reader must not read agents',
            user: 'reader',
            in: 'Voucher',
            expected: 'deny',
            action: 'read',
            resource: '/table/agent',
            passed: false,
            got: 'allow',
            failure: 'unexpected-allow',
            decision: { allowed: true, reason: 'granted', level: 'collection' }
        });
        expect(parsed.results[0].decision.matches[0]).toMatchObject({ resource: '/table/%', action: 'read', origin: { kind: 'role', role: 'Reader' } });
        expect(parsed.results[0].message).toMatch(/^reader must not read agents: expected deny read \/table\/agent, got allow/);
        expect(parsed.results[1]).toMatchObject({ institution: true, got: 'deny', failure: 'unexpected-deny' });
    });

    it('takes the test files and the workspace from separate paths', async () => {
        const workspace = folder({ 'a.spol': tiny });
        const tests = folder({ 'one.test.yaml': passing, 'two.test.yaml': failing });
        const both = await spol(tests, workspace);
        expect(both.code).toBe(1);
        expect(both.stdout).toMatch(/2 passed, 2 failed in 2 files\.\n$/);
        const one = await spol(join(tests, 'one.test.yaml'), join(workspace, 'a.spol'));
        expect(one.stdout).toBe('2 passed, 0 failed in 1 file.\n');
        expect(one.code).toBe(0);
    });

    it('exits 2 when there are no test files', async () => {
        const result = await spol(folder({ 'a.spol': tiny }));
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^spol: no \*\.test\.yaml or \*\.test\.yml files under /);
    });

    it('exits 2 when only test files are named, without a workspace', async () => {
        const dir = folder({ 'a.spol': tiny, 'one.test.yaml': passing });
        const result = await spol(join(dir, 'one.test.yaml'));
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('no .spol files');
    });

    it('exits 2 when the workspace has syntax errors, printing them', async () => {
        const dir = folder({ 'a.spol': `${tiny}\nuser broken {`, 'one.test.yaml': passing });
        const result = await spol(dir);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/a\.spol:\d+:\d+ error syntax-error /);
        expect(result.stderr).toMatch(/spol: the workspace has errors/);
    });

    it('exits 2 on an unknown format or a path that does not exist', async () => {
        const dir = folder({ 'a.spol': tiny, 'one.test.yaml': passing });
        expect((await spol(dir, '--format', 'sarif')).code).toBe(2);
        const missing = await spol(join(dir, 'nowhere'), dir);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/^spol: cannot read '.*nowhere': no such file or folder\.\n$/);
    });
});
