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
 *
 * Chevrotain's recovery inside a repetition calls the repetition again from within itself after
 * each error it skips, so a long run of errors in one list (the fuzzer's 1 MB line of names and
 * punctuation) grew the stack until it overflowed and the document had no diagnostics at all. Past
 * {@link MAX_NESTED_RECOVERIES} nested recoveries the parser recovers between rules instead, which
 * loops rather than recurses; a document with fewer errors in one list parses as before. Each such
 * recovery also looked for the next token it could resynchronise on by reading ahead: at the top
 * level only the end of the file qualifies, so it read to the end of the file every time (quadratic
 * in a long garbled file); there the answer is now given without the walk.
 *
 * After parsing, Langium links every node to its container with `linkContentToContainer`, which
 * makes an array of entries per node and a closure per list: a tenth of a large workspace's parse.
 * `parse` is Langium's, step for step, with a plain loop that sets the same links (`linkTree`,
 * ast-walk.ts, which keeps the nodes and references it read for the build's passes); the language
 * tests compare every node's links with Langium's parser.
 */
import type { AstNode, CompositeCstNode, LangiumCompletionParser, LangiumCoreServices, LangiumParser, ParseResult, ParserOptions, RootCstNode } from 'langium';
import { CstNodeBuilder, createCompletionParser, createLangiumParser } from 'langium';
import { linkTree } from './ast-walk.js';

/** Chevrotain's token, as Langium's builder takes it (chevrotain is not a dependency of spol's own). */
type IToken = Parameters<CstNodeBuilder['addHiddenNodes']>[0][number];

/** Deep enough for any document a person writes; far below the stack's limit. */
export const MAX_NESTED_RECOVERIES = 500;

/** Chevrotain's token type, as far as it is read here. */
interface TokenType {
    readonly name: string;
}

interface RecoveringParser {
    tryInRepetitionRecovery(...args: unknown[]): void;
    shouldInRepetitionRecoveryBeTried(...args: unknown[]): boolean;
    findReSyncTokenType(): TokenType;
    flattenFollowSet(): TokenType[];
}

/** Langium's lexer result, as far as `parse` passes it on. */
interface LexerResult {
    readonly tokens: IToken[];
    readonly hidden: IToken[];
    readonly errors: ParseResult['lexerErrors'];
    readonly report?: ParseResult['lexerReport'];
}

interface ParserInternals {
    wrapper?: RecoveringParser & { input: IToken[]; readonly errors: ParseResult['parserErrors'] };
    nodeBuilder: CstNodeBuilder;
    lexerResult?: LexerResult;
    extractHiddenTokens(token: IToken): IToken[];
    readonly lexer: { tokenize(text: string): LexerResult };
    readonly allRules: Map<string, unknown>;
    readonly mainRule: unknown;
    readonly unorderedGroups: Map<string, boolean[]>;
    doParse(rule: unknown): AstNode;
    parse(input: string, options?: ParserOptions): ParseResult;
}

/** No comments before a token: one array for all, never changed (addHiddenNodes only reads it). */
const NO_TOKENS: IToken[] = [];

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
    const wrapper = internals.wrapper;
    if (
        !(internals.nodeBuilder instanceof CstNodeBuilder) ||
        typeof internals.extractHiddenTokens !== 'function' ||
        typeof internals.doParse !== 'function' ||
        typeof internals.lexer?.tokenize !== 'function' ||
        !(internals.allRules instanceof Map) ||
        !(internals.unorderedGroups instanceof Map) ||
        typeof wrapper?.tryInRepetitionRecovery !== 'function' ||
        typeof wrapper.shouldInRepetitionRecoveryBeTried !== 'function'
    ) {
        throw new Error(
            'spol-parser.ts: Langium or Chevrotain no longer has LangiumParser.nodeBuilder, extractHiddenTokens, doParse, lexer, allRules, unorderedGroups or the wrapper\'s tryInRepetitionRecovery; revisit this module.'
        );
    }
    boundRecoveryDepth(wrapper);
    internals.nodeBuilder = new LinearCstNodeBuilder();
    internals.extractHiddenTokens = function (this: ParserInternals, token: IToken): IToken[] {
        const hidden = this.lexerResult?.hidden;
        if (!hidden || hidden.length === 0) return NO_TOKENS;
        const start = consumed.get(hidden) ?? 0;
        let end = start;
        while (end < hidden.length && hidden[end]!.startOffset <= token.startOffset) end++;
        if (end === start) return NO_TOKENS;
        consumed.set(hidden, end);
        return hidden.slice(start, end);
    };
    internals.parse = parseLinkingContainersInPlace;
    return parser;
}

