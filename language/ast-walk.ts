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
 *
 * The editor's builds use the same loops: a pass that Langium's streams cancel with an await of
 * `interruptAndCheck` before every node asks it before every `INTERRUPT_EVERY`th item instead
 * (`interrupted`). The answers are the same; a cancelled build stops a few items later, and the
 * server still yields to incoming messages every 10 ms (Langium's interruption period).
 */
import type { AstNode, ReferenceInfo } from 'langium';
import { Cancellation, interruptAndCheck, isAstNode, isMultiReference, isReference } from 'langium';

/**
 * A tree read once: every node (`root` first) in the order of `AstUtils.streamAst(root)`, and the
 * references of each in turn, node by node, each in the order of `AstUtils.streamReferences(node)`.
 */
export interface WalkedTree {
    readonly nodes: readonly AstNode[];
    readonly references: readonly ReferenceInfo[];
}

/**
 * Each tree's nodes and references, read once: by the parser, which reads every node anyway to
 * link it to its container (`linkTree`), or else by the first of the build's passes that asks. The
 * CLI's build walks every tree four times (exports, local symbols, linking, validation); reading
 * each node's properties once instead of five times is a tenth of that build's name collection,
 * linking and validation. A tree is not changed after parsing (linking fills in its references'
 * targets, not its properties), and a new parse makes a new root, so an answer is never stale.
 */
const walked = new WeakMap<AstNode, WalkedTree>();

/** `root`'s nodes and references as forEachAstNode and forEachReference visit them, read once per root. */
export function walkTree(root: AstNode): WalkedTree {
    let tree = walked.get(root);
    if (!tree) walked.set(root, (tree = readTree(root, false)));
    return tree;
}

/**
 * Sets `$container`, `$containerProperty` and (in a list) `$containerIndex` on every node below
 * `root`, as Langium's `linkContentToContainer(root, { deep: true })` does, and keeps what it read
 * for walkTree: the parser's last step (spol-parser.ts).
 */
export function linkTree(root: AstNode): void {
    walked.set(root, readTree(root, true));
}

function readTree(root: AstNode, link: boolean): WalkedTree {
    const nodes: AstNode[] = [];
    const references: ReferenceInfo[] = [];
    const pending: AstNode[] = [root];
    const children: AstNode[] = [];
    while (pending.length > 0) {
        const node = pending.pop()!;
        nodes.push(node);
        readNode(node, children, references, link);
        for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
        children.length = 0;
    }
    return { nodes, references };
}

/** A node whose container links are being set. */
type Linked = { $container?: AstNode; $containerProperty?: string; $containerIndex?: number };

/** childrenOf and forEachReference in one pass over the node's properties, linking the children to it when `link`. */
function readNode(node: AstNode, children: AstNode[], references: ReferenceInfo[], link: boolean): void {
    const values = node as unknown as Record<string, unknown>;
    for (const property of Object.keys(node)) {
        if (property.charCodeAt(0) === 36 /* $ */) continue;
        const value = values[property];
        if (isAstNode(value)) {
            if (link) {
                const linked = value as Linked;
                linked.$container = node;
                linked.$containerProperty = property;
            }
            children.push(value);
        } else if (isReference(value) || isMultiReference(value)) {
            references.push({ reference: value, container: node, property });
        } else if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item: unknown = value[index];
                if (isAstNode(item)) {
                    if (link) {
                        const linked = item as Linked;
                        linked.$container = node;
                        linked.$containerProperty = property;
                        linked.$containerIndex = index;
                    }
                    children.push(item);
                } else if (isReference(item) || isMultiReference(item)) {
                    references.push({ reference: item, container: node, property, index });
                }
            }
        }
    }
}

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

/** How many items (nodes, references) the editor's passes visit between two cancellation checks. */
export const INTERRUPT_EVERY = 64;

/**
 * Whether a pass at item `index` must await `interruptAndCheck(cancelToken)` first: before the first
 * item and every INTERRUPT_EVERY-th after it, when the pass can be cancelled at all.
 */
export function interrupted(index: number, cancelToken: Cancellation.CancellationToken): Promise<void> | undefined {
    return index % INTERRUPT_EVERY === 0 && cancelToken !== Cancellation.CancellationToken.None ? interruptAndCheck(cancelToken) : undefined;
}
