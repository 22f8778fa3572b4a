/**
 * The file that Specify's Security and Accounts "Export" button writes (role-export-format.md):
 * a JSON array of roles `{id, name, description, policies: [{resource, actions}]}`, ascending id,
 * indented with tabs, no trailing newline. The policies are Specify's `processPolicies` of what the
 * server stores for the role, so the file is what Export would give after the model was saved.
 */
import type { LibraryRole, PolicyModel, Role } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';
import { numberModel, specifyName, type ModelNumbering } from './numbering.js';
import { processPolicies, type FilePolicy, type ServerPolicies } from './policy-converter.js';

/** One role of an Export file, keys in Specify's order. */
export interface ExportedRole {
    id: number;
    name: string;
    description: string;
    policies: FilePolicy[];
}

/** A stored row, as far as the server shape needs it. */
export interface ServerRow {
    readonly resource: string;
    readonly action: string;
}

/**
 * The server shape of stored rows, as Specify's serializer returns them: grouped by resource
 * (exact string) in first-seen order, actions in row order and not de-duplicated here: the rows of a
 * ModelIndex already hold each (resource, action) once, so a body never repeats an action.
 */
export function serverPoliciesOf(rows: readonly ServerRow[]): ServerPolicies {
    const grouped = new Map<string, string[]>();
    for (const { resource, action } of rows) {
        const actions = grouped.get(resource);
        if (actions) actions.push(action);
        else grouped.set(resource, [action]);
    }
    return Object.fromEntries(grouped) as ServerPolicies;
}

function indexOf(model: PolicyModel | ModelIndex): ModelIndex {
    return model instanceof ModelIndex ? model : new ModelIndex(model);
}

/** What the server returns for the copy of a role in a collection (`GET /permissions/role/<id>/` policies). */
export function roleServerPolicies(model: PolicyModel | ModelIndex, role: Role, collection: string): ServerPolicies {
    return serverPoliciesOf(indexOf(model).roleRows(role, collection));
}

/** What the server returns for a library role (`GET /permissions/library_role/<id>/` policies). */
export function libraryRoleServerPolicies(model: PolicyModel | ModelIndex, role: LibraryRole): ServerPolicies {
    return serverPoliciesOf(indexOf(model).libraryRoleRows(role));
}

function exported(id: number, element: Role | LibraryRole, server: ServerPolicies): ExportedRole {
    return { id, name: specifyName(element), description: element.description ?? '', policies: processPolicies(server) };
}

function isCollectionRole(role: Role | LibraryRole): role is Role {
    return 'collections' in role && 'templates' in role;
}

/** The Export file of a collection's page: every role declared for it, ascending id. */
export function exportCollectionRoles(
    model: PolicyModel | ModelIndex,
    collection: string,
    numbering: ModelNumbering = numberModel(model)
): ExportedRole[] {
    const index = indexOf(model);
    return numbering
        .roleCopiesIn(collection)
        .map(({ id, role }) => exported(id, role, serverPoliciesOf(index.roleRows(role, collection))));
}

/** The Export file of the institution page: every library role, ascending id. */
export function exportLibraryRoles(model: PolicyModel | ModelIndex, numbering: ModelNumbering = numberModel(model)): ExportedRole[] {
    const index = indexOf(model);
    return numbering.libraryRoles.map(({ id, role }) => exported(id, role, serverPoliciesOf(index.libraryRoleRows(role))));
}

/**
 * The Export file of a single role's page. A library role gives a one-element array (collection
 * ignored). A collection role gives its copy in `collection` (empty when not declared there), or,
 * without a collection, one entry per copy, ascending id.
 */
export function exportRole(
    model: PolicyModel | ModelIndex,
    role: Role | LibraryRole,
    collection?: string,
    numbering: ModelNumbering = numberModel(model)
): ExportedRole[] {
    const index = indexOf(model);
    if (!isCollectionRole(role)) {
        const entry = numbering.libraryRoles.find((numbered) => numbered.role === role);
        return entry ? [exported(entry.id, role, serverPoliciesOf(index.libraryRoleRows(role)))] : [];
    }
    return numbering.roleCopies
        .filter((copy) => copy.role === role && (collection === undefined || copy.collection === collection))
        .map((copy) => exported(copy.id, role, serverPoliciesOf(index.roleRows(role, copy.collection))));
}

/** Exactly what Specify's Export writes: `JSON.stringify(roles, null, '\t')`, no trailing newline. */
export function stringifyExport(roles: readonly ExportedRole[]): string {
    return JSON.stringify(roles, null, '\t');
}
