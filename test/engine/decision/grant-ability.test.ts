/**
 * The yes/no ability's grant bits (grant-ability.ts): a row set grants a (resource, action) pair
 * exactly when one of its rows LIKE-matches it, for vocabulary resources and for data-model fields'
 * `update`, for the session's combination of row sets and for each row set alone; and the store that
 * holds them stays right as it grows, for probes made before and after.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldRequest, fieldRule, grantCan, GrantProbe, grantRule, grantsAt, GrantStore, type GrantQuestion } from '../../../engine/decision/grant-ability.js';
import { vocabulary } from '../../../engine/decision/vocabulary.js';
import { like } from '../../../engine/like.js';
import { registry } from '../../../engine/registry/registry.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';

const RESOURCES = ['/table/agent', '/table/collectionobject', '/tree/edit/taxon', '/querybuilder/query', '/field/agent/lastname', '/field/taxon/name'];
const PATTERNS = [...RESOURCES, '%', '/table/%', '/field/%', '/field/agent/%', '%name', '/TABLE/AGENT', '/table/agen_', '/tree/%/taxon'];
const ACTIONS = ['read', 'update', 'create', 'execute', '%', 'up%', 'UPDATE'];

const row = (resource: string, action: string): StoredPolicy => ({ resource, action, origin: { kind: 'institution-user', user: 'u' } });
const rowSet = fc.array(fc.tuple(fc.constantFrom(...PATTERNS), fc.constantFrom(...ACTIONS)), { maxLength: 4 }).map((rows) => rows.map(([r, a]) => row(r, a)));

/** The probe of these row sets, made as compile.ts makes one (HeldRows). */
function probeOf(store: GrantStore, rowSets: readonly { readonly shape: number; readonly rows: readonly StoredPolicy[] }[]): GrantProbe {
    const parts = store.parts(rowSets);
    return new GrantProbe(store, parts.bits, parts.combination);
}

