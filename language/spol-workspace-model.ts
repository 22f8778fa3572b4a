/**
 * The PolicyModel of every document in the workspace and the engine's lint over it, computed once
 * per workspace state. Engine rules are workspace-wide (a user in one file needs an agent in a
 * division declared in another), so they cannot run per document: the validator of each document
 * asks this service for the diagnostics whose source names that document.
 *
 * The model is a pure function of the documents' ASTs (references become the names written), so the
 * cache is keyed on the identity of every document's root node: re-parsing, adding or removing a
 * document invalidates it; linking alone cannot change it. The same holds for each document alone:
 * its part of the model and its inline suppressions are computed once per parse (kept by the
 * identity of its root node, which a new parse replaces) and reused while it is unchanged, so
 * after a keystroke only the edited document is converted again; the model is assembled from the
 * parts in URI order, as documentsToModel orders them.
 *
 * The workspace's configuration and inline suppressions are applied here, after the rules
 * (engine/config: suppressions, then spol.yaml's severities), and files that spol.yaml ignores are
 * left out of the model and of lint: the CLI does not load them, and both must report the same.
 *
 * Lint never throws: the editor would lose every diagnostic of the document and log a stack trace.
 * to-model.ts reads partial ASTs defensively, so an exception here is a bug in spol; should one
 * happen anyway it becomes one `internal-error` diagnostic, shown on the first document.
 */
import type { AstNode, LangiumDocument, LangiumDocuments } from 'langium';
import type { Diagnostic } from '../engine/diagnostic.js';
import { settleDiagnostics } from '../engine/config/apply-config.js';
import type { Suppression } from '../engine/config/suppressions.js';
import { lint } from '../engine/lint/index.js';
import { emptyModel, type PolicyModel } from '../engine/model/policy-model.js';
import type { SpolConfiguration } from './spol-configuration.js';
import type { SpolServices } from './spol-module.js';
import { suppressionsOf } from './suppressions.js';
import { assembleModel, documentToModel, sortedByUri, type ModelPart } from './to-model.js';

/** The engine's rules: a model in, diagnostics out. Replaceable in tests. */
export type LintRules = (model: PolicyModel) => Diagnostic[];

/** No lint at all (syntax and references only): no suppressions or configuration to apply either. */
export const NO_LINT: LintRules = () => [];

/** What one parse of one document contributes: its part of the model and its suppressions. */
interface DocumentShare {
    /** The document's URI string: a root belongs to one document, this only guards that. */
    readonly file: string;
    readonly part: ModelPart;
    /** Computed on first use: lint only (a workspace without lint never reads them). */
    suppressions?: readonly Suppression[];
}

interface Snapshot {
    readonly roots: readonly AstNode[];
    /** SpolConfiguration.version when it was computed. */
    readonly configVersion: number;
    readonly model: PolicyModel;
    readonly diagnostics: readonly Diagnostic[];
    readonly byFile: ReadonlyMap<string, readonly Diagnostic[]>;
    /** Diagnostics with no source, or a source outside the workspace: shown on the first document. */
    readonly unplaced: readonly Diagnostic[];
    readonly firstFile?: string;
}

export class SpolWorkspaceModel {
    private readonly documents: LangiumDocuments;
    private readonly services: SpolServices;
    private snapshot?: Snapshot;
    /** Each parsed root's share; a root no longer in any document is dropped with it. */
    private readonly shares = new WeakMap<AstNode, DocumentShare>();

    constructor(
        services: SpolServices,
        private readonly rules: LintRules = lint
    ) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.services = services;
    }

    /** Resolved lazily: the configuration and this model are siblings in the DI container. */
    private get configuration(): SpolConfiguration {
        return this.services.workspace.Configuration;
    }

    /** The model of all documents, in URI order. */
    get model(): PolicyModel {
        return this.current().model;
    }

    /** Every engine diagnostic of the workspace, as the engine returned them. */
    get diagnostics(): readonly Diagnostic[] {
        return this.current().diagnostics;
    }

    /** The engine diagnostics to show in one document (by URI string). */
    diagnosticsFor(uri: string): readonly Diagnostic[] {
        const snapshot = this.current();
        const own = snapshot.byFile.get(uri) ?? [];
        return uri === snapshot.firstFile && snapshot.unplaced.length > 0 ? [...own, ...snapshot.unplaced] : own;
    }

    private current(): Snapshot {
        const documents = this.documents.all.toArray();
        const roots = documents.map((document) => document.parseResult?.value);
        const cached = this.snapshot;
        const configVersion = this.configuration.version;
        if (cached && cached.configVersion === configVersion && cached.roots.length === roots.length && cached.roots.every((root, i) => root === roots[i])) {
            return cached;
        }
        this.snapshot = this.compute(documents, roots, configVersion);
        return this.snapshot;
    }

    /** The document's share for its current parse: computed once per root node. */
    private shareOf(document: LangiumDocument): DocumentShare {
        const root = document.parseResult?.value;
        const file = document.uri.toString();
        const known = root ? this.shares.get(root) : undefined;
        if (known && known.file === file) return known;
        const share: DocumentShare = { file, part: documentToModel(document) };
        if (root) this.shares.set(root, share);
        return share;
    }

    private compute(all: readonly LangiumDocument[], roots: readonly AstNode[], configVersion: number): Snapshot {
        const configuration = this.configuration;
        const documents = all.filter((document) => !configuration.isIgnored(document.uri));
        let model: PolicyModel = emptyModel();
        let diagnostics: readonly Diagnostic[];
        try {
            const shares = sortedByUri(documents).map((document) => this.shareOf(document));
            model = assembleModel(shares.map((share) => share.part));
            diagnostics =
                this.rules === NO_LINT
                    ? []
                    : settleDiagnostics(this.rules(model), documentsSuppressions(documents, shares), (file) => configuration.configFor(file));
        } catch (error) {
            diagnostics = [internalError(error)];
        }
        const files = new Set(documents.map((document) => document.uri.toString()));
        const byFile = new Map<string, Diagnostic[]>();
        const unplaced: Diagnostic[] = [];
        for (const diagnostic of diagnostics) {
            const file = diagnostic.source?.file;
            if (file !== undefined && files.has(file)) {
                let list = byFile.get(file);
                if (!list) byFile.set(file, (list = []));
                list.push(diagnostic);
            } else {
                unplaced.push(diagnostic);
            }
        }
        const firstFile = [...files].sort()[0];
        return { roots, configVersion, model, diagnostics, byFile, unplaced, ...(firstFile !== undefined ? { firstFile } : {}) };
    }
}

/** The suppressions of every document, in the order of `documents`; `shares` are theirs in URI order. */
function documentsSuppressions(documents: readonly LangiumDocument[], shares: readonly DocumentShare[]): Suppression[] {
    const byFile = new Map<string, DocumentShare>();
    for (const share of shares) byFile.set(share.file, share);
    return documents.flatMap((document) => {
        const share = byFile.get(document.uri.toString())!;
        share.suppressions ??= suppressionsOf(document);
        return share.suppressions;
    });
}

/** The code of the one diagnostic that stands for an exception in spol itself. */
export const INTERNAL_ERROR = 'internal-error';

/** An exception as one diagnostic with a one-line message; the stack trace is left out on purpose. */
export function internalError(error: unknown): Diagnostic {
    const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const reason = raw.split(/\r?\n/, 1)[0]!.trim().slice(0, 200);
    return {
        code: INTERNAL_ERROR,
        severity: 'error',
        message: `spol could not lint this workspace (internal error: ${reason}); please report it. Syntax and reference errors are still shown.`
    };
}
