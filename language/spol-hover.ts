/**
 * Hover: what a piece of text means to Specify.
 *
 * - a resource: its description, actions, where Specify checks it; for a pattern, how many of
 *   Specify's resources it matches and where those are checked;
 * - an action: what it allows on the resource (or which actions a pattern covers);
 * - a user, role or library role (declaration or reference): its Specify name and what it grants;
 *   a template in `from library A, B`: the `allow …` lines it copies into the role;
 * - a division, discipline or collection: where it sits in the institution.
 *
 * Grants are read from the workspace's PolicyModel, so a hover shows the same facts the engine decides on.
 */
import type { AstNode, LangiumDocument, MaybePromise } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import { MultilineCommentHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { isPattern, like } from '../engine/like.js';
import type * as model from '../engine/model/policy-model.js';
import { ModelIndex } from '../engine/model/stored.js';
import { registry, type CheckLevel, type ResourceInfo } from '../engine/registry/registry.js';
import * as ast from './generated/ast.js';
import type { SpolServices } from './spol-module.js';
import type { SpolWorkspaceModel } from './spol-workspace-model.js';
import { templateCopies } from './template-copies.js';

const CHECK_LEVEL_WORDS: Readonly<Record<CheckLevel, string>> = {
    collection: 'Specify checks it per collection: the user’s institution-level policies, own policies in the collection and roles there all count.',
    institution: 'Specify checks it at institution level: only the user’s institution-level policies count.',
    both: 'Specify checks it per collection and at institution level.',
    frontend: 'Only Specify’s front end checks it; the server does not.',
    none: 'Specify does not check it.'
};

const SHORT_CHECK_LEVEL: Readonly<Record<CheckLevel, string>> = {
    collection: 'per collection',
    institution: 'at institution level',
    both: 'both',
    frontend: 'front end only',
    none: 'not checked'
};

const WITHOUT_HOVER = [
    '**without /field/%**: this policy set stores no `/field/%` `%` beside its collection access.',
    '',
    'Specify’s Security panel adds that row whenever it saves a set holding `/system/sp7/collection` `access`, and so does spol; ' +
        'a set written through the REST API or by a migration can lack it, and then no field update (`/field/<table>/<field>` `update`) passes through this set.'
].join('\n');

export class SpolHoverProvider extends MultilineCommentHoverProvider {
    private readonly workspaceModel: SpolWorkspaceModel;
    private readonly indexCache = new WeakMap<model.PolicyModel, ModelIndex>();

    constructor(services: SpolServices) {
        super(services);
        this.workspaceModel = services.workspace.PolicyModel;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const policyHover = this.policyHover(document, params);
        if (policyHover) return markdown(policyHover);
        const templateHover = this.templateReferenceHover(document, params);
        if (templateHover) return markdown(templateHover);
        if (this.inWithout(document, params)) return markdown(WITHOUT_HOVER);
        return super.getHoverContent(document, params);
    }

    protected override getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        const documentation = super.getAstNodeHoverContent(node) as string | undefined;
        const facts = this.elementHover(node);
        if (facts && documentation) return `${facts}\n\n---\n\n${documentation}`;
        return facts ?? documentation;
    }

    /** Is the position inside a `without …` statement? */
    private inWithout(document: LangiumDocument, params: HoverParams): boolean {
        const root = document.parseResult.value.$cstNode;
        if (!root) return false;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        return leaf !== undefined && AstUtils.getContainerOfType(leaf.astNode, ast.isWithout) !== undefined;
    }

    // ------------------------------------------------------------ resources and actions

    private policyHover(document: LangiumDocument, params: HoverParams): string | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        const policy = leaf && AstUtils.getContainerOfType(leaf.astNode, ast.isPolicy);
        // A policy whose resource did not parse (`allow FishTissue /table/%: read`) says nothing about its actions.
        if (!policy || policy.resource === undefined) return undefined;
        const inside = (cst: { offset: number; end: number } | undefined) => cst !== undefined && cst.offset <= offset && offset < cst.end;
        if (inside(GrammarUtils.findNodeForProperty(policy.$cstNode, 'resource'))) return resourceHover(policy.resource);
        const index = GrammarUtils.findNodesForProperty(policy.$cstNode, 'actions').findIndex(inside);
        const action = policy.actions[index];
        return action === undefined ? undefined : actionHover(policy.resource, action);
    }

    // ------------------------------------------------------------ templates of a role

    /** On a name in `from library A, B`: what that template copies into the role, then its documentation. */
    private templateReferenceHover(document: LangiumDocument, params: HoverParams): string | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const role = CstUtils.findLeafNodeAtOffset(root, offset)?.astNode;
        if (!ast.isRole(role)) return undefined;
        const index = GrammarUtils.findNodesForProperty(role.$cstNode, 'templates').findIndex((cst) => cst.offset <= offset && offset < cst.end);
        const reference = role.templates[index];
        const lines = reference && templateCopies(this.workspaceModel.model, reference.$refText);
        if (!reference || !lines) return undefined;
        const copies = plural(lines.length, 'policy', 'policies');
        const parts = [`**library role ${reference.$refText}** · copies ${copies} into role ${role.name}`];
        if (lines.length > 0) parts.push('', '```spol', ...lines, '```');
        const target = reference.ref;
        const documentation = target ? (super.getAstNodeHoverContent(target) as string | undefined) : undefined;
        if (documentation) parts.push('', '---', '', documentation);
        return parts.join('\n');
    }

    // ------------------------------------------------------------ named elements

    private elementHover(node: AstNode): string | undefined {
        const file = AstUtils.getDocument(node).uri.toString();
        const workspace = this.workspaceModel.model;
        const index = this.indexOf(workspace);
        const sameDeclaration = (element: { name: string; source?: model.Source }) =>
            element.name === (node as { name?: string }).name && element.source?.file === file;
        if (ast.isUser(node)) {
            const user = workspace.users.find(sameDeclaration);
            return user && userHover(user, index);
        }
        if (ast.isRole(node)) {
            const role = workspace.roles.find(sameDeclaration);
            return role && roleHover(role, index);
        }
        if (ast.isLibraryRole(node)) {
            const template = workspace.libraryRoles.find(sameDeclaration);
            return template && libraryRoleHover(template, workspace);
        }
        if (ast.isCollection(node)) return collectionHover(node, workspace);
        if (ast.isDiscipline(node)) {
            const type = node.type ? ` (type \`${node.type}\`)` : '';
            return `**discipline ${node.name}**${title(node.title)}${type} in division ${node.$container.name}: ${plural(node.collections.length, 'collection')}.`;
        }
        if (ast.isDivision(node)) {
            const agents = workspace.users.filter((u) => u.agents.some((a) => a.division.name === node.name)).length;
            return `**division ${node.name}**${title(node.title)}: ${plural(node.disciplines.length, 'discipline')}; ${plural(agents, 'user')} with an agent here.`;
        }
        if (ast.isInstitution(node)) return `**institution ${node.name}**${title(node.title)}: ${plural(node.divisions.length, 'division')}.`;
        return undefined;
    }

    private indexOf(workspace: model.PolicyModel): ModelIndex {
        let index = this.indexCache.get(workspace);
        if (!index) this.indexCache.set(workspace, (index = new ModelIndex(workspace)));
        return index;
    }
}

