/**
 * `spol check` with a workspace's spol.yaml and inline suppressions (test/fixtures/config): rule
 * severities changed, a rule off, an ignored folder, a suppressed finding, an unused suppression,
 * and a configuration that cannot be used (exit 2, each problem at its line:col in spol.yaml).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { configFilesOf } from '../../language/workspace.js';
import { capture, root, runSpol } from './run-binary.js';

const good = 'test/fixtures/config/good';
const bad = 'test/fixtures/config/bad';

async function check(...args: string[]) {
    const io = capture();
    const code = await main(['check', ...args], io);
    return { code, lines: io.stdout.trim().split('\n'), stderr: io.stderr };
}

/** The fixture copied to a temporary folder without its spol.yaml: what the configuration changes. */
function unconfigured(): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-config-'));
    cpSync(join(root, good), dir, { recursive: true });
    rmSync(join(dir, 'spol.yaml'));
    return dir;
}

describe('spol check with spol.yaml and suppressions', () => {
    it('applies the configuration and the suppressions of the fixture', async () => {
        const { code, lines } = await check(good);
        expect(lines).toEqual([
            `${good}/roles.spol:1:14 error unused-template No role is built from library role Unused.`,
            `${good}/roles.spol:20:30 warning unused-suppression Nothing to suppress: \`empty-policy\` reports nothing on the next line.`,
            '3 files checked: 1 error, 1 warning.'
        ]);
        // unused-template is an error by the configuration: the check fails on it.
        expect(code).toBe(1);
    });

    it('reports what the configuration changes when it is not there', async () => {
        const dir = unconfigured();
        const { lines } = await check(dir);
        const codes = lines.map((line) => line.replace(/^.*?:\d+:\d+ /, '').split(' ').slice(0, 2).join(' '));
        expect(codes).toContain('info unused-template'); // its own severity
        expect(codes).toContain('warning unused-role'); // not off
        expect(codes).toContain('error syntax-error'); // generated/ is loaded
        // The suppression works without a configuration: empty-policy on roles.spol:19 stays dropped.
        expect(lines.some((line) => /roles\.spol:19:\d+ warning empty-policy/.test(line))).toBe(false);
    });

    it('reports a suppressed finding once its suppression is gone', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'spol-config-'));
        cpSync(join(root, good), dir, { recursive: true });
        const roles = join(dir, 'roles.spol');
        const { readFileSync } = await import('node:fs');
        writeFileSync(roles, readFileSync(roles, 'utf8').replace('// spol-ignore-next-line empty-policy -- kept', '// kept'));
        const { lines } = await check(dir);
        expect(lines.some((line) => /roles\.spol:19:5 warning empty-policy/.test(line))).toBe(true);
    });

    it('refuses a configuration with errors: each at its line:col in spol.yaml, exit 2, nothing checked', () => {
        const result = runSpol(['check', bad]);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr.trim().split('\n')).toEqual([
            `${bad}/spol.yaml:3:3 error config-unknown-rule spol has no rule \`unused-rol\`. Did you mean \`unused-role\`?`,
            `${bad}/spol.yaml:4:15 error config-invalid Rule \`escalation\` is set to error, warning, info or off, not \`loud\`.`,
            `${bad}/spol.yaml:6:5 error config-invalid The ignore pattern \`/absolute/**\` is absolute; patterns are relative to the folder of spol.yaml.`,
            `spol: the configuration '${bad}/spol.yaml' has errors; fix them first.`
        ]);
    });

    it('refuses it for the other commands too', async () => {
        const io = capture();
        expect(await main(['can', 'admin', 'read', '/table/agent', '--in', 'Voucher', bad], io)).toBe(2);
        expect(io.stderr).toContain('config-unknown-rule');
    });
});

describe('finding spol.yaml', () => {
    function tree(files: Record<string, string>): string {
        const dir = mkdtempSync(join(tmpdir(), 'spol-find-'));
        for (const [name, text] of Object.entries(files)) {
            mkdirSync(join(dir, name, '..'), { recursive: true });
            writeFileSync(join(dir, name), text);
        }
        return dir;
    }

    it('takes the one in the folder given', async () => {
        const dir = tree({ 'spol.yaml': 'rules: {}\n', 'a.spol': '' });
        expect(await configFilesOf([dir])).toEqual([join(dir, 'spol.yaml')]);
    });

    it('takes the nearest one above the folder or file given', async () => {
        const dir = tree({ 'spol.yaml': 'rules: {}\n', 'sub/deeper/a.spol': '', 'sub/spol.yaml': 'rules: {}\n' });
        expect(await configFilesOf([join(dir, 'sub/deeper')])).toEqual([join(dir, 'sub/spol.yaml')]);
        expect(await configFilesOf([join(dir, 'sub/deeper/a.spol')])).toEqual([join(dir, 'sub/spol.yaml')]);
    });

    it('looks no higher than the root of a git repository', async () => {
        const dir = tree({ 'spol.yaml': 'rules: {}\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/policy/a.spol': '' });
        expect(await configFilesOf([join(dir, 'repo/policy')])).toEqual([]);
    });

    it('applies one found above to the files below it, ignore patterns relative to its folder', async () => {
        const dir = tree({
            'spol.yaml': 'rules:\n  unused-role: off\nignore:\n  - sub/old/**\n',
            'sub/a.spol': 'institution M { division D { discipline F type fish { collection C code "C" } } }\nuser admin { institution admin agent "A" in D }\nrole Spare in C { description "x" allow /report: execute }\n',
            'sub/old/b.spol': 'user {\n'
        });
        const { lines } = await check(join(dir, 'sub'));
        expect(lines).toEqual(['1 file checked: no problems.']);
    });
});
