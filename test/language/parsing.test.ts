/**
 * The grammar: every construct parses into the AST properties the PolicyModel mapping reads, and
 * syntax errors are reported as `syntax-error` at the offending token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Document } from '../../language/generated/ast.js';
import * as ast from '../../language/generated/ast.js';
import { createTestServices, withCode } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper<Document>(services.Spol);

afterEach(() => clearDocuments(services.shared));

async function parseClean(text: string): Promise<Document> {
    const document = await parse(text, { validation: true });
    expect(withCode(document, 'syntax-error')).toEqual([]);
    return document.parseResult.value;
}

describe('institution tree', () => {
    it('parses divisions, disciplines and collections with titles, types and codes', async () => {
        const root = await parseClean(`
            institution KU "University of Kansas" {
                division Ichthyology "Division of Ichthyology" {
                    discipline Fish "Fishes" type fish {
                        collection FishVoucher "KUI Fish Voucher" code "KUI"
                        collection FishTissue
                    }
                }
                division Empty {}
            }`);
        const institution = root.elements[0] as ast.Institution;
        expect(ast.isInstitution(institution)).toBe(true);
        expect([institution.name, institution.title]).toEqual(['KU', 'University of Kansas']);
        const [ichthyology, empty] = institution.divisions;
        expect([ichthyology!.name, ichthyology!.title, empty!.name, empty!.disciplines]).toEqual(['Ichthyology', 'Division of Ichthyology', 'Empty', []]);
        const fish = ichthyology!.disciplines[0]!;
        expect([fish.name, fish.title, fish.type]).toEqual(['Fish', 'Fishes', 'fish']);
        expect(fish.collections.map((c) => [c.name, c.title, c.code])).toEqual([
            ['FishVoucher', 'KUI Fish Voucher', 'KUI'],
            ['FishTissue', undefined, undefined]
        ]);
    });

    it('reads string escapes and names with dots and dashes', async () => {
        const root = await parseClean(`institution Main.Campus-2 "The \\"Main\\" campus \\\\ north" {}`);
        const institution = root.elements[0] as ast.Institution;
        expect(institution.name).toBe('Main.Campus-2');
        expect(institution.title).toBe('The "Main" campus \\ north');
    });
});

describe('roles and policies', () => {
    it('parses a library role with a description and policies', async () => {
        const root = await parseClean(`
            library role RunQueries "Run Queries" {
                description "Query, export and build record sets"
                allow /querybuilder/query: execute, export_csv
                allow /table/%: read
            }`);
        const template = root.elements[0] as ast.LibraryRole;
        expect(ast.isLibraryRole(template)).toBe(true);
        expect([template.name, template.title, template.description]).toEqual(['RunQueries', 'Run Queries', 'Query, export and build record sets']);
        expect(template.policies.map((p) => [p.resource, p.actions])).toEqual([
            ['/querybuilder/query', ['execute', 'export_csv']],
            ['/table/%', ['read']]
        ]);
    });

    it('parses a collection role for several collections, built from several templates', async () => {
        const root = await parseClean(`
            role DataEntry "Data Entry" in FishVoucher, FishTissue {
                description "Catalogue"
                from library FullDataAccess, RunQueries
                allow /workbench/dataset: create, update
            }`);
        const role = root.elements[0] as ast.Role;
        expect(ast.isRole(role)).toBe(true);
        expect(role.collections.map((c) => c.$refText)).toEqual(['FishVoucher', 'FishTissue']);
        expect(role.templates.map((t) => t.$refText)).toEqual(['FullDataAccess', 'RunQueries']);
        expect([role.title, role.description, role.policies.length]).toEqual(['Data Entry', 'Catalogue', 1]);
    });

    it.each([
        ['allow %: %', '%', ['%']],
        ['allow /table/%: read, create', '/table/%', ['read', 'create']],
        ['allow /tools/queryBuilder: read', '/tools/queryBuilder', ['read']],
        ['allow /field/agent/lastname: update', '/field/agent/lastname', ['update']],
        ['allow /export/%: export_%, %_csv', '/export/%', ['export_%', '%_csv']],
        ['allow /system/sp7/collection: access', '/system/sp7/collection', ['access']],
        ['allow /x: admin, type, code, description, roles, group, collections', '/x', ['admin', 'type', 'code', 'description', 'roles', 'group', 'collections']],
        ['allow /report:', '/report', []],
        ['allow /report', '/report', []]
    ])('parses `%s`', async (policy, resource, actions) => {
        const root = await parseClean(`role R in C { ${policy} }`);
        const parsed = (root.elements[0] as ast.Role).policies[0]!;
        expect([parsed.resource, parsed.actions]).toEqual([resource, actions]);
    });
});

describe('users', () => {
    it('parses agents, institution admin, institution policies, collection grants and Specify 6 settings', async () => {
        const root = await parseClean(`
            user rmartin "Robert Martin" {
                agent "Martin, Robert" in Ichthyology
                agent "Martin, R." in Herpetology
                institution admin
                institution { allow /export/feed: force_update }
                in FishVoucher, FishTissue { access  roles DataEntry, Reader  allow /report: execute }
                in HerpVoucher { roles Reader }
                specify6 { admin  group Manager  collections FishVoucher, HerpVoucher }
            }`);
        const user = root.elements[0] as ast.User;
        expect(ast.isUser(user)).toBe(true);
        expect([user.name, user.title]).toEqual(['rmartin', 'Robert Martin']);
        expect(user.agents.map((a) => [a.name, a.division.$refText])).toEqual([
            ['Martin, Robert', 'Ichthyology'],
            ['Martin, R.', 'Herpetology']
        ]);
        expect(ast.isInstitutionAdmin(user.institutionAdmin)).toBe(true);
        expect(user.institutionPolicies[0]!.policies.map((p) => p.resource)).toEqual(['/export/feed']);
        const [both, herp] = user.collections;
        expect(both!.collections.map((c) => c.$refText)).toEqual(['FishVoucher', 'FishTissue']);
        expect(ast.isCollectionAccess(both!.access)).toBe(true);
        expect(both!.roles.map((r) => r.$refText)).toEqual(['DataEntry', 'Reader']);
        expect(both!.policies.map((p) => p.resource)).toEqual(['/report']);
        expect([herp!.access, herp!.roles.map((r) => r.$refText)]).toEqual([undefined, ['Reader']]);
        expect([user.specify6!.admin, user.specify6!.group, user.specify6!.collections.map((c) => c.$refText)]).toEqual([
            true,
            'Manager',
            ['FishVoucher', 'HerpVoucher']
        ]);
    });

    it('accepts the parts of a user in any order and an empty user', async () => {
        const root = await parseClean(`
            user a { in C { access } agent "A" in D institution admin }
            user b {}`);
        const [a, b] = root.elements as ast.User[];
        expect([a!.agents.length, a!.collections.length, a!.institutionAdmin !== undefined]).toEqual([1, 1, true]);
        expect([b!.agents, b!.collections, b!.institutionAdmin]).toEqual([[], [], undefined]);
    });

    it('ignores line and block comments', async () => {
        const root = await parseClean(`
            // a line comment
            user a { /* a block
                comment */ agent "A" in D // trailing
            }`);
        expect((root.elements[0] as ast.User).agents.map((a) => a.name)).toEqual(['A']);
    });
});

describe('names', () => {
    it('accepts the keywords that can be names where a name is expected', async () => {
        const root = await parseClean(`
            institution access { division group { discipline type type fish { collection code code "C" } } }
            library role description {}
            role roles in code, access { from library description }
            user admin { agent "Admin" in group  in code { access  roles roles } specify6 { admin group Manager collections code } }`);
        const [institution, template, role, user] = root.elements as [ast.Institution, ast.LibraryRole, ast.Role, ast.User];
        const discipline = institution.divisions[0]!.disciplines[0]!;
        expect([institution.name, institution.divisions[0]!.name, discipline.name, discipline.type]).toEqual(['access', 'group', 'type', 'fish']);
        expect([discipline.collections[0]!.name, discipline.collections[0]!.code]).toEqual(['code', 'C']);
        expect([template.name, role.name, role.collections.map((c) => c.$refText), role.templates.map((t) => t.$refText)]).toEqual([
            'description',
            'roles',
            ['code', 'access'],
            ['description']
        ]);
        expect([user.name, user.agents[0]!.division.$refText, user.collections[0]!.roles.map((r) => r.$refText)]).toEqual(['admin', 'group', ['roles']]);
        expect([user.specify6!.admin, user.specify6!.group]).toEqual([true, 'Manager']);
    });
});

describe('syntax errors', () => {
    async function syntaxErrors(text: string) {
        const document = await parse(text, { validation: true });
        return withCode(document, 'syntax-error').map((d) => ({ line: d.range.start.line, character: d.range.start.character, severity: d.severity }));
    }

    it('reports a policy outside any role or user at its first token', async () => {
        const errors = await syntaxErrors('user a {}\nallow /table/collectionobject: read\n');
        expect(errors[0]).toEqual({ line: 1, character: 0, severity: 1 });
    });

    it('reports a misplaced keyword inside a block at that keyword', async () => {
        const errors = await syntaxErrors('role R in C {\n    allow /report: execute\n    agent "A" in D\n}');
        expect(errors[0]).toEqual({ line: 2, character: 4, severity: 1 });
    });

    it('reports a missing closing brace at the end of the text', async () => {
        const errors = await syntaxErrors('institution KU {\n    division D {\n    }\n');
        expect(errors.length).toBeGreaterThan(0);
        expect(errors[0]!.line).toBe(2);
    });

    it('reports an unterminated string as a lexing error at the quote', async () => {
        const errors = await syntaxErrors('institution KU "Kansas {\n}');
        expect(errors[0]).toEqual({ line: 0, character: 15, severity: 1 });
    });

    it('reports a role without collections at the brace', async () => {
        const errors = await syntaxErrors('role R {\n}');
        expect(errors[0]).toEqual({ line: 0, character: 7, severity: 1 });
    });
});
