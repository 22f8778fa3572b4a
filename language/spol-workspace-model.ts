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
 * A new parse keeps the elements (users, roles, …) of the document's previous share that it declares
 * again unchanged, the very objects, so that the lint's caches keyed by element serve all but the
 * one typed in (the rows Specify would store, each user's findings: engine/lint/carried-lint.ts).
 * A parse that contributes exactly what the document did before (an edit in a comment, blank space
 * that moves nothing) keeps the previous share itself, and when every share is the one last
 * linted the lint is not run again.
 *
 * The workspace's configuration and inline suppressions are applied here, after the rules
 * (engine/config: suppressions, then spol.yaml's severities), and files that spol.yaml ignores are
 * left out of the model and of lint: the CLI does not load them, and both must report the same.
 * A load that read its files without Langium (workspace.ts, for `spol check`) has its model and lint
 * made by the same code (`lintRead`, `diagnosticsIn`), so it reports what the documents would.
 *
 * Lint never throws: the editor would lose every diagnostic of the document and log a stack trace.
 * to-model.ts reads partial ASTs defensively, so an exception here is a bug in spol; should one
 * happen anyway it becomes one `internal-error` diagnostic, shown on the first document.
 */
import type { AstNode, LangiumDocument, LangiumDocuments } from 'langium';
import type { Diagnostic } from '../engine/diagnostic.js';
import { settleDiagnostics } from '../engine/config/apply-config.js';
import type { Suppression } from '../engine/config/suppressions.js';
import { emptyModel, type PolicyModel } from '../engine/model/policy-model.js';
import { carriedLint } from '../engine/lint/carried-lint.js';
import type { SpolConfiguration } from './spol-configuration.js';
import type { SpolServices } from './spol-module.js';
import { samePlainData } from './same-plain-data.js';
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
    /** None in a workspace without lint (nothing reads them there). */
    readonly suppressions: readonly Suppression[];
}

/** The model of a workspace and the engine's diagnostics over it, settled, by the file they are shown in (`diagnosticsIn`). */
export interface LintedWorkspace {
    readonly model: PolicyModel;
    readonly diagnostics: readonly Diagnostic[];
    readonly byFile: ReadonlyMap<string, readonly Diagnostic[]>;
    /** Diagnostics with no source, or a source outside the workspace: shown on the first document. */
    readonly unplaced: readonly Diagnostic[];
    readonly firstFile?: string;
}

interface Snapshot extends LintedWorkspace {
    readonly roots: readonly AstNode[];
    /** The shares of the documents linted, in URI order (none when the lint failed). */
    readonly shares?: readonly DocumentShare[];
    /** SpolConfiguration.version when it was computed. */
    readonly configVersion: number;
}

export class SpolWorkspaceModel {
    private readonly documents: LangiumDocuments;
    private readonly services: SpolServices;
    private snapshot?: Snapshot;
    /** Each parsed root's share; a root no longer in any document is dropped with it. */
    private readonly shares = new WeakMap<AstNode, DocumentShare>();
    /** The latest share of each file: a new parse of it keeps what it has in common with this one (`keptFrom`). */
    private readonly latest = new Map<string, DocumentShare>();

    constructor(
        services: SpolServices,
        private readonly rules: LintRules = carriedLint()
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
        return diagnosticsIn(this.current(), uri);
    }

    /**
     * What this service computes of documents whose parts and suppressions these are, for a caller
     * that read their text without Langium (workspace.ts): the model of the parts (in URI order) and
     * the lint over it with the suppressions (in the documents' order) and the configuration
     * applied, placed by file (`files`: the documents' URI strings, in their order).
     */
    lintRead(parts: readonly ModelPart[], suppressions: readonly Suppression[], files: readonly string[]): LintedWorkspace {
        const { failed: _failed, ...linted } = lintedWorkspace(parts, suppressions, files, this.rules, this.configuration);
        return linted;
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

    /**
     * The document's share for its current parse: computed once per root node. A new parse keeps
     * the elements of the file's latest share that it declares again unchanged (`keptFrom`), and a
     * parse that contributes exactly what the latest share did (an edit in a comment or in blank
     * space that moves nothing) is given that share itself, so the workspace's lint is not run again
     * for it (`compute`).
     */
    private shareOf(document: LangiumDocument): DocumentShare {
        const root = document.parseResult?.value;
        const file = document.uri.toString();
        const known = root ? this.shares.get(root) : undefined;
        if (known && known.file === file) return known;
        const fresh: DocumentShare = { file, part: documentToModel(document), suppressions: this.rules === NO_LINT ? [] : suppressionsOf(document) };
        const latest = this.latest.get(file);
        const share = latest ? keptFrom(latest, fresh) : fresh;
        if (root) this.shares.set(root, share);
        this.latest.set(file, share);
        return share;
    }

    private compute(all: readonly LangiumDocument[], roots: readonly AstNode[], configVersion: number): Snapshot {
        const configuration = this.configuration;
        const documents = all.filter((document) => !configuration.isIgnored(document.uri));
        const files = documents.map((document) => document.uri.toString());
        let shares: DocumentShare[];
        try {
            shares = sortedByUri(documents).map((document) => this.shareOf(document));
            this.forgetLatestBut(all);
        } catch (error) {
            return { roots, configVersion, ...placed(emptyModel(), [internalError(error)], files) };
        }
        // The same shares as last time: the same model and suppressions, so the same lint.
        const last = this.snapshot;
        if (last?.shares && last.configVersion === configVersion && sameElements(last.shares, shares)) return { ...last, roots };
        const parts = shares.map((share) => share.part);
        const { failed, ...linted } = lintedWorkspace(parts, documentsSuppressions(documents, shares), files, this.rules, configuration);
        return { roots, ...(failed ? {} : { shares }), configVersion, ...linted };
    }

    /** Drops the latest shares of files no longer in the workspace. */
    private forgetLatestBut(documents: readonly LangiumDocument[]): void {
        if (this.latest.size <= documents.length) return;
        const files = new Set(documents.map((document) => document.uri.toString()));
        for (const file of this.latest.keys()) if (!files.has(file)) this.latest.delete(file);
    }
}

/**
 * A new share of a file, with what it has in common with the file's latest share taken from that
 * share: every element (institution, library role, role, user) equal to one the latest share
 * declared is that very object, and when nothing differs the latest share itself is returned.
 * Model elements are plain data, never mutated, sources included (a moved element is not equal),
 * so an equal element (samePlainData: isDeepStrictEqual's answer, faster) can stand for the new
 * one; the lint's caches keyed by element (rows and findings, carriedLint) then serve every
 * element but the one typed in.
 */
function keptFrom(latest: DocumentShare, fresh: DocumentShare): DocumentShare {
    const was = latest.part;
    const now = fresh.part;
    const part: ModelPart = {
        institutions: kept(was.institutions, now.institutions),
        libraryRoles: kept(was.libraryRoles, now.libraryRoles),
        roles: kept(was.roles, now.roles),
        users: kept(was.users, now.users)
    };
    const samePart = part.institutions === was.institutions && part.libraryRoles === was.libraryRoles && part.roles === was.roles && part.users === was.users;
    const suppressions = samePlainData(latest.suppressions, fresh.suppressions) ? latest.suppressions : fresh.suppressions;
    if (samePart && suppressions === latest.suppressions) return latest;
    return { file: fresh.file, part: samePart ? was : part, suppressions };
}

/** `now`, each element replaced by an equal one of `was` (each used once); `was` itself when they are all equal, in order. */
function kept<T extends { readonly name: string }>(was: readonly T[], now: readonly T[]): readonly T[] {
    const byName = new Map<string, T[]>();
    for (const element of was) {
        const named = byName.get(element.name);
        if (named) named.push(element);
        else byName.set(element.name, [element]);
    }
    const out = now.map((element) => {
        const named = byName.get(element.name);
        const at = named ? named.findIndex((old) => samePlainData(old, element)) : -1;
        if (at < 0) return element;
        return named!.splice(at, 1)[0]!;
    });
    return sameElements(out, was) ? was : out;
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
    return a.length === b.length && a.every((element, i) => element === b[i]);
}

/**
 * The model of the parts (in URI order) and the lint over it, suppressions (in the documents' order)
 * and configuration applied, placed among `files` (the documents' URI strings); an exception
 * becomes one internal-error diagnostic (`failed`), with the model as far as it was made.
 */
function lintedWorkspace(
    parts: readonly ModelPart[],
    suppressions: readonly Suppression[],
    files: readonly string[],
    rules: LintRules,
    configuration: SpolConfiguration
): LintedWorkspace & { readonly failed: boolean } {
    let model: PolicyModel = emptyModel();
    try {
        model = assembleModel(parts);
        const diagnostics = rules === NO_LINT ? [] : settleDiagnostics(rules(model), suppressions, (file) => configuration.configFor(file));
        return { ...placed(model, diagnostics, files), failed: false };
    } catch (error) {
        return { ...placed(model, [internalError(error)], files), failed: true };
    }
}

/** The diagnostics by the file they are shown in: their own when it is one of `files`, else the first of `files` in URI order. */
function placed(model: PolicyModel, diagnostics: readonly Diagnostic[], documentFiles: readonly string[]): LintedWorkspace {
    const files = new Set(documentFiles);
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
    return { model, diagnostics, byFile, unplaced, ...(firstFile !== undefined ? { firstFile } : {}) };
}

/** The engine diagnostics shown in one document (by URI string): its own, and on the first document those of no document. */
export function diagnosticsIn(linted: LintedWorkspace, uri: string): readonly Diagnostic[] {
    const own = linted.byFile.get(uri) ?? [];
    return uri === linted.firstFile && linted.unplaced.length > 0 ? [...own, ...linted.unplaced] : own;
}

/** The suppressions of every document, in the order of `documents`; `shares` are theirs in URI order. */
function documentsSuppressions(documents: readonly LangiumDocument[], shares: readonly DocumentShare[]): Suppression[] {
    const byFile = new Map<string, DocumentShare>();
    for (const share of shares) byFile.set(share.file, share);
    return documents.flatMap((document) => byFile.get(document.uri.toString())!.suppressions);
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
