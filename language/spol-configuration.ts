/**
 * The configuration (spol.yaml) of each workspace folder, as the language server and the CLI read
 * it: which rules report at which severity, and which files are left out. The engine reads the text
 * (engine/config/read-config.ts); this service finds it, keeps one per folder, and answers for a
 * file: its folder's configuration, and whether it is ignored.
 *
 * The language server loads it when the workspace opens (SpolWorkspaceManager) and again when the
 * file changes (SpolDocumentUpdateHandler); the CLI sets the texts it found on disk before it
 * builds (workspace.ts). Either way SpolWorkspaceModel applies it, so both report the same.
 */
import type { FileSystemProvider } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { URI, UriUtils } from 'langium';
import { configurableRules } from '../engine/config/apply-config.js';
import { CONFIG_FILE_NAME, EMPTY_CONFIG, readConfig, type SpolConfig } from '../engine/config/read-config.js';
import type { Diagnostic } from '../engine/diagnostic.js';
import { matchesGlob } from './glob.js';
import type { SpolServices } from './spol-module.js';

export interface FolderConfig {
    /** The folder the configuration governs: its own. */
    readonly folder: URI;
    /** The spol.yaml file. */
    readonly file: URI;
    readonly config: SpolConfig;
    /** Problems of the file itself, at their line and column in it. */
    readonly diagnostics: readonly Diagnostic[];
}

export class SpolConfiguration {
    private readonly folders = new Map<string, FolderConfig>();
    private changes = 0;

    constructor(private readonly fileSystem?: FileSystemProvider) {}

    /** Grows whenever a configuration is set or dropped: part of the workspace model's cache key. */
    get version(): number {
        return this.changes;
    }

    /** Every configuration, by folder. */
    get all(): readonly FolderConfig[] {
        return [...this.folders.values()];
    }

    /** Every problem of every configuration file. */
    get diagnostics(): readonly Diagnostic[] {
        return this.all.flatMap((entry) => entry.diagnostics);
    }

    /**
     * Sets the configuration of `folder` from the text of its spol.yaml; undefined text drops it
     * (the folder has none). `file` names the spol.yaml in diagnostics (default: folder/spol.yaml).
     */
    set(folder: URI, text: string | undefined, file: URI = UriUtils.joinPath(folder, CONFIG_FILE_NAME)): FolderConfig | undefined {
        this.changes++;
        const key = folderKey(folder);
        if (text === undefined) {
            this.folders.delete(key);
            return undefined;
        }
        const { config, diagnostics } = readConfig(text, file.toString(), configurableRules());
        const entry: FolderConfig = { folder, file, config, diagnostics };
        this.folders.set(key, entry);
        return entry;
    }

    /** Reads `folder/spol.yaml` through the FileSystemProvider; a folder without one has no configuration. */
    async load(folder: URI): Promise<FolderConfig | undefined> {
        const file = UriUtils.joinPath(folder, CONFIG_FILE_NAME);
        const text = this.fileSystem ? await this.fileSystem.readFile(file).catch(() => undefined) : undefined;
        return this.set(folder, text, file);
    }

    /** The configuration whose folder holds `file` (the innermost, with nested folders); none: the empty one. */
    entryFor(file: string | URI | undefined): FolderConfig | undefined {
        if (file === undefined) return undefined;
        const path = (typeof file === 'string' ? URI.parse(file) : file).path;
        let best: FolderConfig | undefined;
        for (const entry of this.folders.values()) {
            const folder = entry.folder.path.replace(/\/+$/, '');
            if (path.startsWith(`${folder}/`) && (!best || folder.length > best.folder.path.length)) best = entry;
        }
        return best;
    }

    configFor(file: string | URI | undefined): SpolConfig {
        return this.entryFor(file)?.config ?? EMPTY_CONFIG;
    }

    /** Is `file` (or folder) left out by an `ignore:` pattern of its configuration? */
    isIgnored(file: string | URI): boolean {
        const entry = this.entryFor(file);
        if (!entry || entry.config.ignore.length === 0) return false;
        const path = (typeof file === 'string' ? URI.parse(file) : file).path;
        const relative = path.slice(entry.folder.path.replace(/\/+$/, '').length + 1);
        return entry.config.ignore.some((pattern) => matchesGlob(pattern, relative));
    }
}

function folderKey(folder: URI): string {
    return folder.with({ path: folder.path.replace(/\/+$/, '') }).toString();
}

/** The spol language's configuration service, from the shared services (undefined before it is registered). */
export function configurationOf(shared: LangiumSharedServices): SpolConfiguration | undefined {
    for (const services of shared.ServiceRegistry.all) {
        const configuration = (services as Partial<SpolServices>).workspace?.Configuration;
        if (configuration) return configuration;
    }
    return undefined;
}

const LSP_SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/**
 * Shows a folder's spol.yaml problems on spol.yaml itself (Langium publishes only its own
 * documents'); a configuration that is gone, or fixed, gets an empty list.
 */
export function publishConfigDiagnostics(shared: LangiumSharedServices, folder: URI, entry: FolderConfig | undefined): void {
    const connection = shared.lsp.Connection;
    if (!connection) return;
    const uri = (entry?.file ?? UriUtils.joinPath(folder, CONFIG_FILE_NAME)).toString();
    const diagnostics = (entry?.diagnostics ?? []).map((d) => ({
        range: d.source?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: LSP_SEVERITY[d.severity],
        code: d.code,
        source: 'spol',
        message: d.message
    }));
    void connection.sendDiagnostics({ uri, diagnostics });
}
