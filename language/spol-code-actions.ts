/**
 * Quick fixes, chosen by diagnostic code (never by message) from the data the diagnostic carries and
 * the text at its range. Every engine lint whose fix is obvious has one:
 *
 * - `unknown-resource`, `unknown-action`, `unresolved-reference`, `suppression-unknown-rule`: replace the
 *   text with each suggestion;
 * - `unknown-discipline-type`, `unknown-specify6-group`: replace the type or group with each suggestion;
 * - `missing-agent`: add `agent "<user title or name>" in <Division>` to the user;
 * - `institution-only-policy`: move the policy into the `institution { }` block of the users who
 *   hold the role (in any file), or of the user whose collection block has it; or delete it;
 * - `empty-policy`, `redundant-policy`: delete the policy;
 * - `institution-admin-twice`: delete the `allow %: %` (the `institution admin` keyword stays);
 * - `multiple-agents`: delete the second agent;
 * - `duplicate-name` for a name repeated in a list: remove the repeat;
 * - `roles-without-access`: add `access` to the block, or remove the roles from it;
 * - `role-not-in-collection`: declare the role for the collection too, or remove it from the block.
 *
 * Rules whose fix is a decision (`escalation`, `all-resource`, `unused-role`, `no-institution-admin`,
 * …) have none. A fix that finds no safe place in half-parsed text is not offered.
 */
import type { AstNode, CstNode, LangiumDocument, LangiumDocuments, Lexer, MaybePromise } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import { ModelIndex } from '../engine/model/stored.js';
import * as ast from './generated/ast.js';
import type { SpolServices } from './spol-module.js';
import { IssueCodes } from './spol-validator.js';
import type { SpolWorkspaceModel } from './spol-workspace-model.js';
import { writeToken } from './name-syntax.js';
import { addInstitutionPolicy, deleteNode, deleteSpan, insertIntoUser, removeFromList } from './text-edits.js';

/** Engine lint codes that have a fix here. */
export namespace FixableCodes {
    export const UnknownResource = 'unknown-resource';
    export const UnknownAction = 'unknown-action';
    export const UnknownDisciplineType = 'unknown-discipline-type';
    export const UnknownSpecify6Group = 'unknown-specify6-group';
    export const MissingAgent = 'missing-agent';
    export const InstitutionOnlyPolicy = 'institution-only-policy';
    export const EmptyPolicy = 'empty-policy';
    export const RedundantPolicy = 'redundant-policy';
    export const InstitutionAdminTwice = 'institution-admin-twice';
    export const MultipleAgents = 'multiple-agents';
    export const DuplicateName = 'duplicate-name';
    export const RolesWithoutAccess = 'roles-without-access';
    export const RoleNotInCollection = 'role-not-in-collection';
    export const SuppressionUnknownRule = 'suppression-unknown-rule';
}

export class SpolCodeActionProvider implements CodeActionProvider {
    private readonly workspaceModel: SpolWorkspaceModel;
    private readonly documents: LangiumDocuments;
    private readonly lexer: Lexer;

