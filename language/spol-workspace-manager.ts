/**
 * Loads the workspace's `.spol` files when the editor opens a folder, and validates every one of
 * them in that first build. Langium's default validates a file only once it is opened or changed,
 * so the Problems panel would start empty and the preview could answer over a file that does not
 * parse; spol's lint is workspace-wide anyway, so the whole workspace is checked from the start,
 * as `spol check` checks it.
 *
 * Before the files, it reads each workspace folder's spol.yaml (SpolConfiguration), and leaves out
 * the files and folders its `ignore:` names, as `spol check` does.
 */
import type { BuildOptions, FileSystemNode, LangiumDocument } from 'langium';
import { DefaultWorkspaceManager, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { WorkspaceFolder } from 'vscode-languageserver';
import { configurationOf, publishConfigDiagnostics } from './spol-configuration.js';

export class SpolWorkspaceManager extends DefaultWorkspaceManager {
    override initialBuildOptions: BuildOptions = { validation: true };

    constructor(private readonly shared: LangiumSharedServices) {
        super(shared);
    }

    protected override async loadAdditionalDocuments(folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        await super.loadAdditionalDocuments(folders, collector);
        const configuration = configurationOf(this.shared);
        await Promise.all(
            folders.map(async (folder) => {
                const uri = URI.parse(folder.uri);
                publishConfigDiagnostics(this.shared, uri, await configuration?.load(uri));
            })
        );
    }

    override shouldIncludeEntry(entry: FileSystemNode): boolean {
        return super.shouldIncludeEntry(entry) && !(configurationOf(this.shared)?.isIgnored(entry.uri) ?? false);
    }
}
