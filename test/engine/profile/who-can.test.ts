/**
 * who-can: every user allowed one action on one resource, equal to asking decide user by user
 * (tools: equal to the profile's tool cells), the users refused only at the collection gate, and
 * questions about names Specify does not define.
 */
import { resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, QueryError, type PolicyEngine } from '../../../engine/decision/index.js';
import { profile, whoCan, type WhoCanQuery } from '../../../engine/profile/index.js';
import { registry } from '../../../engine/registry/registry.js';
import { loadWorkspace } from '../../../language/workspace.js';
import { refusal, rowsOf } from '../decision/checked-decide.js';
import { allow, grant, museum, role, user } from '../decision/model-builders.js';
import { COLLECTIONS, randomModel } from './random-models.js';

let engine: PolicyEngine;

beforeAll(async () => {
    const workspace = await loadWorkspace([resolve(import.meta.dirname, '..', '..', '..', 'examples', 'natural-history-museum')]);
    engine = compile(workspace.model);
});

/** The users decide allows, in declaration order, and the answer's users must be exactly those with the same decisions. */
function expectAsDecide(e: PolicyEngine, query: WhoCanQuery): string[] {
    const where = query.collection !== undefined ? { collection: query.collection } : { institution: true as const };
    const answer = whoCan(e, query, { blocked: true });
    const expected = [...e.index.users.keys()].filter((name) => e.decide({ user: name, action: query.action, resource: query.resource, ...where }).allowed);
    expect(answer.allowed.map((entry) => entry.user)).toEqual(expected);
    for (const { user: name, decision } of answer.allowed) {
        expect(decision).toEqual(e.decide({ user: name, action: query.action, resource: query.resource, ...where }));
        expect(decision.level).toBe(answer.level);
    }
    return expected;
}

describe('who can on the museum', () => {
    it('delete /table/collectionobject in FishVoucher: the admin, the collection manager, the curator and the registrar', () => {
        const users = expectAsDecide(engine, { action: 'delete', resource: '/table/collectionobject', collection: 'FishVoucher' });
        expect(users).toEqual(['mokafor', 'pkowalski', 'tnguyen', 'ehartley']);
        const answer = whoCan(engine, { action: 'delete', resource: '/table/collectionobject', collection: 'FishVoucher' });
        const byUser = new Map(answer.allowed.map((e) => [e.user, e.decision]));
        expect(rowsOf(byUser.get('mokafor')!.matches)).toEqual(['% % @ mokafor@institution']);
        expect(byUser.get('ehartley')!.matches.map((r) => r.template)).toEqual(['FullDataAccess']);
        expect(byUser.get('tnguyen')!.matches.map((r) => r.template)).toEqual(['CollectionAdmin']);
        expect(answer).toMatchObject({ resource: '/table/collectionobject', level: 'collection', users: 10 });
        expect(answer.blocked).toBeUndefined();
    });

    it('agrees with decide for every user on every resource and action of the preview, in every collection and at institution level', () => {
        const resources = [...registry.resources.values()].filter((r) => r.kind === 'operation' || r.kind === 'table' || r.kind === 'frontend-only');
        let asked = 0;
        let someone = 0;
        for (const where of [{ institution: true as const }, ...engine.index.collectionNames().map((collection) => ({ collection }))]) {
            for (const info of resources) {
                for (const action of info.actions) {
                    const users = expectAsDecide(engine, { action, resource: info.resource, ...where } as WhoCanQuery);
                    asked++;
                    if (users.length > 1) someone++;
                }
            }
        }
        expect(asked).toBeGreaterThan(5000);
        expect(someone).toBeGreaterThan(1000);
    });

    it('counts only institution-level policies for institution-checked resources', () => {
        const answer = whoCan(engine, { action: 'update', resource: '/admin/user/password', collection: 'FishVoucher' });
        expect(answer.allowed.map((e) => e.user)).toEqual(['mokafor']);
        expect(answer.level).toBe('institution');
        expect(answer.notes.join(' ')).toMatch(/institution level/);
        const library = whoCan(engine, { action: 'read', resource: '/permissions/library/roles', institution: true });
        expect(library.allowed.map((e) => e.user)).toEqual(['mokafor', 'sfischer']);
        expect(rowsOf(library.allowed[1]!.decision.matches)).toEqual(['/permissions/library/roles read @ sfischer@institution']);
    });

    it('answers a tool as the profile does: allowed only where every table of it is', () => {
        for (const tool of registry.tools.values()) {
            for (const action of registry.tableActions) {
                for (const collection of engine.index.collectionNames()) {
                    const answer = whoCan(engine, { action, resource: tool.resource, collection });
                    const expected = [...engine.index.users.keys()].filter((name) =>
                        profile(engine, { user: name, collection }, { kinds: ['tool'] }).tools.find((t) => t.resource === tool.resource)!.cells.find((c) => c.action === action)!.allowed
                    );
                    expect(answer.allowed.map((e) => e.user), `${tool.resource} ${action} ${collection}`).toEqual(expected);
                    for (const { decision } of answer.allowed) {
                        const tables = tool.tables.map((table) => engine.decide({ user: decision.query.user, action, resource: table, collection }));
                        expect(tables.every((d) => d.allowed)).toBe(true);
                        expect(new Set(decision.matches)).toEqual(new Set(tables.flatMap((d) => d.matches)));
                    }
                }
            }
        }
        const auditors = whoCan(engine, { action: 'read', resource: '/tools/auditLog', collection: 'HerpVoucher' });
        expect(auditors.allowed.map((e) => e.user)).toEqual(['mokafor', 'pkowalski', 'sfischer', 'rbrooks', 'kmensah']);
        expect(auditors.notes[0]).toMatch(/every one of its tables/);
        expect(whoCan(engine, { action: 'delete', resource: '/tools/auditLog', collection: 'HerpVoucher' }).allowed.map((e) => e.user)).toEqual(['mokafor', 'pkowalski', 'rbrooks']);
    });
});

