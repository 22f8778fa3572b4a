/**
 * database/plan.ts on table objects, without a server: for any database rows and any workspace
 * over the same users and collections, applying the plan in memory leaves exactly the rows the
 * workspace stores (rows for every user untouched), planning again then finds nothing, and no row
 * is deleted only to be inserted again. Then the refusals, each on a small hand-made case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlanToTables } from '../../database/apply-in-memory.js';
import { tablesDigest } from '../../database/plan-digest.js';
import { literalModel } from '../../database/literal-model.js';
import { planFromJson, planToJson } from '../../database/plan-json.js';
import { diffModels } from '../../engine/diff/index.js';
import { planChanges, PlanRefusal } from '../../database/plan.js';
import { isEmptyPlan, type Plan } from '../../database/plan-types.js';
import type { SpecifyTables } from '../../database/specify-tables.js';
import type { CollectionGrant, LibraryRole, Policy, PolicyModel, Role, User } from '../../engine/model/policy-model.js';
import { rowsOfModel, rowsOfTables } from './rows-by-name.js';

const COLLECTIONS = [
    { id: 30, name: 'C1', discipline: 20 },
    { id: 31, name: 'C2', discipline: 20 },
    { id: 32, name: 'C3', discipline: 21 }
];
const USERS = [
    { id: 40, name: 'u1' },
    { id: 41, name: 'u2' },
    { id: 42, name: 'u3' }
];
const PAIRS: readonly [string, string][] = [
    ['/table/%', 'read'],
    ['/Table/%', 'read'],
    ['/table/agent', 'update'],
    ['/system/sp7/collection', 'access'],
    ['/field/%', '%'],
    ['%', '%'],
    ['/querybuilder/query', 'execute']
];

/** The institution tree and users every case shares: every user has an agent in both divisions. */
function baseTables(): SpecifyTables {
    return {
        institution: [{ UserGroupScopeId: 1, Name: 'Museum', Code: 'M' }],
        division: [
            { UserGroupScopeId: 10, Name: 'D1', InstitutionID: 1 },
            { UserGroupScopeId: 11, Name: 'D2', InstitutionID: 1 }
        ],
        discipline: [
            { UserGroupScopeId: 20, Name: 'Fish', Type: 'fish', DivisionID: 10 },
            { UserGroupScopeId: 21, Name: 'Plants', Type: 'botany', DivisionID: 11 }
        ],
        collection: COLLECTIONS.map((c) => ({ UserGroupScopeId: c.id, CollectionName: c.name, Code: c.name, DisciplineID: c.discipline })),
        specifyuser: USERS.map((u) => ({ SpecifyUserID: u.id, Name: u.name, UserType: 'Manager' })),
        agent: USERS.flatMap((u, i) => [10, 11].map((d, j) => ({ AgentID: 100 + i * 2 + j, FirstName: null, LastName: u.name, MiddleInitial: null, DivisionID: d, SpecifyUserID: u.id }))),
        spprincipal: [],
        specifyuser_spprincipal: [],
        spuserpolicy: [],
        sprole: [],
        sprolepolicy: [],
        spuserrole: [],
        splibraryrole: [],
        splibraryrolepolicy: []
    };
}

function baseModel(): PolicyModel {
    return {
        institutions: [
            {
                name: 'M',
                divisions: [
                    { name: 'D1', disciplines: [{ name: 'Fish', division: 'D1', collections: COLLECTIONS.slice(0, 2).map((c) => ({ name: c.name, division: 'D1', discipline: 'Fish' })) }] },
                    { name: 'D2', disciplines: [{ name: 'Plants', division: 'D2', collections: [{ name: 'C3', division: 'D2', discipline: 'Plants' }] }] }
                ]
            }
        ],
        libraryRoles: [],
        roles: [],
        users: USERS.map((u) => ({ name: u.name, agents: ['D1', 'D2'].map((d) => ({ name: u.name, division: { name: d } })), institutionPolicies: [], collections: [] }))
    };
}

const pair = fc.constantFrom(...PAIRS);
const policies = fc.array(pair, { maxLength: 4 }).map((list): Policy[] => list.map(([resource, action]) => ({ resource, actions: [{ name: action }] })));
const description = fc.constantFrom('', 'described');