    constructor(services: SpolServices) {
        this.workspaceModel = services.workspace.PolicyModel;
        this.lexer = services.parser.Lexer;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            actions.push(...this.fixesFor(document, diagnostic));
        }
        return actions;
    }

    private fixesFor(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        switch (diagnostic.code) {
            case FixableCodes.UnknownResource:
            case FixableCodes.UnknownAction:
            case FixableCodes.SuppressionUnknownRule:
            case IssueCodes.UnresolvedReference:
                return this.replaceWithSuggestions(document, diagnostic);
            case FixableCodes.UnknownDisciplineType:
                return this.replaceProperty(document, diagnostic, ast.isDiscipline, 'type');
            case FixableCodes.UnknownSpecify6Group:
                return this.replaceProperty(document, diagnostic, ast.isSpecify6Settings, 'group');
            case FixableCodes.MissingAgent:
                return present(this.addAgent(document, diagnostic));
            case FixableCodes.InstitutionOnlyPolicy:
                return this.moveToInstitution(document, diagnostic);
            case FixableCodes.EmptyPolicy:
                return present(this.deleteAt(document, diagnostic, ast.isPolicy, 'Delete the empty policy'));
            case FixableCodes.RedundantPolicy:
                return present(this.deleteAt(document, diagnostic, ast.isPolicy, 'Delete the redundant policy'));
            case FixableCodes.InstitutionAdminTwice:
                return present(this.deleteAt(document, diagnostic, ast.isPolicy, "Delete the policy ('institution admin' already stores %: %)"));
            case FixableCodes.MultipleAgents:
                return present(this.deleteAt(document, diagnostic, ast.isAgent, 'Delete this agent'));
            case FixableCodes.DuplicateName:
                return present(this.removeRepeat(document, diagnostic));
            case FixableCodes.RolesWithoutAccess:
                return this.rolesWithoutAccess(document, diagnostic);
            case FixableCodes.RoleNotInCollection:
                return this.roleNotInCollection(document, diagnostic);
            default:
                return [];
        }
    }

    private replaceWithSuggestions(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        return stringList(dataOf(diagnostic)['suggestions']).map((suggestion, index) =>
            quickFix(`Replace with '${suggestion}'`, diagnostic, { changes: { [document.textDocument.uri]: [{ range: diagnostic.range, newText: suggestion }] } }, index === 0)
        );
    }

    /** The diagnostic sits on the element (a discipline's name, a `specify6` block); the fix replaces one of its properties. */
    private replaceProperty<T extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, is: (node: unknown) => node is T, property: string): CodeAction[] {
        const node = nodeAt(document, diagnostic, is);
        const cst = node && GrammarUtils.findNodeForProperty(node.$cstNode, property);
        if (!cst) return [];
        return stringList(dataOf(diagnostic)['suggestions']).map((suggestion, index) =>
            quickFix(`Replace with '${suggestion}'`, diagnostic, { changes: { [document.textDocument.uri]: [{ range: cst.range, newText: suggestion }] } }, index === 0)
        );
    }

    /**
     * The user is the one named in the diagnostic's data, else the one around the diagnostic. The
     * division is the data's, else that of the collection the data or the diagnostic's text names.
     */
    private addAgent(document: LangiumDocument, diagnostic: Diagnostic): CodeAction | undefined {
        const root = document.parseResult.value;
        if (!ast.isDocument(root)) return undefined;
        const data = dataOf(diagnostic);
        const leaf = leafAt(document, diagnostic);
        const userName = typeof data['user'] === 'string' ? data['user'] : undefined;
        const user =
            root.elements.filter(ast.isUser).find((u) => u.name === userName) ??
            (leaf ? AstUtils.getContainerOfType(leaf.astNode, ast.isUser) : undefined);
        const division = typeof data['division'] === 'string' ? data['division'] : this.divisionOf(data, leaf && refTextAt(leaf));
        if (!user || !division) return undefined;
        const line = `agent ${quote(user.title ?? user.name)} in ${this.reference(division)}`;
        const edit = insertIntoUser(document, user, [line], user.agents);
        if (!edit) return undefined;
        return quickFix(`Add ${line} to user ${user.name}`, diagnostic, { changes: { [document.textDocument.uri]: [edit] } }, true);
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

    /**
     * A role's policy goes to the users who hold the role (`data.holders`), wherever they are
     * declared, except those who already have it: Institution Admins and users with the same line.
     * A collection block's policy goes to its own user. Either way the policy leaves where it was.
     * `/admin/user/agents` (the info variant, `data.hiddenInUi`) is honoured per collection, so
     * moving it would widen it to every collection: only deleting is offered there.
     */
    private moveToInstitution(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const policy = nodeAt(document, diagnostic, ast.isPolicy);
        if (!policy?.$cstNode) return [];
        const remove = deleteNode(document, policy.$cstNode);
        const fixes: CodeAction[] = [];
        const data = dataOf(diagnostic);
        const line = policyText(policy);
        const role = AstUtils.getContainerOfType(policy, ast.isRole);
        const owner = AstUtils.getContainerOfType(policy, ast.isUser);
        const targets = role ? stringList(data['holders']).map((name) => this.userNamed(name)) : owner ? [{ user: owner, document }] : [];
        const movable = !Array.isArray(data['hiddenInUi']);
        const index = new ModelIndex(this.workspaceModel.model);
        const isAdmin = (user: ast.User): boolean => {
            const declared = index.users.get(user.name);
            return declared !== undefined && index.isInstitutionAdmin(declared);
        };
        const receivers = targets.filter(
            (t): t is { user: ast.User; document: LangiumDocument } => t !== undefined && !isAdmin(t.user) && !alreadyHas(t.user, line)
        );
        if (movable && receivers.length > 0) {
            const changes = new Map<string, TextEdit[]>([[document.textDocument.uri, [remove]]]);
            let complete = true;
            for (const { user, document: where } of receivers) {
                const add = addInstitutionPolicy(where, user, line);
                if (!add) complete = false;
                else changes.set(where.textDocument.uri, [...(changes.get(where.textDocument.uri) ?? []), add]);
            }
            if (complete) {
                const who = role ? `the users who hold role ${role.name} (${receivers.map((r) => r.user.name).join(', ')})` : `${owner!.name}`;
                fixes.push(quickFix(`Move to the institution block of ${who}`, diagnostic, { changes: Object.fromEntries(changes) }, true));
            }
        }
        fixes.push(quickFix('Delete the policy', diagnostic, { changes: { [document.textDocument.uri]: [remove] } }, fixes.length === 0));
        return fixes;
    }

    private userNamed(name: string): { user: ast.User; document: LangiumDocument } | undefined {
        for (const document of this.documents.all) {
            const root = document.parseResult.value;
            if (!ast.isDocument(root)) continue;
            const user = root.elements.find((element): element is ast.User => ast.isUser(element) && element.name === name);
            if (user) return { user, document };
        }
        return undefined;
    }

    private deleteAt<T extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, is: (node: unknown) => node is T, title: string): CodeAction | undefined {
        const node = nodeAt(document, diagnostic, is);
        if (!node?.$cstNode) return undefined;
        return quickFix(title, diagnostic, { changes: { [document.textDocument.uri]: [deleteNode(document, node.$cstNode)] } }, true);
    }

    /** Only a name repeated in a list (`data.repeatedInList`); two declarations need a new name, the writer's to choose. */
    private removeRepeat(document: LangiumDocument, diagnostic: Diagnostic): CodeAction | undefined {
        if (dataOf(diagnostic)['repeatedInList'] !== true) return undefined;
        const item = listItemAt(document, diagnostic);
        if (!item) return undefined;
        const edit = removeFromList(document, item.node, item.property, item.index);
        if (!edit) return undefined;
        return quickFix(`Remove the repeated ${item.name}`, diagnostic, { changes: { [document.textDocument.uri]: [edit] } }, true);
    }

    private rolesWithoutAccess(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const grant = nodeAt(document, diagnostic, ast.isCollectionGrant);
        const user = grant && AstUtils.getContainerOfType(grant, ast.isUser);
        if (!grant?.$cstNode || !user) return [];
        const fixes: CodeAction[] = [];
        const uri = document.textDocument.uri;
        const first = GrammarUtils.findNodeForKeyword(grant.$cstNode, 'roles');
        const brace = GrammarUtils.findNodeForKeyword(grant.$cstNode, '{');
        if (first && brace && !grant.access) {
            const separator = first.range.start.line === brace.range.end.line ? '  ' : `\n${' '.repeat(first.range.start.character)}`;
            const collections = grant.collections.map((c) => c.$refText).join(', ');
            const edit = { range: { start: first.range.start, end: first.range.start }, newText: `access${separator}` };
            fixes.push(quickFix(`Give ${user.name} access to ${collections}`, diagnostic, { changes: { [uri]: [edit] } }, true));
        }
        // A block has one `roles` clause: it goes from its keyword to its last name.
        const last = GrammarUtils.findNodesForProperty(grant.$cstNode, 'roles').at(-1);
        if (first && last) {
            fixes.push(quickFix('Remove the roles from this block', diagnostic, { changes: { [uri]: [deleteSpan(document, first.offset, last.end)] } }, false));
        }
        return fixes;
    }

    private roleNotInCollection(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const data = dataOf(diagnostic);
        const roleName = typeof data['role'] === 'string' ? data['role'] : undefined;
        const collection = typeof data['collection'] === 'string' ? data['collection'] : undefined;
        const item = listItemAt(document, diagnostic);
        if (!roleName || !collection || !item || !ast.isCollectionGrant(item.node) || item.property !== 'roles') return [];
        const fixes: CodeAction[] = [];
        const declared = this.roleNamed(roleName);
        const lastCollection = declared && GrammarUtils.findNodesForProperty(declared.role.$cstNode, 'collections').at(-1);
        if (declared && lastCollection) {
            const at = lastCollection.range.end;
            const edit = { range: { start: at, end: at }, newText: `, ${this.reference(collection)}` };
            fixes.push(quickFix(`Declare role ${roleName} for ${collection} too`, diagnostic, { changes: { [declared.document.textDocument.uri]: [edit] } }, true));
        }
        const remove = removeFromList(document, item.node, 'roles', item.index, 'roles');
        if (remove) fixes.push(quickFix(`Remove role ${roleName} from this block`, diagnostic, { changes: { [document.textDocument.uri]: [remove] } }, false));
        return fixes;
    }

    /** A name as a reference is written: bare when it can be, else quoted (name-syntax.ts). */
    private reference(name: string): string {
        return writeToken(this.lexer, name, 'reference') ?? name;
    }

    private roleNamed(name: string): { role: ast.Role; document: LangiumDocument } | undefined {
        for (const document of this.documents.all) {
            const root = document.parseResult.value;
            if (!ast.isDocument(root)) continue;
            const role = root.elements.find((element): element is ast.Role => ast.isRole(element) && element.name === name);
            if (role) return { role, document };
        }
        return undefined;
    }
}