describe('who can, with users the collection gate refuses', () => {
    const e = compile(
        museum({
            roles: [role('Editor', ['FishVoucher'], { policies: [allow('/table/%', 'read', 'update'), allow('/tools/recordSets', 'read')] })],
            users: [
                user('inside', { grants: [grant('FishVoucher', { access: true, roles: ['Editor'] })] }),
                user('outside', { grants: [grant('FishVoucher', { roles: ['Editor'] })] }),
                user('nobody', { grants: [grant('FishVoucher', { access: true })] })
            ]
        })
    );

    it('lists users granted by policy but without collection access only when asked', () => {
        const plain = whoCan(e, { action: 'update', resource: '/table/agent', collection: 'FishVoucher' });
        expect(plain.allowed.map((x) => x.user)).toEqual(['inside']);
        expect(plain.blocked).toBeUndefined();
        const full = whoCan(e, { action: 'update', resource: '/table/agent', collection: 'FishVoucher' }, { blocked: true });
        expect(full.allowed.map((x) => x.user)).toEqual(['inside']);
        expect(full.blocked!.map((x) => x.user)).toEqual(['outside']);
        expect(full.blocked![0]!.decision).toMatchObject({ allowed: false, reason: 'no-collection-access', collectionAccess: { allowed: false, matches: [] } });
        expect(rowsOf(full.blocked![0]!.decision.matches)).toEqual(['/table/% update @ role Editor@FishVoucher']);
        // Nobody holds delete, so nobody is blocked from it either., so nobody is blocked from it either.
        expect(whoCan(e, { action: 'delete', resource: '/table/agent', collection: 'FishVoucher' }, { blocked: true }).blocked).toEqual([]);
        const tool = whoCan(e, { action: 'read', resource: '/tools/recordSets', collection: 'FishVoucher' }, { blocked: true });
        expect(tool.allowed.map((x) => x.user)).toEqual(['inside']);
        expect(tool.blocked!.map((x) => x.user)).toEqual(['outside']);
        expect(whoCan(e, { action: 'read', resource: '/table/agent', institution: true }, { blocked: true })).toMatchObject({ allowed: [], blocked: [], level: 'institution' });
    });
});

