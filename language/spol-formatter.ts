/**
 * The canonical layout of a .spol file:
 *
 * - one element per line, four spaces per level of braces, `}` on its own line (`{}` when empty);
 * - single spaces between the words of a line, none before `:` and `,` (`allow /res: a, b`);
 * - blank lines between elements are kept, at most one, never right after `{` or before `}`;
 * - the file ends with one newline.
 *
 * Rules are written once for every node, from what the grammar makes of it, rather than once per
 * element type: every child element and every LINE_KEYWORD inside braces starts a line, every other
 * token follows the previous one after a space. Comments keep their place (Langium moves a line
 * comment's neighbours, never the comment onto another token's line).
 *
 * A quoted name, resource or action that can be written bare is written bare (`user "jdoe"` becomes
 * `user jdoe`), as the printer writes it (name-syntax.ts); one that needs its quotes keeps them.
 */
import type { AstNode, CstNode, LangiumCoreServices, LangiumDocument, Lexer } from 'langium';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, isCompositeCstNode, isLeafCstNode, ValueConverter } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import type { FormattingAction, FormattingContext } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import { isBareToken, type TokenPlace } from './name-syntax.js';

/** Keywords that open a line of their own inside a block, with what follows them on that line. */
const LINE_KEYWORDS: ReadonlySet<string> = new Set(['description', 'from', 'roles', 'admin', 'group', 'collections']);

/** A new line, keeping one blank line before it if there was one. */
const LINE = Formatting.fit(Formatting.newLine(), Formatting.newLines(2));
/** A new, indented line, keeping one blank line before it if there was one. */
const INDENTED_LINE = Formatting.fit(Formatting.indent(), { options: {}, moves: [{ tabs: 1, lines: 2 }] });

/** The data type rules with a quoted alternative, and the place each writes. */
const QUOTED_PLACES: Readonly<Record<string, TokenPlace>> = { Name: 'name', ResourcePattern: 'resource', ActionPattern: 'action' };

export class SpolFormatter extends AbstractFormatter {
    private readonly lexer: Lexer;

    constructor(services: LangiumCoreServices) {
        super();
        this.lexer = services.parser.Lexer;
    }

    /**
     * Langium counts a tab in a comment's indentation as `tabSize` columns, but then deletes one
     * character per column it wants gone: `\t    // c` (8 columns, 4 wanted) lost `\t   ` and kept
     * one space, so a second format moved the comment again (and `\t// c`, 4 columns, kept its tab
     * under insertSpaces). Here the first line's whole
     * indentation is replaced by the one wanted; Langium's edits stand for the lines after it.
     */
    protected override createHiddenTextEdits(previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined, context: FormattingContext): TextEdit[] {
        const edits = super.createHiddenTextEdits(previous, hidden, formatting, context);
        const line = hidden.range.start.line;
        const startRange = { start: { line, character: 0 }, end: hidden.range.start };
        const indentation = context.document.getText(startRange);
        const sameLine = previous !== undefined && previous.range.end.line === line;
        if (sameLine || !indentation.includes('\t') || /\S/.test(indentation)) return edits;
        const columns = this.getIndentationCharacterCount(context, this.findFittingMove(startRange, formatting?.moves ?? [], context));
        const wanted = (context.options.insertSpaces ? ' ' : '\t').repeat(columns);
        const rest = edits.filter((edit) => edit.range.start.line !== line);
        return wanted === indentation ? rest : [{ range: startRange, newText: wanted }, ...rest];
    }

    protected format(node: AstNode): void {
        if (ast.isDocument(node)) {
            this.formatDocumentRoot(node);
        } else {
            this.formatElement(node);
        }
    }

    private formatDocumentRoot(node: ast.Document): void {
        const formatter = this.getNodeFormatter(node);
        node.elements.forEach((element, index) => {
            formatter.node(element).prepend(index === 0 ? Formatting.noIndent() : LINE);
        });
    }

