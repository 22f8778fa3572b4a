/**
 * What a document makes visible to the rest of the workspace. Langium exports only top-level
 * elements; spol names divisions, disciplines and collections from any file (`role R in FishVoucher`,
 * `agent "…" in Ichthyology`), so every named element of the institution tree is exported too.
 * Agents carry a display name, not a declaration, and stay private.
 */
import type { AstNode, AstNodeDescription, LangiumDocument } from 'langium';
import { AstUtils, Cancellation, DefaultScopeComputation, interruptAndCheck } from 'langium';
import * as ast from './generated/ast.js';

export class SpolScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(
        document: LangiumDocument,
        cancelToken = Cancellation.CancellationToken.None
    ): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            await interruptAndCheck(cancelToken);
            if (isExported(node)) this.addExportedSymbol(node, exports, document);
        }
        return exports;
    }
}

function isExported(node: AstNode): boolean {
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
