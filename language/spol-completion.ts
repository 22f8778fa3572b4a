/**
 * Completion: Langium offers keywords and the names in scope for references; spol adds what the
 * grammar cannot know, from Specify's registry:
 *
 * - where a resource goes (after `allow`): every resource Specify knows, with the patterns that
 *   cover a whole group (`%`, `/table/%`, …); `/field/<table>/<field>` once `/field/<table>/` is typed;
 * - where an action goes (after `:` or `,`, or in the middle of a word): the actions of the resource
 *   written, every action when the resource is a pattern or unknown, and `%`; actions already in the
 *   policy are left out, except the word being typed, so a finished `update` is still offered;
 * - a name in scope that cannot be written bare (`"Fish Voucher"`, `"a.b@museum.org"`) is offered
 *   and inserted in quotes (name-syntax.ts).
 */
import type { AstNodeDescription, CstNode, MaybePromise, ReferenceInfo, Stream } from 'langium';
import { AstUtils, EMPTY_STREAM, GrammarAST, GrammarUtils } from 'langium';
import type { CompletionAcceptor, CompletionContext, CompletionValueItem, NextFeature } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import { isInDocument } from './spol-linker.js';
import { CompletionItemKind } from 'vscode-languageserver';
import { isPattern } from '../engine/like.js';
import { registry, type ResourceInfo } from '../engine/registry/registry.js';
import * as ast from './generated/ast.js';
import { writeToken } from './name-syntax.js';

export class SpolCompletionProvider extends DefaultCompletionProvider {
    override readonly completionOptions = { triggerCharacters: ['/', ':', ','] };

    /** A name in scope, offered and inserted as it must be written: in quotes when it is not bare. */
    protected override createReferenceCompletionItem(
        description: AstNodeDescription,
        refInfo: ReferenceInfo,
        context: CompletionContext
    ): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const written = writeToken(this.lexer, description.name, 'reference');
        return written === undefined || written === description.name ? item : { ...item, label: written, filterText: written };
    }

    /**
     * Nothing to offer for a reference in a setting a later one replaces (SpolLinker.getCandidate says
     * why), nor where Langium's recovery names a container without that reference (just after a user
     * whose `agent "A" in` lost its division, the division is asked of the user).
     */
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const holds = this.astReflection.getTypeMetaData(refInfo.container.$type).properties[refInfo.property]?.referenceType !== undefined;
        return holds && isInDocument(refInfo.container) ? super.getReferenceCandidates(refInfo, context) : EMPTY_STREAM;
    }

    /** A quoted name is offered for what is typed with or without its opening quote. */
    override buildCompletionTextEdit(context: CompletionContext, label: string, newText: string): ReturnType<DefaultCompletionProvider['buildCompletionTextEdit']> {
        const typed = context.textDocument.getText().slice(context.tokenOffset, context.offset);
        const matched = label.startsWith('"') && !typed.startsWith('"') ? label.slice(1) : label;
        return super.buildCompletionTextEdit(context, matched, newText);
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        switch (ruleOf(next.feature)) {
            case 'ResourcePattern':
                // The rule's alternatives (RESOURCE, WILDCARD) arrive one by one: answer once.
                if (GrammarAST.isRuleCall(next.feature) && next.feature.rule.$refText === 'RESOURCE') {
                    this.completeResources(context, acceptor);
                }
                return;
            case 'Name':
                // A name being declared is the writer's to choose; the keywords a name may be are no hint.
                return;
            case 'ActionPattern':
                // Its keyword alternatives (`access`, `type`, …) are action names, not spol keywords.
                if (GrammarAST.isRuleCall(next.feature) && next.feature.rule.$refText === 'ID') {
                    this.completeActions(context, acceptor);
                }
                return;
            default:
                return super.completionFor(context, next, acceptor);
        }
    }

    private completeResources(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const typed = context.textDocument.getText().slice(context.tokenOffset, context.offset);
        const field = /^\/field\/([^/]+)\//i.exec(typed);
        if (field) {
            const table = registry.tables.get(field[1]!.toLowerCase());
            if (!table) return;
            for (const name of [...table.fields, ...table.relationships]) {
                const resource = `/field/${table.name}/${name.toLowerCase()}`;
                acceptor(context, { label: resource, kind: CompletionItemKind.Field, detail: `${table.model}.${name}`, sortText: '1' });
            }
            return;
        }
        for (const info of registry.resources.values()) {
            if (info.kind === 'stale') continue;
            acceptor(context, {
                label: info.resource,
                kind: info.kind === 'table' ? CompletionItemKind.Struct : CompletionItemKind.Value,
                detail: info.description,
                documentation: `Actions: ${info.actions.join(', ')}`,
                sortText: '1'
            });
        }
        for (const [pattern, count] of groupPatterns()) {
            acceptor(context, {
                label: pattern,
                kind: CompletionItemKind.Constant,
                detail: pattern === '%' ? 'every resource' : `pattern: ${count} resources`,
                sortText: '2'
            });
        }
    }

    private completeActions(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const policy = context.node && AstUtils.getContainerOfType(context.node, ast.isPolicy);
        const resource = policy?.resource ?? '';
        const info = registry.lookup(resource);
        const typing = (cst: CstNode | undefined) => cst !== undefined && context.tokenOffset < context.offset && cst.offset === context.tokenOffset;
        const actionNodes = policy ? GrammarUtils.findNodesForProperty(policy.$cstNode, 'actions') : [];
        const written = new Set(policy?.actions.filter((_, index) => !typing(actionNodes[index])).map((action) => action.toLowerCase()) ?? []);
        const actions = info ? info.actions : registry.actions;
        for (const action of actions) {
            if (written.has(action.toLowerCase())) continue;
            acceptor(context, {
                label: action,
                kind: CompletionItemKind.EnumMember,
                detail: actionDetail(info, action, resource),
                sortText: '1'
            });
        }
        if (!written.has('%')) {
            acceptor(context, { label: '%', kind: CompletionItemKind.Constant, detail: 'every action', sortText: '2' });
        }
    }
}

/** The parser rule a grammar element belongs to. */
function ruleOf(element: GrammarAST.AbstractElement): string | undefined {
    return AstUtils.getContainerOfType(element, GrammarAST.isParserRule)?.name;
}

function actionDetail(info: ResourceInfo | undefined, action: string, resource: string): string {
    if (info) return info.actionDescriptions[action] ?? `${action} ${info.resource}`;
    return isPattern(resource) ? `an action of the resources ${resource} matches` : action;
}

let patternCache: ReadonlyMap<string, number> | undefined;

/** `%` and `/<group>/%` for every first path segment shared by several resources, with their counts. */
export function groupPatterns(): ReadonlyMap<string, number> {
    if (!patternCache) {
        const counts = new Map<string, number>();
        const concrete = registry.concreteResources();
        for (const resource of concrete) {
            const segment = /^\/[^/]+\//.exec(resource)?.[0].toLowerCase();
            if (segment) counts.set(`${segment}%`, (counts.get(`${segment}%`) ?? 0) + 1);
        }
        patternCache = new Map([['%', concrete.length], ...[...counts].filter(([, count]) => count > 1).sort(([a], [b]) => (a < b ? -1 : 1))]);
    }
    return patternCache;
}
