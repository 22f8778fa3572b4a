/**
 * The decision test of `spol pull`: on the example museum seeded into a real MariaDB, every
 * decision spol makes on the pulled workspace (`decide(..., { mode: 'query' })`) equals what
 * Specify's own permission query (specify-query.ts, the SQL of permissions.py `query()`) answers
 * on the database's rows, for every user, every collection and institution level, and every
 * resource the registry knows with each of its actions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecifyTables } from '../../database/specify-tables.js';
import { compile } from '../../engine/decision/compile.js';
import { specifyName } from '../../engine/interchange/numbering.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { registry } from '../../engine/registry/registry.js';
import { loadWorkspace } from '../../language/workspace.js';
import { spolInProcess } from '../cli/run-binary.js';
import { seed } from './seed.js';
import { freshDatabase, type TestDatabase } from './server.js';
import { allowedRequests, load, type Request } from './specify-query.js';

const example = resolve(import.meta.dirname, '..', '..', 'examples', 'natural-history-museum');

let db: TestDatabase;
let connection: Connection;
let seeded: SpecifyTables;
let pulled: PolicyModel;

beforeAll(async () => {
    const model = (await loadWorkspace([example], { lint: false })).model;
    db = await freshDatabase('pull_decide');
    connection = await db.connect();
    seeded = await seed(connection, model);
    const ws = join(mkdtempSync(join(tmpdir(), 'spol-pull-decide-')), 'ws');
    const result = await spolInProcess('pull', '--db', db.url, '-o', ws);
    if (result.code !== 0) throw new Error(result.stderr);
    pulled = (await loadWorkspace([ws], { lint: false })).model;
});

afterAll(async () => {
    await connection?.end();
    await db?.drop();
});

/** The pulled workspace's identifier of each collection, by the database's id (matched on the Specify name). */
function collectionIdentifiers(model: PolicyModel, tables: SpecifyTables): Map<number, string> {
    const byName = new Map<string, string>();
    for (const institution of model.institutions) {
        for (const division of institution.divisions) {
            for (const discipline of division.disciplines) for (const collection of discipline.collections) byName.set(specifyName(collection), collection.name);
        }
    }
    return new Map(tables.collection.map((row) => [row.UserGroupScopeId, byName.get(row.CollectionName ?? '')!]));
}

/** Every registry resource with each of its actions. */
export function registryRequests(): Request[] {
    return registry.concreteResources().flatMap((resource) => registry.actionsOf(resource).map((action) => ({ resource, action })));
}

/** Each (user, place, request) where spol's decision on the model and Specify's query on the database differ. */
async function differences(model: PolicyModel, requests: readonly Request[], places: readonly (readonly [number | null, string | undefined])[]) {
    await load(connection, requests);
    const engine = compile(model);
    const mismatches: string[] = [];
    let allowed = 0;
    let asked = 0;
    for (const user of seeded.specifyuser) {
        for (const [collectionId, collection] of places) {
            const specify = await allowedRequests(connection, user.SpecifyUserID, collectionId);
            const where = collection === undefined ? { institution: true } : { collection };
            requests.forEach((request, i) => {
                const spol = engine.decide({ user: user.Name, ...where, ...request }, { mode: 'query' }).allowed;
                asked++;
                if (spol) allowed++;
                if (spol !== specify.has(i)) mismatches.push(`${user.Name} in ${collection ?? 'the institution'}: ${request.resource} ${request.action}: Specify ${specify.has(i)}, spol ${spol}`);
            });
        }
    }
    return { mismatches, allowed, asked };
}

describe("decisions on the pulled example equal Specify's query on the database", () => {
    it('for every user, every collection and institution level, every registry resource and action', async () => {
        const requests = registryRequests();
        const places: [number | null, string | undefined][] = [[null, undefined], ...collectionIdentifiers(pulled, seeded)];
        const { mismatches, allowed, asked } = await differences(pulled, requests, places);
        expect(mismatches.slice(0, 20)).toEqual([]);
        expect(asked).toBe(seeded.specifyuser.length * places.length * requests.length);
        // Both answers occur, many times: the comparison was not of empty sets.
        expect(allowed).toBeGreaterThan(10_000);
        expect(asked - allowed).toBeGreaterThan(10_000);
    }, 120_000);

    it('sees a row the workspace does not hold: a policy row for every user (which pull reports and leaves out)', async () => {
        const [result] = await connection.query('INSERT INTO spuserpolicy (collection_id, specifyuser_id, resource, action) VALUES (NULL, NULL, ?, ?)', ['/report', 'execute']);
        try {
            const { mismatches } = await differences(pulled, [{ resource: '/report', action: 'execute' }, { resource: '/table/agent', action: 'read' }], [[null, undefined]]);
            // Every user but the Institution Admin (whose `%` row already allows it) now differs, on that request only.
            expect(mismatches).toHaveLength(seeded.specifyuser.length - 1);
            for (const line of mismatches) expect(line).toMatch(/ in the institution: \/report execute: Specify true, spol false$/);
        } finally {
            await connection.query('DELETE FROM spuserpolicy WHERE id = ?', [(result as { insertId: number }).insertId]);
        }
    });
});
