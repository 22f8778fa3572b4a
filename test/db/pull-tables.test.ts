/**
 * tables-to-model on rows made by hand (no server needed): what a database holds that the model
 * cannot say is a finding, the model stores exactly the rows it keeps (stored-view.ts), and the
 * parts a database gives are read as stored: names, Specify 6 settings, role copies merged.
 */
import { describe, expect, it } from 'vitest';
import type { SpecifyTables } from '../../database/specify-tables.js';
import { viewDifference, viewOfModel, viewOfTables } from '../../database/stored-view.js';
import { ADMIN_PRINCIPAL, tablesToModel, USER_PRINCIPAL } from '../../database/tables-to-model.js';

/** A small institution: one division, one discipline, two collections, two users, one role copied into both collections. */
function base(): { -readonly [T in keyof SpecifyTables]: SpecifyTables[T][number][] } {
    return {
        institution: [{ UserGroupScopeId: 1, Name: 'Test Museum', Code: 'TM' }],
        division: [{ UserGroupScopeId: 2, Name: 'Zoology', InstitutionID: 1 }],
        discipline: [{ UserGroupScopeId: 3, Name: 'Fishes', Type: 'fish', DivisionID: 2 }],
        collection: [
            { UserGroupScopeId: 4, CollectionName: 'Fish Voucher', Code: 'FV', DisciplineID: 3 },
            { UserGroupScopeId: 5, CollectionName: 'Fish Tissue', Code: null, DisciplineID: 3 }
        ],
        specifyuser: [
            { SpecifyUserID: 10, Name: 'ann', UserType: 'Manager' },
            { SpecifyUserID: 11, Name: 'a.b@museum.org', UserType: null }
        ],
        agent: [{ AgentID: 20, FirstName: 'Ann', LastName: 'Lee', MiddleInitial: null, DivisionID: 2, SpecifyUserID: 10 }],
        spprincipal: [
            { SpPrincipalID: 30, Name: 'Administrator', GroupSubClass: ADMIN_PRINCIPAL, groupType: null, userGroupScopeID: 1 },
            { SpPrincipalID: 31, Name: 'ann', GroupSubClass: USER_PRINCIPAL, groupType: null, userGroupScopeID: 5 }
        ],
        specifyuser_spprincipal: [
            { SpecifyUserID: 10, SpPrincipalID: 30 },
            { SpecifyUserID: 10, SpPrincipalID: 31 }
        ],
        spuserpolicy: [
            { id: 40, collection_id: null, specifyuser_id: 10, resource: '%', action: '%' },
            { id: 41, collection_id: 4, specifyuser_id: 11, resource: '/system/sp7/collection', action: 'access' },
            { id: 42, collection_id: 4, specifyuser_id: 11, resource: '/report', action: 'execute' },
            { id: 43, collection_id: 4, specifyuser_id: 11, resource: '/table/agent', action: 'read' },
            { id: 44, collection_id: 4, specifyuser_id: 11, resource: '/report', action: 'read' }
        ],
        sprole: [
            { id: 50, collection_id: 4, name: 'Data Entry', description: 'types labels' },
            { id: 51, collection_id: 5, name: 'Data Entry', description: 'types labels' }
        ],
        sprolepolicy: [
            { id: 60, role_id: 50, resource: '/table/collectionobject', action: 'create' },
            { id: 61, role_id: 51, resource: '/table/collectionobject', action: 'create' }
        ],
        spuserrole: [
            { id: 70, specifyuser_id: 11, role_id: 50 },
            { id: 71, specifyuser_id: 11, role_id: 51 }
        ],
        splibraryrole: [{ id: 80, name: 'Reader', description: '' }],
        splibraryrolepolicy: [{ id: 90, role_id: 80, resource: '/table/%', action: 'read' }]
    };
}

