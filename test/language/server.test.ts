/**
 * The language server as a real process over stdio (the built out/language/main.js; `npm test`
 * builds first): it initialises with spol's capabilities, publishes diagnostics for open documents
 * — the engine's workspace-wide lint included — and answers hover and completion.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from '../../fuzz/lsp-client.js';
import { root } from './spol-test-kit.js';

/** The server as `tsc` builds it (ESM) and as the extension ships it (one CommonJS bundle). */
const servers = [
    { name: 'out/language/main.js', path: join(root, 'out/language/main.js') },
    { name: 'extension/dist/server.cjs', path: join(root, 'extension/dist/server.cjs') }
];

/** Every request and wait is bounded: a hung server fails the test with what it waited for. */
const BOUND = 30_000;

interface PublishedDiagnostics {
    readonly uri: string;
    readonly diagnostics: { code?: string; range: { start: { line: number } } }[];
}

function published(client: LspClient, uri: string, predicate: (codes: string[]) => boolean): Promise<PublishedDiagnostics> {
    return client
        .notification(
            (m) => {
                if (m.method !== 'textDocument/publishDiagnostics') return false;
                const params = m.params as PublishedDiagnostics;
                return params.uri === uri && predicate(params.diagnostics.map((d) => String(d.code)));
            },
            BOUND,
            `diagnostics of ${uri}`
        )
        .then((m) => m.params as PublishedDiagnostics);
}

const TREE_URI = 'file:///virtual/tree.spol';
const USERS_URI = 'file:///virtual/users.spol';
const TREE = 'institution KU {\n    division Ichthyology {\n        discipline Fish type fish {\n            collection FishVoucher\n        }\n    }\n}\n';
const USERS = 'user rmartin {\n    in FishVoucher { access }\n    in Nowhere { access }\n}\n';

