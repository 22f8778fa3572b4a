/**
 * Printing models as spol: printed text parses back to the same model, is already in the
 * formatter's layout, reproduces the generated specify-defaults library byte for byte (from the
 * model of the .spol file and from Specify's REST JSON alike), and refuses values the grammar cannot
 * hold instead of writing text that means something else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { freshLibraryRoles } from '../fixtures/interchange/fresh-database.js';
import { importRoles } from '../../engine/interchange/import/import-roles.js';
import { readRoles } from '../../engine/interchange/import/read-roles.js';
import type { LibraryRole, PolicyModel, Role } from '../../engine/model/policy-model.js';
import { isPrintable, printLibraryRoles, printModel, printRoles, quoteString } from '../../language/print-model.js';
import { documentsToModel } from '../../language/to-model.js';
import { createTestServices, root, spolFilesBelow, formatWith, syntaxErrors } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper(services.Spol);

afterEach(() => clearDocuments(services.shared));

const VALID = join(root, 'test/fixtures/interchange/valid');

/** The model without sources: what the text means, not where it is. */
function meaning(model: PolicyModel): PolicyModel {
    return JSON.parse(JSON.stringify(model, (key, value) => (/source$/i.test(key) ? undefined : value)));
}

async function parseModel(text: string): Promise<{ document: LangiumDocument; model: PolicyModel }> {
    const document = await parse(text);
    return { document, model: documentsToModel([document]) };
}

const format = formatWith(services);

function printed(result: ReturnType<typeof printModel>): string {
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    return result.text;
}

/** The text of a generated example file after its header comment. */
function withoutHeader(text: string): string {
    return text.replace(/^(\/\/[^\n]*\n)+\n/, '');
}

/** Every example workspace as one model, its files loaded together. */
async function exampleModel(folder: string): Promise<PolicyModel> {
    const documents = [];
    for (const file of spolFilesBelow(join(root, 'examples', folder))) documents.push(await parse(readFileSync(file, 'utf8'), { documentUri: `file://${file}` }));
    return documentsToModel(documents);
}

// ---------------------------------------------------------------- layout

describe('layout', () => {
    it('writes roles as the formatter lays them out', () => {
        const role: Role = {
            name: 'DataEntry',
            title: 'Data Entry',
            description: 'Say "hi"\\ then\nnext\tline',
            collections: [{ name: 'FishVoucher' }, { name: 'FishTissue' }],
            templates: [{ name: 'RunQueries' }],
            policies: [
                { resource: '/workbench/dataset', actions: [{ name: 'create' }, { name: 'update' }] },
                { resource: '%', actions: [{ name: '%' }] },
                { resource: '/report', actions: [] }
            ]
        };
        expect(printed(printRoles([role, { ...role, name: 'Empty', title: undefined, description: undefined, templates: [], policies: [] }]))).toBe(
            [
                'role DataEntry "Data Entry" in FishVoucher, FishTissue {',
                '    description "Say \\"hi\\"\\\\ then\\nnext\\tline"',
                '    from library RunQueries',
                '    allow /workbench/dataset: create, update',
                '    allow %: %',
                '    allow /report',
                '}',
                '',
                'role Empty in FishVoucher, FishTissue {}',
                ''
            ].join('\n')
        );
    });

    it('prints an empty model as empty text', () => {
        expect(printed(printModel({ institutions: [], libraryRoles: [], roles: [], users: [] }))).toBe('');
    });

    it('quotes strings so that Langium reads them back', async () => {
        const title = 'a"b\\c\nd\re\tf\bg\fh\vi\0j\u2028k 😀';
        expect(quoteString('x"y')).toBe('"x\\"y"');
        const { document, model } = await parseModel(`library role L ${quoteString(title)} {}`);
        expect(syntaxErrors(document)).toEqual([]);
        expect(model.libraryRoles[0]!.title).toBe(title);
    });
});

// ---------------------------------------------------------------- round trips