/** Any workspace over the shared tree: u1 always Institution Admin (else the plan is refused, tested below). */
const models: fc.Arbitrary<PolicyModel> = fc
    .record({
        library: fc.uniqueArray(fc.record({ name: fc.constantFrom('L1', 'L2'), description, policies }), { selector: (r) => r.name, maxLength: 2 }),
        roles: fc.uniqueArray(
            fc.record({
                name: fc.constantFrom('A', 'B', 'C'),
                title: fc.option(fc.constantFrom('A', 'Shown'), { nil: undefined }),
                description,
                collections: fc.subarray(['C1', 'C2', 'C3']),
                templates: fc.subarray(['L1', 'L2']),
                policies
            }),
            { selector: (r) => r.name, maxLength: 3 }
        ),
        grants: fc.array(fc.record({ access: fc.boolean(), roles: fc.subarray(['A', 'B', 'C']), policies }), { minLength: 9, maxLength: 9 }),
        institution: fc.array(policies, { minLength: 3, maxLength: 3 })
    })
    .map(({ library, roles, grants, institution }) => {
        const base = baseModel();
        const libraryRoles: LibraryRole[] = library.map((r) => ({ name: r.name, description: r.description, policies: r.policies }));
        const modelRoles: Role[] = roles.map((r) => ({
            name: r.name,
            ...(r.title !== undefined && { title: r.title }),
            description: r.description,
            collections: r.collections.map((name) => ({ name })),
            templates: r.templates.map((name) => ({ name })),
            policies: r.policies
        }));
        const users: User[] = base.users.map((user, u) => ({
            ...user,
            ...(u === 0 && { institutionAdmin: {} }),
            institutionPolicies: institution[u]!,
            collections: COLLECTIONS.map((c, i): CollectionGrant => {
                const grant = grants[u * 3 + i]!;
                return {
                    collection: { name: c.name },
                    ...(grant.access && { access: {} }),
                    // Only roles declared in the collection: anything else is refused (tested below).
                    roles: grant.roles.filter((name) => modelRoles.some((r) => r.name === name && r.collections.some((x) => x.name === c.name))).map((name) => ({ name })),
                    policies: grant.policies
                };
            })
        }));
        return { ...base, libraryRoles, roles: modelRoles, users };
    });

/** Any permission rows over the shared tree, duplicates, stray assignments and rows for every user included. */
const databases: fc.Arbitrary<SpecifyTables> = fc
    .record({
        userPolicies: fc.array(fc.record({ collection: fc.constantFrom(null, 30, 31, 32), user: fc.constantFrom(null, 40, 41, 42), pair }), { maxLength: 12 }),
        roles: fc.array(fc.record({ collection: fc.constantFrom(30, 31, 32), name: fc.constantFrom('A', 'B', 'Shown', 'Old'), description }), { maxLength: 5 }),
        rolePolicies: fc.array(fc.record({ role: fc.nat(), pair }), { maxLength: 12 }),
        userRoles: fc.array(fc.record({ user: fc.constantFrom(40, 41, 42), role: fc.nat() }), { maxLength: 6 }),
        library: fc.array(fc.record({ name: fc.constantFrom('L1', 'L2', 'L9'), description }), { maxLength: 3 }),
        libraryPolicies: fc.array(fc.record({ role: fc.nat(), pair }), { maxLength: 6 })
    })
    .map((rows) => {
        const sprole = rows.roles.map((r, i) => ({ id: 200 + i, collection_id: r.collection, name: r.name, description: r.description }));
        const splibraryrole = rows.library.map((r, i) => ({ id: 500 + i, name: r.name, description: r.description }));
        return {
            ...baseTables(),
            spuserpolicy: rows.userPolicies.map((r, i) => ({ id: 100 + i, collection_id: r.collection, specifyuser_id: r.user, resource: r.pair[0], action: r.pair[1] })),
            sprole,
            sprolepolicy:
                sprole.length === 0 ? [] : rows.rolePolicies.map((r, i) => ({ id: 300 + i, role_id: sprole[r.role % sprole.length]!.id, resource: r.pair[0], action: r.pair[1] })),
            spuserrole: sprole.length === 0 ? [] : rows.userRoles.map((r, i) => ({ id: 400 + i, specifyuser_id: r.user, role_id: sprole[r.role % sprole.length]!.id })),
            splibraryrole,
            splibraryrolepolicy:
                splibraryrole.length === 0
                    ? []
                    : rows.libraryPolicies.map((r, i) => ({ id: 600 + i, role_id: splibraryrole[r.role % splibraryrole.length]!.id, resource: r.pair[0], action: r.pair[1] }))
        };
    });

