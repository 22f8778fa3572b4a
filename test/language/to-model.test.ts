/**
 * AST → PolicyModel: the shape the engine reads, with every element's file (the document URI) and
 * range — names, resources, each action, each reference, `access` and `institution admin`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments } from 'langium/test';
import type { Range, Source } from '../../engine/model/policy-model.js';
import { documentsToModel } from '../../language/to-model.js';
import { buildFixture, buildWorkspace, createTestServices, workspaceUri } from './spol-test-kit.js';

const services = createTestServices(() => []);

afterEach(() => clearDocuments(services.shared));

/** The range of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) {
        offset = text.indexOf(needle, offset + 1);
        if (offset < 0) throw new Error(`'${needle}' #${occurrence} not in text`);
    }
    const position = (at: number) => {
        const before = text.slice(0, at).split('\n');
        return { line: before.length - 1, character: before.at(-1)!.length };
    };
    return { start: position(offset), end: position(offset + needle.length) };
}

const TREE = `institution KU "Kansas" {
    division Ichthyology "Division of Ichthyology" {
        discipline Fish "Fishes" type fish {
            collection FishVoucher "KUI Fish Voucher" code "KUI"
            collection FishTissue
        }
    }
}
`;

const ROLES = `library role RunQueries "Run Queries" {
    description "Queries"
    allow /querybuilder/query: execute, export_csv
}

role DataEntry "Data Entry" in FishVoucher, FishTissue {
    description "Catalogue"
    from library RunQueries, Missing
    allow /workbench/dataset: create, update
}
`;

const USERS = `user rmartin "Robert Martin" {
    agent "Martin, Robert" in Ichthyology
    institution admin
    institution { allow /export/feed: force_update }
    in FishVoucher, FishTissue { access  roles DataEntry  allow /report: execute }
    in Nowhere { roles Ghost }
    specify6 { admin  group Manager  collections FishVoucher }
}
`;

describe('documentsToModel', () => {
    it('maps every element, with sources on names, resources, actions, references and keywords', async () => {
        await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': ROLES, 'users.spol': USERS });
        const model = documentsToModel(services.shared.workspace.LangiumDocuments.all);
        const tree = (needle: string, n = 0): Source => ({ file: workspaceUri('tree.spol'), range: rangeOf(TREE, needle, n) });
        const roles = (needle: string, n = 0): Source => ({ file: workspaceUri('roles.spol'), range: rangeOf(ROLES, needle, n) });
        const users = (needle: string, n = 0): Source => ({ file: workspaceUri('users.spol'), range: rangeOf(USERS, needle, n) });

        const [institution] = model.institutions;
        expect(institution).toMatchObject({ name: 'KU', title: 'Kansas', nameSource: tree('KU') });
        expect(institution!.source!.range.start).toEqual({ line: 0, character: 0 });
        expect(institution!.source!.range.end).toEqual({ line: 7, character: 1 });
        const division = institution!.divisions[0]!;
        expect(division).toMatchObject({ name: 'Ichthyology', title: 'Division of Ichthyology', nameSource: tree('Ichthyology') });
        const discipline = division.disciplines[0]!;
        expect(discipline).toMatchObject({ name: 'Fish', title: 'Fishes', type: 'fish', division: 'Ichthyology', nameSource: tree('Fish') });
        expect(discipline.collections).toEqual([
            {
                name: 'FishVoucher',
                title: 'KUI Fish Voucher',
                code: 'KUI',
                division: 'Ichthyology',
                discipline: 'Fish',
                source: tree('collection FishVoucher "KUI Fish Voucher" code "KUI"'),
                nameSource: tree('FishVoucher')
            },
            {
                name: 'FishTissue',
                division: 'Ichthyology',
                discipline: 'Fish',
                source: tree('collection FishTissue'),
                nameSource: tree('FishTissue')
            }
        ]);

        expect(model.libraryRoles).toEqual([
            {
                name: 'RunQueries',
                title: 'Run Queries',
                description: 'Queries',
                policies: [
                    {
                        resource: '/querybuilder/query',
                        actions: [
                            { name: 'execute', source: roles('execute') },
                            { name: 'export_csv', source: roles('export_csv') }
                        ],
                        source: roles('allow /querybuilder/query: execute, export_csv'),
                        resourceSource: roles('/querybuilder/query')
                    }
                ],
                source: { file: workspaceUri('roles.spol'), range: { start: { line: 0, character: 0 }, end: { line: 3, character: 1 } } },
                nameSource: roles('RunQueries')
            }
        ]);

        const role = model.roles[0]!;
        expect(role).toMatchObject({ name: 'DataEntry', title: 'Data Entry', description: 'Catalogue', nameSource: roles('DataEntry') });
        expect(role.collections).toEqual([
            { name: 'FishVoucher', source: roles('FishVoucher') },
            { name: 'FishTissue', source: roles('FishTissue') }
        ]);
        // An unresolved name is kept as written.
        expect(role.templates).toEqual([
            { name: 'RunQueries', source: roles('RunQueries', 1) },
            { name: 'Missing', source: roles('Missing') }
        ]);
        expect(role.policies.map((p) => [p.resource, p.actions.map((a) => a.name)])).toEqual([['/workbench/dataset', ['create', 'update']]]);

        const user = model.users[0]!;
        expect(user).toMatchObject({ name: 'rmartin', title: 'Robert Martin', nameSource: users('rmartin') });
        expect(user.agents).toEqual([
            {
                name: 'Martin, Robert',
                division: { name: 'Ichthyology', source: users('Ichthyology') },
                source: users('agent "Martin, Robert" in Ichthyology')
            }
        ]);
        expect(user.institutionAdmin).toEqual({ source: users('institution admin') });
        expect(user.institutionPolicies).toEqual([
            {
                resource: '/export/feed',
                actions: [{ name: 'force_update', source: users('force_update') }],
                source: users('allow /export/feed: force_update'),
                resourceSource: users('/export/feed')
            }
        ]);
        // `in A, B { … }` is one grant per collection, each with the same access, roles and policies.
        const grantSource = users('in FishVoucher, FishTissue { access  roles DataEntry  allow /report: execute }');
        const [voucher, tissue, nowhere] = user.collections;
        expect(voucher).toMatchObject({ collection: { name: 'FishVoucher', source: users('FishVoucher') }, source: grantSource });
        expect(tissue).toMatchObject({ collection: { name: 'FishTissue', source: users('FishTissue') }, source: grantSource });
        for (const grant of [voucher!, tissue!]) {
            expect(grant.access).toEqual({ source: users('access') });
            expect(grant.roles).toEqual([{ name: 'DataEntry', source: users('DataEntry') }]);
            expect(grant.policies.map((p) => [p.resource, p.actions.map((a) => a.name)])).toEqual([['/report', ['execute']]]);
        }
        expect(nowhere).toEqual({
            collection: { name: 'Nowhere', source: users('Nowhere') },
            roles: [{ name: 'Ghost', source: users('Ghost') }],
            policies: [],
            source: users('in Nowhere { roles Ghost }')
        });
        expect(user.specify6).toEqual({
            admin: true,
            group: 'Manager',
            collections: [{ name: 'FishVoucher', source: users('FishVoucher', 1) }],
            source: users('specify6 { admin  group Manager  collections FishVoucher }')
        });
    });

    it('leaves out what is not written: no admin, no access, no specify6, no titles', async () => {
        await buildWorkspace(services, { 'a.spol': 'user u { in C { roles R } }' });
        const user = documentsToModel(services.shared.workspace.LangiumDocuments.all).users[0]!;
        expect(Object.keys(user).sort()).toEqual(['agents', 'collections', 'institutionPolicies', 'name', 'nameSource', 'source']);
        expect(Object.keys(user.collections[0]!).sort()).toEqual(['collection', 'policies', 'roles', 'source']);
    });

    it('orders elements by document URI, whatever order the documents were loaded in', async () => {
        await buildWorkspace(services, { 'b.spol': 'user b {}', 'a.spol': 'user a {}', 'c/a.spol': 'user ca {}' });
        const model = documentsToModel(services.shared.workspace.LangiumDocuments.all);
        expect(model.users.map((u) => [u.name, u.source!.file])).toEqual([
            ['a', workspaceUri('a.spol')],
            ['b', workspaceUri('b.spol')],
            ['ca', workspaceUri('c/a.spol')]
        ]);
    });

    it('maps a multi-file fixture with each element pointing at its own file', async () => {
        const documents = await buildFixture(services, 'museum');
        const model = documentsToModel(documents.values());
        const uri = (name: string) => documents.get(name)!.uri.toString();
        expect(model.institutions.map((i) => i.source!.file)).toEqual([uri('institution.spol')]);
        expect(model.libraryRoles.map((r) => [r.name, r.source!.file])).toEqual([
            ['RunQueries', uri('library.spol')],
            ['FullDataAccess', uri('library.spol')]
        ]);
        expect(model.roles.map((r) => [r.name, r.source!.file])).toEqual([
            ['DataEntry', uri('roles/collection-roles.spol')],
            ['HerpReader', uri('roles/collection-roles.spol')]
        ]);
        expect(model.users.map((u) => [u.name, u.source!.file])).toEqual([
            ['abentley', uri('users/curators.spol')],
            ['rmartin', uri('users/curators.spol')],
            ['jdoe', uri('users/students.spol')]
        ]);
        expect(uri('institution.spol')).toMatch(/^file:\/\/\/.*\/test\/fixtures\/language\/museum\/institution\.spol$/);
    });

    it('skips a document that has not been parsed yet', async () => {
        await buildWorkspace(services, { 'a.spol': 'user a {}' });
        const placeholder = services.shared.workspace.LangiumDocumentFactory.fromModel({ $type: 'INVALID' }, workspaceUri('b.spol') as never);
        expect(documentsToModel([...services.shared.workspace.LangiumDocuments.all, placeholder]).users.map((u) => u.name)).toEqual(['a']);
    });
});
