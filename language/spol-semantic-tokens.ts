/**
 * Semantic highlighting: what each word of a spol file is, so that a theme colours a role unlike a
 * user and a resource unlike an action, and a misspelt resource still looks like a resource. Only
 * standard LSP token types and modifiers are used, so every theme colours them; the TextMate
 * grammar of the extension keeps colouring strings and comments.
 *
 * | text                                   | token type   | modifiers                               |
 * |----------------------------------------|--------------|-----------------------------------------|
 * | resource (`/table/agent`)              | namespace    | defaultLibrary when Specify knows it, deprecated when stale |
 * | action (`read`)                        | function     | defaultLibrary when Specify knows it    |
 * | wildcard in a resource or action       | regexp       | `%`; `_` only where it must be a wildcard (see below) |
 * | institution name                       | struct       | declaration where declared              |
 * | division name                          | enum         | declaration where declared              |
 * | discipline name                        | type         | declaration where declared              |
 * | collection name                        | enumMember   | declaration where declared              |
 * | library role (template) name           | interface    | declaration where declared              |
 * | role name                              | class        | declaration where declared              |
 * | user name                              | variable     | declaration                             |
 * | discipline type, Specify 6 group       | property     |                                         |
 * | keyword (`role`, `allow`, `in`, …)     | keyword      |                                         |
 *
 * A word that is a keyword elsewhere but a name here (a user called `admin`) is a name. The element
 * kinds match the outline's symbol kinds (spol-node-kinds.ts).
 *
 * `_` is a one-character wildcard to Specify, but most of its names hold the character itself
 * (`export_csv`, `/admin/user/sp6/is_admin`, `export_%`): marking every `_` would make real names look
 * like patterns. So `_` is marked only where reading it as the character matches no name Specify
 * knows, i.e. where it can only be doing a wildcard's work (`re_d`, `/table/coll_ctionobject`).
 */
import type { AstNode, CstNode } from 'langium';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, isLeafCstNode } from 'langium';
import type { SemanticTokenAcceptor } from 'langium/lsp';
import { AbstractSemanticTokenProvider } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { like } from '../engine/like.js';
import { registry } from '../engine/registry/registry.js';
import * as ast from './generated/ast.js';

const DECLARATION = SemanticTokenModifiers.declaration;

/** Parser rules whose keyword alternatives are names or action names, never spol keywords. */
const NAME_RULES: ReadonlySet<string> = new Set(['Name', 'ActionPattern']);

export class SpolSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        this.highlightKeywords(node, acceptor);
        if (ast.isInstitution(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.struct, modifier: DECLARATION });
        } else if (ast.isDivision(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.enum, modifier: DECLARATION });
        } else if (ast.isDiscipline(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.type, modifier: DECLARATION });
            acceptor({ node, property: 'type', type: SemanticTokenTypes.property });
        } else if (ast.isCollection(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.enumMember, modifier: DECLARATION });
        } else if (ast.isLibraryRole(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.interface, modifier: DECLARATION });
        } else if (ast.isRole(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: DECLARATION });
            acceptor({ node, property: 'collections', type: SemanticTokenTypes.enumMember });
            acceptor({ node, property: 'templates', type: SemanticTokenTypes.interface });
        } else if (ast.isUser(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: DECLARATION });
        } else if (ast.isAgent(node)) {
            acceptor({ node, property: 'division', type: SemanticTokenTypes.enum });
        } else if (ast.isCollectionGrant(node)) {
            acceptor({ node, property: 'collections', type: SemanticTokenTypes.enumMember });
            acceptor({ node, property: 'roles', type: SemanticTokenTypes.class });
        } else if (ast.isSpecify6Settings(node)) {
            acceptor({ node, property: 'group', type: SemanticTokenTypes.property });
            acceptor({ node, property: 'collections', type: SemanticTokenTypes.enumMember });
        } else if (ast.isPolicy(node)) {
            this.highlightPolicy(node, acceptor);
        }
    }

    /** The node's own keywords (not those of its children), words only: braces and commas stay plain. */
    private highlightKeywords(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (!node.$cstNode) return;
        for (const cst of CstUtils.streamCst(node.$cstNode)) {
            if (cst.astNode !== node || !isLeafCstNode(cst) || cst.hidden) continue;
            const keyword = cst.grammarSource;
            if (!GrammarAST.isKeyword(keyword) || !/^\w/.test(keyword.value)) continue;
            if (NAME_RULES.has(AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name ?? '')) continue;
            acceptor({ cst, type: SemanticTokenTypes.keyword });
        }
    }

    private highlightPolicy(policy: ast.Policy, acceptor: SemanticTokenAcceptor): void {
        // Half-parsed text can leave a policy without its resource, or an action without its name.
        const resourceNode = GrammarUtils.findNodeForProperty(policy.$cstNode, 'resource');
        const info = typeof policy.resource === 'string' ? registry.lookup(policy.resource) : undefined;
        if (resourceNode && typeof policy.resource === 'string') {
            const modifier = info?.kind === 'stale' ? [SemanticTokenModifiers.deprecated] : info ? [SemanticTokenModifiers.defaultLibrary] : [];
            const literal = info !== undefined || underscoreIsLiteral(policy.resource, registry.concreteResources());
            highlightPattern(resourceNode, policy.resource, literal, SemanticTokenTypes.namespace, modifier, acceptor);
        }
        const actionNodes = GrammarUtils.findNodesForProperty(policy.$cstNode, 'actions');
        policy.actions.forEach((action, index) => {
            const cst = actionNodes[index];
            if (!cst || typeof action !== 'string') return;
            const known = registry.actions.some((name) => name.toLowerCase() === action.toLowerCase());
            const literal = known || underscoreIsLiteral(action, registry.actions);
            highlightPattern(cst, action, literal, SemanticTokenTypes.function, known ? [SemanticTokenModifiers.defaultLibrary] : [], acceptor);
        });
    }
}

/** True when the text, its `_` read as the character, still matches one of Specify's names. */
function underscoreIsLiteral(text: string, names: readonly string[]): boolean {
    if (!text.includes('_')) return true;
    const literal = text.replace(/_/g, '\\_');
    return names.some((name) => like(name, literal));
}

/**
 * A resource or action: its literal runs as `type` (with `modifier`), its wildcards as `regexp`;
 * `_` among them unless `underscoreLiteral`.
 */
function highlightPattern(cst: CstNode, _value: string, underscoreLiteral: boolean, type: string, modifier: string[], acceptor: SemanticTokenAcceptor): void {
    const { line, character } = cst.range.start;
    const text = cst.text;
    if (text.startsWith('"')) {
        // A quoted pattern is coloured as one literal: its offsets are the source's, not the value's.
        const newline = text.search(/[\r\n]/);
        acceptor({ line, char: character, length: newline >= 0 ? newline : text.length, type, modifier });
        return;
    }
    // `\%`, `\_` and `\\` are literal characters (LIKE's escape), not wildcards.
    const wildcard = underscoreLiteral ? /\\[\s\S]?|%+/g : /\\[\s\S]?|[%_]+/g;
    let at = 0;
    const literal = (end: number) => {
        if (end > at) acceptor({ line, char: character + at, length: end - at, type, modifier });
    };
    for (const match of text.matchAll(wildcard)) {
        if (match[0].startsWith('\\')) continue;
        literal(match.index);
        acceptor({ line, char: character + match.index, length: match[0].length, type: SemanticTokenTypes.regexp });
        at = match.index + match[0].length;
    }
    literal(text.length);
}
