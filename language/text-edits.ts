/**
 * Text edits on spol source that keep its layout, for quick fixes: delete an element (with its line
 * when it has one to itself), insert lines into a user, add a policy to a user's `institution { }`
 * block, remove one name from a comma list. Each returns an LSP TextEdit for one document, or
 * undefined where half-parsed text gives no safe place (a block without its brace): a fix offers
 * nothing rather than guess.
 */
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { Position, TextEdit } from 'vscode-languageserver';
import type * as ast from './generated/ast.js';

/** The blanks that start the line `position` is on, up to it. */
function indentAt(document: LangiumDocument, position: Position): string {
    return /^[ \t]*/.exec(document.textDocument.getText({ start: { line: position.line, character: 0 }, end: position }))![0];
}

function edit(document: LangiumDocument, start: number, end: number, newText: string): TextEdit {
    const text = document.textDocument;
    return { range: { start: text.positionAt(start), end: text.positionAt(end) }, newText };
}

/**
 * Deletes the text from `start` to `end`: the whole line(s) when nothing else but blanks or a
 * trailing `//` comment shares them, else the text and the blanks that separate it from its
 * neighbour on the line.
 */
export function deleteSpan(document: LangiumDocument, start: number, end: number): TextEdit {
    const full = document.textDocument.getText();
    const lineStart = full.lastIndexOf('\n', start - 1) + 1;
    const newline = full.indexOf('\n', end);
    const lineEnd = newline === -1 ? full.length : newline;
    const before = full.slice(lineStart, start);
    const after = full.slice(end, lineEnd);
    if (/^[ \t]*$/.test(before) && /^[ \t]*(\/\/.*)?\r?$/.test(after)) {
        if (newline !== -1) return edit(document, lineStart, newline + 1, '');
        return edit(document, Math.max(0, lineStart - 1), full.length, '');
    }
    if (/^[ \t]*$/.test(before)) {
        // First on its line, something follows: take the blanks after it, so the rest keeps the indent.
        const blanks = /^[ \t]*/.exec(after)![0].length;
        return edit(document, start, end + blanks, '');
    }
    const blanks = /[ \t]*$/.exec(before)![0].length;
    return edit(document, start - blanks, end, '');
}

/** Deletes a node's text, see `deleteSpan`. */
export function deleteNode(document: LangiumDocument, cst: CstNode): TextEdit {
    return deleteSpan(document, cst.offset, cst.end);
}

/**
 * New lines in a user: after the last of `after` (written in the user), else first in its block,
 * indented like its children (`lines` after the first keep their own extra indent).
 */
export function insertIntoUser(document: LangiumDocument, user: ast.User, lines: readonly string[], after: readonly (AstNode | undefined)[]): TextEdit | undefined {
    if (!user.$cstNode) return undefined;
    const userStart = user.$cstNode.range.start;
    const anchor = after
        .map((node) => node?.$cstNode)
        .filter((cst): cst is CstNode => cst !== undefined)
        .sort((a, b) => a.end - b.end)
        .at(-1);
    const brace = GrammarUtils.findNodeForKeyword(user.$cstNode, '{');
    if (!brace) return undefined;
    const firstChild = firstChildAfter(user, brace);
    const childIndent = anchor
        ? indentAt(document, anchor.range.start)
        : firstChild && firstChild.range.start.line !== brace.range.start.line
          ? indentAt(document, firstChild.range.start)
          : `${indentAt(document, userStart)}    `;
    const text = lines.map((line) => `\n${childIndent}${line}`).join('');
    if (anchor) return edit(document, anchor.end, anchor.end, text);
    if (firstChild && firstChild.range.start.line === brace.range.end.line) {
        // `user u { institution admin }`: the new lines go first, the rest moves to a line of its own.
        return edit(document, brace.end, firstChild.offset, `${text}\n${childIndent}`);
    }
    return edit(document, brace.end, brace.end, text);
}

function firstChildAfter(user: ast.User, brace: CstNode): CstNode | undefined {
    const children = [...user.agents, user.institutionAdmin, ...user.institutionPolicies, ...user.collections, user.specify6];
    return children
        .map((child) => child?.$cstNode)
        .filter((cst): cst is CstNode => cst !== undefined && cst.offset >= brace.end)
        .sort((a, b) => a.offset - b.offset)[0];
}

/**
 * Adds a policy line to the user's last `institution { }` block, else to a new one after the user's
 * agents and `institution admin`.
 */
export function addInstitutionPolicy(document: LangiumDocument, user: ast.User, policy: string): TextEdit | undefined {
    const block = user.institutionPolicies.at(-1);
    if (!block?.$cstNode) return insertIntoUser(document, user, ['institution {', `    ${policy}`, '}'], [...user.agents, user.institutionAdmin]);
    const open = GrammarUtils.findNodeForKeyword(block.$cstNode, '{');
    const close = GrammarUtils.findNodeForKeyword(block.$cstNode, '}');
    if (!open || !close) return undefined;
    const last = block.policies.at(-1)?.$cstNode;
    const anchor = last ?? open;
    if (close.range.start.line === anchor.range.end.line) {
        // A block on one line stays on one line: `institution { allow a: b  allow c: d }`.
        const separator = last ? '  ' : ' ';
        const closing = close.offset === anchor.end ? ' ' : '';
        return edit(document, anchor.end, anchor.end, `${separator}${policy}${closing}`);
    }
    const indent = last && indentAt(document, last.range.start).length === last.range.start.character ? indentAt(document, last.range.start) : `${indentAt(document, block.$cstNode.range.start)}    `;
    return edit(document, anchor.end, anchor.end, `\n${indent}${policy}`);
}

/**
 * Removes item `index` of a comma list (`roles A, B`), with its comma. The last item of a list is
 * removed with the keyword that opens the list (`roles`), when `keyword` names it.
 */
export function removeFromList(document: LangiumDocument, node: AstNode, property: string, index: number, keyword?: string): TextEdit | undefined {
    const items = GrammarUtils.findNodesForProperty(node.$cstNode, property);
    const item = items[index];
    if (!item) return undefined;
    if (items.length === 1) {
        const opener = keyword ? GrammarUtils.findNodeForKeyword(node.$cstNode, keyword) : undefined;
        return opener ? deleteSpan(document, opener.offset, item.end) : undefined;
    }
    return index > 0 ? edit(document, items[index - 1]!.end, item.end, '') : edit(document, item.offset, items[1]!.offset, '');
}
