/**
 * Every name Specify accepts can be written: quoted names wherever a name is declared or referenced
 * (the model and the scopes hold the bare name), the LIKE forms Specify honours written bare, the
 * formatter writing bare what reads the same bare, and completion quoting the names that need it.
 */
import fc from 'fast-check';
import { AstUtils } from 'langium';
import { clearDocuments, expectCompletion, parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { printModel } from '../../language/print-model.js';
import { documentsToModel } from '../../language/to-model.js';
import { buildFixture, buildWorkspace, createTestServices, withCode, formatWith, syntaxErrors } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper(services.Spol);
const completion = expectCompletion(services.Spol);

afterEach(() => clearDocuments(services.shared));

/** The model without sources: what the text means, not where it is. */
function meaning(model: PolicyModel): PolicyModel {
    return JSON.parse(JSON.stringify(model, (key, value) => (/source$/i.test(key) ? undefined : value)));
}

const format = formatWith(services);

describe('quoted names', () => {
    it('declare and reference names that are not identifiers, across files, holding the bare name', async () => {
        const documents = await buildFixture(services, 'odd-names');
        for (const [file, document] of documents) {
            expect(syntaxErrors(document), file).toEqual([]);
            expect(withCode(document, 'unresolved-reference'), file).toEqual([]);
        }
        const model = documentsToModel([...documents.values()]);
        expect(model.institutions[0]!.name).toBe("Muséum d'histoire naturelle");
        expect(model.institutions[0]!.divisions.map((d) => [d.name, d.title])).toEqual([
            ['Division 1', 'Zoologie'],
            ['Botanik', undefined]
        ]);
        const users = new Map(model.users.map((user) => [user.name, user]));
        expect([...users.keys()]).toEqual(['a.b@museum.org', 'Müller', 'admin']);
        expect(users.get('a.b@museum.org')!.title).toBe('Anna Bühler');
        expect(users.get('a.b@museum.org')!.collections.map((g) => [g.collection.name, g.roles.map((r) => r.name)])).toEqual([
            ['Fish Voucher', ['Data Entry']],
            ['FishTissue', ['Data Entry']]
        ]);
        expect(users.get('Müller')!.agents.map((a) => a.division.name)).toEqual(['Division 1', 'Botanik']);
        const role = model.roles.find((r) => r.name === 'Data Entry')!;
        expect(role.templates.map((t) => t.name)).toEqual(['Run Queries']);
        expect(role.policies.map((p) => p.resource)).toEqual(['/table/collectionobject', '%/collection', '/table/%object%']);
        expect(model.roles.find((r) => r.name === 'in')!.title).toBe('Reader');
        // The references point at the declarations whose bare names they hold.
        const users_ = documents.get('users.spol')!;
        const targets = AstUtils.streamAst(users_.parseResult.value)
            .flatMap((node) => AstUtils.streamReferences(node))
            .map((info) => `${info.reference.$refText} → ${info.reference.ref?.$type}`)
            .toArray();
        expect(targets).toEqual(expect.arrayContaining(['Division 1 → Division', 'Fish Voucher → Collection', 'Data Entry → Role', 'in → Role']));
    });

    it('reports a quoted reference to nothing as unresolved, like a bare one', async () => {
        const [document] = await buildWorkspace(services, {
            'a.spol': 'institution I { division D { discipline F { collection "Fish Voucher" } } }\nrole R in "Fish voucher" {}'
        });
        expect(withCode(document!, 'unresolved-reference')).toHaveLength(1);
    });

    it('takes the first quoted text after the keyword as the name, the second as the title', async () => {
        const document = await parse('user "John Doe" {}\nuser jdoe "John Doe" {}\nuser "j@x.org" "John Doe" {}');
        expect(syntaxErrors(document)).toEqual([]);
        expect(documentsToModel([document]).users.map((u) => [u.name, u.title])).toEqual([
            ['John Doe', undefined],
            ['jdoe', 'John Doe'],
            ['j@x.org', 'John Doe']
        ]);
    });

    it('reads a keyword in quotes as a name', async () => {
        const document = await parse('library role "role" {}\nlibrary role "allow" { allow "in": "user" }');
        expect(syntaxErrors(document)).toEqual([]);
        const model = documentsToModel([document]);
        expect(model.libraryRoles.map((r) => r.name)).toEqual(['role', 'allow']);
        expect(model.libraryRoles[1]!.policies).toMatchObject([{ resource: 'in', actions: [{ name: 'user' }] }]);
    });
});

describe('patterns', () => {
    it('reads the LIKE forms Specify honours bare: a leading % before /, %…%, and backslash escapes', async () => {
        const document = await parse(
            ['role R in C {', '    allow %/collection: access', '    allow %table%: %', '    allow /table/a\\_b: export\\_csv', '    allow /x/100\\%: \\%%', '    allow /x/\\\\: read', '}'].join('\n')
        );
        expect(syntaxErrors(document)).toEqual([]);
        expect(documentsToModel([document]).roles[0]!.policies.map((p) => [p.resource, p.actions.map((a) => a.name)])).toEqual([
            ['%/collection', ['access']],
            ['%table%', ['%']],
            ['/table/a\\_b', ['export\\_csv']],
            ['/x/100\\%', ['\\%%']],
            ['/x/\\\\', ['read']]
        ]);
    });
});

describe('comments after patterns', () => {
    it('ends a pattern at `//`, which starts a comment', async () => {
        const document = await parse('role R in C {\n    allow %: %// every action\n    allow %/collection: access// the gate\n}');
        expect(syntaxErrors(document)).toEqual([]);
        expect(documentsToModel([document]).roles[0]!.policies.map((p) => [p.resource, p.actions.map((a) => a.name)])).toEqual([
            ['%', ['%']],
            ['%/collection', ['access']]
        ]);
    });
});

describe('the formatter', () => {
    it('writes bare the quoted names and patterns that read the same bare, and keeps the quotes that are needed', async () => {
        const document = await parse(
            'user "jdoe" "John" { in "FishVoucher", "Fish Voucher" { roles "admin", "in" allow "/table/agent": "read", "read now" } }\n'
        );
        expect(await format(document)).toBe(
            [
                'user jdoe "John" {',
                '    in FishVoucher, "Fish Voucher" {',
                '        roles admin, "in"',
                '        allow /table/agent: read, "read now"',
                '    }',
                '}',
                ''
            ].join('\n')
        );
    });
});

describe('completion', () => {
    async function itemsAt(text: string): Promise<CompletionItem[]> {
        let items: CompletionItem[] = [];
        await completion({ text, index: 0, assert: (list) => (items = list.items), disposeAfterCheck: true });
        return items;
    }

    const TREE = 'institution I { division D { discipline F { collection "Fish Voucher" collection FishTissue collection "in" } } }\n';

    it('offers and inserts a name that needs quotes in quotes, and a plain one bare', async () => {
        const items = await itemsAt(`${TREE}role R in <|> {}`);
        const inserted = new Map(items.map((item) => [item.label, (item.textEdit as { newText: string } | undefined)?.newText]));
        expect(inserted.get('"Fish Voucher"')).toBe('"Fish Voucher"');
        expect(inserted.get('"in"')).toBe('"in"');
        expect(inserted.get('FishTissue')).toBe('FishTissue');
    });

    it('offers a quoted name for what is typed without the quote', async () => {
        const items = await itemsAt(`${TREE}role R in Fi<|> {}`);
        expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['"Fish Voucher"', 'FishTissue']));
    });
});