function quickFix(title: string, diagnostic: Diagnostic, edit: WorkspaceEdit, isPreferred: boolean): CodeAction {
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit };
}

function present<T>(value: T | undefined): T[] {
    return value === undefined ? [] : [value];
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

function leafAt(document: LangiumDocument, diagnostic: Diagnostic) {
    const root = document.parseResult.value.$cstNode;
    return root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
}

/** The innermost node of a kind at the start of the diagnostic. */
function nodeAt<T extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, is: (node: unknown) => node is T): T | undefined {
    const leaf = leafAt(document, diagnostic);
    return leaf ? AstUtils.getContainerOfType(leaf.astNode, is) : undefined;
}

/** The bare name of the reference a leaf belongs to (quotes removed), else the leaf's text. */
function refTextAt(leaf: CstNode): string {
    const node = leaf.astNode as unknown as Record<string, unknown>;
    for (const [property, value] of Object.entries(node)) {
        if (!Array.isArray(value) && !(typeof value === 'object' && value !== null && '$refText' in value)) continue;
        const refs = (Array.isArray(value) ? value : [value]) as ReadonlyArray<{ $refText?: unknown }>;
        const index = GrammarUtils.findNodesForProperty(leaf.astNode.$cstNode, property).findIndex((cst) => cst.offset <= leaf.offset && leaf.end <= cst.end);
        const text = index >= 0 ? refs[index]?.$refText : undefined;
        if (typeof text === 'string') return text;
    }
    return leaf.text;
}

