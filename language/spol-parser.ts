/**
 * Langium's parser with comments placed in linear time.
 *
 * Langium 4.4 hands the comments before each consumed token to its CST builder by splicing them off
 * the front of the lexer's array of hidden tokens (`extractHiddenTokens`), and the builder finds
 * where a comment goes among its container's children with `indexOf` (`addHiddenNodes`). Both cost
 * time in proportion to what came before, so a long list with comments between its items is
 * quadratic: the fuzzer's 1 MB line of actions with a comment after each took minutes.
 *
 * Here the parser keeps a cursor into the hidden tokens instead of splicing them, and the builder
 * tries a node's last place in its container before searching: a node being built is almost always
 * its container's last child. Where comments land in the tree is unchanged (the language tests and
 * the fuzzer's formatter checks hold it). Both are private in Langium, so the replacement checks
 * that they are where it expects and refuses to start otherwise (a Langium upgrade then fails the
 * tests at once instead of quietly losing the fix).
 */
import type { CompositeCstNode, LangiumCoreServices, LangiumParser, RootCstNode } from 'langium';
import { CstNodeBuilder, createLangiumParser } from 'langium';

/** Chevrotain's token, as Langium's builder takes it (chevrotain is not a dependency of spol's own). */
type IToken = Parameters<CstNodeBuilder['addHiddenNodes']>[0][number];

interface ParserInternals {
    nodeBuilder: CstNodeBuilder;
    lexerResult?: { readonly hidden: IToken[] };
    extractHiddenTokens(token: IToken): IToken[];
}

/** How many of a lexer result's hidden tokens are already in the tree. */
const consumed = new WeakMap<readonly IToken[], number>();

class LinearCstNodeBuilder extends CstNodeBuilder {
    private root: RootCstNode | undefined;

    override buildRootNode(input: string): RootCstNode {
        this.root = super.buildRootNode(input);
        return this.root;
    }

    override addHiddenNodes(tokens: IToken[]): void {
        // After parsing, Langium passes the lexer's whole array: only the tokens not placed yet remain.
        const start = consumed.get(tokens) ?? 0;
        const rest = start > 0 ? tokens.slice(start) : tokens;
        if (rest.length === 0) return;
        const nodes = rest.map((token) => this.createLeafNode(token, true));
        const current = this.current;
        if (current.content.length > 0) {
            this.appendChildren(current, nodes);
            return;
        }
        // A new, empty node: the comments go before the first enclosing node that has a sibling before it.
        let node: CompositeCstNode = current;
        while (node.container) {
            const siblings = node.container.content;
            const last = siblings.length - 1;
            const index = siblings[last] === node ? last : siblings.indexOf(node);
            if (index > 0) {
                this.insertChildren(node.container, index, nodes);
                return;
            }
            node = node.container;
        }
        if (this.root) this.insertChildren(this.root, 0, nodes);
    }
}

export function createSpolParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const internals = parser as unknown as ParserInternals;
    if (!(internals.nodeBuilder instanceof CstNodeBuilder) || typeof internals.extractHiddenTokens !== 'function') {
        throw new Error('spol-parser.ts: Langium no longer has LangiumParser.nodeBuilder and extractHiddenTokens; revisit this module.');
    }
    internals.nodeBuilder = new LinearCstNodeBuilder();
    internals.extractHiddenTokens = function (this: ParserInternals, token: IToken): IToken[] {
        const hidden = this.lexerResult?.hidden;
        if (!hidden || hidden.length === 0) return [];
        const start = consumed.get(hidden) ?? 0;
        let end = start;
        while (end < hidden.length && hidden[end]!.startOffset <= token.startOffset) end++;
        if (end === start) return [];
        consumed.set(hidden, end);
        return hidden.slice(start, end);
    };
    return parser;
}
