/**
 * Running test cases against a compiled model: passes and each kind of failure, `because:`
 * provenance that holds and that does not, both modes, the rows and places a failure names, and
 * cases that cannot run because they name what the workspace lacks.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/decision/index.js';
import type { Policy, Source } from '../../../engine/model/policy-model.js';
import { describeResult, readTestFile, runTests, type ExpectationResult, type TestRun } from '../../../engine/testing/index.js';
import { allow, grant, libraryRole, museum, role, user } from '../decision/model-builders.js';

/** A policy written at `file:line` (one-based), so that failures can name its place. */
function at(policy: Policy, file: string, line: number): Policy {
    const source: Source = { file, range: { start: { line: line - 1, character: 4 }, end: { line: line - 1, character: 30 } } };
    return { ...policy, source };
}

const engine = compile(
    museum({
        libraryRoles: [
            libraryRole('FullDataAccess', at(allow('/table/%', 'read', 'create', 'update', 'delete'), 'lib.spol', 3)),
            libraryRole('ReadOnly', at(allow('/table/%', 'read'), 'lib.spol', 7))
        ],
        roles: [
            role('Curator', ['FishVoucher'], { from: ['FullDataAccess'] }),
            role('Reader', ['FishVoucher', 'FishTissue'], { from: ['ReadOnly'], policies: [at(allow('/querybuilder/query', 'execute'), 'roles.spol', 9)] }),
            role('CollectionAdmin', ['FishVoucher'], { policies: [at(allow('%', '%'), 'roles.spol', 12)] })
        ],
        users: [
            user('boss', { admin: true }),
            user('cur', { grants: [grant('FishVoucher', { access: true, roles: ['Curator'] })] }),
            user('cm', { grants: [grant('FishVoucher', { access: true, roles: ['CollectionAdmin'] })] }),
            user('rdr', { grants: [grant('FishVoucher', { access: true, roles: ['Reader'] }), grant('FishTissue', { roles: ['Reader'] })] }),
            user('aud', {
                institution: [at(allow('/permissions/list_admins', 'read'), 'users.spol', 20)],
                grants: [grant('Herbarium', { access: true })]
            })
        ]
    })
);

function run(yaml: string): TestRun {
    const read = readTestFile(`tests:\n${yaml}`, 'cases.test.yaml');
    expect(read.diagnostics).toEqual([]);
    return runTests(engine, read.cases);
}

/** The only result of a one-expectation case. */
function only(yaml: string): ExpectationResult {
    const { results } = run(yaml);
    expect(results).toHaveLength(1);
    return results[0]!;
}

const locate = (source: Source | undefined) => (source ? `${source.file}:${source.range.start.line + 1}` : '<none>');

