/**
 * Semantic tokens: each word of a document decoded back to (text, type, modifiers), so a test reads
 * like the table in language/spol-semantic-tokens.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import { SemanticTokensDecoder } from 'langium/lsp';
import { registry } from '../../engine/registry/registry.js';
import { createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper(services.Spol);

afterEach(() => clearDocuments(services.shared));

type Token = readonly [text: string, type: string, ...modifiers: string[]];

async function tokensOf(text: string): Promise<Token[]> {
    const document = await parse(text);
    const provider = services.Spol.lsp.SemanticTokenProvider!;
    const tokens = await provider.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
    const modifiers = Object.entries(provider.tokenModifiers);
    return SemanticTokensDecoder.decode(tokens, provider.tokenTypes, document).map(
        (token): Token => [token.text, token.tokenType, ...modifiers.filter(([, bit]) => (token.tokenModifiers & bit) !== 0).map(([name]) => name)]
    );
}

describe('names', () => {
    it('gives each kind of element its own type, with `declaration` where it is declared', async () => {
        const tokens = await tokensOf(
            [
                'institution KU { division Ichthyology { discipline Fish type fish { collection FishVoucher } } }',
                'library role RunQueries {}',
                'role DataEntry in FishVoucher { from library RunQueries }',
                'user jdoe { agent "Doe" in Ichthyology  in FishVoucher { access  roles DataEntry } }',
                'user boss { specify6 { admin  group Manager  collections FishVoucher } }'
            ].join('\n')
        );
        expect(tokens.filter(([, type]) => type !== 'keyword')).toEqual([
            ['KU', 'struct', 'declaration'],
            ['Ichthyology', 'enum', 'declaration'],
            ['Fish', 'type', 'declaration'],
            ['fish', 'property'],
            ['FishVoucher', 'enumMember', 'declaration'],
            ['RunQueries', 'interface', 'declaration'],
            ['DataEntry', 'class', 'declaration'],
            ['FishVoucher', 'enumMember'],
            ['RunQueries', 'interface'],
            ['jdoe', 'variable', 'declaration'],
            ['Ichthyology', 'enum'],
            ['FishVoucher', 'enumMember'],
            ['DataEntry', 'class'],
            ['boss', 'variable', 'declaration'],
            ['Manager', 'property'],
            ['FishVoucher', 'enumMember']
        ]);
    });

    it('marks the words of the grammar as keywords, but not punctuation', async () => {
        const tokens = await tokensOf('user jdoe { institution admin  in C { access  allow /report: execute } }');
        expect(tokens.filter(([, type]) => type === 'keyword').map(([text]) => text)).toEqual(['user', 'institution', 'admin', 'in', 'access', 'allow']);
    });

    it('treats a keyword written as a name as that name, not as a keyword', async () => {
        const tokens = await tokensOf('user admin { in type { roles access } }\nrole access in type {}');
        expect(tokens).toEqual([
            ['user', 'keyword'],
            ['admin', 'variable', 'declaration'],
            ['in', 'keyword'],
            ['type', 'enumMember'],
            ['roles', 'keyword'],
            ['access', 'class'],
            ['role', 'keyword'],
            ['access', 'class', 'declaration'],
            ['in', 'keyword'],
            ['type', 'enumMember']
        ]);
    });
});

describe('resources and actions', () => {
    const policy = async (text: string) => (await tokensOf(`role R in C {\n    ${text}\n}`)).slice(4);

    it('marks a resource and actions Specify knows as from its library', async () => {
        expect(await policy('allow /table/collectionobject: read, update')).toEqual([
            ['allow', 'keyword'],
            ['/table/collectionobject', 'namespace', 'defaultLibrary'],
            ['read', 'function', 'defaultLibrary'],
            ['update', 'function', 'defaultLibrary']
        ]);
    });

    it('still tokenises a resource or action Specify does not know, without the modifier', async () => {
        expect(await policy('allow /table/loans: reed')).toEqual([
            ['allow', 'keyword'],
            ['/table/loans', 'namespace'],
            ['reed', 'function']
        ]);
    });

    it('marks a stale resource as deprecated', async () => {
        const stale = [...registry.resources.values()].find((info) => info.kind === 'stale' && !/[%_]/.test(info.resource));
        expect(stale).toBeDefined();
        expect((await policy(`allow ${stale!.resource}: read`))[1]).toEqual([stale!.resource, 'namespace', 'deprecated']);
    });

    it('sets the wildcards of a pattern apart as regexp tokens', async () => {
        expect(await policy('allow /table/%: %')).toEqual([
            ['allow', 'keyword'],
            ['/table/', 'namespace'],
            ['%', 'regexp'],
            ['%', 'regexp']
        ]);
        expect(await policy('allow /%/coll_ct%: re_d')).toEqual([
            ['allow', 'keyword'],
            ['/', 'namespace'],
            ['%', 'regexp'],
            ['/coll', 'namespace'],
            ['_', 'regexp'],
            ['ct', 'namespace'],
            ['%', 'regexp'],
            ['re', 'function'],
            ['_', 'regexp'],
            ['d', 'function']
        ]);
    });

    it('colours an escaped `\\%` or `\\_` as a literal character, and a quoted pattern as one literal', async () => {
        expect(await policy('allow /table/a\\%b%: re\\_d')).toEqual([
            ['allow', 'keyword'],
            ['/table/a\\%b', 'namespace'],
            ['%', 'regexp'],
            ['re\\_d', 'function']
        ]);
        expect(await policy('allow "/table/a b": read')).toEqual([
            ['allow', 'keyword'],
            ['"/table/a b"', 'namespace'],
            ['read', 'function', 'defaultLibrary']
        ]);
    });

    it('keeps `_` as a plain character where, read so, it still matches names Specify knows', async () => {
        expect(await policy('allow /querybuilder/query: export_csv, create_recordset')).toEqual([
            ['allow', 'keyword'],
            ['/querybuilder/query', 'namespace', 'defaultLibrary'],
            ['export_csv', 'function', 'defaultLibrary'],
            ['create_recordset', 'function', 'defaultLibrary']
        ]);
        const [, resource] = await policy('allow /admin/user/sp6/is_admin: update');
        expect(resource).toEqual(['/admin/user/sp6/is_admin', 'namespace', 'defaultLibrary']);
        expect(await policy('allow /admin/user/sp6/is_%: export_%')).toEqual([
            ['allow', 'keyword'],
            ['/admin/user/sp6/is_', 'namespace'],
            ['%', 'regexp'],
            ['export_', 'function'],
            ['%', 'regexp']
        ]);
    });

    it('tokenises the policies of users too, in collection and institution blocks', async () => {
        const tokens = await tokensOf('user u { institution { allow /export/feed: force_update }  in C { allow /report: execute } }');
        expect(tokens.filter(([, type]) => type === 'namespace' || type === 'function').map(([text]) => text)).toEqual([
            '/export/feed',
            'force_update',
            '/report',
            'execute'
        ]);
    });
});

describe('the provider', () => {
    it('uses only standard LSP token types and modifiers in its legend', () => {
        const legend = services.Spol.lsp.SemanticTokenProvider!.semanticTokensOptions.legend;
        for (const type of ['namespace', 'function', 'regexp', 'struct', 'enum', 'type', 'enumMember', 'interface', 'class', 'variable', 'property', 'keyword']) {
            expect(legend.tokenTypes).toContain(type);
        }
        expect(legend.tokenModifiers).toEqual(expect.arrayContaining(['declaration', 'defaultLibrary', 'deprecated']));
    });
});
