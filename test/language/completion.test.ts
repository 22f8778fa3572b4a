/**
 * Completion: resources from Specify's registry after `allow`, the resource's actions after `:` and
 * `,`, names in scope for references (Langium's), keywords where the grammar expects them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { clearDocuments, expectCompletion } from 'langium/test';
import { registry } from '../../engine/registry/registry.js';
import { createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);
const completion = expectCompletion(services.Spol);

afterEach(() => clearDocuments(services.shared));

const TREE = 'institution KU { division Ichthyology { discipline Fish { collection FishVoucher collection FishTissue } } }\n';

function labels(list: CompletionList): string[] {
    return list.items.map((item) => item.label);
}

async function itemsAt(text: string): Promise<CompletionItem[]> {
    let items: CompletionItem[] = [];
    await completion({ text, index: 0, assert: (list) => (items = list.items), disposeAfterCheck: true });
    return items;
}

describe('resources', () => {
    it('offers every resource Specify knows after `allow`, and the group patterns', async () => {
        const items = await itemsAt('role R in C {\n    allow <|>\n}');
        const offered = items.map((item) => item.label);
        expect(offered).toContain('/table/collectionobject');
        expect(offered).toContain('/querybuilder/query');
        expect(offered).toContain('/tools/queryBuilder');
        expect(offered).toEqual(expect.arrayContaining(['%', '/table/%', '/tools/%', '/admin/%']));
        const known = [...registry.resources.values()].filter((info) => info.kind !== 'stale').map((info) => info.resource);
        expect(offered.filter((label) => !label.endsWith('%')).sort()).toEqual(known.sort());
        const table = items.find((item) => item.label === '/table/collectionobject')!;
        expect(table.detail).toBe(registry.lookup('/table/collectionobject')!.description);
        expect(table.documentation).toBe('Actions: read, create, update, delete');
        expect(items.find((item) => item.label === '/table/%')!.detail).toBe(
            `pattern: ${registry.concreteResources().filter((r) => r.startsWith('/table/')).length} resources`
        );
    });

    it('narrows to what matches the typed prefix and replaces it', async () => {
        const items = await itemsAt('role R in C {\n    allow /querybuilder/q<|>\n}');
        expect(items.map((item) => item.label)).toContain('/querybuilder/query');
        expect(items.map((item) => item.label)).not.toContain('/table/collectionobject');
        const query = items.find((item) => item.label === '/querybuilder/query')!;
        expect(query.textEdit).toEqual({ newText: '/querybuilder/query', range: { start: { line: 1, character: 10 }, end: { line: 1, character: 25 } } });
    });

    it('offers the fields of a table once `/field/<table>/` is typed', async () => {
        const items = await itemsAt('role R in C {\n    allow /field/agent/<|>\n}');
        const offered = items.map((item) => item.label);
        expect(offered).toContain('/field/agent/lastname');
        expect(offered).toContain('/field/agent/division');
        expect(offered.every((label) => label.startsWith('/field/agent/'))).toBe(true);
        expect(items.find((item) => item.label === '/field/agent/lastname')!.detail).toBe('Agent.lastName');
    });

    it('offers no field for a table Specify does not have', async () => {
        const items = await itemsAt('role R in C {\n    allow /field/nosuchtable/<|>\n}');
        expect(items.filter((item) => item.label.startsWith('/'))).toEqual([]);
    });
});

describe('actions', () => {
    it('offers the actions of the resource after `:`, and `%`', async () => {
        await completion({
            text: 'role R in C {\n    allow /table/collectionobject: <|>\n}',
            index: 0,
            assert: (list) => expect(labels(list).filter((l) => l !== 'allow' && l !== 'without')).toEqual(['read', 'create', 'update', 'delete', '%']),
            disposeAfterCheck: true
        });
    });

    it('leaves out the actions already written, after `,`', async () => {
        await completion({
            text: 'role R in C {\n    allow /querybuilder/query: execute, <|>\n}',
            index: 0,
            assert: (list) => expect(labels(list)).toEqual(['export_csv', 'export_kml', 'export_to_web_portal', 'create_recordset', '%']),
            disposeAfterCheck: true
        });
    });

    it('completes a half-typed action, with its description', async () => {
        const items = await itemsAt('role R in C {\n    allow /querybuilder/query: exe<|>\n}');
        expect(items.map((item) => item.label)).not.toContain('create_recordset');
        const execute = items.find((item) => item.label === 'execute')!;
        expect(execute.detail).toBe(registry.lookup('/querybuilder/query')!.actionDescriptions['execute']);
        expect(execute.textEdit).toEqual({ newText: 'execute', range: { start: { line: 1, character: 31 }, end: { line: 1, character: 34 } } });
    });

    it('describes a table action by what it does to the table', async () => {
        const items = await itemsAt('role R in C {\n    allow /table/collectionobject: read, up<|>\n}');
        expect(items.map((item) => [item.label, item.detail])).toEqual([['update', 'update /table/collectionobject']]);
    });

    it.each([
        ['right after `:`', 'allow /table/collectionobject:<|>', ['read', 'create', 'update', 'delete', '%']],
        ['right after `,`', 'allow /table/collectionobject: read,<|>', ['create', 'update', 'delete', '%']],
        ['after `,` before the next policy', 'allow /table/collectionobject: read, <|>\n    allow /report: execute', ['create', 'update', 'delete', '%']],
        ['in a word before the next policy', 'allow /table/collectionobject: cr<|>\n    allow /report: execute', ['create']],
        ['in a word between written actions', 'allow /table/collectionobject: read, upd<|>, delete', ['update']],
        ['a word typed in full, still offered', 'allow /table/collectionobject: read, update<|>', ['update']],
        ['before a written action, which is left out', 'allow /table/collectionobject: <|>read', ['create', 'update', 'delete', '%']],
        ['with written actions in another case', 'allow /table/collectionobject: READ, Delete, <|>', ['create', 'update', '%']],
        ['after `%`', 'allow /table/collectionobject: %, <|>', ['read', 'create', 'update', 'delete']]
    ])('offers the resource’s actions %s', async (_, policy, expected) => {
        const items = await itemsAt(`role R in C {\n    ${policy}\n}`);
        expect(items.map((item) => item.label).filter((l) => l !== 'allow' && l !== 'without')).toEqual(expected);
    });

    it('offers actions in a user’s collection and institution blocks', async () => {
        const inCollection = await itemsAt('user u { in C { allow /table/collectionobject: read, <|> } }');
        expect(inCollection.map((item) => item.label)).toEqual(['create', 'update', 'delete', '%']);
        const inInstitution = await itemsAt('user u { institution { allow /export/feed: fo<|> } }');
        expect(inInstitution.map((item) => item.label)).toEqual(['force_update']);
    });

    it('offers every action for a pattern resource', async () => {
        const items = await itemsAt('role R in C {\n    allow /table/%: <|>\n}');
        expect(items.map((item) => item.label).filter((l) => l !== 'allow' && l !== 'without').sort()).toEqual([...registry.actions, '%'].sort());
    });

    it('offers actions of tools, the case Specify writes them in', async () => {
        const items = await itemsAt('role R in C {\n    allow /tools/queryBuilder: <|>\n}');
        expect(items.map((item) => item.label).filter((l) => l !== 'allow' && l !== 'without')).toEqual(['read', 'create', 'update', 'delete', '%']);
    });

    it('does not offer the keywords that may be action names as keywords', async () => {
        const items = await itemsAt('role R in C {\n    allow /system/sp7/collection: <|>\n}');
        expect(items.filter((item) => item.label === 'access').map((item) => item.detail)).toEqual([
            registry.lookup('/system/sp7/collection')!.actionDescriptions['access']
        ]);
        expect(items.some((item) => item.label === 'type' || item.label === 'roles')).toBe(false);
    });
});

describe('names and keywords', () => {
    it('offers the collections in scope for a role', async () => {
        await completion({ text: `${TREE}role R in <|>`, index: 0, expectedItems: ['FishVoucher', 'FishTissue'], disposeAfterCheck: true });
    });

    it('offers the divisions in scope for an agent', async () => {
        await completion({ text: `${TREE}user u { agent "U" in <|> }`, index: 0, expectedItems: ['Ichthyology'], disposeAfterCheck: true });
    });

    it('offers the roles in scope in a collection grant', async () => {
        await completion({
            text: `${TREE}role Reader in FishVoucher {}\nlibrary role Template {}\nuser u { in FishVoucher { roles <|> } }`,
            index: 0,
            expectedItems: ['Reader'],
            disposeAfterCheck: true
        });
    });

    it('offers what may start a line in a role', async () => {
        await completion({ text: 'role R in C {\n    <|>\n}', index: 0, expectedItems: ['description', 'from', 'allow', 'without'], disposeAfterCheck: true });
    });

    it('offers nothing where a new name is written', async () => {
        expect(await itemsAt('user <|>')).toEqual([]);
    });

    it('declares its trigger characters', () => {
        expect(services.Spol.lsp.CompletionProvider!.completionOptions?.triggerCharacters).toEqual(['/', ':', ',']);
    });
});