describe('rename', () => {
    const TEXT = 'institution I { division D { discipline F { collection FishVoucher } } }\nrole R in FishVoucher {}\nuser u { in FishVoucher { access roles R } }\n';

    async function renamed(line: number, character: number, newName: string): Promise<string | undefined> {
        const [document] = await buildWorkspace(services, { 'a.spol': TEXT });
        const edit = await services.Spol.lsp.RenameProvider!.rename(document!, {
            textDocument: { uri: document!.uri.toString() },
            position: { line, character },
            newName
        });
        const edits = edit?.changes?.[document!.uri.toString()];
        return edits ? TextDocument.applyEdits(document!.textDocument, edits) : undefined;
    }

    it('writes a new name that is not an identifier in quotes, at the declaration and every reference', async () => {
        const text = await renamed(1, 12, 'Fish Voucher');
        expect(text).toBe(TEXT.replaceAll('FishVoucher', '"Fish Voucher"'));
        clearDocuments(services.shared);
        const [document] = await buildWorkspace(services, { 'b.spol': text! });
        expect(withCode(document!, 'unresolved-reference')).toEqual([]);
    });

    it('writes a plain new name bare, and takes a quoted one as typed', async () => {
        expect(await renamed(1, 12, 'Fishes')).toBe(TEXT.replaceAll('FishVoucher', 'Fishes'));
        clearDocuments(services.shared);
        expect(await renamed(1, 12, '"user"')).toBe(TEXT.replaceAll('FishVoucher', '"user"'));
        clearDocuments(services.shared);
        expect(await renamed(1, 12, '"Fishes"')).toBe(TEXT.replaceAll('FishVoucher', 'Fishes'));
    });
});

describe('round trip over arbitrary names', () => {
    // Any non-empty text may be a Specify name: user logins, role and collection names, agents.
    const name = fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
        fc.constantFrom('a.b@museum.org', 'Müller', 'Fish Voucher', 'user', 'in', 'admin', '"', '\\', '\\%', 'x y', '%', '/table/x')
    );

    it('print → parse → the same model, references resolved, already formatted', async () => {
        await fc.assert(
            fc.asyncProperty(fc.uniqueArray(name, { minLength: 4, maxLength: 4 }), async ([collection, role, user, division]) => {
                const model: PolicyModel = {
                    institutions: [{ name: 'I', divisions: [{ name: division!, disciplines: [{ name: 'F', division: division!, collections: [{ name: collection!, discipline: 'F', division: division! }] }] }] }],
                    libraryRoles: [],
                    roles: [{ name: role!, collections: [{ name: collection! }], templates: [], policies: [{ resource: `/x/${role}`, actions: [{ name: user! }] }] }],
                    users: [
                        {
                            name: user!,
                            agents: [{ name: user!, division: { name: division! } }],
                            institutionPolicies: [],
                            collections: [{ collection: { name: collection! }, access: {}, roles: [{ name: role! }], policies: [] }]
                        }
                    ]
                };
                const result = printModel(model);
                if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
                clearDocuments(services.shared);
                const [document] = await buildWorkspace(services, { 'round-trip.spol': result.text });
                expect(syntaxErrors(document!)).toEqual([]);
                expect(withCode(document!, 'unresolved-reference')).toEqual([]);
                expect(meaning(documentsToModel([document!]))).toEqual(meaning(model));
                expect(await format(document!)).toBe(result.text);
            }),
            { numRuns: 150 }
        );
    });
});
