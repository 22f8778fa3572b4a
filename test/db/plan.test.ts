/**
 * `spol plan` against a real MariaDB seeded with the example museum: its own workspace plans
 * "no changes"; an edited copy of it plans exactly the rows the edit changes (a role edit, a
 * rename kept as a rename); changes Specify's server would refuse are refused with its reason; the
 * plan file reads back as the plan, and its digest no longer matches once a database row changes.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlanToTables } from '../../database/apply-in-memory.js';
import { tablesDigest } from '../../database/plan-digest.js';
import { planFromJson } from '../../database/plan-json.js';
import { planChanges } from '../../database/plan.js';
import { readTables } from '../../database/read-tables.js';
import type { SpecifyTables } from '../../database/specify-tables.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { loadWorkspace } from '../../language/workspace.js';
import { spolInProcess } from '../cli/run-binary.js';
import { rowsOfModel, rowsOfTables } from './rows-by-name.js';
import { seed } from './seed.js';
import { freshDatabase, type TestDatabase } from './server.js';

const example = resolve(import.meta.dirname, '..', '..', 'examples', 'natural-history-museum');

let db: TestDatabase;
let connection: Connection;
const folders: string[] = [];

beforeAll(async () => {
    const model = (await loadWorkspace([example], { lint: false })).model;
    db = await freshDatabase('plan');
    connection = await db.connect();
    await seed(connection, model);
});

afterAll(async () => {
    await connection?.end();
    await db?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A copy of the example with `edits` made (file → [text, replacement]); each text must be there. */
function editedExample(edits: Record<string, readonly [string, string][]>): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-plan-'));
    folders.push(dir);
    cpSync(example, dir, { recursive: true });
    for (const [file, changes] of Object.entries(edits)) {
        let text = readFileSync(join(dir, file), 'utf8');
        for (const [from, to] of changes) {
            expect(text).toContain(from);
            text = text.replace(from, to);
        }
        writeFileSync(join(dir, file), text);
    }
    return dir;
}

async function modelOf(dir: string): Promise<PolicyModel> {
    return (await loadWorkspace([dir], { lint: false })).model;
}

async function tablesNow(): Promise<SpecifyTables> {
    return readTables(connection);
}

const DATA_ENTRY_EDIT = {
    'roles.spol': [['    allow /table/%: update\n}', '    allow /table/collectionobject: delete\n}']] as [string, string][]
};