describe('runTests', () => {
    it('passes what Specify decides as expected, one result per expectation, with its decision and place', () => {
        const outcome = run(
            [
                '  - name: curator edits',
                '    user: cur',
                '    in: FishVoucher',
                '    allow: [read /table/agent, delete /table/collectionobject]',
                '    deny: [update /admin/user/password]',
                '  - name: admin everywhere',
                '    user: boss',
                '    institution: true',
                '    allow: [update /admin/user/password]'
            ].join('\n')
        );
        expect([outcome.passed, outcome.failed]).toEqual([4, 0]);
        expect(outcome.diagnostics).toEqual([]);
        expect(outcome.results.map((r) => [r.case.name, r.expectation.expected, r.expectation.action, r.passed, r.decision.allowed])).toEqual([
            ['curator edits', 'allow', 'read', true, true],
            ['curator edits', 'allow', 'delete', true, true],
            ['curator edits', 'deny', 'update', true, false],
            ['admin everywhere', 'allow', 'update', true, true]
        ]);
        expect(outcome.results[1]!.expectation.source).toMatchObject({ file: 'cases.test.yaml', range: { start: { line: 4, character: 31 } } });
        expect(outcome.results[1]!.failure).toBeUndefined();
    });

    it('fails an expected deny that Specify allows, naming the granting row and its place', () => {
        const result = only('  - name: curator must not delete\n    user: cur\n    in: FishVoucher\n    deny: [delete /table/agent]\n');
        expect(result.passed).toBe(false);
        expect(result.failure?.kind).toBe('unexpected-allow');
        expect(result.failure?.grants.map((row) => [row.resource, row.action, row.template])).toEqual([['/table/%', 'delete', 'FullDataAccess']]);
        const text = describeResult(result, locate);
        expect(text).toMatch(/^curator must not delete: expected deny delete \/table\/agent, got allow \(/);
        expect(text).toContain('role Curator in FishVoucher, from library FullDataAccess');
        expect(text).toContain('/table/% delete at lib.spol:3');
    });

    it('fails an expected allow that the collection gate refuses, and says which role would grant it', () => {
        const result = only('  - name: reader in tissue\n    user: rdr\n    in: FishTissue\n    allow: [read /table/agent]\n');
        expect(result.failure?.kind).toBe('unexpected-deny');
        expect(result.decision.reason).toBe('no-collection-access');
        const text = describeResult(result, locate);
        expect(text).toContain('got deny (rdr cannot enter FishTissue');
        expect(text).toContain('role Reader in FishTissue, from library ReadOnly: /table/% read at lib.spol:7');
    });

    it('fails an expected allow of an institution-level resource in a collection, with the note why', () => {
        const result = only('  - name: curator sets passwords\n    user: cur\n    in: FishVoucher\n    allow: [update /admin/user/password]\n');
        expect(result.failure?.kind).toBe('unexpected-deny');
        expect(result.decision.level).toBe('institution');
        const text = describeResult(result, locate);
        expect(text).toContain('got deny (no policy of cur matches in FishVoucher; /admin/user/password is checked at institution level');
        expect(text).toContain('roles and collection policies do not count)');
    });

    it('answers as the raw query in mode: query, and as the server enforces by default', () => {
        const place = '    user: cm\n    in: FishVoucher\n    allow: [update /admin/user/password]\n';
        expect(only(`  - name: raw query\n${place}    mode: query\n`).passed).toBe(true);
        expect(only(`  - name: enforced\n${place}    mode: enforce\n`).passed).toBe(false);
        expect(only(`  - name: default\n${place}`).passed).toBe(false);
    });

    describe('because: provenance assertions', () => {
        it.each([
            ['cur', 'in: FishVoucher', 'delete /table/agent', '{ role: Curator }', true],
            ['cur', 'in: FishVoucher', 'delete /table/agent', '{ role: Reader }', false],
            ['cur', 'in: FishVoucher', 'delete /table/agent', '{ role: Curator, template: FullDataAccess }', true],
            ['cur', 'in: FishVoucher', 'delete /table/agent', '{ template: ReadOnly }', false],
            ['cur', 'in: FishVoucher', 'access /system/sp7/collection', '{ policy: collection }', true],
            ['cur', 'in: FishVoucher', 'access /system/sp7/collection', '{ role: Curator }', false],
            ['rdr', 'in: FishVoucher', 'execute /querybuilder/query', '{ role: Reader }', true],
            ['rdr', 'in: FishVoucher', 'execute /querybuilder/query', '{ template: ReadOnly }', false],
            ['boss', 'institution: true', 'update /admin/user/password', '{ admin: true }', true],
            ['boss', 'institution: true', 'update /admin/user/password', '{ admin: false }', false],
            ['boss', 'in: Herbarium', 'read /table/agent', '{ admin: true, policy: institution }', true],
            ['aud', 'institution: true', 'read /permissions/list_admins', '{ policy: institution, admin: false }', true],
            ['aud', 'in: Herbarium', 'read /permissions/list_admins', '{ policy: institution }', true],
            ['aud', 'institution: true', 'read /permissions/list_admins', '{ admin: true }', false],
            ['aud', 'institution: true', 'read /permissions/list_admins', '{ policy: collection }', false]
        ])('%s %s %s because %s: passes %s', (who, place, expectation, because, passes) => {
            const result = only(`  - name: why\n    user: ${who}\n    ${place}\n    allow: [${expectation}]\n    because: ${because}\n`);
            expect(result.decision.allowed).toBe(true);
            expect(result.passed).toBe(passes);
            if (!passes) {
                expect(result.failure?.kind).toBe('wrong-provenance');
                expect(result.failure?.grants.length).toBeGreaterThan(0);
            }
        });

        it('says what granted it instead, with the place', () => {
            const result = only('  - name: why\n    user: cur\n    in: FishVoucher\n    allow: [read /table/agent]\n    because: { template: ReadOnly }\n');
            expect(describeResult(result, locate)).toContain(
                'got allow, but not because of template ReadOnly (granted in FishVoucher by role Curator in FishVoucher, from library FullDataAccess: /table/% read at lib.spol:3)'
            );
        });

        it('applies only to allow expectations of the case', () => {
            const outcome = run('  - name: why\n    user: cur\n    in: FishVoucher\n    allow: [read /table/agent]\n    deny: [read /permissions/list_admins]\n    because: { role: Curator }\n');
            expect(outcome.results.map((r) => r.passed)).toEqual([true, true]);
        });
    });

    it('does not run a case naming an unknown user, collection, role or template: errors at the names, with did-you-mean', () => {
        const read = readTestFile(
            [
                'tests:',
                '  - name: typos',
                '    user: curr',
                '    in: FishVouch',
                '    allow: [read /table/agent]',
                '    because: { role: Curatr, template: FullDataAcess }',
                '  - name: fine',
                '    user: cur',
                '    in: FishVoucher',
                '    allow: [read /table/agent]'
            ].join('\n'),
            'cases.test.yaml'
        );
        const outcome = runTests(engine, read.cases);
        expect(outcome.results.map((r) => r.case.name)).toEqual(['fine']);
        expect(outcome.diagnostics.map((d) => [d.code, d.source!.range.start.line + 1, d.source!.range.start.character + 1, d.data?.['suggestions']])).toEqual([
            ['unknown-user', 3, 11, ['cur']],
            ['unknown-collection', 4, 9, ['FishVoucher']],
            ['unknown-role', 6, 22, ['Curator']],
            ['unknown-template', 6, 40, ['FullDataAccess']]
        ]);
        expect(outcome.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    });
});

describe('runTests: a case whose question depends on a name declared twice', () => {
    const twice = compile(museum({ users: [user('dup', { admin: true }), user('dup'), user('one', { admin: true })] }));
    const read = readTestFile(
        ['tests:', '  - name: dup', '    user: dup', '    institution: true', '    allow: [read /table/agent]', '  - name: one', '    user: one', '    institution: true', '    allow: [read /table/agent]'].join('\n'),
        'dup.test.yaml'
    );

    it('does not run it: an ambiguous-name error at its user, with the places; the others run', () => {
        const outcome = runTests(twice, read.cases);
        expect(outcome.results.map((r) => r.case.name)).toEqual(['one']);
        expect(outcome.diagnostics.map((d) => [d.code, d.severity, d.source!.range.start.line + 1, d.message])).toEqual([
            ['ambiguous-name', 'error', 3, 'User dup is declared twice; a question about it has no single answer.']
        ]);
    });

    it("throws the engine's QueryError when asked to (the CLI refuses the workspace)", () => {
        expect(() => runTests(twice, read.cases, { refused: 'throw' })).toThrow(/User dup is declared twice/);
    });
});
