/**
 * Watched-file changes, with spol.yaml among them: when a workspace folder's configuration is
 * created, changed or deleted, it is read again and the whole folder rebuilt (so that files it no
 * longer ignores are loaded and every document's lint is settled again). The client's watcher
 * reports `**\/spol.yaml` besides `**\/*.spol` (extension/src/spol-client.ts).
 */
import type { LangiumSharedServices } from 'langium/lsp';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import { URI, UriUtils } from 'langium';
import type { DidChangeWatchedFilesParams } from 'vscode-languageserver';
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
}