describe('round trips', () => {
    const libraryText = readFileSync(join(root, 'examples/specify-defaults/library.spol'), 'utf8');

    it('prints the specify-defaults library roles exactly as the generated file writes them', async () => {
        const { document, model } = await parseModel(libraryText);
        expect(syntaxErrors(document)).toEqual([]);
        expect(model.libraryRoles).toHaveLength(18);
        expect(printed(printLibraryRoles(model.libraryRoles))).toBe(withoutHeader(libraryText));
    });

    it("prints Specify's REST library roles, imported, as the same file", () => {
        const shipped = JSON.parse(readFileSync(join(VALID, 'library-roles-rest.json'), 'utf8')) as Array<{ policies: Record<string, string[]> }>;
        const read = readRoles(JSON.stringify(freshLibraryRoles(shipped)), { target: 'library' });
        if (!read.ok) throw new Error(JSON.stringify(read.errors));
        expect(read.shape).toBe('rest-library-list');
        const { model } = importRoles(read.roles, { target: { library: true } });
        expect(printed(printLibraryRoles(model.libraryRoles))).toBe(withoutHeader(libraryText));
    });

    it('gives back the same roles through print → parse → to-model, for imported Export files', async () => {
        for (const name of ['collection-roles-export.json', 'minimal-importable-roles.json']) {
            const read = readRoles(readFileSync(join(VALID, name), 'utf8'));
            if (!read.ok) throw new Error(JSON.stringify(read.errors));
            const { model } = importRoles(read.roles, { target: { collection: 'Mammals' }, file: name });
            const text = printed(printRoles(model.roles));
            const back = await parseModel(text);
            expect(syntaxErrors(back.document)).toEqual([]);
            expect(meaning(back.model).roles).toEqual(meaning(model).roles);
            expect(await format(back.document)).toBe(text);
        }
    });

    for (const folder of ['specify-defaults', 'natural-history-museum']) {
        it(`prints the whole ${folder} workspace as one file with the same meaning, already formatted`, async () => {
            const model = await exampleModel(folder);
            expect(model.roles.length + model.libraryRoles.length + model.users.length).toBeGreaterThan(3);
            const text = printed(printModel(model));
            clearDocuments(services.shared);
            const back = await parseModel(text);
            expect(syntaxErrors(back.document)).toEqual([]);
            expect(meaning(back.model)).toEqual(meaning(model));
            expect(await format(back.document)).toBe(text);
        });
    }
});

// ---------------------------------------------------------------- quoted names and patterns

describe('names and patterns that need quotes', () => {
    const base: LibraryRole = { name: 'L', policies: [{ resource: '/report', actions: [{ name: 'execute' }] }] };
    const quoted: [string, LibraryRole, string][] = [
        ['a resource with a space', { ...base, policies: [{ resource: '/table/collection object', actions: [] }] }, '"/table/collection object"'],
        ['a resource that starts a comment', { ...base, policies: [{ resource: '//table/x', actions: [] }] }, '"//table/x"'],
        ['a resource with a star', { ...base, policies: [{ resource: '/table/*', actions: [] }] }, '"/table/*"'],
        ['a resource without a leading slash or %', { ...base, policies: [{ resource: 'table/x', actions: [] }] }, '"table/x"'],
        ['a resource with a non-ASCII letter', { ...base, policies: [{ resource: '/table/ä', actions: [] }] }, '"/table/ä"'],
        ['a resource with a lone backslash', { ...base, policies: [{ resource: '/a\\b', actions: [] }] }, '"/a\\\\b"'],
        ['an action with a space', { ...base, policies: [{ resource: '/report', actions: [{ name: 'run now' }] }] }, '"run now"'],
        ['an action that is a keyword', { ...base, policies: [{ resource: '/report', actions: [{ name: 'allow' }] }] }, '"allow"'],
        ['an action starting with a digit', { ...base, policies: [{ resource: '/report', actions: [{ name: '2fa' }] }] }, '"2fa"'],
        ['a name that is a keyword', { ...base, name: 'role' }, 'library role "role" {'],
        ['a name with a space', { ...base, name: 'Data Entry' }, 'library role "Data Entry" {'],
        ['a name starting with a digit', { ...base, name: '3D' }, 'library role "3D" {'],
        ['an e-mail address', { ...base, name: 'a.b@museum.org' }, 'library role "a.b@museum.org" {'],
        ['a name with a quote', { ...base, name: 'say "hi"' }, 'library role "say \\"hi\\"" {']
    ];

    it.each(quoted)('quotes %s and reads it back', async (_label, role, written) => {
        const text = printed(printLibraryRoles([role]));
        expect(text).toContain(written);
        const back = await parseModel(text);
        expect(syntaxErrors(back.document)).toEqual([]);
        expect(meaning(back.model).libraryRoles).toEqual(meaning({ institutions: [], libraryRoles: [role], roles: [], users: [] }).libraryRoles);
        expect(await format(back.document)).toBe(text);
    });

    it('writes the LIKE forms Specify honours bare: a leading % before /, %…%, backslash escapes', async () => {
        const patterns = ['%/collection', '%table%', '/table/a\\_b', '/table/50\\%', '/x/\\\\', 'export\\_csv', '\\%%'];
        const role: LibraryRole = { name: 'L', policies: patterns.map((resource) => ({ resource, actions: [{ name: resource.startsWith('/') ? 'read' : resource }] })) };
        const text = printed(printLibraryRoles([role]));
        for (const pattern of patterns) expect(text).toContain(`allow ${pattern}: `);
        const back = await parseModel(text);
        expect(syntaxErrors(back.document)).toEqual([]);
        expect(back.model.libraryRoles[0]!.policies.map((p) => p.resource)).toEqual(patterns);
    });

    const refused: [string, LibraryRole, string, string][] = [
        ['an empty resource', { ...base, policies: [{ resource: '', actions: [] }] }, 'resource', ''],
        ['an empty action', { ...base, policies: [{ resource: '/report', actions: [{ name: '' }] }] }, 'action', ''],
        ['an empty name', { ...base, name: '' }, 'name', '']
    ];

    it.each(refused)('reports %s', (_label, role, what, value) => {
        const result = printLibraryRoles([role]);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.problems.map((p) => [p.what, p.value])).toEqual([[what, value]]);
        expect(result.problems[0]!.message).toContain(JSON.stringify(value));
    });

    it('reports a discipline type or a Specify 6 group that is not an identifier: they have no quoted form', () => {
        const result = printModel({
            institutions: [{ name: 'I', divisions: [{ name: 'D', disciplines: [{ name: 'F', type: 'fish food', collections: [] }] }] }],
            libraryRoles: [],
            roles: [],
            users: [{ name: 'u', agents: [], institutionAdmin: false, institutionPolicies: [], collections: [], specify6: { admin: false, group: 'Full Access', collections: [] } }]
        } as unknown as PolicyModel);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.problems.map((p) => [p.what, p.value])).toEqual([
            ['discipline type', 'fish food'],
            ['group', 'Full Access']
        ]);
    });

    it('accepts the keywords the grammar allows as names and actions, and wildcard words, bare', () => {
        for (const word of ['access', 'type', 'collections', 'description']) {
            expect(isPrintable(word, 'name')).toBe(true);
            expect(isPrintable(word, 'action')).toBe(true);
        }
        for (const word of ['%', 'export_%', '%_x', 'type%', 'export\\_csv']) expect(isPrintable(word, 'action')).toBe(true);
        for (const word of ['%', '/tools/queryBuilder', '/field/agent/%', '/a.b-c_d/%', '%/collection', '/a\\%']) expect(isPrintable(word, 'resource')).toBe(true);
        for (const word of ['in', 'from', 'library', 'specify6', 'user', 'agent', 'a@b.org', 'Müller']) expect(isPrintable(word, 'name')).toBe(false);
        expect(isPrintable('access', 'discipline type')).toBe(false);
    });
});