function markdown(value: string): Hover {
    return { contents: { kind: 'markdown', value } };
}

function title(text: string | undefined): string {
    return text ? ` “${text}”` : '';
}

function plural(count: number, word: string, words = `${word}s`): string {
    return `${count} ${count === 1 ? word : words}`;
}

function code(text: string): string {
    return `\`${text}\``;
}

// ---------------------------------------------------------------- resources

function resourcesMatching(pattern: string): ResourceInfo[] {
    const matched: ResourceInfo[] = [];
    for (const resource of registry.concreteResources()) {
        if (!like(resource, pattern)) continue;
        const info = registry.lookup(resource);
        if (info) matched.push(info);
    }
    return matched;
}

export function resourceHover(resource: string): string {
    const info = registry.lookup(resource);
    if (info) {
        const lines = [`**${code(info.resource)}** · ${info.kind}`, '', info.description, '', `Actions: ${info.actions.map(code).join(', ')}`, '', CHECK_LEVEL_WORDS[info.checkLevel]];
        if (info.institutionOnly) lines.push('', 'Specify’s UI offers it only as an institution-level user policy.');
        if (info.tool) lines.push('', `Stands for the tables ${info.tool.tables.map(code).join(', ')}.`);
        if (info.enforcedAt) lines.push('', `Enforced at: ${info.enforcedAt}`);
        if (info.note) lines.push('', info.note);
        return lines.join('\n');
    }
    if (!isPattern(resource)) return `**${code(resource)}**\n\nNot a resource Specify knows.`;
    const matched = resourcesMatching(resource);
    const total = registry.concreteResources().length;
    if (matched.length === 0) return `**${code(resource)}** · pattern\n\nMatches none of Specify’s ${total} resources.`;
    const levels = new Map<CheckLevel, number>();
    for (const info of matched) levels.set(info.checkLevel, (levels.get(info.checkLevel) ?? 0) + 1);
    const where = [...levels].map(([level, count]) => `${count} ${SHORT_CHECK_LEVEL[level]}`).join(', ');
    const examples = matched.slice(0, 5).map((info) => code(info.resource)).join(', ');
    const more = matched.length > 5 ? ', …' : '';
    return [
        `**${code(resource)}** · pattern`,
        '',
        `Matches ${matched.length} of Specify’s ${total} resources: ${examples}${more}`,
        '',
        `Checked by Specify: ${where}.`
    ].join('\n');
}