    private formatElement(node: AstNode): void {
        const formatter = this.getNodeFormatter(node);
        const items = ownItems(node);
        const open = items.findIndex((item) => isKeyword(item, '{'));
        const close = items.findLastIndex((item) => isKeyword(item, '}'));
        const first = items.findIndex((item) => !item.hidden);
        items.forEach((item, index) => {
            const region = formatter.cst([item]);
            const inside = open >= 0 && index > open && (close < 0 || index < close);
            if (item.hidden) {
                // A comment on a line of its own inside braces is indented like the lines around it.
                if (inside) region.prepend(Formatting.indent());
            } else if (index <= first) {
                // The element's first token is placed by its container.
            } else if (index === close) {
                region.prepend(close === open + 1 ? Formatting.noSpace() : Formatting.newLine());
            } else if (isKeyword(item, ':') || isKeyword(item, ',')) {
                region.prepend(Formatting.noSpace());
            } else if (inside && startsLine(item, node)) {
                region.prepend(index === open + 1 ? Formatting.indent() : INDENTED_LINE);
            } else {
                region.prepend(Formatting.oneSpace());
            }
        });
    }

    /** Whole-document formatting also ends the file with exactly one newline. */
    protected override doDocumentFormat(document: LangiumDocument, options: FormattingOptions, range?: Range): TextEdit[] {
        const edits = [...super.doDocumentFormat(document, options, range), ...this.unquote(document, range)];
        if (range) return edits;
        const text = document.textDocument.getText();
        const end = text.length - (/\s*$/.exec(text)?.[0].length ?? 0);
        if (end > 0 && text.slice(end) !== '\n') {
            edits.push({
                range: { start: document.textDocument.positionAt(end), end: document.textDocument.positionAt(text.length) },
                newText: '\n'
            });
        }
        return edits;
    }

    /** Edits that write bare the quoted names and patterns that read the same bare. */
    private unquote(document: LangiumDocument, range: Range | undefined): TextEdit[] {
        const root = document.parseResult.value.$cstNode;
        if (!root) return [];
        const edits: TextEdit[] = [];
        for (const cst of CstUtils.streamCst(root)) {
            if (!isLeafCstNode(cst) || cst.tokenType.name !== 'STRING' || !GrammarAST.isRuleCall(cst.grammarSource)) continue;
            const place = QUOTED_PLACES[AstUtils.getContainerOfType(cst.grammarSource, GrammarAST.isParserRule)?.name ?? ''];
            if (!place || (range && !inRange(cst.range, range))) continue;
            const value = ValueConverter.convertString(cst.text);
            if (isBareToken(this.lexer, value, place)) edits.push({ range: cst.range, newText: value });
        }
        return edits;
    }
}

function inRange(inner: Range, outer: Range): boolean {
    const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * The node's own tokens (comments included) and its child elements, in text order: child elements
 * and data type rule calls (ResourcePattern, ActionPattern) are kept whole.
 */
function ownItems(node: AstNode): CstNode[] {
    const items: CstNode[] = [];
    const visit = (cst: CstNode): void => {
        // A data type rule call (Name, ResourcePattern, ActionPattern) or a reference is one token for
        // layout purposes: a name that is a keyword (`roles admin`) is not that keyword.
        if (cst !== node.$cstNode && (isDataTypeRuleCall(cst) || GrammarAST.isCrossReference(cst.grammarSource))) {
            items.push(cst);
        } else if (isCompositeCstNode(cst) && (cst === node.$cstNode || cst.astNode === node)) {
            cst.content.forEach(visit);
        } else {
            items.push(cst);
        }
    };
    if (node.$cstNode) visit(node.$cstNode);
    return items;
}

/** Langium walks the rule's definition on every call; a 1 MB list of actions asked 10^5 times. */
const dataTypeRules = new WeakMap<GrammarAST.ParserRule, boolean>();

function isDataTypeRuleCall(cst: CstNode): boolean {
    const source = cst.grammarSource;
    if (!GrammarAST.isRuleCall(source) || !GrammarAST.isParserRule(source.rule.ref)) return false;
    const rule = source.rule.ref;
    let known = dataTypeRules.get(rule);
    if (known === undefined) dataTypeRules.set(rule, (known = GrammarUtils.isDataTypeRule(rule)));
    return known;
}

function isKeyword(cst: CstNode, value: string): boolean {
    return GrammarAST.isKeyword(cst.grammarSource) && cst.grammarSource.value === value;
}

/** Child elements, and keywords that begin a line of their own. */
function startsLine(cst: CstNode, node: AstNode): boolean {
    if (cst.astNode !== node && cst.astNode.$cstNode === cst) return true;
    return GrammarAST.isKeyword(cst.grammarSource) && LINE_KEYWORDS.has(cst.grammarSource.value);
}
