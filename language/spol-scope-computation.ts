/**
 * What a document makes visible to the rest of the workspace. Langium exports only top-level
 * elements; spol names divisions, disciplines and collections from any file (`role R in FishVoucher`,
 * `agent "…" in Ichthyology`), so every named element of the institution tree is exported too.
 * Agents carry a display name, not a declaration, and stay private.
 *
 * Both kinds of symbols are collected in one plain loop over the nodes (ast-walk.ts), in Langium's
 * order; the editor's builds check for cancellation every INTERRUPT_EVERY nodes (`interrupted`)
 * where Langium's stream checks at every node.
 *
 * Each symbol is described lazily (LazyDescription): Langium's description computes the node's
 * path and the range of its text at once, for every user, agent and role of the workspace (and in
 * the editor, for every one of the edited file at each keystroke), and they are read only for the
 * few names a message quotes or a request asks about. The values are the same, computed when first
 * read (the tree does not change after parsing; a new parse makes new nodes and new descriptions).
 */
import type { AstNode, AstNodeDescription, AstNodeLocator, DocumentSegment, LangiumDocument, LocalSymbols, NameProvider, URI } from 'langium';
import { Cancellation, CstUtils, DefaultAstNodeDescriptionProvider, DefaultScopeComputation, MultiMap } from 'langium';
import { interrupted, walkTree } from './ast-walk.js';
import * as ast from './generated/ast.js';
import type { SpolServices } from './spol-module.js';

export class SpolScopeComputation extends DefaultScopeComputation {
    /** Set when symbols may be described lazily: the descriptions are Langium's own (not replaced). */
    private readonly lazy: { readonly names: NameProvider; readonly locator: AstNodeLocator } | undefined;

    constructor(services: SpolServices) {
        super(services);
        this.lazy =
            this.descriptions.constructor === DefaultAstNodeDescriptionProvider
                ? { names: services.references.NameProvider, locator: services.workspace.AstNodeLocator }
                : undefined;
    }

    /** As addExportedSymbol and addLocalSymbol describe a named node (LazyDescription when the descriptions are Langium's own). */
    private describe(node: AstNode, name: string, document: LangiumDocument): AstNodeDescription {
        const lazy = this.lazy;
        return lazy ? new LazyDescription(node, name, document.uri, lazy.names, lazy.locator) : this.descriptions.createDescription(node, name, document);
    }

    override async collectExportedSymbols(
        document: LangiumDocument,
        cancelToken = Cancellation.CancellationToken.None
    ): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        const root = document.parseResult.value;
        // isExported reads only the node's type: asked once per type.
        const exportedTypes = new Map<string, boolean>();
        const nodes = walkTree(root).nodes;
        // The root is not among AstUtils.streamAllContents's nodes.
        for (let i = 1; i < nodes.length; i++) {
            const wait = interrupted(i - 1, cancelToken);
            if (wait) await wait;
            const node = nodes[i]!;
            let exported = exportedTypes.get(node.$type);
            if (exported === undefined) exportedTypes.set(node.$type, (exported = isExported(node)));
            if (!exported) continue;
            // As addExportedSymbol.
            const name = this.nameProvider.getName(node);
            if (name) exports.push(this.describe(node, name, document));
        }
        return exports;
    }

    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const root = document.parseResult.value;
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        const nodes = walkTree(root).nodes;
        for (let i = 0; i < nodes.length; i++) {
            const wait = interrupted(i, cancelToken);
            if (wait) await wait;
            const node = nodes[i]!;
            // As addLocalSymbol.
            const container = node.$container;
            if (node === root || !container) continue;
            const name = this.nameProvider.getName(node);
            if (name) symbols.add(container, this.describe(node, name, document));
        }
        return symbols;
    }
}

/** The nodes a document exports: every element of the institution tree, the roles and the users (when named). */
export function isExported(node: AstNode): boolean {
    return (
        ast.isInstitution(node) ||
        ast.isDivision(node) ||
        ast.isDiscipline(node) ||
        ast.isCollection(node) ||
        ast.isLibraryRole(node) ||
        ast.isRole(node) ||
        ast.isUser(node)
    );
}

/**
 * DefaultAstNodeDescriptionProvider.createDescription's description, with its path and segments
 * computed when first read rather than when made.
 */
class LazyDescription implements AstNodeDescription {
    readonly type: string;
    private pathValue: string | undefined;
    private nameSegmentValue: DocumentSegment | undefined;
    private selectionSegmentValue: DocumentSegment | null | undefined;

    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly documentUri: URI,
        private readonly names: NameProvider,
        private readonly locator: AstNodeLocator
    ) {
        this.type = node.$type;
    }

    get path(): string {
        return (this.pathValue ??= this.locator.getAstNodePath(this.node));
    }

    get nameSegment(): DocumentSegment | undefined {
        return (this.nameSegmentValue ??= CstUtils.toDocumentSegment(this.names.getNameNode(this.node) ?? this.node.$cstNode));
    }

    get selectionSegment(): DocumentSegment | undefined {
        if (this.selectionSegmentValue === undefined) this.selectionSegmentValue = CstUtils.toDocumentSegment(this.node.$cstNode) ?? null;
        return this.selectionSegmentValue ?? undefined;
    }
}
