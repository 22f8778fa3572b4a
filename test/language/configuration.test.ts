/**
 * The language server's side of spol.yaml: read at the root of each workspace folder through
 * Langium's FileSystemProvider when the workspace opens, ignored files never loaded, and read again
 * when the client reports that it changed.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, it } from 'vitest';
import { FileChangeType } from 'vscode-languageserver';
import { createSpolServices } from '../../language/spol-module.js';
import { loadWorkspaceFromTexts } from '../../language/workspace.js';

const TREE = 'institution M { division D { discipline F type fish { collection C code "C" } } }\nuser admin { institution admin agent "A" in D }\n';
const ROLES = 'role Spare in C { description "x" allow /report: execute }\n';

function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-server-config-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

async function openWorkspace(dir: string) {
    const { shared, Spol } = createSpolServices(NodeFileSystem);
    const workspaceFolders = [{ uri: URI.file(dir).toString(), name: 'ws' }];
    shared.workspace.WorkspaceManager.initialize({ workspaceFolders, processId: null, rootUri: null, capabilities: {} });
    await shared.workspace.WorkspaceManager.initializeWorkspace(workspaceFolders);
    return { shared, Spol };
}

const codesIn = (diagnostics: readonly { code: string; severity: string }[]) => diagnostics.map((d) => `${d.severity} ${d.code}`);

async function until(condition: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!condition()) {
        if (Date.now() > end) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

describe('spol.yaml in the language server', () => {
    it('is read when the workspace opens: severities applied, ignored files not loaded', async () => {
        const dir = folder({ 'spol.yaml': 'rules:\n  unused-role: info\nignore:\n  - old/**\n', 'tree.spol': TREE, 'roles.spol': ROLES, 'old/broken.spol': 'user {\n' });
        const { shared, Spol } = await openWorkspace(dir);
        const uris = shared.workspace.LangiumDocuments.all.map((d) => d.uri.toString()).toArray();
        expect(uris.some((uri) => uri.includes('/old/'))).toBe(false);
        expect(codesIn(Spol.workspace.PolicyModel.diagnosticsFor(URI.file(join(dir, 'roles.spol')).toString()))).toEqual(['info unused-role']);
    });

    it('is read again when it changes, and the workspace checked again', async () => {
        const dir = folder({ 'spol.yaml': 'rules:\n  unused-role: info\n', 'tree.spol': TREE, 'roles.spol': ROLES });
        const { shared, Spol } = await openWorkspace(dir);
        const roles = URI.file(join(dir, 'roles.spol')).toString();
        const shown = () => codesIn(shared.workspace.LangiumDocuments.getDocument(URI.parse(roles))?.diagnostics?.map((d) => ({ code: String(d.code), severity: ['', 'error', 'warning', 'info'][d.severity ?? 1]! })) ?? []);
        await until(() => shown().includes('info unused-role'));
        writeFileSync(join(dir, 'spol.yaml'), 'rules:\n  unused-role: off\n');
        shared.lsp.DocumentUpdateHandler!.didChangeWatchedFiles!({ changes: [{ uri: URI.file(join(dir, 'spol.yaml')).toString(), type: FileChangeType.Changed }] });
        await until(() => Spol.workspace.Configuration.configFor(roles).rules['unused-role'] === 'off' && !shown().includes('info unused-role'));
        expect(codesIn(Spol.workspace.PolicyModel.diagnosticsFor(roles))).toEqual([]);
    });
});

describe('loadWorkspaceFromTexts with configurations', () => {
    it('applies them as loadWorkspace does: severities, rules off, ignored files left out', async () => {
        const texts = [
            { path: '/ws/tree.spol', text: TREE },
            { path: '/ws/roles.spol', text: ROLES },
            { path: '/ws/old/broken.spol', text: 'user {\n' }
        ];
        const plain = await loadWorkspaceFromTexts(texts);
        expect(codesIn(plain.diagnostics)).toEqual(expect.arrayContaining(['warning unused-role', 'error syntax-error']));
        const configured = await loadWorkspaceFromTexts(texts, { configs: [{ path: '/ws/spol.yaml', text: 'rules:\n  unused-role: off\nignore: [old/**]\n' }] });
        expect(configured.diagnostics).toEqual([]);
        expect(configured.files).toEqual(['/ws/roles.spol', '/ws/tree.spol']);
    });
});
