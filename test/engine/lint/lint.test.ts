/**
 * lint(model) as the CLI and the editor call it: all rules, one sorted list, no duplicates, quiet on
 * a sound institution, and never throwing on odd input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDiagnostics } from '../../../engine/diagnostic.js';
import type { Policy, PolicyModel, Source } from '../../../engine/model/policy-model.js';
import { lint, rules } from '../../../engine/lint/index.js';
import { admin, agent, at, grant, grants, libraryRole, museum, policy, role, user, model } from './builders.js';

function soundMuseum(): PolicyModel {
    return model({
        institutions: [museum()],
        libraryRoles: [
            libraryRole('FullDataAccess', [policy('/table/%', ['read', 'create', 'update', 'delete'])]),
            libraryRole('RunQueries', [policy('/querybuilder/query', ['execute', 'export_csv', 'create_recordset']), policy('/tools/queryBuilder', ['read', 'create']), policy('/table/%', ['read'])]),
            libraryRole('ReadOnlyAccess', [policy('/table/%', ['read'])])
        ],
        roles: [
            role('DataEntry', ['FishVoucher', 'FishTissue'], { title: 'Data Entry', templates: ['FullDataAccess', 'RunQueries'], policies: [policy('/workbench/dataset', ['create', 'update', 'upload'])] }),
            role('Visitor', ['Herbarium'], { templates: ['ReadOnlyAccess'], policies: [policy('/report', ['execute'])] }),
            role('Auditor', ['FishVoucher', 'Herbarium'], { templates: ['ReadOnlyAccess'], policies: [policy('/permissions/%', ['read'])] })
        ],
        users: [
            admin(),
            user('jdoe', { agents: [agent('Doe, Jane', 'Ichthyology')], grants: grants(['FishVoucher', 'FishTissue'], { access: true, roles: ['DataEntry'] }) }),
            user('guest', { agents: [agent('Guest', 'Botany')], grants: [grant('Herbarium', { access: true, roles: ['Visitor'] })], specify6: { group: 'Guest' } }),
            user('audit', {
                agents: [agent('Audit', 'Ichthyology'), agent('Audit', 'Botany')],
                institution: [policy('/permissions/list_admins', ['read'])],
                grants: [grant('FishVoucher', { access: true, roles: ['Auditor'] }), grant('Herbarium', { access: true, roles: ['Auditor'] })]
            })
        ]
    });
}

describe('lint', () => {
    it('is quiet on a sound institution', () => {
        expect(lint(soundMuseum())).toEqual([]);
    });

    it('is quiet on an empty model', () => {
        expect(lint(model())).toEqual([]);
    });

    it('runs every rule and sorts the result by place', () => {
        const base = soundMuseum();
        const broken: PolicyModel = {
            ...base,
            roles: [...base.roles, role('Ghost', ['FishVoucher'], { nameAt: at(2, 5, 10), policies: [policy('/table/agnt', ['read'], { resourceAt: at(3, 10, 21) })] })],
            users: [
                ...base.users,
                user('rmartin', { nameAt: at(1, 5, 12), grants: [grant('Herbarium', { access: true, roles: ['DataEntry'], policies: [policy('/report', [], { at: at(0, 4, 16) })] })] })
            ]
        };
        const found = lint(broken);
        expect(found.map((d) => [d.code, d.source?.range.start.line])).toEqual([
            ['empty-policy', 0],
            ['missing-agent', 1],
            ['unused-role', 2],
            ['unknown-resource', 3],
            ['role-not-in-collection', expect.any(Number)]
        ]);
        expect([...found].sort(compareDiagnostics)).toEqual(found);
    });

    it('reports a policy written once for several collections once', () => {
        const base = soundMuseum();
        const shared = policy('/nothing', ['read'], { resourceAt: at(0, 0, 8) });
        const m: PolicyModel = { ...base, users: [...base.users, user('x', { agents: [agent('X', 'Ichthyology')], grants: grants(['FishVoucher', 'FishTissue'], { access: true, policies: [shared] }) })] };
        expect(lint(m).filter((d) => d.code === 'unknown-resource')).toHaveLength(1);
    });
});

// ---------------------------------------------------------------- never crash

const names = fc.constantFrom('A', 'B', 'FishVoucher', 'Herbarium', 'Ichthyology', 'Botany', 'NHM', '', 'x y', '%');
const resources = fc.constantFrom('%', '/table/%', '/table/agent', '/tools/%', '/tools/queryBuilder', '/field/%', '/field/agent/%', '/permissions/%', '/admin/user/agents', '/report/record', '', '_', '\\', '\\%', 'ſ', '/table/agen_', '/system/sp7/collection', '/nothing/%');
const actions = fc.constantFrom('%', 'read', 'update', 'access', 'fly', '', '_', 're%', '\\');
const maybeSource: fc.Arbitrary<Source | undefined> = fc.option(
    fc.tuple(fc.nat(50), fc.nat(50)).map(([line, ch]) => at(line, ch, ch + 3)),
    { nil: undefined }
);
const arbPolicy: fc.Arbitrary<Policy> = fc
    .record({ resource: resources, actions: fc.array(fc.record({ name: actions, source: maybeSource }), { maxLength: 3 }), source: maybeSource, resourceSource: maybeSource })
    .map((p) => JSON.parse(JSON.stringify(p)) as Policy);
const ref = fc.record({ name: names, source: maybeSource }).map((r) => JSON.parse(JSON.stringify(r)) as { name: string });

const arbModel: fc.Arbitrary<PolicyModel> = fc
    .record({
        institutions: fc.array(
            fc.record({
                name: names,
                divisions: fc.array(
                    fc.record({
                        name: names,
                        disciplines: fc.array(fc.record({ name: names, type: fc.option(names, { nil: undefined }), collections: fc.array(fc.record({ name: names }), { maxLength: 2 }) }), { maxLength: 2 })
                    }),
                    { maxLength: 2 }
                )
            }),
            { maxLength: 2 }
        ),
        libraryRoles: fc.array(fc.record({ name: names, title: fc.option(names, { nil: undefined }), policies: fc.array(arbPolicy, { maxLength: 3 }) }), { maxLength: 2 }),
        roles: fc.array(
            fc.record({ name: names, title: fc.option(names, { nil: undefined }), collections: fc.array(ref, { maxLength: 2 }), templates: fc.array(ref, { maxLength: 2 }), policies: fc.array(arbPolicy, { maxLength: 3 }) }),
            { maxLength: 3 }
        ),
        users: fc.array(
            fc.record({
                name: names,
                agents: fc.array(fc.record({ name: names, division: ref }), { maxLength: 2 }),
                institutionAdmin: fc.option(fc.constant({}), { nil: undefined }),
                institutionPolicies: fc.array(arbPolicy, { maxLength: 2 }),
                collections: fc.array(
                    fc.record({ collection: ref, access: fc.option(fc.constant({}), { nil: undefined }), roles: fc.array(ref, { maxLength: 2 }), policies: fc.array(arbPolicy, { maxLength: 2 }) }),
                    { maxLength: 3 }
                ),
                specify6: fc.option(fc.record({ admin: fc.boolean(), group: fc.option(names, { nil: undefined }), collections: fc.array(ref, { maxLength: 2 }) }), { nil: undefined })
            }),
            { maxLength: 3 }
        )
    })
    .map((raw) => {
        // Fill in the enclosing names the way the DSL would, then drop undefined keys.
        const institutions = raw.institutions.map((i) => ({
            ...i,
            divisions: i.divisions.map((d) => ({
                ...d,
                disciplines: d.disciplines.map((s) => ({ ...s, division: d.name, collections: s.collections.map((c) => ({ ...c, division: d.name, discipline: s.name })) }))
            }))
        }));
        return JSON.parse(JSON.stringify({ ...raw, institutions })) as PolicyModel;
    });

describe('lint on arbitrary models', () => {
    it('never throws, reports only known codes, and sorts', () => {
        const codes = new Set(rules.map((r) => r.code));
        fc.assert(
            fc.property(arbModel, (m) => {
                const found = lint(m);
                for (const d of found) {
                    expect(codes.has(d.code)).toBe(true);
                    expect(d.message.length).toBeGreaterThan(0);
                }
                expect([...found].sort(compareDiagnostics)).toEqual(found);
            }),
            { numRuns: 300 }
        );
    });
});
