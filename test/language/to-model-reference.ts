/**
 * The AST → PolicyModel mapping as it was written first (language/to-model.ts before it was made
 * fast): the plain definition, with Langium's own GrammarUtils.findNodeForProperty for every place
 * and small objects spread together. Kept only as the reference that to-model-equivalence.test.ts
 * holds the fast mapping to, output for output.
 */
import type { AstNode, CstNode, LangiumDocument, Reference } from 'langium';
import { GrammarUtils } from 'langium';
import type * as model from '../../engine/model/policy-model.js';
import * as ast from '../../language/generated/ast.js';

/** The model of a whole workspace: documents in URI order, so the result does not depend on load order. */
export function documentsToModelReference(documents: Iterable<LangiumDocument>): model.PolicyModel {
    const sorted = [...documents].sort((a, b) => compareStrings(a.uri.toString(), b.uri.toString()));
    const institutions: model.Institution[] = [];
    const libraryRoles: model.LibraryRole[] = [];
    const roles: model.Role[] = [];
    const users: model.User[] = [];
    for (const document of sorted) {
        const root = document.parseResult?.value;
        // A document announced by the builder but not parsed yet has a placeholder root.
        if (!ast.isDocument(root)) continue;
        const file = document.uri.toString();
        for (const element of present(root.elements)) {
            if (!hasName(element)) continue;
            if (ast.isInstitution(element)) institutions.push(institution(element, file));
            else if (ast.isLibraryRole(element)) libraryRoles.push(libraryRole(element, file));
            else if (ast.isRole(element)) roles.push(role(element, file));
            else if (ast.isUser(element)) users.push(user(element, file));
        }
    }
    return { institutions, libraryRoles, roles, users };
}

function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- sources

function sourceOf(cst: CstNode | undefined, file: string): model.Source | undefined {
    if (!cst) return undefined;
    const { start, end } = cst.range;
    return {
        file,
        range: {
            start: { line: start.line, character: start.character },
            end: { line: end.line, character: end.character }
        }
    };
}

/** `{ source }` when the node has text, `{}` otherwise (nodes built by hand have none). */
function at(node: AstNode, file: string): { source?: model.Source } {
    const source = sourceOf(node.$cstNode, file);
    return source ? { source } : {};
}

/** A declaration's name and places; the caller has checked the name with `hasName`. */
function named(node: AstNode & { name: string }, file: string): { name: string; source?: model.Source; nameSource?: model.Source } {
    const nameSource = sourceOf(GrammarUtils.findNodeForProperty(node.$cstNode, 'name'), file);
    return { name: node.name, ...at(node, file), ...(nameSource ? { nameSource } : {}) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Text the parser actually read: a non-empty string (error recovery leaves `undefined`). */
function isText(value: unknown): value is string {
    return typeof value === 'string' && value.length > 0;
}

/** A declaration whose name was parsed. */
function hasName<T extends AstNode & { name: string }>(node: T | undefined): node is T {
    return node !== undefined && isText(node.name);
}

/** The entries of an AST list that are there: recovery may leave the list or an entry undefined. */
function present<T>(items: readonly (T | undefined)[] | undefined): T[] {
    return (items ?? []).filter((item): item is T => item !== undefined && item !== null);
}

/** A reference as the name written, or `undefined` when no name was parsed. */
function ref(reference: Reference | undefined, file: string): model.Ref | undefined {
    if (!reference || !isText(reference.$refText)) return undefined;
    const source = sourceOf(reference.$refNode, file);
    return { name: reference.$refText, ...(source ? { source } : {}) };
}

/** The references of a list that name something. */
function refs(references: readonly (Reference | undefined)[] | undefined, file: string): model.Ref[] {
    return present(present(references).map((r) => ref(r, file)));
}

/** The policies of a list that have a resource. */
function policies(nodes: readonly (ast.Policy | undefined)[] | undefined, file: string): model.Policy[] {
    return present(nodes)
        .filter((node) => isText(node.resource))
        .map((node) => policy(node, file));
}

// ---------------------------------------------------------------- institution tree

function institution(node: ast.Institution, file: string): model.Institution {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        divisions: present(node.divisions)
            .filter(hasName)
            .map((d) => division(d, file))
    };
}

function division(node: ast.Division, file: string): model.Division {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        disciplines: present(node.disciplines)
            .filter(hasName)
            .map((d) => discipline(d, node.name, file))
    };
}