/**
 * LangiumParser.parse, step for step, except that the containers are linked by `linkTree` instead
 * of Langium's `linkContentToContainer`, which makes an array of entries for every node and a
 * closure for every list: on a large workspace, a tenth of the parse and much of its garbage.
 */
function parseLinkingContainersInPlace(this: ParserInternals, input: string, options: ParserOptions = {}): ParseResult {
    this.nodeBuilder.buildRootNode(input);
    const lexerResult = (this.lexerResult = this.lexer.tokenize(input));
    this.wrapper!.input = lexerResult.tokens;
    const ruleMethod = options.rule ? this.allRules.get(options.rule) : this.mainRule;
    if (!ruleMethod) throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
    const result = this.doParse(ruleMethod);
    this.nodeBuilder.addHiddenNodes(lexerResult.hidden);
    this.unorderedGroups.clear();
    this.lexerResult = undefined;
    linkTree(result);
    return { value: result, lexerErrors: lexerResult.errors, lexerReport: lexerResult.report, parserErrors: this.wrapper!.errors };
}

/** Langium's completion parser (it reads the text before the cursor, with recovery) with the same bound on nested recoveries. */
export function createSpolCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    const parser = createCompletionParser(services);
    const wrapper = (parser as unknown as ParserInternals).wrapper;
    if (typeof wrapper?.tryInRepetitionRecovery !== 'function' || typeof wrapper.shouldInRepetitionRecoveryBeTried !== 'function') {
        throw new Error("spol-parser.ts: Langium's completion parser no longer has the wrapper's tryInRepetitionRecovery; revisit this module.");
    }
    boundRecoveryDepth(wrapper);
    return parser;
}

/** Counts the recoveries under way; past the bound, a repetition leaves the error to between-rules recovery. */
function boundRecoveryDepth(wrapper: RecoveringParser): void {
    if (typeof wrapper.findReSyncTokenType !== 'function' || typeof wrapper.flattenFollowSet !== 'function') {
        throw new Error("spol-parser.ts: Chevrotain no longer has findReSyncTokenType and flattenFollowSet; revisit this module.");
    }
    const findReSync = wrapper.findReSyncTokenType;
    wrapper.findReSyncTokenType = function (this: RecoveringParser): TokenType {
        // Chevrotain's walk stops at the first token in the follow set, and the end of the file is always in it.
        const follow = this.flattenFollowSet();
        if (follow.length > 0 && follow.every((type) => type.name === 'EOF')) return follow[0]!;
        return findReSync.call(this);
    };
    const recover = wrapper.tryInRepetitionRecovery;
    const shouldTry = wrapper.shouldInRepetitionRecoveryBeTried;
    let depth = 0;
    wrapper.tryInRepetitionRecovery = function (this: RecoveringParser, ...args: unknown[]): void {
        depth++;
        try {
            recover.apply(this, args);
        } finally {
            depth--;
        }
    };
    wrapper.shouldInRepetitionRecoveryBeTried = function (this: RecoveringParser, ...args: unknown[]): boolean {
        return depth < MAX_NESTED_RECOVERIES && shouldTry.apply(this, args);
    };
}
