/**
 * Abilities are built once per distinct row pattern and shared; each user still gets their own
 * stored rows back as provenance, and the same question always gets the same answer.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/decision/index.js';
import { decideChecked as decide, rowsOf } from './checked-decide.js';
import { allow, grant, museum, role, user } from './model-builders.js';

const model = museum({
    roles: [
        role('DataEntry', ['FishVoucher', 'Herbarium'], { policies: [allow('/table/%', 'read', 'create')] }),
        role('Reports', ['FishVoucher'], { policies: [allow('/report', 'execute')] })
    ],
    users: [
        user('a', { grants: [grant('FishVoucher', { roles: ['DataEntry'] })] }),
        user('b', { grants: [grant('FishVoucher', { roles: ['DataEntry'] })] }),
        user('c', { grants: [grant('FishVoucher', { access: true, roles: ['DataEntry'] })] }),
        user('d', { grants: [grant('FishVoucher', { access: true, roles: ['DataEntry'] })] }),
        user('e', { grants: [grant('FishVoucher', { access: true, roles: ['Reports'] })] }),
        user('f', { grants: [grant('FishVoucher', { access: true, roles: ['DataEntry'], policies: [allow('/report', 'execute')] })] }),
        user('admin1', { admin: true }),
        user('admin2', { admin: true }),
        user('nobody')
    ]
});

describe('ability interning', () => {
    it('users holding the same roles with no rows of their own share one ability', () => {
        const engine = compile(model);
        expect(engine.abilityFor('a', 'FishVoucher')).toBe(engine.abilityFor('b', 'FishVoucher'));
        // Same row arrays, same rows back.
        const role = engine.index.roles.get('DataEntry')!;
        const rows = engine.index.roleRows(role, 'FishVoucher');
        expect(engine.index.roleRows(role, 'FishVoucher')).toBe(rows);
        for (const name of ['a', 'b']) {
            const d = decide(engine, { user: name, collection: 'FishVoucher', resource: '/table/agent', action: 'create' }, 'query');
            expect(d.matches).toEqual([rows[1]]);
            expect(d.matches[0]).toBe(rows[1]);
        }
    });

    it('users whose own rows have the same patterns share an ability but keep their own provenance', () => {
        const engine = compile(model);
        expect(engine.abilityFor('c', 'FishVoucher')).toBe(engine.abilityFor('d', 'FishVoucher'));
        for (const name of ['c', 'd']) {
            const d = decide(engine, { user: name, collection: 'FishVoucher', resource: '/field/agent/lastname', action: 'update' });
            expect(rowsOf(d.matches)).toEqual([`/field/% % @ ${name}@FishVoucher`]);
            expect(rowsOf(d.collectionAccess!.matches)).toEqual([`/system/sp7/collection access @ ${name}@FishVoucher`]);
        }
    });

    it('different row patterns get different abilities', () => {
        const engine = compile(model);
        const abilities = ['a', 'c', 'e', 'f'].map((name) => engine.abilityFor(name, 'FishVoucher'));
        expect(new Set(abilities).size).toBe(4);
        expect(decide(engine, { user: 'e', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }).allowed).toBe(false);
        expect(decide(engine, { user: 'f', collection: 'FishVoucher', resource: '/report', action: 'execute' }).allowed).toBe(true);
    });

    it('institution admins share one ability in every collection and at institution level', () => {
        const engine = compile(model);
        const shared = engine.abilityFor('admin1');
        for (const collection of ['FishVoucher', 'FishTissue', 'Herbarium']) {
            expect(engine.abilityFor('admin1', collection)).toBe(shared);
            expect(engine.abilityFor('admin2', collection)).toBe(shared);
        }
        const d = decide(engine, { user: 'admin2', collection: 'Herbarium', resource: '/table/agent', action: 'delete' });
        expect(rowsOf(d.matches)).toEqual(['% % @ admin2@institution']);
    });

    it('users with no rows at all share the empty ability, which allows nothing', () => {
        const engine = compile(model);
        const empty = engine.abilityFor('nobody', 'FishVoucher');
        expect(engine.abilityFor('a', 'Herbarium')).toBe(empty);
        expect(engine.abilityFor('a')).toBe(empty);
        expect(empty.rules).toEqual([]);
        expect(empty.can('read', '/table/agent')).toBe(false);
    });

    it('asking the same question twice gives the same answer', () => {
        const engine = compile(model);
        const queries = [
            { user: 'c', collection: 'FishVoucher', resource: '/table/agent', action: 'read' },
            { user: 'c', collection: 'FishVoucher', resource: '/Table/Agent', action: 'Read' },
            { user: 'e', collection: 'Herbarium', resource: '/report', action: 'execute' },
            { user: 'admin1', institution: true, resource: '/admin/user/password', action: 'update' },
            { user: 'f', collection: 'FishVoucher', resource: '/custom/x', action: 'y' }
        ];
        const first = queries.map((q) => decide(engine, q));
        // Build other abilities in between: answers must not depend on what was asked before.
        for (const name of ['a', 'b', 'd', 'admin2']) decide(engine, { user: name, collection: 'FishVoucher', resource: '/table/taxon', action: 'read' });
        const second = queries.map((q) => decide(engine, q));
        expect(second).toEqual(first);
        second.forEach((d, i) => d.matches.forEach((row, j) => expect(row).toBe(first[i]!.matches[j])));
        const fresh = compile(model);
        expect(queries.map((q) => decide(fresh, q))).toEqual(first);
    });
});