export function actionHover(resource: string, action: string): string {
    const info = registry.lookup(resource);
    if (info) {
        const canonical = info.actions.find((a) => a.toLowerCase() === action.toLowerCase());
        if (canonical) return `**${code(canonical)}** on ${code(info.resource)}\n\n${info.actionDescriptions[canonical] ?? info.description}`;
        if (isPattern(action)) {
            const covered = info.actions.filter((a) => like(a, action));
            return `**${code(action)}** on ${code(info.resource)} · pattern\n\nCovers ${covered.length > 0 ? covered.map(code).join(', ') : 'none of its actions'}.`;
        }
        return `**${code(action)}**\n\nNot an action of ${code(info.resource)}, whose actions are ${info.actions.map(code).join(', ')}.`;
    }
    if (!isPattern(resource)) return `**${code(action)}** on ${code(resource)}, which is not a resource Specify knows.`;
    const matched = resourcesMatching(resource);
    const having = matched.filter((info) => info.actions.some((a) => like(a, action))).length;
    return `**${code(action)}** on ${code(resource)}\n\nApplies to ${having} of the ${matched.length} resources the pattern matches.`;
}

// ---------------------------------------------------------------- users and roles

function userHover(user: model.User, index: ModelIndex): string {
    const lines = [`**user ${user.name}**${title(user.title)} · Specify user name ${code(user.name)}`, ''];
    if (index.isInstitutionAdmin(user)) lines.push('- Institution Admin (institution-level `%`: `%`)');
    if (user.institutionPolicies.length > 0) lines.push(`- ${plural(user.institutionPolicies.length, 'institution-level policy', 'institution-level policies')}`);
    for (const agent of user.agents) lines.push(`- agent “${agent.name}” in ${agent.division.name}`);
    const collections = [...new Set(user.collections.map((grant) => grant.collection.name))];
    for (const collection of collections) {
        const grants = user.collections.filter((grant) => grant.collection.name === collection);
        const access = grants.some((grant) => grant.access) ? 'access' : 'no access';
        const roles = index.rolesHeld(user, collection).map((role) => role.name);
        const own = grants.reduce((sum, grant) => sum + grant.policies.length, 0);
        const parts = [access, roles.length > 0 ? `roles ${roles.join(', ')}` : 'no roles'];
        if (own > 0) parts.push(plural(own, 'own policy', 'own policies'));
        lines.push(`- in ${collection}: ${parts.join('; ')}`);
    }
    if (lines.length === 2) lines.push('Grants nothing.');
    return lines.join('\n');
}

function roleHover(role: model.Role, index: ModelIndex): string {
    const lines = [`**role ${role.name}** · Specify role name “${role.title ?? role.name}”`];
    if (role.description) lines.push('', role.description);
    lines.push('');
    const collections = role.collections.map((c) => c.name);
    lines.push(`- in ${collections.join(', ')} (one Specify role per collection)`);
    if (role.templates.length > 0) lines.push(`- from library ${role.templates.map((t) => t.name).join(', ')}`);
    const first = collections[0];
    const rows = first === undefined ? 0 : index.roleRows(role, first).length;
    lines.push(`- ${plural(role.policies.length, 'own policy', 'own policies')}; ${plural(rows, 'stored policy row')} per collection`);
    const holders = index.model.users.flatMap((user) =>
        collections.filter((c) => index.rolesHeld(user, c).includes(role)).map((c) => `${user.name} (${c})`)
    );
    lines.push(holders.length > 0 ? `- held by ${holders.join(', ')}` : '- held by nobody');
    return lines.join('\n');
}

function libraryRoleHover(template: model.LibraryRole, workspace: model.PolicyModel): string {
    const lines = [`**library role ${template.name}** · Specify library role name “${template.title ?? template.name}”`];
    if (template.description) lines.push('', template.description);
    const users = workspace.roles.filter((role) => role.templates.some((t) => t.name === template.name)).map((role) => role.name);
    lines.push(
        '',
        `- ${plural(template.policies.length, 'policy', 'policies')}; a template: Specify never evaluates it`,
        users.length > 0 ? `- copied into ${users.join(', ')}` : '- copied into no role'
    );
    return lines.join('\n');
}

function collectionHover(node: ast.Collection, workspace: model.PolicyModel): string {
    const discipline = node.$container;
    const collectionCode = node.code ? ` code “${node.code}”` : '';
    const entering = workspace.users.filter((user) => user.collections.some((g) => g.collection.name === node.name && g.access)).length;
    const roles = workspace.roles.filter((role) => role.collections.some((c) => c.name === node.name)).map((role) => role.name);
    return [
        `**collection ${node.name}**${title(node.title)}${collectionCode}`,
        '',
        `- discipline ${discipline.name}, division ${discipline.$container.name}`,
        `- ${plural(entering, 'user')} with access`,
        roles.length > 0 ? `- roles ${roles.join(', ')}` : '- no roles'
    ].join('\n');
}
