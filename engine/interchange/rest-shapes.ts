/**
 * The model as the bodies of Specify's permission REST API (semantics.md §5): role bodies per
 * collection and for the library, and per user the institution-level and collection-level user
 * policies and the roles held. Ids are the model's numbering (numbering.ts), not a database's:
 * map them to the real ids of the target database before sending anything.
 *
 * `exportInstitution` lays all of it out as files for one folder, with a manifest saying which
 * request each file is the body of. Pure data; the CLI writes the files.
 */
import type { PolicyModel, User } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';
import { exportCollectionRoles, exportLibraryRoles, serverPoliciesOf, stringifyExport } from './export-file.js';
import { numberModel, numberingToJson, specifyName, type ModelNumbering, type NumberingJson } from './numbering.js';
import type { ServerPolicies } from './policy-converter.js';
import { workspaceDetails, type WorkspaceDetailsJson } from './workspace-details.js';

/** Body of `POST /permissions/roles/<cid>/`, `PUT /permissions/role/<id>/` and the library equivalents. */
export interface RoleBody {
    name: string;
    description: string;
    policies: ServerPolicies;
}

/** Body of `PUT /permissions/user_roles/<cid>/<uid>/`: the role ids the user holds there (replaces). */
export type UserRolesBody = Array<{ id: number }>;

export interface CollectionRoleBodies {
    readonly collection: string;
    readonly collectionId: number;
    /** In ascending role id; `roleIds[i]` is the numbered id of `roles[i]`. */
    readonly roleIds: readonly number[];
    readonly roles: readonly RoleBody[];
}

export interface UserCollectionBodies {
    readonly collection: string;
    readonly collectionId: number;
    /** `PUT /permissions/user_policies/<cid>/<uid>/`: the user's collection-level policies. */
    readonly policies: ServerPolicies;
    /** `PUT /permissions/user_roles/<cid>/<uid>/`. */
    readonly roles: UserRolesBody;
}

export interface UserBodies {
    readonly user: string;
    readonly userId: number;
    /** `PUT /permissions/user_policies/institution/<uid>/`: institution-level policies (`%: ["%"]` for an Institution Admin). */
    readonly institutionPolicies: ServerPolicies;
    /** One entry per collection some grant of the user names, in numbering order. */
    readonly collections: readonly UserCollectionBodies[];
}

function indexOf(model: PolicyModel | ModelIndex): ModelIndex {
    return model instanceof ModelIndex ? model : new ModelIndex(model);
}

/** The role bodies of every role copy in one collection, ascending id. */
export function collectionRoleBodies(
    model: PolicyModel | ModelIndex,
    collection: string,
    numbering: ModelNumbering = numberModel(model)
): CollectionRoleBodies {
    const index = indexOf(model);
    const copies = numbering.roleCopiesIn(collection);
    return {
        collection,
        collectionId: numbering.collectionId(collection) ?? 0,
        roleIds: copies.map((copy) => copy.id),
        roles: copies.map(({ role }) => ({
            name: specifyName(role),
            description: role.description ?? '',
            policies: serverPoliciesOf(index.roleRows(role, collection))
        }))
    };
}

/** The bodies of `POST /permissions/library_roles/`, one per library role, ascending id. */
export function libraryRoleBodies(model: PolicyModel | ModelIndex, numbering: ModelNumbering = numberModel(model)): RoleBody[] {
    const index = indexOf(model);
    return numbering.libraryRoles.map(({ role }) => ({
        name: specifyName(role),
        description: role.description ?? '',
        policies: serverPoliciesOf(index.libraryRoleRows(role))
    }));
}

/** Collections a user's grants name, once each, in numbering order; unknown names are left out. */
function grantedCollections(user: User, numbering: ModelNumbering): string[] {
    const named = new Set(user.collections.map((grant) => grant.collection.name));
    return numbering.collections.map(({ collection }) => collection.name).filter((name, i, all) => named.has(name) && all.indexOf(name) === i);
}