/** A yes/no question of a session holding `probe`'s row sets, with `institution`'s at institution level. */
function questionOf(probe: GrantProbe, institution: GrantProbe = probe): GrantQuestion {
    return { store: probe.store, combination: probe.combination, institutionCombination: institution.combination };
}

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
            fc.property(fc.array(rowSet, { minLength: 40, maxLength: 70 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (sets, picks) => {
                const store = new GrantStore();
                const held = (index: number) => {
                    const chosen = picks.map((p) => (p + index) % sets.length);
                    return { chosen, probe: probeOf(store, chosen.map((i) => ({ shape: i, rows: sets[i]! }))) };
                };
                // One probe before the store's combination tables grow past their first size (16 combinations), one after.
                const early = held(0);
                for (let i = 0; i < sets.length; i++) probeOf(store, [{ shape: i, rows: sets[i]! }]);
                const late = held(1);
                for (const { chosen, probe } of [early, late]) {
                    for (const resource of RESOURCES) {
                        for (const action of ['read', 'update', 'create', 'execute']) {
                            const asked = keys(resource, action);
                            if (!asked) continue;
                            const route = vocabulary.route(asked[1]);
                            // The ability has a rule for the actions a resource defines; the bits cover every action.
                            const answer = grantCan(questionOf(probe), asked[0], asked[1]);
                            if (route && !route.actions.has(asked[0])) expect(answer, `${resource} ${action}`).toBeUndefined();
                            else expect(answer, `${resource} ${action}`).toBe(expected(chosen.map((i) => sets[i]!), resource, action));
                            const rule = route ? grantRule(route.id, asked[0]) : fieldRule(asked[1]);
                            chosen.forEach((set, segment) => expect(grantsAt(probe, segment, rule), `${resource} ${action} in set ${set}`).toBe(expected([sets[set]!], resource, action)));
                        }
                    }
                }
            }),
            { numRuns: 300 }
        );
    });

    it('give row sets held in any order, or twice, one combination', () => {
        const store = new GrantStore();
        const sets = [[row('/table/agent', 'read')], [row('/table/taxon', '%')], [row('%', 'execute')]];
        const probe = (order: number[]) => probeOf(store, order.map((i) => ({ shape: i, rows: sets[i]! })));
        const first = probe([0, 1, 2]);
        expect(probe([2, 0, 1]).combination).toBe(first.combination);
        expect(probe([1, 2, 0, 1]).combination).toBe(first.combination);
        expect(probe([0, 1]).combination).not.toBe(first.combination);
        expect(probe([]).combination).not.toBe(first.combination);
    });

    it('answer only the exact keys of a rule, and never a tool group or a derived resource', () => {
        const store = new GrantStore();
        const probe = probeOf(store, [{ shape: 0, rows: [row('%', '%')] }]);
        expect(grantCan(questionOf(probe), 'read', '/table/agent')).toBe(true);
        expect(grantCan(questionOf(probe), 'update', '/field/agent/lastname')).toBe(true);
        expect(grantCan({ store, combination: probeOf(store, []).combination, institutionCombination: probe.combination }, 'read', '/table/agent')).toBe(false);
        expect(grantCan({ store, combination: store.nothing(), institutionCombination: store.nothing() }, 'read', '/table/agent')).toBe(false);
        expect(grantCan(questionOf(probe), 'READ', '/table/agent')).toBeUndefined();
        expect(grantCan(questionOf(probe), 'read', '/Table/Agent')).toBeUndefined();
        expect(grantCan(questionOf(probe), 'read', '/table/nosuchtable')).toBeUndefined();
        expect(vocabulary.route('/table/agent')!.actions.has('execute')).toBe(false);
        expect(grantCan(questionOf(probe), 'execute', '/table/agent')).toBeUndefined();
        const special = vocabulary.resourcesMatching('%').filter((r) => vocabulary.route(r)!.toolTables || vocabulary.route(r)!.derivedFrom);
        expect(special.length).toBeGreaterThan(0);
        for (const resource of special) expect(grantCan(questionOf(probe), 'read', resource), resource).toBeUndefined();
    });

    it('give each pair of the ability and each field its own answer bit', () => {
        const store = new GrantStore();
        let shape = 0;
        for (const resource of vocabulary.resourcesMatching('%')) {
            const route = vocabulary.route(resource)!;
            if (route.toolTables || route.derivedFrom) continue;
            for (const action of route.actions) {
                const probe = probeOf(store, [{ shape: shape++, rows: [row(resource, action)] }]);
                for (const other of route.actions) expect(grantCan(questionOf(probe), other, resource), `${resource} ${other}`).toBe(other === action);
                expect(grantCan(questionOf(probe), 'update', '/field/agent/lastname')).toBe(false);
            }
        }
        const fields = registry.concreteResources().filter((name) => name.startsWith('/field/'));
        fields.forEach((field, i) => {
            const probe = probeOf(store, [{ shape: shape++, rows: [row(field, 'update')] }]);
            for (const other of [fields[i - 1], field, fields[i + 1]]) {
                if (other !== undefined) expect(grantCan(questionOf(probe), 'update', other), other).toBe(other === field);
            }
            expect(grantCan(questionOf(probe), 'read', '/table/agent')).toBe(false);
        });
    });

    it('answer a resource Specify checks at institution level from the institution probe', () => {
        const store = new GrantStore();
        const institution = probeOf(store, []);
        const inCollection = probeOf(store, [{ shape: 0, rows: [row('%', '%')] }]);
        const atInstitution = vocabulary.resourcesMatching('%').find((r) => {
            const route = vocabulary.route(r)!;
            return route.checkLevel === 'institution' && !route.toolTables && !route.derivedFrom && route.actions.size > 0;
        })!;
        const action = [...vocabulary.route(atInstitution)!.actions][0]!;
        expect(grantCan(questionOf(inCollection, institution), action, atInstitution)).toBe(false);
        expect(grantCan(questionOf(inCollection), action, atInstitution)).toBe(true);
        expect(grantCan(questionOf(inCollection, institution), 'read', '/table/agent')).toBe(true);
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
