/**
 * `spol apply` against a real MariaDB seeded with the example museum, a fresh database per test:
 * edit → plan → apply leaves exactly the edited workspace's rows (planning again: "no changes")
 * and no other table touched; a plan made stale by a concurrent change is refused; an error or a
 * connection killed in the middle of applying leaves the database as it was.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, type WriteSession } from '../../database/apply-plan.js';
import { planFromJson } from '../../database/plan-json.js';
import { planChanges } from '../../database/plan.js';
import type { Plan } from '../../database/plan-types.js';
import { readTables } from '../../database/read-tables.js';
import type { SpecifyTables } from '../../database/specify-tables.js';
import { loadWorkspace } from '../../language/workspace.js';
import { spolInProcess } from '../cli/run-binary.js';
import { rowsOfModel, rowsOfTables } from './rows-by-name.js';
import { seed } from './seed.js';
import { freshDatabase, type TestDatabase } from './server.js';

const example = resolve(import.meta.dirname, '..', '..', 'examples', 'natural-history-museum');
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
});

async function seeded(): Promise<{ db: TestDatabase; connection: Connection }> {
    const db = await freshDatabase('apply');
    const connection = await db.connect();
    cleanup.push(() => db.drop(), () => connection.end());
    await seed(connection, (await loadWorkspace([example], { lint: false })).model);
    return { db, connection };
}

/** A copy of the example with several kinds of edit: a role's rows, a rename, a new role held, a user's own rows, a library role. */
function editedExample(): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-apply-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    cpSync(example, dir, { recursive: true });
    const edit = (file: string, from: string, to: string) => {
        const text = readFileSync(join(dir, file), 'utf8');
        expect(text).toContain(from);
        writeFileSync(join(dir, file), text.replace(from, to));
    };
    edit('roles.spol', '    allow /table/%: update\n}', '    allow /table/collectionobject: delete\n}');
    edit('roles.spol', 'role Registrar "Registrar"', 'role Registrar "Museum Registrar"');
    edit('roles.spol', '// Full control of the collection', 'role Temporary "Temporary" in HerpVoucher {\n    allow /table/agent: read\n}\n\n// Full control of the collection');
    edit('users/herpetology.spol', '        roles VisitingResearcher', '        roles VisitingResearcher, Temporary\n        allow /table/taxon: read');
    edit('library.spol', 'create, update, delete, validate, transfer', 'create, update, delete, validate');
    return dir;
}

/** The tables apply writes (README's grants for an apply user). */
const PERMISSION_TABLES = ['spuserpolicy', 'sprole', 'sprolepolicy', 'spuserrole', 'splibraryrole', 'splibraryrolepolicy'] as const;

const OTHER_TABLES = ['institution', 'division', 'discipline', 'collection', 'specifyuser', 'agent', 'spprincipal', 'specifyuser_spprincipal'] as const;

function otherTables(tables: SpecifyTables): unknown[] {
    return OTHER_TABLES.map((table) => tables[table]);
}

