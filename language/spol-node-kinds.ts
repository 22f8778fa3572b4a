/**
 * The LSP kind of each spol element, for the outline, workspace symbols and completion items.
 * Langium's default calls everything a field; spol's elements have natural counterparts, chosen to
 * match the semantic token types (spol-semantic-tokens.ts) so an element looks alike everywhere:
 *
 * | element        | symbol kind | completion kind | token type   |
 * |----------------|-------------|-----------------|--------------|
 * | institution    | Namespace   | Module          | struct       |
 * | division       | Module      | Module          | enum         |
 * | discipline     | Package     | Folder          | type         |
 * | collection     | EnumMember  | EnumMember      | enumMember   |
 * | library role   | Interface   | Interface       | interface    |
 * | role           | Class       | Class           | class        |
 * | user           | Variable    | Variable        | variable     |
 * | agent          | Property    | Property        | (string)     |
 *
 * The token types of the first three differ from their symbol kinds: LSP has no `module` or
 * `package` token type, and `namespace` is taken by resources.
 */
import type { AstNode, AstNodeDescription } from 'langium';
import type { NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';
import * as ast from './generated/ast.js';

const KINDS: Readonly<Record<string, readonly [SymbolKind, CompletionItemKind]>> = {
    [ast.Institution.$type]: [SymbolKind.Namespace, CompletionItemKind.Module],
    [ast.Division.$type]: [SymbolKind.Module, CompletionItemKind.Module],
    [ast.Discipline.$type]: [SymbolKind.Package, CompletionItemKind.Folder],
    [ast.Collection.$type]: [SymbolKind.EnumMember, CompletionItemKind.EnumMember],
    [ast.LibraryRole.$type]: [SymbolKind.Interface, CompletionItemKind.Interface],
    [ast.Role.$type]: [SymbolKind.Class, CompletionItemKind.Class],
    [ast.User.$type]: [SymbolKind.Variable, CompletionItemKind.Variable],
    [ast.Agent.$type]: [SymbolKind.Property, CompletionItemKind.Property]
};

export class SpolNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return KINDS[typeOf(node)]?.[0] ?? SymbolKind.Field;
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return KINDS[typeOf(node)]?.[1] ?? CompletionItemKind.Reference;
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}