describe('spol plan', () => {
    it('prints "no changes" for the workspace the database was seeded from, with --db or SPOL_DATABASE_URL', async () => {
        const run = await spolInProcess('plan', '--db', db.url, example);
        expect(run).toEqual({ code: 0, stdout: 'no changes\n', stderr: '' });
        const before = process.env['SPOL_DATABASE_URL'];
        process.env['SPOL_DATABASE_URL'] = db.url;
        try {
            expect(await spolInProcess('plan', example)).toEqual({ code: 0, stdout: 'no changes\n', stderr: '' });
        } finally {
            if (before === undefined) delete process.env['SPOL_DATABASE_URL'];
            else process.env['SPOL_DATABASE_URL'] = before;
        }
    });

    it('lists exactly the rows a role edit changes: one policy added, one removed, in each copy', async () => {
        const dir = editedExample(DATA_ENTRY_EDIT);
        const tables = await tablesNow();
        const { plan } = planChanges(tables, await modelOf(dir));
        const roleIds = new Map(tables.sprole.filter((r) => r.name === 'Data Entry Staff').map((r) => [r.id, r.collection_id]));
        expect(roleIds.size).toBe(2);
        expect(plan.insert.sprolepolicy.map((r) => [r.role, r.collection, r.role_id, r.resource, r.action])).toEqual(
            [...roleIds.keys()].map((id) => ['DataEntry', expect.any(String), { id }, '/table/collectionobject', 'delete'])
        );
        const removed = tables.sprolepolicy.filter((r) => roleIds.has(r.role_id) && r.resource === '/table/%' && r.action === 'update');
        expect(removed).toHaveLength(2);
        expect(plan.delete.sprolepolicy.map((d) => d.row)).toEqual(removed);
        expect(plan.insert.spuserpolicy).toEqual([]);
        expect(plan.insert.spuserrole).toEqual([]);
        expect(plan.delete.spuserpolicy).toEqual([]);
        expect(plan.delete.spuserrole).toEqual([]);
        expect(plan.roles).toEqual({ create: [], update: [], delete: [] });
        expect(plan.libraryRoles).toEqual({ create: [], update: [], delete: [] });
        // Applied, the database holds exactly the edited workspace's rows.
        expect(rowsOfTables(applyPlanToTables(tables, plan))).toEqual(rowsOfModel(await modelOf(dir)));

        const run = await spolInProcess('plan', '--db', db.url, dir);
        expect(run.code).toBe(0);
        const lines = run.stdout.split('\n');
        // Effective changes first, escalations (delete) marked, before the rows.
        const escalation = lines.findIndex((line) => line.includes('ESCALATION + delete /table/collectionobject'));
        const rows = lines.indexOf('Rows:');
        expect(escalation).toBeGreaterThan(0);
        expect(rows).toBeGreaterThan(escalation);
        expect(lines.filter((line) => line.trim().startsWith('+ sprolepolicy'))).toHaveLength(2);
        expect(lines.filter((line) => line.trim().startsWith('- sprolepolicy /table/% update'))).toHaveLength(2);
        expect(lines.at(-2)).toMatch(/^Plan: 2 rows to insert, 2 to delete, 0 roles to rename or describe anew/);
    });

    it('plans a renamed role as a rename of the same rows, not a delete and a create', async () => {
        const dir = editedExample({ 'roles.spol': [['role DataEntry "Data Entry Staff"', 'role DataEntry "Data Entry Clerk"']] });
        const tables = await tablesNow();
        const { plan } = planChanges(tables, await modelOf(dir));
        const copies = tables.sprole.filter((r) => r.name === 'Data Entry Staff');
        expect(plan.roles.update.map((u) => [u.id, u.from.name, u.to.name])).toEqual(copies.map((r) => [r.id, 'Data Entry Staff', 'Data Entry Clerk']));
        expect(plan.roles.create).toEqual([]);
        expect(plan.roles.delete).toEqual([]);
        expect(Object.values(plan.insert).flat()).toEqual([]);
        expect(Object.values(plan.delete).flat()).toEqual([]);
        const run = await spolInProcess('plan', '--db', db.url, dir);
        expect(run.stdout).toContain('~ role "Data Entry Staff" in FishVoucher: renamed "Data Entry Clerk"');
        expect(run.stdout).toContain('no effective change');
    });

    it('refuses to remove the last Institution Admin, with Specify’s reason', async () => {
        const dir = editedExample({ 'users/administration.spol': [['    institution admin\n', '']] });
        const run = await spolInProcess('plan', '--db', db.url, dir);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain('{"NoAdminUsersException": {}}');
        expect(run.stderr).toContain('Request would leave system with no admin users.');
    });

    it('refuses a role given outside its own collection', async () => {
        const dir = editedExample({ 'users/herpetology.spol': [['        roles VisitingResearcher', '        roles VisitingResearcher, StudentIntern']] });
        const run = await spolInProcess('plan', '--db', db.url, dir);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('user kmensah is given role StudentIntern in HerpVoucher, but the role is declared only in Herbarium');
    });

    it('refuses access to a collection in a division where the user has no agent, with Specify’s reason', async () => {
        const dir = editedExample({ 'users/herpetology.spol': [['        roles CollectionManager\n    }', '        roles CollectionManager\n    }\n    in Herbarium {\n        access\n    }']] });
        const tables = await tablesNow();
        const herbarium = tables.collection.find((c) => c.CollectionName === 'Northfield Herbarium')!;
        const run = await spolInProcess('plan', '--db', db.url, dir);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('user rbrooks could enter Northfield Herbarium but has no agent in division Division of Botany');
        expect(run.stderr).toContain(`{"MissingAgentForAccessibleCollection": {"missing_for_7": [${herbarium.UserGroupScopeId}], "missing_for_6": []`);
    });

    it('writes a plan file that reads back as the plan, whose digest changes when a database row changes', async () => {
        const dir = editedExample(DATA_ENTRY_EDIT);
        const out = join(dir, 'plan.json');
        const run = await spolInProcess('plan', '--db', db.url, dir, '--out', out);
        expect(run.code).toBe(0);
        const file = planFromJson(readFileSync(out, 'utf8'), out);
        const tables = await tablesNow();
        expect(file.plan).toEqual(planChanges(tables, await modelOf(dir)).plan);
        expect(file.database).toBe(db.url);
        expect(file.plan.digest).toBe(tablesDigest(tables));

        const someone = tables.specifyuser.find((u) => u.Name === 'kmensah')!;
        await connection.query('INSERT INTO spuserpolicy (collection_id, specifyuser_id, resource, action) VALUES (NULL, ?, ?, ?)', [someone.SpecifyUserID, '/table/agent', 'read']);
        try {
            expect(tablesDigest(await tablesNow())).not.toBe(file.plan.digest);
        } finally {
            await connection.query('DELETE FROM spuserpolicy WHERE specifyuser_id = ? AND resource = ? AND collection_id IS NULL', [someone.SpecifyUserID, '/table/agent']);
        }
        expect(tablesDigest(await tablesNow())).toBe(file.plan.digest);
    });
});
