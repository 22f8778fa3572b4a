/**
 * Quick fixes, chosen by diagnostic code (never by message) from the data the diagnostic carries:
 *
 * - `unknown-resource`, `unknown-action`, `unresolved-reference`: replace the text with each suggestion;
 * - `missing-agent`: add `agent "<user title or name>" in <Division>` to the user.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command, Diagnostic, Position, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import type { SpolServices } from './spol-module.js';
import { IssueCodes } from './spol-validator.js';
import type { SpolWorkspaceModel } from './spol-workspace-model.js';

/** Engine lint codes that have a fix here. */
export namespace FixableCodes {
    export const UnknownResource = 'unknown-resource';
    export const UnknownAction = 'unknown-action';
    export const MissingAgent = 'missing-agent';
}

export class SpolCodeActionProvider implements CodeActionProvider {
    private readonly workspaceModel: SpolWorkspaceModel;

    constructor(services: SpolServices) {
        this.workspaceModel = services.workspace.PolicyModel;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            switch (diagnostic.code) {
                case FixableCodes.UnknownResource:
                case FixableCodes.UnknownAction:
                case IssueCodes.UnresolvedReference:
                    actions.push(...this.replaceWithSuggestions(document, diagnostic));
                    break;
                case FixableCodes.MissingAgent: {
                    const action = this.addAgent(document, diagnostic);
                    if (action) actions.push(action);
                    break;
                }
            }
        }
        return actions;
    }

    private replaceWithSuggestions(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const suggestions = stringList(dataOf(diagnostic)['suggestions']);
        return suggestions.map((suggestion, index) => ({
            title: `Replace with '${suggestion}'`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: index === 0,
            edit: { changes: { [document.textDocument.uri]: [{ range: diagnostic.range, newText: suggestion }] } }
        }));
    }

    /**
     * The user is the one named in the diagnostic's data, else the one around the diagnostic. The
     * division is the data's, else that of the collection the data or the diagnostic's text names.
     */
    private addAgent(document: LangiumDocument, diagnostic: Diagnostic): CodeAction | undefined {
        const root = document.parseResult.value;
        if (!ast.isDocument(root)) return undefined;
        const data = dataOf(diagnostic);
        const offset = document.textDocument.offsetAt(diagnostic.range.start);
        const leaf = root.$cstNode && CstUtils.findLeafNodeAtOffset(root.$cstNode, offset);
        const userName = typeof data['user'] === 'string' ? data['user'] : undefined;
        const user =
            root.elements.filter(ast.isUser).find((u) => u.name === userName) ??
            (leaf ? AstUtils.getContainerOfType(leaf.astNode, ast.isUser) : undefined);
        const division = typeof data['division'] === 'string' ? data['division'] : this.divisionOf(data, leaf?.text);
        if (!user || !division || !user.$cstNode) return undefined;
        const agentName = user.title ?? user.name;
        const line = `agent ${quote(agentName)} in ${division}`;
        const edit = insertLine(document, user, line);
        // A half-parsed user (no '{') has no place to put the line: offer nothing rather than guess.
        if (!edit) return undefined;
        return {
            title: `Add ${line} to user ${user.name}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: true,
            edit: { changes: { [document.textDocument.uri]: [edit] } }
        };
    }

    private divisionOf(data: Record<string, unknown>, text: string | undefined): string | undefined {
        const name = typeof data['collection'] === 'string' ? data['collection'] : text;
        if (name === undefined) return undefined;
        for (const institution of this.workspaceModel.model.institutions) {
            for (const division of institution.divisions) {
                for (const discipline of division.disciplines) {
                    if (discipline.collections.some((c) => c.name === name)) return division.name;
                }
            }
        }
        return undefined;
    }
}

function dataOf(diagnostic: Diagnostic): Record<string, unknown> {
    return typeof diagnostic.data === 'object' && diagnostic.data !== null ? (diagnostic.data as Record<string, unknown>) : {};
}

function stringList(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A spol string literal. */
function quote(text: string): string {
    return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A new line in the user: after its last agent, else first in its block, indented like its siblings. */
function insertLine(document: LangiumDocument, user: ast.User, line: string): TextEdit | undefined {
    const text = document.textDocument;
    const userStart = user.$cstNode!.range.start;
    const indentOf = (position: Position) => /^[ \t]*/.exec(text.getText({ start: { line: position.line, character: 0 }, end: position }))![0];
    const lastAgent = user.agents.at(-1)?.$cstNode;
    const firstChild = [...AstUtils.streamContents(user)][0]?.$cstNode;
    const userIndent = indentOf(userStart);
    const childIndent = lastAgent
        ? indentOf(lastAgent.range.start)
        : firstChild && firstChild.range.start.line !== userStart.line
          ? indentOf(firstChild.range.start)
          : `${userIndent}    `;
    if (lastAgent) return { range: { start: lastAgent.range.end, end: lastAgent.range.end }, newText: `\n${childIndent}${line}` };
    const brace = GrammarUtils.findNodeForKeyword(user.$cstNode, '{');
    if (!brace) return undefined;
    const afterBrace = brace.range.end;
    if (firstChild && firstChild.range.start.line === afterBrace.line) {
        // `user u { institution admin }`: the new line goes first, the rest moves to a line of its own.
        return { range: { start: afterBrace, end: firstChild.range.start }, newText: `\n${childIndent}${line}\n${childIndent}` };
    }
    return { range: { start: afterBrace, end: afterBrace }, newText: `\n${childIndent}${line}` };
}