// ---------------------------------------------------------------- random roles

describe('random roles', () => {
    const word = fc.stringMatching(/^[_a-zA-Z][\w.-]{0,8}$/);
    const anyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
    const name = fc.oneof(
        { weight: 4, arbitrary: word },
        { weight: 2, arbitrary: anyText },
        { weight: 1, arbitrary: fc.constantFrom('role', 'in', 'allow', 'access', '3D', 'a b', '', 'type%', 'a.b@museum.org', 'Müller', '"', '\\') }
    );
    const resource = fc.oneof(
        { weight: 4, arbitrary: fc.stringMatching(/^\/[A-Za-z0-9_%.\-/]{0,14}$/) },
        { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{0,3}%[A-Za-z0-9_%/]{0,3}$/) },
        { weight: 2, arbitrary: fc.stringMatching(/^(\/|%)([a-z%_/]|\\[%_\\]){0,8}$/) },
        { weight: 1, arbitrary: anyText },
        { weight: 1, arbitrary: fc.constantFrom('/a b', '', '//x', 'plain', '/x*', '/é', 'in%', '%/collection', '/a\\') }
    );
    const action = fc.oneof(
        { weight: 5, arbitrary: word },
        { weight: 2, arbitrary: fc.constantFrom('%', 'export_%', 'access', 'type', 'export\\_csv') },
        { weight: 1, arbitrary: anyText },
        { weight: 1, arbitrary: fc.constantFrom('in', 'read write', '', '9x', 'from') }
    );
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    const role = fc.record({
        name,
        title: fc.option(text, { nil: undefined }),
        description: fc.option(text, { nil: undefined }),
        policies: fc.array(fc.record({ resource, actions: fc.array(action.map((a) => ({ name: a })), { maxLength: 4 }) }), { maxLength: 4 })
    });

    it('either print and parse back to the same roles in canonical layout, or report the empty value that cannot be written', async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(role, { minLength: 1, maxLength: 3 }), async (drafts) => {
                const roles: Role[] = drafts.map((d, i) => ({
                    name: d.name === '' ? `R${i}` : d.name,
                    ...(d.title !== undefined ? { title: d.title } : {}),
                    ...(d.description !== undefined ? { description: d.description } : {}),
                    collections: [{ name: 'C' }],
                    templates: [],
                    policies: d.policies
                }));
                const result = printRoles(roles);
                clearDocuments(services.shared);
                if (!result.ok) {
                    expect(result.problems.length).toBeGreaterThan(0);
                    for (const problem of result.problems) expect(problem.value).toBe('');
                    return;
                }
                const back = await parseModel(result.text);
                expect(syntaxErrors(back.document)).toEqual([]);
                expect(meaning(back.model).roles).toEqual(meaning({ institutions: [], libraryRoles: [], roles, users: [] }).roles);
                expect(await format(back.document)).toBe(result.text);
            }),
            { numRuns: 120 }
        );
    });
});
