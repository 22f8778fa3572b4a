/**
 * spol profile and spol who-can through main() and the built binary: text and JSON output, exit
 * codes, did-you-mean, and workspaces that cannot be decided on.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { capture, root, runSpol } from './run-binary.js';

const museum = join(root, 'examples', 'natural-history-museum');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = capture();
    const code = await main(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
}

function workspace(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-profile-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
}

/** One-based line of the first line of a file equal to `text` (trimmed), after the first line starting with `after`. */
function lineOf(file: string, text: string, after?: string): number {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const from = after === undefined ? 0 : lines.findIndex((line) => line.startsWith(after));
    const index = lines.findIndex((line, i) => i >= from && line.trim() === text);
    expect(from, after).toBeGreaterThanOrEqual(0);
    expect(index, text).toBeGreaterThanOrEqual(0);
    return index + 1;
}

function lineFor(stdout: string, resource: string): string {
    const found = stdout.split('\n').find((line) => line.trim().split(/\s+/)[0] === resource);
    expect(found, resource).toBeDefined();
    return found!;
}

const tiny = `
institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" collection Tissue code "T" } }
}
role Reader in Voucher, Tissue { description "Reads" allow /table/%: read }
user admin { institution admin agent "Admin" in Fishes }
user reader { agent "Reader, R." in Fishes in Voucher { access roles Reader } in Tissue { roles Reader } }
`;

