/**
 * Issue 13, items 1 and 2, through every engine answer that reads stored rows:
 *
 * - the Institution Admin is the institution-level row `%` / `%`, however it is written
 *   (`institution admin`, `institution { allow %: % }`, or both), and every answer that speaks of
 *   the admin agrees (ModelIndex, `because: { admin: true }`, grant labels, provenance sentences);
 * - Specify stores one row per (holder, resource, action): overlapping templates of a role, or a
 *   user granting the same thing twice, give each row once in the rows, the decisions, the profile,
 *   who-can, the REST bodies and the `POST /permissions/query/` response, while the row still
 *   names every place that declares it.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/decision/index.js';
import { diffModels } from '../../engine/diff/index.js';
import { describeOrigin } from '../../engine/explain.js';
import { collectionRoleBodies, libraryRoleBodies, numberModel, specifyQueryResponse, userBodies } from '../../engine/interchange/index.js';
import type { Policy, PolicyModel, Source, User } from '../../engine/model/policy-model.js';
import { declarationsOf, ModelIndex, type StoredPolicy } from '../../engine/model/stored.js';
import { grantsOf, profile, whoCan } from '../../engine/profile/index.js';
import { readTestFile, runTests } from '../../engine/testing/index.js';
import { allow, grant, libraryRole, museum, role, user } from './decision/model-builders.js';

function at(line: number, file = 'a.spol'): Source {
    return { file, range: { start: { line, character: 4 }, end: { line, character: 20 } } };
}

function placed(policy: Policy, line: number, file = 'a.spol'): Policy {
    return { ...policy, source: at(line, file), actions: policy.actions.map((a) => ({ ...a, source: at(line, file) })) };
}

const keyword = (line: number): Pick<User, 'institutionAdmin'> => ({ institutionAdmin: { source: at(line, 'users.spol') } });

/** The three spellings of the Institution Admin, and a user who is not one. */
const both: User = { ...user('both', { institution: [placed(allow('%', '%'), 5, 'users.spol')] }), ...keyword(3) };
const viaKeyword: User = { ...user('kw'), ...keyword(10) };
const viaPolicy: User = user('pol', { institution: [placed(allow('%', '%'), 20, 'users.spol')] });
const almost: User = user('almost', { institution: [allow('%%', '%'), allow('%', 'read')] });

const admins: PolicyModel = museum({ users: [both, viaKeyword, viaPolicy, almost] });

const rowText = (rows: readonly StoredPolicy[]) => rows.map((row) => `${row.resource} ${row.action}`);

describe('the Institution Admin is a row', () => {
    const index = new ModelIndex(admins);

    it('however it is written, and only the exact institution row % / %', () => {
        expect([both, viaKeyword, viaPolicy, almost].map((u) => index.isInstitutionAdmin(u))).toEqual([true, true, true, false]);
    });

    it('written both ways, it is stored once, as the keyword, naming the policy too', () => {
        const rows = index.institutionRows(both);
        expect(rowText(rows)).toEqual(['% %']);
        expect(declarationsOf(rows[0]!).map((d) => [d.derivation ?? null, d.source?.range.start.line])).toEqual([
            ['institution-admin', 3],
            [null, 5]
        ]);
        expect(userBodies(admins, both).institutionPolicies).toEqual({ '%': ['%'] });
    });

    it('is named Institution Admin in provenance whichever way it is written', () => {
        const engine = compile(admins);
        for (const name of ['both', 'kw', 'pol']) {
            const decision = engine.decide({ user: name, institution: true, resource: '/admin/user/password', action: 'update' });
            expect(describeOrigin(decision.matches[0]!)).toBe(`${name} is Institution Admin`);
            expect(grantsOf([{ action: 'update', matches: decision.matches }]).every((g) => g.label === 'Institution Admin')).toBe(true);
        }
        const other = engine.decide({ user: 'almost', institution: true, resource: '/admin/user/password', action: 'read' });
        expect(other.matches.map((row) => describeOrigin(row))).toEqual(["almost's institution-level policy", "almost's institution-level policy"]);
    });

    it('changes nothing in a diff when rewritten from one spelling to another, and is gained when added either way', () => {
        const kw = museum({ users: [{ ...user('x'), ...keyword(1) }, user('y')] });
        const pol = museum({ users: [user('x', { institution: [allow('%', '%')] }), user('y')] });
        const twice = museum({ users: [{ ...user('x', { institution: [allow('%', '%')] }), ...keyword(1) }, user('y')] });
        expect(diffModels(kw, pol).users).toEqual([]);
        expect(diffModels(pol, twice).users).toEqual([]);
        const gained = diffModels(museum({ users: [user('x'), user('y')] }), pol);
        expect(gained.summary.institutionAdminsGained).toEqual(['x']);
        expect(diffModels(pol, museum({ users: [user('x'), user('y')] })).summary.institutionAdminsLost).toEqual(['x']);
    });

    it('written both ways, the profile names both lines', () => {
        const engine = compile(admins);
        const cell = profile(engine, { user: 'both', institution: true }).operations[0]!.cells[0]!;
        expect(cell.matches).toHaveLength(1);
        expect(grantsOf([cell]).map((g) => [g.label, g.source?.range.start.line])).toEqual([
            ['Institution Admin', 3],
            ['Institution Admin', 5]
        ]);
    });

    it("answers `because: { admin: true }` for allow %: % as for the keyword, and `admin: false` for neither", () => {
        const engine = compile(admins);
        const yaml = [
            'tests:',
            ...['both', 'kw', 'pol'].flatMap((name) => [
                `  - name: ${name} is admin`,
                `    user: ${name}`,
                '    institution: true',
                '    allow: [update /admin/user/password]',
                '    because: { admin: true }'
            ]),
            '  - name: almost is not',
            '    user: almost',
            '    institution: true',
            '    allow: [read /permissions/list_admins]',
            '    because: { admin: false }',
            '  - name: nor is pol admin for no reason',
            '    user: pol',
            '    institution: true',
            '    allow: [read /permissions/list_admins]',
            '    because: { admin: false }'
        ].join('\n');
        const read = readTestFile(yaml, 'admin.test.yaml');
        expect(read.diagnostics).toEqual([]);
        expect(runTests(engine, read.cases).results.map((r) => [r.case.name, r.passed])).toEqual([
            ['both is admin', true],
            ['kw is admin', true],
            ['pol is admin', true],
            ['almost is not', true],
            ['nor is pol admin for no reason', false]
        ]);
    });
});

