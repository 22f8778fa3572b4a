/**
 * The yes/no ability's grant bits (grant-ability.ts): a row set grants a (resource, action) pair
 * exactly when one of its rows LIKE-matches it, for vocabulary resources and for data-model fields'
 * `update`; and the store that holds them stays right as it grows, for probes made before and after.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldRequest, grantCan, GrantStore } from '../../../engine/decision/grant-ability.js';
import { vocabulary } from '../../../engine/decision/vocabulary.js';
import { like } from '../../../engine/like.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';

const RESOURCES = ['/table/agent', '/table/collectionobject', '/tree/edit/taxon', '/querybuilder/query', '/field/agent/lastname', '/field/taxon/name'];
const PATTERNS = [...RESOURCES, '%', '/table/%', '/field/%', '/field/agent/%', '%name', '/TABLE/AGENT', '/table/agen_', '/tree/%/taxon'];
const ACTIONS = ['read', 'update', 'create', 'execute', '%', 'up%', 'UPDATE'];

const row = (resource: string, action: string): StoredPolicy => ({ resource, action, origin: { kind: 'institution-user', user: 'u' } });
const rowSet = fc.array(fc.tuple(fc.constantFrom(...PATTERNS), fc.constantFrom(...ACTIONS)), { maxLength: 4 }).map((rows) => rows.map(([r, a]) => row(r, a)));

/** The plain definition: some row of some set matches the request. */
function expected(sets: readonly (readonly StoredPolicy[])[], resource: string, action: string): boolean {
    return sets.some((rows) => rows.some((r) => like(resource, r.resource) && like(action, r.action)));
}

/** The fast path's keys for a request, as a session finds them. */
function keys(resource: string, action: string): [string, string] | undefined {
    const route = vocabulary.route(resource);
    if (route) return [vocabulary.action(action)!, route.key];
    const field = fieldRequest(resource, action);
    return field === undefined ? undefined : ['update', field];
}

describe('grant bits', () => {
    it('grant what the rows LIKE-match, for probes made before and after the store grows', () => {
        fc.assert(
            fc.property(fc.array(rowSet, { minLength: 20, maxLength: 60 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (sets, picks) => {
                const store = new GrantStore();
                const held = (index: number) => {
                    const chosen = picks.map((p) => (p + index) % sets.length);
                    return { chosen, probe: store.probe(chosen.map((i) => ({ shape: i, rows: sets[i]! }))) };
                };
                // One probe before the store grows past its first size (16 row sets), one after.
                const early = held(0);
                for (let i = 0; i < sets.length; i++) store.probe([{ shape: i, rows: sets[i]! }]);
                const late = held(1);
                for (const { chosen, probe } of [early, late]) {
                    for (const resource of RESOURCES) {
                        for (const action of ['read', 'update', 'create', 'execute']) {
                            const asked = keys(resource, action);
                            if (!asked) continue;
                            expect(grantCan(probe, asked[0], asked[1]), `${resource} ${action}`).toBe(expected(chosen.map((i) => sets[i]!), resource, action));
                        }
                    }
                }
            }),
            { numRuns: 300 }
        );
    });

    it('take a field update in any case, and nothing else, as a field request', () => {
        expect(fieldRequest('/field/agent/lastname', 'update')).toBe('/field/agent/lastname');
        expect(fieldRequest('/FIELD/Agent/LastName', 'UPDATE')).toBe('/field/agent/lastname');
        expect(fieldRequest('/field/agent/lastname', 'read')).toBeUndefined();
        expect(fieldRequest('/field/agent/nosuchfield', 'update')).toBeUndefined();
        expect(fieldRequest('/field/agent/lastnamé', 'update')).toBeUndefined();
        expect(fieldRequest('/table/agent', 'update')).toBeUndefined();
    });
});
