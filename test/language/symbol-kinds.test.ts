/**
 * Symbol kinds: the outline (DocumentSymbolProvider) and completion items name each element by
 * what it is (language/spol-node-kinds.ts) instead of calling everything a field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, expectCompletion, parseHelper } from 'langium/test';
import type { DocumentSymbol } from 'vscode-languageserver';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';
import { createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper(services.Spol);
const completion = expectCompletion(services.Spol);

afterEach(() => clearDocuments(services.shared));

const WORKSPACE = `institution KU {
    division Ichthyology {
        discipline Fish type fish {
            collection FishVoucher
        }
    }
}
library role RunQueries { allow /querybuilder/query: execute }
role DataEntry in FishVoucher { from library RunQueries }
user jdoe {
    agent "Doe, Jane" in Ichthyology
    in FishVoucher { access  roles DataEntry }
}
`;

const kindName = (kind: number | undefined) => Object.entries(SymbolKind).find(([, value]) => value === kind)?.[0];

/** The outline as `name kind` lines, children indented under their parent. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
    return symbols.flatMap((symbol) => [`${'  '.repeat(depth)}${symbol.name} ${kindName(symbol.kind)}`, ...outline(symbol.children ?? [], depth + 1)]);
}
const completionKindName = (kind: number | undefined) => Object.entries(CompletionItemKind).find(([, value]) => value === kind)?.[0];

describe('the outline', () => {
    it('gives each element its own symbol kind', async () => {
        const document = await parse(WORKSPACE);
        const symbols = (await services.Spol.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } })) as DocumentSymbol[];
        expect(outline(symbols)).toEqual([
            'KU Namespace',
            '  Ichthyology Module',
            '    Fish Package',
            '      FishVoucher EnumMember',
            'RunQueries Interface',
            'DataEntry Class',
            'jdoe Variable',
            '  Doe, Jane Property'
        ]);
    });

    it('names the same kinds in workspace symbols', async () => {
        await parse(WORKSPACE);
        const symbols = (await services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: '' })) ?? [];
        const kinds = Object.fromEntries(symbols.map((symbol) => [symbol.name, kindName(symbol.kind)]));
        expect(kinds).toMatchObject({ KU: 'Namespace', FishVoucher: 'EnumMember', RunQueries: 'Interface', DataEntry: 'Class', jdoe: 'Variable' });
    });
});

describe('completion item kinds', () => {
    async function kindsAt(text: string): Promise<Record<string, string | undefined>> {
        let kinds: Record<string, string | undefined> = {};
        await completion({
            text,
            index: 0,
            assert: (list) => (kinds = Object.fromEntries(list.items.map((item) => [item.label, completionKindName(item.kind)]))),
            disposeAfterCheck: true
        });
        return kinds;
    }

    it('follows the element kind for names in scope', async () => {
        const tree = 'institution KU { division Ichthyology { discipline Fish { collection FishVoucher } } }\nlibrary role RunQueries {}\nrole DataEntry in FishVoucher {}\n';
        expect(await kindsAt(`${tree}role R in <|>`)).toMatchObject({ FishVoucher: 'EnumMember' });
        expect(await kindsAt(`${tree}role R in FishVoucher { from library <|> }`)).toMatchObject({ RunQueries: 'Interface' });
        expect(await kindsAt(`${tree}user u { in FishVoucher { roles <|> } }`)).toMatchObject({ DataEntry: 'Class' });
        expect(await kindsAt(`${tree}user u { agent "U" in <|> }`)).toMatchObject({ Ichthyology: 'Module' });
    });
});