describe.each(servers)('the language server over stdio ($name)', ({ path: server }) => {
    let client: LspClient;
    let capabilities: Record<string, unknown>;

    beforeAll(async () => {
        // The server runs from the build: a missing or stale build would test other code than this.
        // `tsc -b` leaves an output whose text did not change as it was, but always writes its build
        // info when it compiles: a source is built when its output or the build info is newer.
        const buildInfo = join(root, 'out/.tsbuildinfo');
        const compiled = server.endsWith('.cjs') || !existsSync(buildInfo) ? 0 : statSync(buildInfo).mtimeMs;
        const stale = readdirSync(join(root, 'language'))
            .filter((name) => name.endsWith('.ts'))
            .filter((name) => {
                const built = server.endsWith('.cjs') ? server : join(root, 'out/language', name.replace(/\.ts$/, '.js'));
                return !existsSync(built) || Math.max(statSync(built).mtimeMs, compiled) < statSync(join(root, 'language', name)).mtimeMs;
            });
        expect(stale, 'out/language is missing or older than language/: run `npm run build`').toEqual([]);
        client = LspClient.launch(server, root, [], { keep: true });
        const initialized = await client.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} }, BOUND);
        capabilities = (initialized.result as { capabilities: Record<string, unknown> }).capabilities;
        client.notify('initialized', {});
        client.notify('textDocument/didOpen', { textDocument: { uri: TREE_URI, languageId: 'spol', version: 1, text: TREE } });
        client.notify('textDocument/didOpen', { textDocument: { uri: USERS_URI, languageId: 'spol', version: 1, text: USERS } });
    });

    afterAll(async () => {
        await client?.shutdown(BOUND);
    });

    it('announces completion on `/`, `:` and `,`, hover, formatting and code actions', () => {
        expect(capabilities).toMatchObject({
            completionProvider: { triggerCharacters: expect.arrayContaining(['/', ':', ',']) },
            hoverProvider: true,
            documentFormattingProvider: true,
            codeActionProvider: expect.anything()
        });
    });

    it('publishes linking errors and engine lint for each open document', async () => {
        const users = await published(client, USERS_URI, (codes) => codes.includes('unresolved-reference') && codes.includes('missing-agent'));
        expect(users.diagnostics.find((d) => d.code === 'unresolved-reference')!.range.start.line).toBe(2);
        const tree = await published(client, TREE_URI, (codes) => codes.includes('no-institution-admin'));
        expect(tree.diagnostics.map((d) => d.code)).toEqual(['no-institution-admin']);
    });

    it('re-publishes the other document when an edit changes the workspace-wide lint', async () => {
        client.notify('textDocument/didChange', {
            textDocument: { uri: USERS_URI, version: 2 },
            contentChanges: [{ text: 'user rmartin {\n    institution admin\n    agent "Martin, Robert" in Ichthyology\n}\n' }]
        });
        const tree = await published(client, TREE_URI, (codes) => !codes.includes('no-institution-admin'));
        expect(tree.diagnostics).toEqual([]);
    });

    it('answers hover on a resource and completion of actions', async () => {
        client.notify('textDocument/didOpen', {
            textDocument: { uri: 'file:///virtual/roles.spol', languageId: 'spol', version: 1, text: 'role R in FishVoucher {\n    allow /querybuilder/query: \n}\n' }
        });
        const hover = await client.request('textDocument/hover', { textDocument: { uri: 'file:///virtual/roles.spol' }, position: { line: 1, character: 12 } }, BOUND);
        expect((hover.result as { contents: { value: string } }).contents.value).toContain('**`/querybuilder/query`**');
        const completion = await client.request(
            'textDocument/completion',
            { textDocument: { uri: 'file:///virtual/roles.spol' }, position: { line: 1, character: 31 } },
            BOUND
        );
        const labels = (completion.result as { items: { label: string }[] }).items.map((item) => item.label);
        expect(labels).toEqual(expect.arrayContaining(['execute', 'export_csv', '%']));
    });
    it('answers spol/profile with provenance and announces every rebuild with spol/workspaceChanged', async () => {
        const changed = await client.notification(
            (m) => m.method === 'spol/workspaceChanged' && (m.params as { blockingErrors: number }).blockingErrors === 0,
            BOUND,
            'a workspaceChanged without blocking errors'
        );
        expect((changed.params as { version: number }).version).toBeGreaterThan(0);
        const names = await client.request('spol/names', {}, BOUND);
        expect((names.result as { users: { name: string }[] }).users.map((u) => u.name)).toEqual(['rmartin']);
        const answer = await client.request('spol/profile', { user: 'rmartin', collection: 'FishVoucher' }, BOUND);
        const result = answer.result as { kind: string; profile: { groups: { entries: { resource: string; cells: { action: string; allowed: boolean; grants: { label: string; location: { uri: string } }[] }[] }[] }[] } };
        expect(result.kind).toBe('profile');
        const read = result.profile.groups.flatMap((g) => g.entries).find((e) => e.resource === '/table/collectionobject')!.cells.find((c) => c.action === 'read')!;
        expect(read).toMatchObject({ allowed: true, grants: [{ label: 'Institution Admin', location: { uri: USERS_URI } }] });
        const unknown = await client.request('spol/profile', { user: 'nobody', collection: 'FishVoucher' }, BOUND);
        expect(unknown.result).toMatchObject({ kind: 'unknown' });
    });

    it('puts a code lens above each user that opens the profile', async () => {
        const lenses = await client.request('textDocument/codeLens', { textDocument: { uri: USERS_URI } }, BOUND);
        expect(lenses.result).toEqual([
            {
                range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                command: { title: 'Show permission profile (at institution level)', command: 'spol.showProfile', arguments: ['rmartin', { institution: true }] }
            }
        ]);
    });
    it('renames a collection in every document that names it', async () => {
        const rename = await client.request('textDocument/rename', { textDocument: { uri: TREE_URI }, position: { line: 3, character: 25 }, newName: 'FishVouchers' }, BOUND);
        const changes = (rename.result as { changes: Record<string, { newText: string; range: { start: { line: number } } }[]> }).changes;
        expect(Object.keys(changes).sort()).toEqual(['file:///virtual/roles.spol', TREE_URI].sort());
        expect(changes[TREE_URI]).toEqual([expect.objectContaining({ newText: 'FishVouchers', range: expect.objectContaining({ start: { line: 3, character: 23 } }) })]);
    });

    it('colours the text with semantic tokens from the legend it announced', async () => {
        const legend = (capabilities['semanticTokensProvider'] as { legend: { tokenTypes: string[] } }).legend;
        expect(legend.tokenTypes.length).toBeGreaterThan(0);
        const tokens = await client.request('textDocument/semanticTokens/full', { textDocument: { uri: 'file:///virtual/roles.spol' } }, BOUND);
        const data = (tokens.result as { data: number[] }).data;
        // Five integers a token: the role's name, the collection, the resource at least.
        expect(data.length % 5).toBe(0);
        expect(data.length / 5).toBeGreaterThanOrEqual(3);
        const types = new Set(data.filter((_, i) => i % 5 === 3).map((t) => legend.tokenTypes[t]));
        expect(types.size).toBeGreaterThanOrEqual(3);
    });
});

describe('the language server on a workspace folder (the shipped bundle)', () => {
    const folder = join(root, 'examples/broken');
    let client: LspClient;

    beforeAll(async () => {
        client = LspClient.launch(join(root, 'extension/dist/server.cjs'), root, [], { keep: true });
        const uri = pathToFileURL(folder).href;
        await client.request('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'broken' }], capabilities: {} }, BOUND);
        client.notify('initialized', {});
    });

    afterAll(async () => {
        await client?.shutdown(BOUND);
    });

    it('checks every file of the folder at start-up, opened or not', async () => {
        const files = readdirSync(folder).filter((name) => name.endsWith('.spol'));
        for (const name of files) {
            const uri = pathToFileURL(join(folder, name)).href;
            const diagnostics = await published(client, uri, (codes) => codes.length > 0);
            expect(diagnostics.diagnostics.length, name).toBeGreaterThan(0);
        }
    });

    it('refuses a profile over a folder whose files do not parse, naming the file', async () => {
        const answer = await client.request('spol/profile', { user: 'jdoe', collection: 'FishVoucher' }, BOUND);
        expect(answer.result).toMatchObject({ kind: 'blocked', problems: expect.arrayContaining([expect.objectContaining({ code: 'syntax-error' })]) });
    });
});