describe('spol profile', () => {
    it('lists allowed cells group by group, with where each came from (exit 0)', async () => {
        const { code, stdout, stderr } = await run(['profile', 'jdoe', '--in', 'FishVoucher', museum]);
        expect(stderr).toBe('');
        expect(code).toBe(0);
        expect(stdout).toMatch(/^jdoe in FishVoucher: \d+ of 974 allowed \(operations \d+\/87, tools \d+\/24, tables \d+\/860, preferences 0\/3\)\n/);
        const access = lineOf(join(museum, 'users', 'ichthyology.spol'), 'access', 'user jdoe');
        expect(stdout).toContain(`collection access: yes  ← access to FishVoucher users/ichthyology.spol:${access}`);
        for (const heading of ['operations', 'tools', 'tables', 'system tables', 'preferences']) expect(stdout).toMatch(new RegExp(`\\n\\n${heading}\\n`));
        const objects = lineFor(stdout, '/table/collectionobject');
        expect(objects).toMatch(/^ {2}\/table\/collectionobject +collection +read create update {2}← /);
        expect(objects).not.toMatch(/delete/);
        const workbench = lineOf(join(museum, 'library.spol'), 'allow /table/%: read, create');
        expect(objects).toContain(`role DataEntry (from library FullWorkBenchAccess) library.spol:${workbench} [read create]`);
        expect(objects).toMatch(/role DataEntry roles\.spol:\d+ \[update\]/);
        expect(lineFor(stdout, '/tools/queryBuilder')).toMatch(/read create update delete {2}← /);
        // Nothing jdoe is denied is listed by default.
        expect(stdout).not.toContain('/admin/user/password');
        expect(stdout).not.toContain('denied:');
        expect(stdout).toMatch(/preferences\n {2}\(nothing allowed\)\n$/);
    });

    it('with --all lists denied actions too, marking institution-level checks and partial tools', async () => {
        const { code, stdout } = await run(['profile', 'sfischer', '--in', 'FishVoucher', '--all', museum]);
        expect(code).toBe(0);
        expect(lineFor(stdout, '/admin/user/password')).toMatch(/denied: update {2}\(institution level\)$/);
        expect(lineFor(stdout, '/permissions/list_admins')).toMatch(/read {2}\(institution level\) {2}← institution policy users\/administration\.spol:\d+$/);
        expect(lineFor(stdout, '/permissions/roles')).toMatch(/read {2}denied: create update delete copy_from_library {2}← role SecurityAuditor roles\.spol:\d+$/);
        expect(lineFor(stdout, '/table/collectionobject')).toMatch(/read {2}denied: create update delete {2}← /);
        expect(lineFor(stdout, '/preferences/user')).toMatch(/denied: edit_protected$/);
    });

    it('shows a tool denied because one of its tables is, naming the table', async () => {
        const dir = workspace({
            'a.spol': tiny.replace('allow /table/%: read', 'allow /table/%: read  allow /table/spauditlog: delete')
        });
        const { stdout } = await run(['profile', 'reader', '--in', 'Voucher', '--all', dir]);
        expect(lineFor(stdout, '/tools/auditLog')).toMatch(/read {2}denied: create update delete \(not on \/table\/spauditlogfield\) {2}← role Reader a\.spol:5$/);
    });

    it('says when the user cannot enter the collection and shows what policies would grant as blocked', async () => {
        const { code, stdout } = await run(['profile', 'reader', '--in', 'Tissue', workspace({ 'a.spol': tiny })]);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^reader in Tissue: 0 of 974 allowed/);
        expect(stdout).toContain('collection access: NO: reader cannot enter Tissue, so every request there is refused; policies grant 221 of them, shown as blocked');
        expect(lineFor(stdout, '/table/agent')).toMatch(/blocked: read {2}← role Reader a\.spol:5$/);
    });

    it('at institution level counts only institution-level policies', async () => {
        const admin = await run(['profile', 'admin', '--institution', workspace({ 'a.spol': tiny })]);
        expect(admin.code).toBe(0);
        expect(admin.stdout).toMatch(/^admin at institution level: 974 of 974 allowed/);
        expect(admin.stdout).toContain('only institution-level user policies count here');
        expect(lineFor(admin.stdout, '/admin/user/password')).toMatch(/update {2}← Institution Admin a\.spol:6$/);
        const reader = await run(['profile', 'reader', '--institution', workspace({ 'a.spol': tiny })]);
        expect(reader.stdout).toMatch(/^reader at institution level: 0 of 974 allowed/);
    });

    it('prints every cell as JSON with --format json', async () => {
        const { code, stdout } = await run(['profile', 'jdoe', '--in', 'FishVoucher', '--format', 'json', museum]);
        expect(code).toBe(0);
        const parsed = JSON.parse(stdout);
        expect(parsed).toMatchObject({ user: 'jdoe', collection: 'FishVoucher', collectionAccess: { allowed: true } });
        expect(parsed.operations).toHaveLength(27);
        expect(parsed.tables).toHaveLength(215);
        expect(parsed.tools).toHaveLength(6);
        expect(parsed.preferences).toHaveLength(3);
        const cells = ['operations', 'tools', 'tables', 'preferences'].flatMap((group) => parsed[group].flatMap((e: { cells: unknown[] }) => e.cells));
        expect(cells).toHaveLength(parsed.summary.cells);
        expect(cells.filter((c: { allowed: boolean }) => c.allowed)).toHaveLength(parsed.summary.allowed);
        const objects = parsed.tables.find((t: { table: string }) => t.table === 'collectionobject');
        expect(objects).toMatchObject({ kind: 'table', resource: '/table/collectionobject', scope: 'collection', system: false, level: 'collection' });
        const del = objects.cells.find((c: { action: string }) => c.action === 'delete');
        expect(del).toEqual({ action: 'delete', allowed: false, reason: 'no-matching-policy', matches: [] });
        const update = objects.cells.find((c: { action: string }) => c.action === 'update');
        expect(update.matches[1]).toMatchObject({ resource: '/table/%', action: 'update', origin: { kind: 'role', role: 'DataEntry', collection: 'FishVoucher' } });
        expect(update.matches[1].source.file).toBe(relative(process.cwd(), join(museum, 'roles.spol')));
        const auditLog = parsed.tools.find((t: { tool: string }) => t.tool === 'auditLog');
        expect(auditLog.cells.find((c: { action: string }) => c.action === 'delete')).toMatchObject({ allowed: false, missingTables: ['/table/spauditlog', '/table/spauditlogfield'] });
    });

    it('refuses unknown names with did-you-mean and bad usage with one line (exit 2)', async () => {
        const cases: [string[], RegExp][] = [
            [['profile', 'jdo', '--in', 'FishVoucher', museum], /^spol: There is no user jdo\. Did you mean jdoe\?\n$/],
            [['profile', 'jdoe', '--in', 'FishVouch', museum], /^spol: There is no collection FishVouch\. Did you mean FishVoucher\?\n$/],
            [['profile', 'jdoe', museum], /^spol: say where to ask: --in <collection> or --institution/],
            [['profile', 'jdoe', '--in', 'FishVoucher', '--institution', museum], /^spol: say where to ask/],
            [['profile', 'jdoe', '--in', 'FishVoucher', '--format', 'sarif', museum], /^spol: unknown format 'sarif': use text, json\.\n$/]
        ];
        for (const [args, message] of cases) {
            const { code, stdout, stderr } = await run(args);
            expect(code, args.join(' ')).toBe(2);
            expect(stdout, args.join(' ')).toBe('');
            expect(stderr, args.join(' ')).toMatch(message);
        }
    });

    it('refuses to answer over a workspace with syntax errors (exit 2)', async () => {
        const { code, stderr } = await run(['profile', 'reader', '--in', 'Voucher', workspace({ 'a.spol': tiny + '\nuser {' })]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/a\.spol:\d+:\d+ error syntax-error /);
        expect(stderr).toMatch(/spol: the workspace has errors that make a decision meaningless/);
    });
});

