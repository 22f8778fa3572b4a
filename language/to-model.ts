/**
 * AST → PolicyModel. The engine never sees an AST (DESIGN.md §1): every document of the workspace
 * is turned into plain data here, each element keeping its file (the document URI) and range so
 * that lint results and decision provenance point back to the text.
 *
 * References become names. The name is always the text written (`$refText`), resolved or not:
 * linking errors are the language's to report, and the engine skips names that match nothing.
 *
 * Partially parsed text. Langium recovers from syntax errors and still hands over an AST, but its
 * nodes may lack what the parser never reached: a name, a resource, a reference's text, or an
 * entry of a list. The typings do not say so; this mapping checks everything it reads, and:
 * - a declaration (institution, division, discipline, collection, library role, role, user) enters
 *   the model only with its name; without one it is left out together with everything written in it;
 * - a policy enters only with its resource, an agent only with its name and its division;
 * - a reference enters a list only with the text written, an action only when it is not empty;
 * - an optional part that is missing (title, description, code, type, group) is simply absent.
 * Every element left out sits on a syntax error that the language reports, so the model never holds a
 * name nobody wrote: lint messages never read "undefined", and the engine never sees a missing value.
 */
import type { AstNode, CstNode, LangiumDocument, Reference } from 'langium';
import type * as model from '../engine/model/policy-model.js';
import * as ast from './generated/ast.js';
import { nodesForProperty } from './property-nodes.js';

/** The model of a whole workspace: documents in URI order, so the result does not depend on load order. */
export function documentsToModel(documents: Iterable<LangiumDocument>): model.PolicyModel {
    return assembleModel(sortedByUri(documents).map(documentToModel));
}

/** The documents in URI order: the order in which their parts make up the model. */
export function sortedByUri(documents: Iterable<LangiumDocument>): LangiumDocument[] {
    return [...documents].sort((a, b) => compareStrings(a.uri.toString(), b.uri.toString()));
}

/**
 * One document's part of the model: its declarations, each list in text order. A pure function
 * of the document's AST and URI (references are the names written, not what they resolve to), so
 * it can be kept for as long as the document is not parsed again (SpolWorkspaceModel does).
 */
export interface ModelPart {
    readonly institutions: readonly model.Institution[];
    readonly libraryRoles: readonly model.LibraryRole[];
    readonly roles: readonly model.Role[];
    readonly users: readonly model.User[];
}