/** Everything Specify stores for one user, as the bodies of the user endpoints. */
export function userBodies(model: PolicyModel | ModelIndex, user: User, numbering: ModelNumbering = numberModel(model)): UserBodies {
    const index = indexOf(model);
    return {
        user: user.name,
        userId: numbering.users.find((numbered) => numbered.user === user)?.id ?? 0,
        institutionPolicies: serverPoliciesOf(index.institutionRows(user)),
        collections: grantedCollections(user, numbering).map((collection) => ({
            collection,
            collectionId: numbering.collectionId(collection) ?? 0,
            policies: serverPoliciesOf(index.collectionUserRows(user, collection)),
            roles: index
                .rolesHeld(user, collection)
                .map((role) => numbering.roleCopyId(role, collection))
                .filter((id): id is number => id !== undefined)
                .map((id) => ({ id }))
        }))
    };
}

// ---- A folder of files ---------------------------------------------------------------------------

export type HttpMethod = 'POST' | 'PUT';

/** The request a file is the body of. */
export interface Endpoint {
    readonly method: HttpMethod;
    /** With the numbering's ids filled in, e.g. `/permissions/user_policies/1/3/`. */
    readonly path: string;
    /** The same with placeholders, e.g. `/permissions/user_policies/<collectionid>/<userid>/`. */
    readonly template: string;
    /** True when the file holds an array and each element is the body of one request. */
    readonly perElement: boolean;
}

export interface InterchangeFile {
    /** Relative, `/`-separated. */
    readonly path: string;
    readonly content: string;
    /** The request the content is the body of; null for files meant for the UI's Import button and for the manifest. */
    readonly endpoint: Endpoint | null;
    readonly description: string;
}

export interface ManifestJson {
    readonly format: 'spol-specify-export';
    readonly specify: string;
    readonly note: string;
    readonly numbering: NumberingJson;
    /** What a workspace needs beyond the numbering (workspace-details.ts); absent from manifests of older spol. */
    readonly workspace?: WorkspaceDetailsJson;
    readonly files: ReadonlyArray<{ readonly path: string; readonly description: string; readonly method?: HttpMethod; readonly endpoint?: string; readonly template?: string; readonly perElement?: boolean }>;
}

export const SPECIFY_VERSION = '7.12.0.7';

function json(value: unknown): string {
    return `${JSON.stringify(value, null, 2)}\n`;
}

/** A file or folder name from a model name: characters other than letters, digits, `_`, `.`, `-` become `_`. */
function safeSegment(name: string): string {
    const safe = name.replace(/[^A-Za-z0-9_.-]/g, '_');
    return safe === '' || safe === '.' || safe === '..' ? `_${safe}` : safe;
}

/** Unique folder names: a second element whose safe name is taken gets `-<id>` appended. */
function folderNames<T>(entries: readonly T[], name: (entry: T) => string, id: (entry: T) => number): Map<T, string> {
    const taken = new Set<string>();
    const out = new Map<T, string>();
    for (const entry of entries) {
        let folder = safeSegment(name(entry));
        if (taken.has(folder.toLowerCase())) folder = `${folder}-${id(entry)}`;
        taken.add(folder.toLowerCase());
        out.set(entry, folder);
    }
    return out;
}

/**
 * The whole model as files for one folder:
 *
 * - `library/roles.json`: the library's Export file (Import button on the institution page);
 * - `library/roles.rest.json`: `POST /permissions/library_roles/` bodies, one per element;
 * - `collections/<C>/roles.json`: the collection's Export file (Import button on its page);
 * - `collections/<C>/roles.rest.json`: `POST /permissions/roles/<cid>/` bodies, one per element;
 * - `users/<u>/institution-policies.json`: `PUT /permissions/user_policies/institution/<uid>/`;
 * - `users/<u>/<C>/policies.json`: `PUT /permissions/user_policies/<cid>/<uid>/`;
 * - `users/<u>/<C>/roles.json`: `PUT /permissions/user_roles/<cid>/<uid>/`;
 * - `manifest.json`: the numbering, the workspace details the bodies do not carry (the institution
 *   tree, agents, Specify 6 settings: workspace-details.ts, read back by `import --all`) and, per
 *   file, the request it is for.
 *
 * Every collection gets its two role files (an empty array when it has no roles); every user gets
 * an institution file; user collection files exist for the collections the user's grants name.
 */
