/**
 * What a document makes visible to the rest of the workspace. Langium exports only top-level
 * elements; spol names divisions, disciplines and collections from any file (`role R in FishVoucher`,
 * `agent "…" in Ichthyology`), so every named element of the institution tree is exported too.
 * Agents carry a display name, not a declaration, and stay private.
 *
 * A build nothing can cancel (the CLI's) collects both kinds of symbols in one plain loop over the
 * nodes (ast-walk.ts), in Langium's order; the editor's builds keep Langium's stream and its check
 * for cancellation at every node.
 */
import type { AstNode, AstNodeDescription, LangiumDocument, LocalSymbols } from 'langium';
import { AstUtils, Cancellation, DefaultScopeComputation, interruptAndCheck, MultiMap } from 'langium';
import { forEachAstNode } from './ast-walk.js';
import * as ast from './generated/ast.js';

export class SpolScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(
        document: LangiumDocument,
        cancelToken = Cancellation.CancellationToken.None
    ): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        const root = document.parseResult.value;
        if (cancelToken === Cancellation.CancellationToken.None) {
            forEachAstNode(root, (node) => {
                if (node !== root && isExported(node)) this.addExportedSymbol(node, exports, document);
            });
            return exports;
        }
        for (const node of AstUtils.streamAllContents(root)) {
            await interruptAndCheck(cancelToken);
            if (isExported(node)) this.addExportedSymbol(node, exports, document);
        }
        return exports;
    }

    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        if (cancelToken !== Cancellation.CancellationToken.None) return super.collectLocalSymbols(document, cancelToken);
        const root = document.parseResult.value;
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        forEachAstNode(root, (node) => {
            if (node !== root) this.addLocalSymbol(node, document, symbols);
        });
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
