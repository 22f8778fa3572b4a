/**
 * Reads the inline suppressions of a document: every line comment
 * `// spol-ignore-next-line <rule>[, <rule>…] -- <reason>` (comments are hidden tokens in the
 * CST, so `//` inside a string never counts). The engine applies them (engine/config/suppressions.ts);
 * this only turns the text into plain data, each rule name with its own place for did-you-mean.
 */
import type { LangiumDocument } from 'langium';
import { CstUtils, isLeafCstNode } from 'langium';
import { SUPPRESSION_DIRECTIVE, type SuppressedRule, type Suppression } from '../engine/config/suppressions.js';
import type { Source } from '../engine/model/policy-model.js';

const SL_COMMENT = 'SL_COMMENT';

/** The suppressions written in one document, in text order. */
export function suppressionsOf(document: LangiumDocument): Suppression[] {
    const root = document.parseResult?.value?.$cstNode;
    if (!root) return [];
    // A suppression's comment is text of the document: most documents hold none, and finding that
    // out in the text costs far less than walking every node of the tree (once per keystroke).
    if (!document.textDocument.getText().includes(SUPPRESSION_DIRECTIVE)) return [];
    const file = document.uri.toString();
    const out: Suppression[] = [];
    for (const node of CstUtils.streamCst(root)) {
        if (!isLeafCstNode(node) || !node.hidden || node.tokenType.name !== SL_COMMENT) continue;
        const suppression = parseSuppression(node.text, file, node.range.start.line, node.range.start.character);
        if (suppression) out.push(suppression);
    }
    return out;
}

/**
 * One comment's suppression, or undefined when the comment is not one. `line` and `character` are
 * where the comment's `//` starts (0-based).
 */
export function parseSuppression(comment: string, file: string, line: number, character: number): Suppression | undefined {
    const match = /^\/\/\s*spol-ignore-next-line(?=\s|$)/.exec(comment);
    if (!match) return undefined;
    const at = (start: number, end: number): Source => ({
        file,
        range: { start: { line, character: character + start }, end: { line, character: character + end } }
    });
    const rest = comment.slice(match[0].length);
    const dashes = rest.search(/(^|\s)--(\s|$)/);
    const rulesText = dashes < 0 ? rest : rest.slice(0, dashes);
    const reason = dashes < 0 ? undefined : rest.slice(dashes).replace(/^\s*--/, '').trim();
    const rules: SuppressedRule[] = [];
    for (const name of rulesText.matchAll(/[^\s,]+/g)) {
        const start = match[0].length + name.index;
        rules.push({ name: name[0], source: at(start, start + name[0].length) });
    }
    return { file, line: line + 1, rules, ...(reason !== undefined ? { reason } : {}), source: at(0, comment.length) };
}

export { SUPPRESSION_DIRECTIVE };