describe('who can on random models (property)', () => {
    it('allows exactly the users decide allows, and blocks exactly those the gate alone refuses', () => {
        const resources = [
            ...[...registry.resources.values()].filter((r) => r.kind !== 'stale' && r.kind !== 'frontend-virtual-tool').map((r) => r.resource),
            '/field/agent/lastname',
            '/field/collectionobject/catalognumber'
        ];
        const seen = { allowed: 0, blocked: 0, refused: 0 };
        fc.assert(
            fc.property(randomModel, fc.constantFrom(...resources), fc.nat(), fc.nat(), (m, resource, a, c) => {
                const e = compile(m);
                const actions = registry.actionsOf(resource);
                const action = actions[a % actions.length]!;
                const where = c % 4 === 3 ? { institution: true as const } : { collection: COLLECTIONS[c % 3]! };
                // Refused (a name declared twice) exactly when decide refuses it for one of the users.
                const refused = [...e.index.users.keys()].map((name) => refusal(() => e.decide({ user: name, action, resource, ...where }))).find((code) => code);
                expect(refusal(() => whoCan(e, { action, resource, ...where } as WhoCanQuery))).toBe(refused);
                if (refused) {
                    seen.refused++;
                    return;
                }
                expectAsDecide(e, { action, resource, ...where } as WhoCanQuery);
                const answer = whoCan(e, { action, resource, ...where } as WhoCanQuery, { blocked: true });
                const blocked = [...e.index.users.keys()].filter((name) => {
                    const d = e.decide({ user: name, action, resource, ...where });
                    return d.reason === 'no-collection-access' && d.matches.length > 0;
                });
                expect(answer.blocked!.map((x) => x.user)).toEqual(blocked);
                seen.allowed += answer.allowed.length;
                seen.blocked += blocked.length;
            }),
            { numRuns: 800 }
        );
        expect(seen.allowed).toBeGreaterThan(100);
        expect(seen.blocked).toBeGreaterThan(10);
        // A name declared twice that one of the users asked about depends on: the question is refused.
        expect(seen.refused).toBeGreaterThan(10);
    });
});

describe('who can refuses questions about names Specify does not define', () => {
    function queryError(run: () => unknown): QueryError {
        try {
            run();
        } catch (error) {
            expect(error).toBeInstanceOf(QueryError);
            return error as QueryError;
        }
        throw new Error('expected a QueryError');
    }

    it('with the closest names', () => {
        expect(queryError(() => whoCan(engine, { action: 'delete', resource: '/table/colectionobject', collection: 'FishVoucher' }))).toMatchObject({
            code: 'unknown-resource',
            suggestions: ['/table/collectionobject']
        });
        expect(queryError(() => whoCan(engine, { action: 'delet', resource: '/table/collectionobject', collection: 'FishVoucher' }))).toMatchObject({
            code: 'unknown-action',
            suggestions: ['delete']
        });
        expect(queryError(() => whoCan(engine, { action: 'update', resource: '/field/agent/lastnam', collection: 'FishVoucher' })).suggestions).toContain('/field/agent/lastname');
        expect(queryError(() => whoCan(engine, { action: 'read', resource: '/table/agent', collection: 'FishVouch' }))).toMatchObject({
            code: 'unknown-collection',
            suggestions: ['FishVoucher']
        });
        expect(queryError(() => whoCan(engine, { action: 'read', resource: '/report/record', institution: true })).code).toBe('unknown-resource');
        expect(queryError(() => whoCan(engine, { action: 'read', resource: '/table/agent' } as WhoCanQuery)).code).toBe('bad-query');
    });

    it('but accepts any spelling Specify matches the same way', () => {
        const answer = whoCan(engine, { action: 'DELETE', resource: '/TABLE/CollectionObject', collection: 'FishVoucher' });
        expect(answer.resource).toBe('/table/collectionobject');
        expect(answer.allowed.map((x) => x.user)).toEqual(['mokafor', 'pkowalski', 'tnguyen', 'ehartley']);
        expect(whoCan(engine, { action: 'read', resource: '/tools/querybuilder', collection: 'FishVoucher' }).resource).toBe('/tools/queryBuilder');
    });
});
