/**
 * Plain loops over an AST in the order Langium's streams give (`AstUtils.streamAst`,
 * `AstUtils.streamReferences`), for the passes that visit every node of every document (exports,
 * local symbols, linking, validation) when nothing can cancel them (the CLI's one build).
 *
 * Langium's streams make an iterator and its state for every node and the passes await
 * `interruptAndCheck` once per node; on a workspace of 70,000 lines that is a measurable part of a
 * `spol can`. The order is the streams' exactly: depth first, a node before its children, the
 * children in the order of their node's own properties (`$`-properties skipped), the items of an
 * array property in array order. Nothing here changes the tree.
 */
import type { AstNode, ReferenceInfo } from 'langium';
import { isAstNode, isMultiReference, isReference } from 'langium';

/**
 * Calls `visit` on `root` and every node below it, in the order of `AstUtils.streamAst(root)`;
 * a visit that returns false skips the nodes below that node (as the stream's `prune()`).
 */
export function forEachAstNode(root: AstNode, visit: (node: AstNode) => boolean | void): void {
    const pending: AstNode[] = [root];
    const children: AstNode[] = [];
    while (pending.length > 0) {
        const node = pending.pop()!;
        if (visit(node) === false) continue;
        childrenOf(node, children);
        for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
        children.length = 0;
    }
}

/** The nodes directly in `node`, as `AstUtils.streamContents(node)` gives them, appended to `into`. */
function childrenOf(node: AstNode, into: AstNode[]): void {
    for (const property of Object.keys(node)) {
        if (property.startsWith('$')) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (isAstNode(value)) {
            into.push(value);
        } else if (Array.isArray(value)) {
            for (const item of value) if (isAstNode(item)) into.push(item);
        }
    }
}

/** Calls `visit` on every reference `node` holds itself, in the order of `AstUtils.streamReferences(node)`. */
export function forEachReference(node: AstNode, visit: (reference: ReferenceInfo) => void): void {
    for (const property of Object.keys(node)) {
        if (property.startsWith('$')) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (isReference(value) || isMultiReference(value)) {
            visit({ reference: value, container: node, property });
        } else if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item: unknown = value[index];
                if (isReference(item) || isMultiReference(item)) visit({ reference: item, container: node, property, index });
            }
        }
    }
}
