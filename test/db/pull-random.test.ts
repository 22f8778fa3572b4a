/**
 * `spol pull` on databases seeded from random models (decision-arbitraries.ts, names and patterns
 * spol can write): the pulled workspace loads, nothing is reported as left out, and it stores
 * exactly the seeded rows; a sample of decisions equals Specify's query on the database. A few
 * runs, each on a fresh database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTables } from '../../database/read-tables.js';
import { viewOfModel, viewOfTables } from '../../database/stored-view.js';
import { compile } from '../../engine/decision/compile.js';
import { specifyName } from '../../engine/interchange/numbering.js';
import { registry } from '../../engine/registry/registry.js';
import { writtenAs } from '../../language/print-model.js';
import { loadWorkspace } from '../../language/workspace.js';
import { spolInProcess } from '../cli/run-binary.js';
import { modelArbitrary } from '../engine/decision/decision-arbitraries.js';
import { seed } from './seed.js';
import { freshDatabase } from './server.js';
import { allowedRequests, load, type Request } from './specify-query.js';

const printable = (value: string, what: 'resource' | 'action') => writtenAs(value, what) !== undefined;

/** Every 40th registry request, and requests in other cases and spellings. */
const SAMPLE: Request[] = [
    ...registry
        .concreteResources()
        .flatMap((resource) => registry.actionsOf(resource).map((action) => ({ resource, action })))
        .filter((_, i) => i % 40 === 0),
    { resource: '/Table/Agent', action: 'READ' },
    { resource: '/system/sp7/collection', action: 'access' },
    { resource: '/field/agent/lastname', action: 'update' },
    { resource: '/report', action: 'execute' },
    { resource: '/tools/querybuilder', action: 'read' }
];

describe('spol pull on random seeded databases', () => {
    it('stores exactly the seeded rows and decides as Specify does', async () => {
        await fc.assert(
            fc.asyncProperty(modelArbitrary(printable, { writable: true }), async (model) => {
                const db = await freshDatabase('pull_random');
                const connection = await db.connect();
                try {
                    const seeded = await seed(connection, model);
                    const ws = join(mkdtempSync(join(tmpdir(), 'spol-pull-random-')), 'ws');
                    const result = await spolInProcess('pull', '--db', db.url, '-o', ws);
                    expect(result.code, result.stderr).toBe(0);
                    expect(result.stderr).not.toMatch(/left out/);
                    const pulled = (await loadWorkspace([ws], { lint: false })).model;
                    expect(viewOfModel(pulled)).toEqual(viewOfTables(seeded));
                    expect(await readTables(connection)).toEqual(seeded);

                    const engine = compile(pulled);
                    await load(connection, SAMPLE);
                    const collections = pulled.institutions.flatMap((i) => i.divisions.flatMap((d) => d.disciplines.flatMap((s) => s.collections)));
                    for (const user of seeded.specifyuser) {
                        for (const row of [null, ...seeded.collection]) {
                            const collection = row === null ? undefined : collections.find((c) => specifyName(c) === row.CollectionName)!.name;
                            const specify = await allowedRequests(connection, user.SpecifyUserID, row?.UserGroupScopeId ?? null);
                            SAMPLE.forEach((request, i) => {
                                const where = collection === undefined ? { institution: true } : { collection };
                                const spol = engine.decide({ user: user.Name, ...where, ...request }, { mode: 'query' }).allowed;
                                expect(spol, `${user.Name} in ${collection ?? 'the institution'}: ${request.resource} ${request.action}`).toBe(specify.has(i));
                            });
                        }
                    }
                } finally {
                    await connection.end();
                    await db.drop();
                }
            }),
            { numRuns: 6 }
        );
    }, 120_000);
});