/** Each row deleted and inserted, as holder and content: no holder loses a row only to get it back. */
function churn(plan: Plan): string[] {
    const deleted = new Set([
        ...plan.delete.spuserpolicy.map((d) => `u ${d.row.specifyuser_id} ${d.row.collection_id} ${d.row.resource} ${d.row.action}`),
        ...plan.delete.sprolepolicy.map((d) => `r ${d.row.role_id} ${d.row.resource} ${d.row.action}`),
        ...plan.delete.spuserrole.map((d) => `h ${d.row.specifyuser_id} ${d.row.role_id}`),
        ...plan.delete.splibraryrolepolicy.map((d) => `l ${d.row.role_id} ${d.row.resource} ${d.row.action}`)
    ]);
    const inserted = [
        ...plan.insert.spuserpolicy.map((r) => `u ${r.specifyuser_id} ${r.collection_id} ${r.resource} ${r.action}`),
        ...plan.insert.sprolepolicy.flatMap((r) => ('id' in r.role_id ? [`r ${r.role_id.id} ${r.resource} ${r.action}`] : [])),
        ...plan.insert.spuserrole.flatMap((r) => ('id' in r.role_id ? [`h ${r.specifyuser_id} ${r.role_id.id}`] : [])),
        ...plan.insert.splibraryrolepolicy.flatMap((r) => ('id' in r.role_id ? [`l ${r.role_id.id} ${r.resource} ${r.action}`] : []))
    ];
    return inserted.filter((key) => deleted.has(key));
}