/** The name of a comma list (a reference of a role or a collection block) that the diagnostic sits on. */
function listItemAt(document: LangiumDocument, diagnostic: Diagnostic): { node: AstNode; property: string; index: number; name: string } | undefined {
    const leaf = leafAt(document, diagnostic);
    const node = leaf?.astNode;
    if (!leaf || !node) return undefined;
    const properties = ast.isRole(node) ? ['collections', 'templates'] : ast.isCollectionGrant(node) ? ['collections', 'roles'] : [];
    for (const property of properties) {
        const index = GrammarUtils.findNodesForProperty(node.$cstNode, property).findIndex((cst) => cst.offset <= leaf.offset && leaf.end <= cst.end);
        const ref = ((node as unknown as Record<string, unknown>)[property] as ReadonlyArray<{ $refText?: string }> | undefined)?.[index];
        if (index >= 0) return { node, property, index, name: ref?.$refText ?? leaf.text };
    }
    return undefined;
}

/** `allow <resource>: <actions>` as the policy is written, on one line. */
function policyText(policy: ast.Policy): string {
    return policy.actions.length > 0 ? `allow ${policy.resource}: ${policy.actions.join(', ')}` : `allow ${policy.resource}`;
}

/** A user with the same line needs no copy (nor does an Institution Admin, who has every institution-level policy). */
function alreadyHas(user: ast.User, line: string): boolean {
    return user.institutionPolicies.some((block) => block.policies.some((p) => policyText(p) === line));
}