describe('spol who-can', () => {
    it('lists one user per line with what granted it (exit 0)', async () => {
        const { code, stdout, stderr } = await run(['who-can', 'delete', '/table/collectionobject', '--in', 'FishVoucher', museum]);
        expect(stderr).toBe('');
        expect(code).toBe(0);
        const lines = stdout.trimEnd().split('\n');
        expect(lines[0]).toBe('who may delete /table/collectionobject in FishVoucher: 4 of 10 users');
        const admin = lineOf(join(museum, 'users', 'administration.spol'), 'institution admin');
        const fullData = lineOf(join(museum, 'library.spol'), 'allow /table/%: read, create, update, delete');
        expect(lines.slice(1, 5)).toEqual([
            `  mokafor    ← Institution Admin users/administration.spol:${admin}`,
            `  pkowalski  ← role Registrar (from library FullDataAccess) library.spol:${fullData}`,
            expect.stringMatching(/^ {2}tnguyen {4}← role CollectionManager \(from library CollectionAdmin\) library\.spol:\d+$/),
            `  ehartley   ← role LeadCurator (from library FullDataAccess) library.spol:${fullData}`
        ]);
        expect(lines[5]).toBe('(files relative to examples/natural-history-museum)');
    });

    it('notes institution-level checks, tools and nobody', async () => {
        const password = await run(['who-can', 'update', '/admin/user/password', '--in', 'FishVoucher', museum]);
        expect(password.stdout).toMatch(/: 1 of 10 users\n {2}mokafor {2}← Institution Admin/);
        expect(password.stdout).toMatch(/note: \/admin\/user\/password is checked at institution level/);
        const tool = await run(['who-can', 'read', '/tools/auditLog', '--in', 'HerpVoucher', museum]);
        expect(tool.stdout).toMatch(/^who may read \/tools\/auditLog in HerpVoucher: 5 of 10 users\n/);
        expect(tool.stdout).toMatch(/note: \/tools\/auditLog is a group in Specify's UI/);
        const nobody = await run(['who-can', 'force_update', '/export/feed', '--institution', workspace({ 'a.spol': tiny.replace('institution admin', '') })]);
        expect(nobody.code).toBe(0);
        expect(nobody.stdout).toBe('who may force_update /export/feed at institution level: nobody of 2 users\n');
    });

    it('lists users a policy grants it to who cannot enter the collection', async () => {
        const { stdout } = await run(['who-can', 'read', '/table/agent', '--in', 'Tissue', workspace({ 'a.spol': tiny })]);
        const lines = stdout.split('\n');
        expect(lines.slice(0, 4)).toEqual([
            'who may read /table/agent in Tissue: 1 of 2 users',
            '  admin  ← Institution Admin a.spol:6',
            'granted by policy but refused because they cannot enter Tissue:',
            '  reader  ← role Reader a.spol:5'
        ]);
        expect(lines.slice(4)).toEqual([expect.stringMatching(/^\(files relative to .+\)$/), '']);
    });

    it('prints JSON with --format json', async () => {
        const { code, stdout } = await run(['who-can', 'read', '/table/agent', '--in', 'Tissue', '--format', 'json', workspace({ 'a.spol': tiny })]);
        expect(code).toBe(0);
        const parsed = JSON.parse(stdout);
        expect(parsed).toMatchObject({ resource: '/table/agent', level: 'collection', users: 2, query: { action: 'read', resource: '/table/agent', collection: 'Tissue' } });
        expect(parsed.allowed).toHaveLength(1);
        expect(parsed.allowed[0]).toMatchObject({ user: 'admin', reason: 'granted', matches: [{ resource: '%', action: '%', derivation: 'institution-admin' }] });
        expect(parsed.allowed[0].matches[0].source.line).toBe(6);
        expect(parsed.blocked[0]).toMatchObject({ user: 'reader', reason: 'no-collection-access', collectionAccess: { allowed: false, matches: [] } });
    });

    it('refuses names Specify does not define with did-you-mean (exit 2)', async () => {
        const cases: [string[], RegExp][] = [
            [['who-can', 'delete', '/table/colectionobject', '--in', 'FishVoucher', museum], /^spol: \/table\/colectionobject is not a resource Specify 7 defines\. Did you mean \/table\/collectionobject\?\n$/],
            [['who-can', 'delet', '/table/collectionobject', '--in', 'FishVoucher', museum], /^spol: \/table\/collectionobject has no action delet in Specify 7\. Did you mean delete\?\n$/],
            [['who-can', 'delete', '/table/collectionobject', '--in', 'FishVouch', museum], /^spol: There is no collection FishVouch\. Did you mean FishVoucher\?\n$/],
            [['who-can', 'delete', '/table/collectionobject', museum], /^spol: say where to ask/],
            [['who-can', 'delete'], /missing required argument 'resource'/]
        ];
        for (const [args, message] of cases) {
            const { code, stderr } = await run(args);
            expect(code, args.join(' ')).toBe(2);
            expect(stderr, args.join(' ')).toMatch(message);
        }
    });
});

describe('the spol binary', () => {
    it('runs profile and who-can as a process, with exit codes and no stack traces', () => {
        const dir = relative(root, museum);
        const profile = runSpol(['profile', 'jdoe', '--in', 'FishVoucher', dir]);
        expect(profile.status).toBe(0);
        expect(profile.stdout).toMatch(/^jdoe in FishVoucher: \d+ of 974 allowed/);
        const json = runSpol(['profile', 'mokafor', '--institution', '--format', 'json', dir]);
        expect(json.status).toBe(0);
        expect(JSON.parse(json.stdout).summary).toMatchObject({ cells: 974, allowed: 974 });
        const who = runSpol(['who-can', 'delete', '/table/collectionobject', '--in', 'FishVoucher', dir]);
        expect(who.status).toBe(0);
        expect(who.stdout.split('\n').slice(1, 5).map((line) => line.trim().split(/\s+/)[0])).toEqual(['mokafor', 'pkowalski', 'tnguyen', 'ehartley']);
        const typo = runSpol(['who-can', 'read', '/table/agnt', '--in', 'FishVoucher', dir]);
        expect(typo.status).toBe(2);
        expect(typo.stderr).toMatch(/^spol: .*Did you mean \/table\/agent\?/);
        expect(typo.stderr).not.toMatch(/\n\s+at /);
        const unknownUser = runSpol(['profile', 'nobody', '--institution', dir]);
        expect(unknownUser.status).toBe(2);
        expect(unknownUser.stderr.trim().split('\n')).toHaveLength(1);
    });
});
