/**
 * The CST nodes that wrote one property of an AST node: what Langium's
 * GrammarUtils.findNodesForProperty finds, walking the same nodes, without its cost per node (it
 * climbs the grammar from every CST node to its assignment and builds an array per node). Here
 * each grammar element's assignment is looked up once, the nodes go into one array, and a caller
 * that needs only the first stops there. to-model.ts asks for every name and resource of a
 * workspace, the validator for two settings of every user, so this runs on every load and keystroke.
 */
import type { AstNode, CstNode } from 'langium';
import { AstUtils, GrammarAST, isCompositeCstNode } from 'langium';

/** The CST nodes below `cst` (the CST of one AST node) that wrote `property`, in text order; only the first when `firstOnly`. */
export function nodesForProperty(cst: CstNode | undefined, property: string, firstOnly = false): CstNode[] {
    const found: CstNode[] = [];
    if (cst) collect(cst, property, cst.astNode, firstOnly, found);
    return found;
}

/** Adds the nodes below `node` (of `element`) assigned to `property`; true once the first is found when `firstOnly`. */
function collect(node: CstNode, property: string, element: AstNode, firstOnly: boolean, found: CstNode[]): boolean {
    if (!isCompositeCstNode(node) || node.astNode !== element) return false;
    for (const child of node.content) {
        if (assignedFeature(child) === property) {
            found.push(child);
            if (firstOnly) return true;
        } else if (collect(child, property, element, firstOnly, found)) {
            return true;
        }
    }
    return false;
}

/** Grammar element → the feature of the assignment it is part of (null: none). The grammar never changes. */
const featureByGrammarElement = new WeakMap<AstNode, string | null>();

/** The property a CST node writes: the feature of the assignment its grammar element sits in, if any. */
function assignedFeature(node: CstNode): string | null {
    const element = node.grammarSource;
    if (!element) return null;
    let feature = featureByGrammarElement.get(element);
    if (feature === undefined) {
        feature = AstUtils.getContainerOfType(element, GrammarAST.isAssignment)?.feature ?? null;
        featureByGrammarElement.set(element, feature);
    }
    return feature;
}