function discipline(node: ast.Discipline, divisionName: string, file: string): model.Discipline {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('type', node.type),
        division: divisionName,
        collections: present(node.collections)
            .filter(hasName)
            .map((c) => collection(c, divisionName, node.name, file))
    };
}

function collection(node: ast.Collection, divisionName: string, disciplineName: string, file: string): model.Collection {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('code', node.code),
        division: divisionName,
        discipline: disciplineName
    };
}

// ---------------------------------------------------------------- roles and policies

/** A policy whose resource was parsed (see `policies`). */
function policy(node: ast.Policy, file: string): model.Policy {
    const actionNodes = GrammarUtils.findNodesForProperty(node.$cstNode, 'actions');
    const resourceSource = sourceOf(GrammarUtils.findNodeForProperty(node.$cstNode, 'resource'), file);
    // The CST nodes of `actions` are in the order of the values: index i is the source of value i.
    const actions = (node.actions ?? []).flatMap((name, index) => {
        if (!isText(name)) return [];
        const source = sourceOf(actionNodes[index], file);
        return [{ name, ...(source ? { source } : {}) }];
    });
    return {
        resource: node.resource,
        actions,
        ...at(node, file),
        ...(resourceSource ? { resourceSource } : {})
    };
}

/** The first `without <resource>` whose resource was parsed, else nothing (a block says it once). */
function without(nodes: readonly (ast.Without | undefined)[] | undefined, file: string): { without?: model.WithoutFieldWildcard } {
    const node = present(nodes).find((n) => isText(n.resource));
    if (!node) return {};
    const resourceSource = sourceOf(GrammarUtils.findNodeForProperty(node.$cstNode, 'resource'), file);
    return { without: { resource: node.resource, ...at(node, file), ...(resourceSource ? { resourceSource } : {}) } };
}

function libraryRole(node: ast.LibraryRole, file: string): model.LibraryRole {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('description', node.description),
        policies: policies(node.policies, file),
        ...without(node.withouts, file)
    };
}

function role(node: ast.Role, file: string): model.Role {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('description', node.description),
        collections: refs(node.collections, file),
        templates: refs(node.templates, file),
        policies: policies(node.policies, file),
        ...without(node.withouts, file)
    };
}

// ---------------------------------------------------------------- users

function user(node: ast.User, file: string): model.User {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        agents: present(node.agents).flatMap((a) => agent(a, file)),
        ...(node.institutionAdmin ? { institutionAdmin: at(node.institutionAdmin, file) } : {}),
        institutionPolicies: present(node.institutionPolicies).flatMap((block) => policies(block.policies, file)),
        // `in A, B { … }` grants the same to each collection: one model grant per collection named.
        collections: present(node.collections).flatMap((grant) => {
            const grantPolicies = policies(grant.policies, file);
            const roles = refs(grant.roles, file);
            const grantWithout = without(grant.withouts, file);
            return refs(grant.collections, file).map((collection) => ({
                collection,
                ...(grant.access ? { access: at(grant.access, file) } : {}),
                roles,
                policies: grantPolicies,
                ...grantWithout,
                ...at(grant, file)
            }));
        }),
        ...(node.specify6 ? { specify6: specify6(node.specify6, file) } : {})
    };
}

/** An agent with its name and its division, or nothing. */
function agent(node: ast.Agent, file: string): model.Agent[] {
    const division = ref(node.division, file);
    if (!isText(node.name) || !division) return [];
    return [{ name: node.name, division, ...at(node, file) }];
}

function specify6(node: ast.Specify6Settings, file: string): model.Specify6Settings {
    return {
        admin: node.admin === true,
        ...optional('group', isText(node.group) ? node.group : undefined),
        collections: refs(node.collections, file),
        ...at(node, file)
    };
}