describe('tablesToModel', () => {
    it('reads the tree, users, Specify 6 settings and rows as stored, merging equal role copies', () => {
        const tables = base();
        const { model, findings, kept } = tablesToModel(tables);
        expect(findings).toEqual([]);
        expect(kept).toEqual(tables);
        expect(viewOfModel(model)).toEqual(viewOfTables(tables));
        expect(model.institutions[0]).toMatchObject({ name: 'TM', title: 'Test Museum' });
        expect(model.institutions[0]!.divisions[0]!.disciplines[0]).toMatchObject({ name: 'Fishes', type: 'fish' });
        expect(model.institutions[0]!.divisions[0]!.disciplines[0]!.collections.map((c) => [c.name, c.title, c.code])).toEqual([
            ['FishVoucher', 'Fish Voucher', 'FV'],
            ['FishTissue', 'Fish Tissue', undefined]
        ]);
        expect(model.roles).toHaveLength(1);
        expect(model.roles[0]).toMatchObject({ name: 'DataEntry', title: 'Data Entry', description: 'types labels', collections: [{ name: 'FishVoucher' }, { name: 'FishTissue' }] });
        const [ann, ab] = model.users;
        expect(ann).toMatchObject({ name: 'ann', agents: [{ name: 'Lee, Ann', division: { name: 'Zoology' } }], specify6: { admin: true, group: 'Manager', collections: [{ name: 'FishTissue' }] } });
        expect(ann!.institutionPolicies).toEqual([{ resource: '%', actions: [{ name: '%' }] }]);
        // Stored order kept: /report, /table/agent, /report again (a run per resource).
        expect(ab!.collections[0]).toMatchObject({ collection: { name: 'FishVoucher' }, access: {}, roles: [{ name: 'DataEntry' }], without: { resource: '/field/%' } });
        expect(ab!.collections[0]!.policies.map((p) => [p.resource, p.actions.map((a) => a.name)])).toEqual([
            ['/report', ['execute']],
            ['/table/agent', ['read']],
            ['/report', ['read']]
        ]);
        expect(ab!.specify6).toBeUndefined();
    });

    it('keeps copies apart when their rows differ', () => {
        const tables = base();
        tables.sprolepolicy[1] = { id: 61, role_id: 51, resource: '/table/collectionobject', action: 'update' };
        const { model, findings } = tablesToModel(tables);
        expect(findings).toEqual([]);
        expect(model.roles.map((r) => [r.name, r.collections.map((c) => c.name)])).toEqual([
            ['DataEntry', ['FishVoucher']],
            ['DataEntry2', ['FishTissue']]
        ]);
        expect(viewOfModel(model)).toEqual(viewOfTables(tables));
    });

    type Case = [string, (t: ReturnType<typeof base>) => void, RegExp];
    const cases: Case[] = [
        ['a policy row for every user', (t) => t.spuserpolicy.push({ id: 45, collection_id: 4, specifyuser_id: null, resource: '/report', action: 'execute' }), /^spuserpolicy 45 \("\/report" "execute"\) holds for every user \(specifyuser_id NULL\), which spol cannot write; it is left out\.$/],
        ['a row stored twice', (t) => t.spuserpolicy.push({ id: 45, collection_id: 4, specifyuser_id: 11, resource: '/report', action: 'execute' }), /^spuserpolicy 45 \("\/report" "execute"\) of user "a\.b@museum\.org" in FishVoucher repeats an earlier row of the same holder, which spol stores once; it is left out\.$/],
        ['a role row stored twice', (t) => t.sprolepolicy.push({ id: 62, role_id: 50, resource: '/table/collectionobject', action: 'create' }), /^sprolepolicy 62 .* of role "Data Entry" in FishVoucher repeats an earlier row/],
        ['a tool resource', (t) => t.splibraryrolepolicy.push({ id: 91, role_id: 80, resource: '/tools/queryBuilder', action: 'read' }), /^splibraryrolepolicy 91 \("\/tools\/queryBuilder" "read"\) of library role "Reader" names a tool, which spol writes as the tool's tables/],
        ['an empty action', (t) => t.spuserpolicy.push({ id: 45, collection_id: null, specifyuser_id: 11, resource: '/report', action: '' }), /^spuserpolicy 45 .* has an empty action, which spol cannot write; it is left out\.$/],
        ['a row of a user the database does not hold', (t) => t.spuserpolicy.push({ id: 45, collection_id: null, specifyuser_id: 99, resource: '/report', action: 'read' }), /^spuserpolicy 45 is of user 99, which the database does not hold; it is left out\.$/],
        ['a role held twice', (t) => t.spuserrole.push({ id: 72, specifyuser_id: 11, role_id: 50 }), /^spuserrole 72 gives user 11 role 50 a second time, which spol stores once; it is left out\.$/],
        ['a role of a collection the database does not hold', (t) => {
            t.sprole.push({ id: 52, collection_id: 99, name: 'Ghost', description: '' });
            t.sprolepolicy.push({ id: 63, role_id: 52, resource: '%', action: '%' });
        }, /^role 52 \("Ghost"\) is in collection 99, which the database does not hold; it is left out\.\nsprolepolicy 63 belongs to role 52; it is left out\.$/],
        ['an agent in no division', (t) => t.agent.push({ AgentID: 21, FirstName: null, LastName: 'B', MiddleInitial: null, DivisionID: null, SpecifyUserID: 11 }), /^agent 21 of user "a\.b@museum\.org" is in no division of the database, and a spol agent names its division; it is left out\.$/],
        ['a discipline type spol cannot write', (t) => (t.discipline[0] = { ...t.discipline[0]!, Type: 'fish and more' }), /^discipline Fishes has the type "fish and more", which spol cannot write \(a type is an identifier\); it is left out\.$/],
        ['a user type spol cannot write', (t) => (t.specifyuser[1] = { ...t.specifyuser[1]!, UserType: 'Full Access' }), /^user "a\.b@museum\.org" has the Specify 6 user type "Full Access", which spol cannot write/],
        ['a discipline without a name or a type spol can write', (t) => (t.discipline[0] = { ...t.discipline[0]!, Name: null, Type: 'fish and more' }), /^discipline 3 has no name: spol names it Discipline3\.\ndiscipline Discipline3 has the type "fish and more"/],
        ['a Specify 6 collection the database does not hold', (t) => t.spprincipal.push({ SpPrincipalID: 32, Name: 'ann', GroupSubClass: USER_PRINCIPAL, groupType: null, userGroupScopeID: 99 }) && t.specifyuser_spprincipal.push({ SpecifyUserID: 10, SpPrincipalID: 32 }), /^the Specify 6 principal 32 of user "ann" is in collection 99, which the database does not hold; it is left out\.$/],
        ['a collection without a name', (t) => (t.collection[1] = { ...t.collection[1]!, CollectionName: null }), /^collection 5 has no name: spol names it Collection5\.$/],
        ['an institution without a code', (t) => (t.institution[0] = { ...t.institution[0]!, Code: null }), /^institution 1 has no code of its own: spol names it TestMuseum\.$/]
    ];

    it.each(cases)('reports %s, and the model stores exactly the rows kept', (_, change, message) => {
        const tables = base();
        change(tables);
        const { model, findings, kept } = tablesToModel(tables);
        expect(findings.map((f) => f.message).join('\n')).toMatch(message);
        expect(viewDifference(viewOfTables(kept), viewOfModel(model))).toBeUndefined();
        // Something was changed or left out: the database's own rows are not what the model stores.
        expect(viewDifference(viewOfTables(tables), viewOfModel(model))).toBeDefined();
    });
});
