/**
 * Watched-file changes, with spol.yaml among them: when a workspace folder's configuration is
 * created, changed or deleted, it is read again and the whole folder rebuilt (so that files it no
 * longer ignores are loaded and every document's lint is settled again). The client's watcher
 * reports `**\/spol.yaml` besides `**\/*.spol` (extension/src/spol-client.ts).
 *
 * A closed document leaves the editor's text behind: a workspace file is read again from disk (the
 * editor may have dropped unsaved changes), and any other document (outside every workspace folder,
 * ignored by spol.yaml, not on disk, not a file) leaves the workspace. Langium's default keeps a
 * closed document as it was last typed, so a file opened from elsewhere went on declaring its users
 * and roles to the whole workspace's lint, and every document ever opened stayed in memory.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import { URI, UriUtils } from 'langium';
import type { DidChangeWatchedFilesParams, TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'langium';
import { CONFIG_FILE_NAME } from '../engine/config/read-config.js';
import { configurationOf, publishConfigDiagnostics } from './spol-configuration.js';

export class SpolDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly shared: LangiumSharedServices;

    constructor(shared: LangiumSharedServices) {
        super(shared);
        this.shared = shared;
    }

    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        const configs = params.changes.filter((change) => UriUtils.basename(URI.parse(change.uri)) === CONFIG_FILE_NAME);
        if (configs.length === 0) return super.didChangeWatchedFiles(params);
        const configuration = configurationOf(this.shared);
        const roots = (this.shared.workspace.WorkspaceManager.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).toString());
        // Only a spol.yaml at the root of a workspace folder configures it.
        const folders = configs.map((change) => UriUtils.dirname(URI.parse(change.uri))).filter((folder) => roots.includes(folder.toString()));
        const rest = params.changes.filter((change) => !configs.includes(change));
        void Promise.all(folders.map(async (folder) => publishConfigDiagnostics(this.shared, folder, await configuration?.load(folder)))).then(() => {
            if (rest.length > 0) super.didChangeWatchedFiles({ changes: rest });
            // A changed folder is searched again (SpolWorkspaceManager.shouldIncludeEntry leaves out what is ignored).
            this.fireDocumentUpdate(folders, []);
        });
    }

    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        void this.onDisk(uri).then((kept) => {
            // Opened again meanwhile: the open document's own updates take over.
            if (this.shared.workspace.TextDocuments?.get(uri.toString())) return;
            if (kept) this.fireDocumentUpdate([uri], []);
            else this.fireDocumentUpdate([], [uri]);
        });
    }

    /** Whether the workspace, loaded from disk, would hold this file (as SpolWorkspaceManager searches the folders). */
    private async onDisk(uri: URI): Promise<boolean> {
        if (uri.scheme !== 'file') return false;
        const manager = this.shared.workspace.WorkspaceManager;
        const folder = (manager.workspaceFolders ?? []).map((f) => URI.parse(f.uri)).find((root) => UriUtils.contains(root, uri));
        if (!folder) return false;
        // Every folder between the root and the file, and the file itself, must be one the search enters.
        const steps = UriUtils.relative(folder, uri).split('/');
        let at = folder;
        for (const [index, step] of steps.entries()) {
            at = UriUtils.joinPath(at, step);
            const isFile = index === steps.length - 1;
            if (!manager.shouldIncludeEntry({ uri: at, isFile, isDirectory: !isFile })) return false;
        }
        return this.shared.workspace.FileSystemProvider.exists(uri).catch(() => false);
    }
}