describe('planChanges on tables', () => {
    it('leaves exactly the workspace’s rows, keeps rows for every user, and plans nothing more afterwards', () => {
        fc.assert(
            fc.property(models, databases, (model, tables) => {
                const { plan } = planChanges(tables, model);
                const after = applyPlanToTables(tables, plan);
                expect(rowsOfTables(after)).toEqual(rowsOfModel(model));
                expect(after.spuserpolicy.filter((r) => r.specifyuser_id === null)).toEqual(tables.spuserpolicy.filter((r) => r.specifyuser_id === null));
                expect(churn(plan)).toEqual([]);
                expect(isEmptyPlan(planChanges(after, model).plan)).toBe(true);
            }),
            { numRuns: 300 }
        );
    });

    it('reads the database as a model that decides as its rows do: none once they are the workspace’s, the plan’s changes before', () => {
        fc.assert(
            fc.property(models, databases, (model, tables) => {
                const { plan, matching } = planChanges(tables, model);
                const after = applyPlanToTables(tables, plan);
                const again = planChanges(after, model);
                expect(diffModels(literalModel(after, again.matching), model).users).toEqual([]);
                // Before: a change in effect only where the plan changes a row.
                const before = diffModels(literalModel(tables, matching), model);
                if (before.users.length > 0) expect(isEmptyPlan(plan)).toBe(false);
            }),
            { numRuns: 40 }
        );
    });

    it('carries a digest that changes exactly when the plan changes a row', () => {
        fc.assert(
            fc.property(models, databases, (model, tables) => {
                const { plan } = planChanges(tables, model);
                expect(plan.digest).toBe(tablesDigest(tables));
                expect(tablesDigest(applyPlanToTables(tables, plan)) === plan.digest).toBe(isEmptyPlan(plan));
            }),
            { numRuns: 100 }
        );
    });

    it('writes a plan file without the password that reads back as the same plan, and rejects a malformed one', () => {
        fc.assert(
            fc.property(models, databases, (model, tables) => {
                const { plan } = planChanges(tables, model);
                const text = planToJson(plan, 'mysql://spol:s3cret@db.example.org:3306/specify');
                expect(text).not.toContain('s3cret');
                expect(planFromJson(text, 'plan.json')).toEqual({ plan, database: 'mysql://spol:***@db.example.org:3306/specify' });
            }),
            { numRuns: 50 }
        );
        const tables: SpecifyTables = { ...baseTables(), spuserpolicy: [{ id: 1, collection_id: 30, specifyuser_id: 41, resource: '/table/%', action: 'read' }] };
        const model = baseModel();
        const { plan } = planChanges(tables, { ...model, users: model.users.map((u, i) => (i === 0 ? { ...u, institutionAdmin: {} } : u)) });
        const json = JSON.parse(planToJson(plan)) as Record<string, unknown>;
        expect(() => planFromJson('{', 'p.json')).toThrow(/^p\.json is not JSON: /);
        expect(() => planFromJson(JSON.stringify({ ...json, format: 'spol-plan/0' }), 'p.json')).toThrow('p.json: format is "spol-plan/0", not "spol-plan/1"; write the plan again with spol plan --out.');
        const noId = JSON.parse(JSON.stringify(json)) as { delete: { spuserpolicy: { row: { id?: number } }[] } };
        delete noId.delete.spuserpolicy[0]!.row.id;
        expect(() => planFromJson(JSON.stringify(noId), 'p.json')).toThrow('p.json: delete.spuserpolicy[0].row.id is not an id; write the plan again with spol plan --out.');
    });

    it('renames a role that holds exactly the rows of a workspace role it does not find by name', () => {
        const model = baseModel();
        const tables: SpecifyTables = {
            ...baseTables(),
            spuserpolicy: [{ id: 1, collection_id: null, specifyuser_id: 40, resource: '%', action: '%' }],
            sprole: [{ id: 7, collection_id: 30, name: 'Old name', description: 'old' }],
            sprolepolicy: [{ id: 8, role_id: 7, resource: '/table/%', action: 'read' }],
            spuserrole: [{ id: 9, specifyuser_id: 41, role_id: 7 }]
        };
        const withRole: PolicyModel = {
            ...model,
            roles: [{ name: 'Reader', title: 'New name', description: 'new', collections: [{ name: 'C1' }], templates: [], policies: [{ resource: '/table/%', actions: [{ name: 'read' }] }] }],
            users: model.users.map((u) =>
                u.name === 'u1' ? { ...u, institutionAdmin: {} } : u.name === 'u2' ? { ...u, collections: [{ collection: { name: 'C1' }, roles: [{ name: 'Reader' }], policies: [] }] } : u
            )
        };
        const { plan } = planChanges(tables, withRole);
        expect(plan.roles).toEqual({
            create: [],
            update: [{ id: 7, from: { name: 'Old name', description: 'old' }, to: { name: 'New name', description: 'new' }, role: 'Reader', collection: 'C1' }],
            delete: []
        });
        expect(plan.insert).toEqual({ spuserpolicy: [], sprolepolicy: [], spuserrole: [], splibraryrolepolicy: [] });
        expect(plan.delete).toEqual({ spuserpolicy: [], sprolepolicy: [], spuserrole: [], splibraryrolepolicy: [] });
    });

    it('plans no rows for a database user or collection the workspace does not declare', () => {
        const base = baseTables();
        const tables: SpecifyTables = {
            ...base,
            collection: [...base.collection, { UserGroupScopeId: 33, CollectionName: 'C4', Code: 'C4', DisciplineID: 21 }],
            specifyuser: [...base.specifyuser, { SpecifyUserID: 43, Name: 'ghost', UserType: null }],
            spuserpolicy: [
                { id: 1, collection_id: null, specifyuser_id: 40, resource: '%', action: '%' },
                { id: 2, collection_id: 30, specifyuser_id: 43, resource: '/system/sp7/collection', action: 'access' },
                { id: 3, collection_id: 33, specifyuser_id: 41, resource: '/table/%', action: 'read' }
            ],
            sprole: [{ id: 7, collection_id: 33, name: 'Elsewhere', description: '' }],
            sprolepolicy: [{ id: 8, role_id: 7, resource: '/table/%', action: 'read' }],
            spuserrole: [{ id: 9, specifyuser_id: 42, role_id: 7 }]
        };
        const model = baseModel();
        const { plan, matching } = planChanges(tables, { ...model, users: model.users.map((u, i) => (i === 0 ? { ...u, institutionAdmin: {} } : u)) });
        expect(plan.delete.spuserpolicy.map((d) => [d.user, d.collection, d.row.id])).toEqual([
            ['ghost', 'C1', 2],
            ['u2', 'C4', 3]
        ]);
        expect(plan.roles.delete.map((d) => [d.role, d.collection, d.row.id])).toEqual([['Elsewhere', 'C4', 7]]);
        expect(plan.delete.sprolepolicy.map((d) => d.row.id)).toEqual([8]);
        expect(plan.delete.spuserrole.map((d) => [d.user, d.role, d.row.id])).toEqual([['u3', 'Elsewhere', 9]]);
        expect(Object.values(plan.insert).flat()).toEqual([]);
        // The effective changes say so: ghost can no longer enter C1.
        const diff = diffModels(literalModel(tables, matching), { ...model, users: model.users.map((u, i) => (i === 0 ? { ...u, institutionAdmin: {} } : u)) });
        expect(diff.users.find((u) => u.user === 'ghost')?.presence).toBe('removed');
    });

    it('refuses a workspace user or collection the database does not hold, naming it', () => {
        const model = baseModel();
        const extra: PolicyModel = {
            ...model,
            institutions: [{ ...model.institutions[0]!, divisions: [...model.institutions[0]!.divisions, { name: 'D3', disciplines: [{ name: 'X', division: 'D3', collections: [{ name: 'C9', title: 'Nine', division: 'D3', discipline: 'X' }] }] }] }],
            users: [...model.users, { name: 'nobody', agents: [], institutionPolicies: [], collections: [] }]
        };
        const refusal = catchRefusal(() => planChanges(baseTables(), extra));
        expect(refusal.reasons).toEqual([
            'collection C9 ("Nine") is not in the database: spol never creates collections, so create it in Specify first.',
            'user nobody is not in the database: spol never creates users, so add them in Specify first.'
        ]);
    });

    it('refuses to leave no Institution Admin, with Specify’s NoAdminUsersException', () => {
        const tables: SpecifyTables = { ...baseTables(), spuserpolicy: [{ id: 1, collection_id: null, specifyuser_id: 40, resource: '%', action: '%' }] };
        const refusal = catchRefusal(() => planChanges(tables, baseModel()));
        expect(refusal.reasons).toHaveLength(1);
        expect(refusal.reasons[0]).toContain('{"NoAdminUsersException": {}}');
        expect(refusal.reasons[0]).toContain('Request would leave system with no admin users.');
    });

    it('refuses a role given outside its own collection', () => {
        const model = baseModel();
        const bad: PolicyModel = {
            ...model,
            roles: [{ name: 'R', collections: [{ name: 'C1' }], templates: [], policies: [] }],
            users: model.users.map((u, i) => ({ ...u, ...(i === 0 && { institutionAdmin: {} }), collections: i === 1 ? [{ collection: { name: 'C3' }, roles: [{ name: 'R' }], policies: [] }] : [] }))
        };
        const refusal = catchRefusal(() => planChanges(baseTables(), bad));
        expect(refusal.reasons).toEqual([
            'user u2 is given role R in C3, but the role is declared only in C1: Specify assigns a role only in its own collection (its user_roles PUT fails: assert not Role.objects.filter(id__in=...).exclude(collection_id=collectionid).exists()).'
        ]);
    });

    it('refuses collection access for a user without an agent in its division, with Specify’s MissingAgentForAccessibleCollection', () => {
        const tables: SpecifyTables = { ...baseTables(), agent: baseTables().agent.filter((a) => !(a.SpecifyUserID === 41 && a.DivisionID === 11)) };
        const model = baseModel();
        const granted: PolicyModel = {
            ...model,
            users: model.users.map((u, i) => ({ ...u, ...(i === 0 && { institutionAdmin: {} }), collections: i === 1 ? [{ collection: { name: 'C3' }, access: {}, roles: [], policies: [] }, { collection: { name: 'C1' }, access: {}, roles: [], policies: [] }] : [] }))
        };
        const refusal = catchRefusal(() => planChanges(tables, granted));
        expect(refusal.reasons).toEqual([
            'user u2 could enter C3 but has no agent in division D2: Specify refuses this with 400 ' +
                '{"MissingAgentForAccessibleCollection": {"missing_for_7": [32], "missing_for_6": [], "all_accessible_divisions": [10, 11]}}; give them an agent there in Specify first.'
        ]);
    });
});

function catchRefusal(run: () => unknown): PlanRefusal {
    try {
        run();
    } catch (error) {
        if (error instanceof PlanRefusal) return error;
        throw error;
    }
    throw new Error('the plan was not refused');
}