describe('one stored row per holder, resource and action', () => {
    const runQueries = libraryRole('RunQueries', placed(allow('/querybuilder/query', 'execute', 'export_csv'), 2, 'lib.spol'), placed(allow('/table/%', 'read'), 3, 'lib.spol'));
    const dataEntry = libraryRole('DataEntry', placed(allow('/table/%', 'read', 'create'), 7, 'lib.spol'), placed(allow('/querybuilder/query', 'execute'), 8, 'lib.spol'));
    const staff = role('Staff', ['FishVoucher', 'FishTissue'], {
        from: ['RunQueries', 'DataEntry'],
        policies: [placed(allow('/table/%', 'read'), 12, 'roles.spol'), placed(allow('/tools/queryBuilder', 'read'), 13, 'roles.spol')]
    });
    const twice = user('twice', {
        grants: [
            grant('FishVoucher', { access: true, roles: ['Staff'], policies: [placed(allow('/report', 'execute'), 20, 'users.spol')] }),
            grant('FishVoucher', { access: true, policies: [placed(allow('/report', 'execute', 'execute'), 22, 'users.spol'), placed(allow('/table/spquery', 'read'), 23, 'users.spol')] })
        ],
        institution: [placed(allow('/table/%', 'read'), 25, 'users.spol'), placed(allow('/table/%', 'read'), 26, 'users.spol')]
    });
    const m = museum({ libraryRoles: [runQueries, dataEntry], roles: [staff], users: [{ ...twice, ...keyword(1) }] });
    const index = new ModelIndex(m);
    const u = index.users.get('twice')!;

    it("a role's overlapping templates and own policies give each row once, first declaration first", () => {
        const rows = index.roleRows(staff, 'FishVoucher');
        expect(rowText(rows)).toEqual([
            '/querybuilder/query execute',
            '/querybuilder/query export_csv',
            '/table/% read',
            '/table/% create',
            '/table/spquery read',
            '/table/spqueryfield read'
        ]);
        const read = rows.find((row) => row.resource === '/table/%' && row.action === 'read')!;
        expect(declarationsOf(read).map((d) => [d.template ?? null, d.resource, d.source?.file, d.source?.range.start.line])).toEqual([
            ['RunQueries', '/table/%', 'lib.spol', 3],
            ['DataEntry', '/table/%', 'lib.spol', 7],
            [null, '/table/%', 'roles.spol', 12]
        ]);
        expect(declarationsOf(rows[0]!).map((d) => d.template)).toEqual(['RunQueries', 'DataEntry']);
    });

    it("a user's repeated grants, in one block or two, give each row once, access and /field/% too", () => {
        expect(rowText(index.collectionUserRows(u, 'FishVoucher'))).toEqual([
            '/system/sp7/collection access',
            '/report execute',
            '/table/spquery read',
            '/field/% %'
        ]);
        const report = index.collectionUserRows(u, 'FishVoucher')[1]!;
        expect(declarationsOf(report).map((d) => d.source?.range.start.line)).toEqual([20, 22, 22]);
        expect(declarationsOf(index.collectionUserRows(u, 'FishVoucher')[0]!)).toHaveLength(2);
        expect(rowText(index.institutionRows(u))).toEqual(['% %', '/table/% read']);
    });

    it('REST bodies never repeat an action', () => {
        const numbering = numberModel(index);
        const roles = collectionRoleBodies(index, 'FishVoucher', numbering).roles[0]!.policies;
        expect(roles).toEqual({
            '/querybuilder/query': ['execute', 'export_csv'],
            '/table/%': ['read', 'create'],
            '/table/spquery': ['read'],
            '/table/spqueryfield': ['read']
        });
        const bodies = userBodies(index, u, numbering);
        expect(bodies.institutionPolicies).toEqual({ '%': ['%'], '/table/%': ['read'] });
        expect(bodies.collections[0]!.policies).toEqual({
            '/system/sp7/collection': ['access'],
            '/report': ['execute'],
            '/table/spquery': ['read'],
            '/field/%': ['%']
        });
        const library = libraryRoleBodies(m, numbering);
        expect(library[1]!.policies).toEqual({ '/table/%': ['read', 'create'], '/querybuilder/query': ['execute'] });
    });

    it('decisions, the query response, the profile and who-can see each stored row once', () => {
        const engine = compile(index);
        const asked = { user: 'twice', collection: 'FishVoucher', resource: '/table/agent', action: 'read' };
        const decision = engine.decide(asked);
        expect(decision.matches.map((row) => `${row.origin.kind} ${row.resource} ${row.action}`)).toEqual([
            'institution-user % %',
            'institution-user /table/% read',
            'role /table/% read'
        ]);
        const response = specifyQueryResponse(engine, numberModel(index), { user: 'twice', collection: 'FishVoucher', queries: [{ resource: '/table/agent', actions: ['read'] }] });
        expect(response.details[0]!.matching_role_policies.map((p) => `${p.resource} ${p.action}`)).toEqual(['/table/% read']);
        expect(response.details[0]!.matching_user_policies.map((p) => `${p.resource} ${p.action}`)).toEqual(['% %', '/table/% read']);

        const agent = profile(engine, { user: 'twice', collection: 'FishVoucher' }).tables.find((t) => t.table === 'agent')!;
        expect(agent.cells.find((c) => c.action === 'read')!.matches).toHaveLength(3);
        expect(whoCan(engine, { collection: 'FishVoucher', resource: '/table/agent', action: 'read' }).allowed[0]!.decision.matches).toHaveLength(3);
    });

    it('the text still names every line that declares a row', () => {
        const engine = compile(index);
        const decision = engine.decide({ user: 'twice', collection: 'FishVoucher', resource: '/table/agent', action: 'read' });
        const roleRow = decision.matches.filter((row) => row.origin.kind === 'role');
        expect(grantsOf([{ action: 'read', matches: roleRow }]).map((g) => [g.label, g.source?.file, g.source?.range.start.line])).toEqual([
            ['role Staff (from library RunQueries)', 'lib.spol', 3],
            ['role Staff (from library DataEntry)', 'lib.spol', 7],
            ['role Staff', 'roles.spol', 12]
        ]);
        const institution = decision.matches.filter((row) => row.origin.kind === 'institution-user' && row.resource !== '%');
        expect(grantsOf([{ action: 'read', matches: institution }]).map((g) => g.source?.range.start.line)).toEqual([25, 26]);
    });

    it('compares the exact text: rows spelt in another case stay two, as Specify stores both', () => {
        const cased = user('cased', { institution: [allow('/table/%', 'read'), allow('/Table/%', 'read', 'READ'), allow('/table/%', 'read')] });
        const rows = new ModelIndex(museum({ users: [cased] })).institutionRows(cased);
        expect(rowText(rows)).toEqual(['/table/% read', '/Table/% read', '/Table/% READ']);
        expect(rows.map((row) => declarationsOf(row).length)).toEqual([2, 1, 1]);
    });

    it("`because: { template }` holds for every template that declares the row, not only the first", () => {
        const engine = compile(index);
        const yaml = ['RunQueries', 'DataEntry'].flatMap((t) => [
            `  - name: from ${t}`,
            '    user: twice',
            '    in: FishVoucher',
            '    allow: [read /table/agent]',
            `    because: { role: Staff, template: ${t} }`
        ]);
        const read = readTestFile(['tests:', ...yaml].join('\n'), 'templates.test.yaml');
        expect(read.diagnostics).toEqual([]);
        expect(runTests(engine, read.cases).results.map((r) => r.passed)).toEqual([true, true]);
    });
});