export function exportInstitution(model: PolicyModel | ModelIndex): InterchangeFile[] {
    const index = indexOf(model);
    const numbering = numberModel(index);
    const files: InterchangeFile[] = [];
    const endpoint = (method: HttpMethod, template: string, path: string, perElement = false): Endpoint => ({ method, template, path, perElement });

    files.push({
        path: 'library/roles.json',
        content: stringifyExport(exportLibraryRoles(index, numbering)),
        endpoint: null,
        description: "The library roles as Specify's Export writes them: use with Import on the institution's Security and Accounts page."
    });
    files.push({
        path: 'library/roles.rest.json',
        content: json(libraryRoleBodies(index, numbering)),
        endpoint: endpoint('POST', '/permissions/library_roles/', '/permissions/library_roles/', true),
        description: 'One library role per element, each the body of one POST.'
    });

    const collectionFolders = folderNames(numbering.collections, (c) => c.collection.name, (c) => c.id);
    for (const numbered of numbering.collections) {
        const name = numbered.collection.name;
        const folder = `collections/${collectionFolders.get(numbered)!}`;
        files.push({
            path: `${folder}/roles.json`,
            content: stringifyExport(exportCollectionRoles(index, name, numbering)),
            endpoint: null,
            description: `The roles of ${name} as Specify's Export writes them: use with Import on the collection's Security and Accounts page.`
        });
        files.push({
            path: `${folder}/roles.rest.json`,
            content: json(collectionRoleBodies(index, name, numbering).roles),
            endpoint: endpoint('POST', '/permissions/roles/<collectionid>/', `/permissions/roles/${numbered.id}/`, true),
            description: `The roles of ${name}, one per element, each the body of one POST.`
        });
    }

    const userFolders = folderNames(numbering.users, (u) => u.user.name, (u) => u.id);
    const collectionFolderByName = new Map<string, string>();
    for (const numbered of numbering.collections) {
        if (!collectionFolderByName.has(numbered.collection.name)) collectionFolderByName.set(numbered.collection.name, collectionFolders.get(numbered)!);
    }
    for (const numbered of numbering.users) {
        const folder = `users/${userFolders.get(numbered)!}`;
        const bodies = userBodies(index, numbered.user, numbering);
        files.push({
            path: `${folder}/institution-policies.json`,
            content: json(bodies.institutionPolicies),
            endpoint: endpoint('PUT', '/permissions/user_policies/institution/<userid>/', `/permissions/user_policies/institution/${numbered.id}/`),
            description: `${numbered.user.name}'s institution-level policies (replaces them).`
        });
        for (const entry of bodies.collections) {
            const sub = `${folder}/${collectionFolderByName.get(entry.collection)!}`;
            files.push({
                path: `${sub}/policies.json`,
                content: json(entry.policies),
                endpoint: endpoint(
                    'PUT',
                    '/permissions/user_policies/<collectionid>/<userid>/',
                    `/permissions/user_policies/${entry.collectionId}/${numbered.id}/`
                ),
                description: `${numbered.user.name}'s own policies in ${entry.collection} (replaces them).`
            });
            files.push({
                path: `${sub}/roles.json`,
                content: json(entry.roles),
                endpoint: endpoint('PUT', '/permissions/user_roles/<collectionid>/<userid>/', `/permissions/user_roles/${entry.collectionId}/${numbered.id}/`),
                description: `The roles ${numbered.user.name} holds in ${entry.collection}, by role id (replaces them).`
            });
        }
    }

    const manifest: ManifestJson = {
        format: 'spol-specify-export',
        specify: SPECIFY_VERSION,
        note:
            "Ids are spol's numbering of the workspace (see numbering), not database ids: map them to the target database's ids before sending a request. Files without a method are for the Import button of Security and Accounts.",
        numbering: numberingToJson(numbering),
        workspace: workspaceDetails(index.model.institutions, numbering),
        files: files.map((file) =>
            file.endpoint
                ? {
                      path: file.path,
                      description: file.description,
                      method: file.endpoint.method,
                      endpoint: file.endpoint.path,
                      template: file.endpoint.template,
                      perElement: file.endpoint.perElement
                  }
                : { path: file.path, description: file.description }
        )
    };
    files.push({ path: 'manifest.json', content: json(manifest), endpoint: null, description: 'The numbering and, per file, the request it is the body of.' });
    return files;
}
