/**
 * Inlay hints: after each template of `from library A, B`, how many policies it copies into the
 * role (`+5 policies`), with the `allow …` lines in the tooltip. A role's grants are otherwise
 * spread over the library file; the hint keeps them in view where the role is read. A name that
 * resolves to no library role gets no hint (the unresolved reference is reported already).
 */
import type { AstNode } from 'langium';
import { GrammarUtils } from 'langium';
import type { InlayHintAcceptor } from 'langium/lsp';
import { AbstractInlayHintProvider } from 'langium/lsp';
import * as ast from './generated/ast.js';
import type { SpolServices } from './spol-module.js';
import type { SpolWorkspaceModel } from './spol-workspace-model.js';
import { templateCopies } from './template-copies.js';

export class SpolInlayHintProvider extends AbstractInlayHintProvider {
    private readonly workspaceModel: SpolWorkspaceModel;

    constructor(services: SpolServices) {
        super();
        this.workspaceModel = services.workspace.PolicyModel;
    }

    override computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!ast.isRole(node)) return;
        const names = GrammarUtils.findNodesForProperty(node.$cstNode, 'templates');
        node.templates.forEach((reference, index) => {
            const cst = names[index];
            const lines = templateCopies(this.workspaceModel.model, reference.$refText);
            if (!cst || !lines) return;
            acceptor({
                position: cst.range.end,
                label: `+${lines.length} ${lines.length === 1 ? 'policy' : 'policies'}`,
                paddingLeft: true,
                tooltip: {
                    kind: 'markdown',
                    value: lines.length > 0 ? `Copied from library role ${reference.$refText}:\n\n\`\`\`spol\n${lines.join('\n')}\n\`\`\`` : `Library role ${reference.$refText} has no policies.`
                }
            });
        });
    }
}
