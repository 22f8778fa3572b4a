/**
 * A closed document in the language server (a real process over stdio): a file from outside the
 * workspace folder leaves the workspace when the editor closes it, so its declarations stop
 * counting in the workspace-wide lint; a workspace file closed with unsaved changes is read again
 * from disk. (Langium's default kept every closed document as last typed.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, type LspDiagnostic } from '../../fuzz/lsp-client.js';
import { root } from './spol-test-kit.js';

const TIMEOUT = 30_000;
const TREE = 'institution KU {\n    division Ichthyology {\n        discipline Fish type fish {\n            collection FishVoucher\n        }\n    }\n}\n';
const USERS = 'user rmartin {\n    agent "Martin, Robert" in Ichthyology\n    in FishVoucher { access }\n}\n';

describe('closing a document in the language server', () => {
    const folder = mkdtempSync(join(tmpdir(), 'spol-closed-'));
    const usersUri = pathToFileURL(join(folder, 'users.spol')).href;
    const treeUri = pathToFileURL(join(folder, 'tree.spol')).href;
    let client: LspClient;

    /** The next diagnostics for `uri` whose codes pass the test (the last published, if they already do). */
    async function diagnostics(uri: string, test: (codes: string[]) => boolean): Promise<LspDiagnostic[]> {
        const last = client.diagnostics.get(uri);
        if (last && test(last.map((d) => String(d.code)))) return last;
        const message = await client.next(
            (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri && test((m.params as { diagnostics: LspDiagnostic[] }).diagnostics.map((d) => String(d.code))),
            TIMEOUT,
            `diagnostics for ${uri}`
        );
        return (message.params as { diagnostics: LspDiagnostic[] }).diagnostics;
    }

    async function userNames(): Promise<string[]> {
        const names = await client.request('spol/names', {}, TIMEOUT);
        return (names.result as { users: { name: string }[] }).users.map((u) => u.name);
    }

    beforeAll(async () => {
        writeFileSync(join(folder, 'tree.spol'), TREE);
        writeFileSync(join(folder, 'users.spol'), USERS);
        client = LspClient.launch(join(root, 'out/language/main.js'), root);
        const workspaceFolders = [{ uri: pathToFileURL(folder).href, name: 'w' }];
        await client.request('initialize', { processId: process.pid, rootUri: workspaceFolders[0]!.uri, workspaceFolders, capabilities: {} }, TIMEOUT);
        client.notify('initialized', {});
        // The first build validates every file of the folder: nobody is Institution Admin yet.
        await diagnostics(treeUri, (codes) => codes.includes('no-institution-admin'));
    }, TIMEOUT);

    afterAll(async () => {
        await client?.shutdown(TIMEOUT);
        rmSync(folder, { recursive: true, force: true });
    });

    it('drops a document from outside the workspace, with its declarations', async () => {
        const outside = pathToFileURL(join(tmpdir(), 'spol-elsewhere', 'other.spol')).href;
        client.notify('textDocument/didOpen', { textDocument: { uri: outside, languageId: 'spol', version: 1, text: 'user boss {\n    institution admin\n}\n' } });
        await diagnostics(treeUri, (codes) => !codes.includes('no-institution-admin'));
        expect(await userNames()).toEqual(['rmartin', 'boss']);
        client.notify('textDocument/didClose', { textDocument: { uri: outside } });
        await diagnostics(treeUri, (codes) => codes.includes('no-institution-admin'));
        expect(await diagnostics(outside, (codes) => codes.length === 0)).toEqual([]);
        expect(await userNames()).toEqual(['rmartin']);
    });

    it('reads a workspace file again from disk when it is closed with unsaved changes', async () => {
        client.notify('textDocument/didOpen', { textDocument: { uri: usersUri, languageId: 'spol', version: 1, text: USERS } });
        client.notify('textDocument/didChange', {
            textDocument: { uri: usersUri, version: 2 },
            contentChanges: [{ text: USERS.replace('in FishVoucher', 'in Nowhere') }]
        });
        await diagnostics(usersUri, (codes) => codes.includes('unresolved-reference'));
        client.notify('textDocument/didClose', { textDocument: { uri: usersUri } });
        await diagnostics(usersUri, (codes) => !codes.includes('unresolved-reference'));
        expect(await userNames()).toEqual(['rmartin']);
    });
});