describe('spol apply', () => {
    it('applies an edit so that the database holds exactly the edited workspace and plans "no changes" after', async () => {
        const { db, connection } = await seeded();
        const dir = editedExample();
        const before = await readTables(connection);
        const out = join(dir, 'plan.json');
        const planned = await spolInProcess('plan', '--db', db.url, dir, '--out', out);
        expect(planned.code).toBe(0);
        const plan = planFromJson(readFileSync(out, 'utf8'), out).plan;
        // The edit exercises every kind of change.
        expect(plan.roles.create.map((c) => [c.name, c.collection])).toEqual([['Temporary', 'HerpVoucher']]);
        expect(plan.roles.update).toHaveLength(5);
        expect(plan.insert.spuserrole.map((r) => [r.user, r.role])).toEqual([['kmensah', 'Temporary']]);
        expect(plan.insert.spuserpolicy.map((r) => [r.user, r.collection, r.resource, r.action])).toEqual([['kmensah', 'HerpVoucher', '/table/taxon', 'read']]);
        expect(plan.delete.splibraryrolepolicy.map((d) => [d.libraryRole, d.row.resource, d.row.action])).toEqual([['CreateDataSets', '/workbench/dataset', 'transfer']]);
        // The one role made from that library role loses the row too (Specify copies, so spol says so).
        expect(plan.delete.sprolepolicy.filter((d) => d.row.resource === '/workbench/dataset').map((d) => [d.role, d.collection, d.row.action])).toEqual([['StudentIntern', 'Herbarium', 'transfer']]);

        const applied = await spolInProcess('apply', '--db', db.url, '--plan', out);
        expect(applied).toEqual({ code: 0, stdout: expect.stringMatching(/^applied to mysql:\/\/root@localhost\/apply_\w+\?socket=.*: 6 rows inserted, 4 deleted, 5 roles renamed or described anew\n$/), stderr: '' });

        const after = await readTables(connection);
        expect(rowsOfTables(after)).toEqual(rowsOfModel((await loadWorkspace([dir], { lint: false })).model));
        expect(otherTables(after)).toEqual(otherTables(before));
        // Rows the plan does not delete stay as they were, ids and all.
        const deleted = new Set(Object.values(plan.delete).flatMap((list) => list.map((item) => `${item.row.id}`)));
        const kept = (rows: readonly { readonly id: number }[]) => rows.filter((row) => !deleted.has(`${row.id}`));
        expect(after.sprolepolicy.filter((row) => row.id <= Math.max(...before.sprolepolicy.map((r) => r.id)))).toEqual(kept(before.sprolepolicy));
        expect(after.spuserpolicy.filter((row) => row.id <= Math.max(...before.spuserpolicy.map((r) => r.id)))).toEqual(kept(before.spuserpolicy));
        expect(await spolInProcess('plan', '--db', db.url, dir)).toEqual({ code: 0, stdout: 'no changes\n', stderr: '' });
    });

    it('pull → plan says "no changes"; one role edit → plan lists exactly its rows → apply → pull gives the edited workspace', async () => {
        const { db } = await seeded();
        const work = mkdtempSync(join(tmpdir(), 'spol-pull-plan-'));
        cleanup.push(async () => rmSync(work, { recursive: true, force: true }));
        const pulled = join(work, 'pulled');
        expect((await spolInProcess('pull', '--db', db.url, '-o', pulled)).code).toBe(0);
        expect(await spolInProcess('plan', '--db', db.url, pulled)).toEqual({ code: 0, stdout: 'no changes\n', stderr: '' });

        const roles = join(pulled, 'roles.spol');
        const text = readFileSync(roles, 'utf8');
        const edited = text.replace('    from library FullWorkBenchAccess, BulkAttachmentImport, RunQueries\n    allow /table/%: update\n', '    from library FullWorkBenchAccess, BulkAttachmentImport, RunQueries\n    allow /table/collectionobject: delete\n');
        expect(edited).not.toBe(text);
        writeFileSync(roles, edited);
        const out = join(work, 'plan.json');
        const planned = await spolInProcess('plan', '--db', db.url, pulled, '--out', out);
        expect(planned.code).toBe(0);
        // What the edit takes away is granted by the database's rows, which no file holds.
        expect(planned.stdout).toMatch(/^ {4}- .*← role .* <database>$/m);
        expect(planned.stdout).not.toContain('<workspace>');
        const lines = planned.stdout.split('\n');
        const rowLines = lines.slice(lines.indexOf('Rows:')).filter((line) => /^ {4}[+-] /.test(line));
        expect(rowLines.map((line) => line.replace(/\(.*\)$/, '').trim()).sort()).toEqual([
            '+ sprolepolicy /table/collectionobject delete',
            '+ sprolepolicy /table/collectionobject delete',
            '- sprolepolicy /table/% update',
            '- sprolepolicy /table/% update'
        ]);
        expect((await spolInProcess('apply', '--db', db.url, '--plan', out)).code).toBe(0);

        const again = join(work, 'again');
        expect((await spolInProcess('pull', '--db', db.url, '-o', again)).code).toBe(0);
        const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.spol')).sort();
        expect(files(again)).toEqual(files(pulled));
        for (const file of files(pulled)) expect([file, readFileSync(join(again, file), 'utf8')]).toEqual([file, readFileSync(join(pulled, file), 'utf8')]);
    });

    it('applies as a user holding only the grants README names, and writes no audit-log row', async () => {
        const { db, connection } = await seeded();
        // A user of its own: users are server-wide, and other test files make theirs in parallel.
        const account = `spol_apply_${process.pid}`;
        const password = 'Apply-3x!';
        await connection.query(`CREATE USER IF NOT EXISTS '${account}'@'localhost' IDENTIFIED BY ?`, [password]);
        cleanup.push(async () => void (await connection.query(`DROP USER IF EXISTS '${account}'@'localhost'`)));
        await connection.query(`GRANT SELECT ON \`${db.name}\`.* TO '${account}'@'localhost'`);
        for (const table of PERMISSION_TABLES) await connection.query(`GRANT INSERT, UPDATE, DELETE ON \`${db.name}\`.${table} TO '${account}'@'localhost'`);
        const writer = db.url.replace('mysql://root@', `mysql://${account}:${encodeURIComponent(password)}@`);
        expect(writer).not.toBe(db.url);
        const audited = async () => ((await connection.query('SELECT COUNT(*) AS n FROM spauditlog'))[0] as { n: number }[])[0]!.n;
        const auditRowsBefore = await audited();

        const dir = editedExample();
        const out = join(dir, 'plan.json');
        expect((await spolInProcess('plan', '--db', writer, dir, '--out', out)).code).toBe(0);
        const applied = await spolInProcess('apply', '--db', writer, '--plan', out);
        expect(applied.stderr).toBe('');
        expect(applied.code).toBe(0);
        expect(rowsOfTables(await readTables(connection))).toEqual(rowsOfModel((await loadWorkspace([dir], { lint: false })).model));
        expect(await audited()).toBe(auditRowsBefore);
        // Without them, nothing is written.
        await connection.query(`REVOKE INSERT, UPDATE, DELETE ON \`${db.name}\`.sprolepolicy FROM '${account}'@'localhost'`);
        const reverted = join(dir, 'revert.json');
        expect((await spolInProcess('plan', '--db', writer, example, '--out', reverted)).code).toBe(0);
        const before = await readTables(connection);
        const refused = await spolInProcess('apply', '--db', writer, '--plan', reverted);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toMatch(/sprolepolicy/);
        expect(await readTables(connection)).toEqual(before);
    });

    it('refuses a plan made stale by a concurrent change, changing nothing', async () => {
        const { db, connection } = await seeded();
        const dir = editedExample();
        const out = join(dir, 'plan.json');
        expect((await spolInProcess('plan', '--db', db.url, dir, '--out', out)).code).toBe(0);
        const user = (await readTables(connection)).specifyuser.find((u) => u.Name === 'kmensah')!;
        await connection.query('INSERT INTO spuserpolicy (collection_id, specifyuser_id, resource, action) VALUES (NULL, ?, ?, ?)', [user.SpecifyUserID, '/table/agent', 'read']);
        const changed = await readTables(connection);

        const applied = await spolInProcess('apply', '--db', db.url, '--plan', out);
        expect(applied.code).toBe(1);
        expect(applied.stderr).toBe('spol: nothing applied: the database changed since the plan was made (its rows no longer match the plan’s digest): run spol plan again.\n');
        expect(await readTables(connection)).toEqual(changed);
    });

    it('changes nothing when a statement fails half way through', async () => {
        const { db, connection } = await seeded();
        const dir = editedExample();
        const before = await readTables(connection);
        const { plan } = planChanges(before, (await loadWorkspace([dir], { lint: false })).model);
        // A row that is not there, deleted after the other deletes have run.
        const broken: Plan = {
            ...plan,
            delete: { ...plan.delete, spuserpolicy: [...plan.delete.spuserpolicy, { user: 'kmensah', row: { id: 999_999, collection_id: null, specifyuser_id: 1, resource: 'x', action: 'y' } }] }
        };
        const session = await db.connect();
        cleanup.push(() => session.end());
        await expect(applyPlan(session, broken)).rejects.toThrow('cannot delete spuserpolicy row 999999: 0 rows changed instead of one.');
        expect(await readTables(connection)).toEqual(before);
    });

    it('changes nothing when the connection is killed in the middle of applying', async () => {
        const { db, connection } = await seeded();
        const dir = editedExample();
        const before = await readTables(connection);
        const { plan } = planChanges(before, (await loadWorkspace([dir], { lint: false })).model);
        const victim = await db.connect();
        const [[{ id }]] = (await victim.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]];
        const statements: string[] = [];
        // After the third write, another connection kills this one, as a lost network would.
        const session: WriteSession = {
            async query(sql, values) {
                const answer = (await victim.query(sql, values)) as [unknown, unknown];
                statements.push(sql);
                if (statements.filter((s) => /^(INSERT|DELETE|UPDATE)/.test(s)).length === 3) await connection.query(`KILL CONNECTION ${id}`);
                return answer;
            }
        };
        await expect(applyPlan(session, plan)).rejects.toThrow();
        expect(statements.filter((s) => /^(INSERT|DELETE|UPDATE)/.test(s)).length).toBe(3);
        victim.destroy();
        expect(await readTables(connection)).toEqual(before);
    });
});