export function documentToModel(document: LangiumDocument): ModelPart {
    const institutions: model.Institution[] = [];
    const libraryRoles: model.LibraryRole[] = [];
    const roles: model.Role[] = [];
    const users: model.User[] = [];
    const root = document.parseResult?.value;
    // A document announced by the builder but not parsed yet has a placeholder root.
    if (ast.isDocument(root)) {
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

/** The model made of the documents' parts, in the order given (documentsToModel's is by URI). */
export function assembleModel(parts: readonly ModelPart[]): model.PolicyModel {
    const institutions: model.Institution[] = [];
    const libraryRoles: model.LibraryRole[] = [];
    const roles: model.Role[] = [];
    const users: model.User[] = [];
    for (const part of parts) {
        for (const element of part.institutions) institutions.push(element);
        for (const element of part.libraryRoles) libraryRoles.push(element);
        for (const element of part.roles) roles.push(element);
        for (const element of part.users) users.push(element);
    }
    return { institutions, libraryRoles, roles, users };
}

function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- sources

/**
 * Where a CST node is. The range is the CST's own (a leaf makes it afresh on every call, a
 * composite node keeps it): a plain `{ start, end }` of `{ line, character }` objects that neither
 * side ever changes, so it is shared rather than copied, which spares a large workspace a million
 * small objects.
 */
function sourceOf(cst: CstNode | undefined, file: string): model.Source | undefined {
    if (!cst) return undefined;
    return { file, range: cst.range };
}

/**
 * An element under construction: its fields are set one by one, in the order the model has always
 * listed them (JSON output keeps that order), optional ones only when present. Building objects
 * this way rather than by spreading small ones (`{ ...named(), ...optional() }`) keeps the
 * conversion of a large workspace cheap: spreads of computed-key objects are slow in V8.
 */
type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/** Sets `key` when `value` is not undefined (the model leaves absent parts out, never `undefined`). */
function put<T, K extends keyof T>(target: Draft<T>, key: K, value: T[K] | undefined): void {
    if (value !== undefined) target[key] = value;
}

/** `source` when the node has text (nodes built by hand have none). */
function putSource<T extends { source?: model.Source }>(target: Draft<T>, node: AstNode, file: string): void {
    const source = sourceOf(node.$cstNode, file);
    if (source) target.source = source;
}

/** `{ source }` when the node has text, `{}` otherwise. */
function at(node: AstNode, file: string): { source?: model.Source } {
    const out: { source?: model.Source } = {};
    putSource(out, node, file);
    return out;
}

/** A declaration's name and places; the caller has checked the name with `hasName`. */
function named<T extends { name: string; source?: model.Source; nameSource?: model.Source }>(node: AstNode & { name: string }, file: string): Draft<T> {
    const out = { name: node.name } as Draft<T>;
    putSource(out, node, file);
    put(out, 'nameSource', sourceOf(nodesForProperty(node.$cstNode, 'name', true)[0], file));
    return out;
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
    const out: Draft<model.Ref> = { name: reference.$refText };
    put(out, 'source', sourceOf(reference.$refNode, file));
    return out as model.Ref;
}

/** The references of a list that name something. */
function refs(references: readonly (Reference | undefined)[] | undefined, file: string): model.Ref[] {
    const out: model.Ref[] = [];
    for (const reference of references ?? []) {
        const r = ref(reference, file);
        if (r) out.push(r);
    }
    return out;
}

/** The policies of a list that have a resource. */
function policies(nodes: readonly (ast.Policy | undefined)[] | undefined, file: string): model.Policy[] {
    return addPolicies(nodes, file, []);
}

/** Adds the policies of a list that have a resource to `into`, and returns it. */
function addPolicies(nodes: readonly (ast.Policy | undefined)[] | undefined, file: string, into: model.Policy[]): model.Policy[] {
    for (const node of nodes ?? []) if (node && isText(node.resource)) into.push(policy(node, file));
    return into;
}

// ---------------------------------------------------------------- institution tree

function institution(node: ast.Institution, file: string): model.Institution {
    const out = named<model.Institution>(node, file);
    put(out, 'title', node.title);
    out.divisions = present(node.divisions)
        .filter(hasName)
        .map((d) => division(d, file));
    return out as model.Institution;
}

function division(node: ast.Division, file: string): model.Division {
    const out = named<model.Division>(node, file);
    put(out, 'title', node.title);
    out.disciplines = present(node.disciplines)
        .filter(hasName)
        .map((d) => discipline(d, node.name, file));
    return out as model.Division;
}

function discipline(node: ast.Discipline, divisionName: string, file: string): model.Discipline {
    const out = named<model.Discipline>(node, file);
    put(out, 'title', node.title);
    put(out, 'type', node.type);
    out.division = divisionName;
    out.collections = present(node.collections)
        .filter(hasName)
        .map((c) => collection(c, divisionName, node.name, file));
    return out as model.Discipline;
}

function collection(node: ast.Collection, divisionName: string, disciplineName: string, file: string): model.Collection {
    const out = named<model.Collection>(node, file);
    put(out, 'title', node.title);
    put(out, 'code', node.code);
    out.division = divisionName;
    out.discipline = disciplineName;
    return out as model.Collection;
}

// ---------------------------------------------------------------- roles and policies

/** A policy whose resource was parsed (see `policies`). */
function policy(node: ast.Policy, file: string): model.Policy {
    const actionNodes = nodesForProperty(node.$cstNode, 'actions', false);
    // The CST nodes of `actions` are in the order of the values: index i is the source of value i.
    const actions: model.PolicyAction[] = [];
    (node.actions ?? []).forEach((name, index) => {
        if (!isText(name)) return;
        const action: Draft<model.PolicyAction> = { name };
        put(action, 'source', sourceOf(actionNodes[index], file));
        actions.push(action as model.PolicyAction);
    });
    const out: Draft<model.Policy> = { resource: node.resource, actions };
    putSource(out, node, file);
    put(out, 'resourceSource', sourceOf(nodesForProperty(node.$cstNode, 'resource', true)[0], file));
    return out as model.Policy;
}

/** The first `without <resource>` whose resource was parsed, else nothing (a block says it once). */
function without(nodes: readonly (ast.Without | undefined)[] | undefined, file: string): model.WithoutFieldWildcard | undefined {
    const node = present(nodes).find((n) => isText(n.resource));
    if (!node) return undefined;
    const out: Draft<model.WithoutFieldWildcard> = { resource: node.resource };
    putSource(out, node, file);
    put(out, 'resourceSource', sourceOf(nodesForProperty(node.$cstNode, 'resource', true)[0], file));
    return out as model.WithoutFieldWildcard;
}

function libraryRole(node: ast.LibraryRole, file: string): model.LibraryRole {
    const out = named<model.LibraryRole>(node, file);
    put(out, 'title', node.title);
    put(out, 'description', node.description);
    out.policies = policies(node.policies, file);
    put(out, 'without', without(node.withouts, file));
    return out as model.LibraryRole;
}

function role(node: ast.Role, file: string): model.Role {
    const out = named<model.Role>(node, file);
    put(out, 'title', node.title);
    put(out, 'description', node.description);
    out.collections = refs(node.collections, file);
    out.templates = refs(node.templates, file);
    out.policies = policies(node.policies, file);
    put(out, 'without', without(node.withouts, file));
    return out as model.Role;
}

// ---------------------------------------------------------------- users

function user(node: ast.User, file: string): model.User {
    const out = named<model.User>(node, file);
    put(out, 'title', node.title);
    // Plain loops over the lists (no filtered copies): this runs for every user of the workspace.
    const agents: model.Agent[] = [];
    for (const a of node.agents ?? []) if (a) agent(a, file, agents);
    out.agents = agents;
    if (node.institutionAdmin) out.institutionAdmin = at(node.institutionAdmin, file);
    const institutionPolicies: model.Policy[] = [];
    for (const block of node.institutionPolicies ?? []) if (block) addPolicies(block.policies, file, institutionPolicies);
    out.institutionPolicies = institutionPolicies;
    // `in A, B { … }` grants the same to each collection: one model grant per collection named.
    const grants: model.CollectionGrant[] = [];
    for (const grant of node.collections ?? []) {
        if (!grant) continue;
        const grantPolicies = policies(grant.policies, file);
        const roles = refs(grant.roles, file);
        const grantWithout = without(grant.withouts, file);
        for (const collection of refs(grant.collections, file)) {
            const out: Draft<model.CollectionGrant> = { collection };
            if (grant.access) out.access = at(grant.access, file);
            out.roles = roles;
            out.policies = grantPolicies;
            put(out, 'without', grantWithout);
            putSource(out, grant, file);
            grants.push(out as model.CollectionGrant);
        }
    }
    out.collections = grants;
    if (node.specify6) out.specify6 = specify6(node.specify6, file);
    return out as model.User;
}

/** Adds the agent to `into` when it has its name and its division. */
function agent(node: ast.Agent, file: string, into: model.Agent[]): void {
    const division = ref(node.division, file);
    if (!isText(node.name) || !division) return;
    const out: Draft<model.Agent> = { name: node.name, division };
    putSource(out, node, file);
    into.push(out as model.Agent);
}

function specify6(node: ast.Specify6Settings, file: string): model.Specify6Settings {
    const out: Draft<model.Specify6Settings> = { admin: node.admin === true };
    put(out, 'group', isText(node.group) ? node.group : undefined);
    out.collections = refs(node.collections, file);
    putSource(out, node, file);
    return out as model.Specify6Settings;
}
