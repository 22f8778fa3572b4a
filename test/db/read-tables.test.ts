/**
 * read-tables against a real MariaDB holding Specify's schema, seeded with the example museum:
 * the read gives back exactly the rows seeded (ids and all), from one snapshot, in a transaction
 * that can write nothing and is closed afterwards.
 */
import { resolve } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../database/connect.js';
import { readTables, type SqlSession } from '../../database/read-tables.js';
import { SPECIFY_TABLE_NAMES, type SpecifyTables } from '../../database/specify-tables.js';
import { specifyName } from '../../engine/interchange/numbering.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { ModelIndex } from '../../engine/model/stored.js';
import { loadWorkspace } from '../../language/workspace.js';
import { FIRST_IDS, seed } from './seed.js';
import { freshDatabase, type TestDatabase } from './server.js';

const example = resolve(import.meta.dirname, '..', '..', 'examples', 'natural-history-museum');

let model: PolicyModel;
let db: TestDatabase;
let connection: Connection;
let seeded: SpecifyTables;

beforeAll(async () => {
    model = (await loadWorkspace([example], { lint: false })).model;
    db = await freshDatabase('read');
    connection = await db.connect();
    seeded = await seed(connection, model);
});

afterAll(async () => {
    await connection?.end();
    await db?.drop();
});

/** A session on a real connection that runs `between` (on another connection) after the statement `after` matches. */
function interleaved(inner: Connection, after: RegExp, between: () => Promise<void>): SqlSession & { readonly statements: string[] } {
    const statements: string[] = [];
    let done = false;
    return {
        statements,
        async query(sql: string) {
            const answer = (await inner.query(sql)) as [unknown, unknown];
            statements.push(sql);
            if (!done && after.test(sql)) {
                done = true;
                await between();
            }
            return answer;
        }
    };
}

async function inTransaction(session: Connection): Promise<number> {
    const [rows] = await session.query('SELECT @@in_transaction AS open');
    return (rows as { open: number }[])[0]!.open;
}

describe('readTables on the seeded example', () => {
    it('gives back exactly the rows seeded, ids and all', async () => {
        const tables = await readTables(connection);
        expect(tables).toEqual(seeded);
        expect(Object.keys(tables)).toEqual(SPECIFY_TABLE_NAMES);
    });

    it('holds every row stored.ts computes for the model, under fresh ids', async () => {
        const tables = await readTables(connection);
        const index = new ModelIndex(model);
        const collections = index.collectionNames();
        const rolePolicies = [...index.roles.values()].flatMap((role) => role.collections.flatMap((ref) => index.roleRows(role, ref.name)));
        const userPolicies = [...index.users.values()].flatMap((user) => [
            ...index.institutionRows(user),
            ...collections.flatMap((c) => index.collectionUserRows(user, c))
        ]);
        const assignments = [...index.users.values()].flatMap((user) => collections.flatMap((c) => index.rolesHeld(user, c)));
        expect(tables.collection.map((row) => row.Code)).toEqual(collections.map((name) => index.collections.get(name)!.code ?? null));
        expect(tables.specifyuser.map((row) => row.Name)).toEqual(model.users.map((user) => user.name));
        expect(tables.sprolepolicy).toHaveLength(rolePolicies.length);
        expect(tables.spuserpolicy).toHaveLength(userPolicies.length);
        expect(tables.spuserrole).toHaveLength(assignments.length);
        expect(tables.splibraryrolepolicy).toHaveLength(model.libraryRoles.flatMap((role) => index.libraryRoleRows(role)).length);
        expect(rolePolicies.length).toBeGreaterThan(0);
        for (const table of SPECIFY_TABLE_NAMES) {
            const ids = (tables[table] as readonly object[]).map((row) => Object.values(row)[0]);
            if (table !== 'specifyuser_spprincipal') expect(ids[0], table).toBe(FIRST_IDS[table]);
        }
    });

    it("links the rows as Specify does: a user's role in a collection, an agent in a division", async () => {
        const tables = await readTables(connection);
        const jdoe = tables.specifyuser.find((user) => user.Name === 'jdoe')!;
        const voucher = tables.collection.find((c) => c.Code === model.institutions[0]!.divisions[0]!.disciplines[0]!.collections[0]!.code)!;
        const held = tables.spuserrole
            .filter((row) => row.specifyuser_id === jdoe.SpecifyUserID)
            .map((row) => tables.sprole.find((role) => role.id === row.role_id)!)
            .filter((role) => role.collection_id === voucher.UserGroupScopeId)
            .map((role) => role.name);
        const index = new ModelIndex(model);
        expect(held).toEqual(index.rolesHeld(index.users.get('jdoe')!, 'FishVoucher').map(specifyName));
        const agents = tables.agent.filter((agent) => agent.SpecifyUserID === jdoe.SpecifyUserID);
        expect(agents.map((agent) => [agent.LastName, agent.FirstName, tables.division.find((d) => d.UserGroupScopeId === agent.DivisionID)?.Name])).toEqual([
            ['Doe', 'Jane', 'Division of Ichthyology']
        ]);
    });

    it('closes its transaction: nothing is left open on the connection', async () => {
        await readTables(connection);
        expect(await inTransaction(connection)).toBe(0);
    });

    it('reads in a read-only transaction: a write inside it is refused', async () => {
        let refused: unknown;
        const session = interleaved(connection, /^SELECT/, async () => {
            refused = await connection.query("INSERT INTO splibraryrole (name, description) VALUES ('Sneaky', '')").then(
                () => undefined,
                (error: unknown) => error
            );
        });
        await readTables(session);
        expect(refused).toMatchObject({ code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION' });
        expect(await readTables(connection)).toEqual(seeded);
    });

    it('reads one snapshot: rows committed by another connection during the read are not seen', async () => {
        const other = await db.connect();
        try {
            const write = (name: string) => async () => {
                await other.query('INSERT INTO splibraryrole (name, description) VALUES (?, ?)', [name, '']);
                await other.query("INSERT INTO spuserpolicy (collection_id, specifyuser_id, resource, action) VALUES (NULL, ?, '%', '%')", [
                    seeded.specifyuser[0]!.SpecifyUserID
                ]);
            };
            // Once just after the transaction starts, once after the first table is read.
            const atStart = interleaved(connection, /^START TRANSACTION/, write('During start'));
            expect(await readTables(atStart)).toEqual(seeded);
            const before = await readTables(connection);
            expect(before.splibraryrole.at(-1)!.name).toBe('During start');
            const midway = interleaved(connection, /FROM `institution`/, write('During read'));
            expect(await readTables(midway)).toEqual(before);
            expect(midway.statements.filter((sql) => sql.startsWith('SELECT'))).toHaveLength(SPECIFY_TABLE_NAMES.length);
            // The next read sees both writes.
            const after = await readTables(connection);
            expect(after.splibraryrole.slice(-2).map((role) => role.name)).toEqual(['During start', 'During read']);
            expect(after.spuserpolicy.length).toBe(seeded.spuserpolicy.length + 2);
        } finally {
            await other.end();
        }
    });
});

describe('readTables on a database that is not a Specify database', () => {
    it('fails naming the table it could not read, and leaves no transaction open', async () => {
        const empty = await freshDatabase('empty', { schema: false });
        const session = await empty.connect();
        try {
            const error = await readTables(session).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(DatabaseError);
            expect((error as DatabaseError).message).toMatch(/^cannot read table institution: Table '.*\.institution' doesn't exist$/);
            expect(await inTransaction(session)).toBe(0);
        } finally {
            await session.end();
            await empty.drop();
        }
    });
});
