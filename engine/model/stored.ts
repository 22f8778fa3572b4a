/**
 * What Specify would store for a model: rows of `spuserpolicy` (institution or collection level)
 * and `sprolepolicy` (one role copy per collection), each row one resource pattern and one action,
 * each carrying where it came from. Decisions, profiles, the naive reference evaluator and export all
 * read these rows, so the DSL's conveniences are turned into Specify's storage in exactly one place:
 *
 * - `institution admin`            → institution row `%` / `%` (what `Specifyuser.is_admin()` looks for)
 * - `access` in a collection       → collection row `/system/sp7/collection` / `access`
 * - `from library T`               → T's policies copied into the role (Specify copies; no link back)
 * - `/tools/<name>` (and `/tools/%`) → one `/table/<t>` row per tool table (Specify's decompressPolicies)
 * - a role or collection policy set holding `/system/sp7/collection` `access` also stores
 *   `/field/%` / `%` (Specify's UI adds it on save: semantics.md §6), unless the role, library
 *   role or grant says `without /field/%` (what a server holds that was not saved by the UI)
 * - one row per (resource, action) per holder, as Specify's panel stores a policy set (a REST body
 *   is `{ resource: [actions] }` and never repeats an action): the first declaration is the row,
 *   and every later one that stores the same thing rides along in its `also` list, so text can
 *   still name each line. The key is the exact text: Specify stores what a body holds without
 *   folding case, so `/Table/% read` and `/table/% read` stay two rows (see `rowKey`).
 *
 * The Institution Admin is a row, not a keyword: a user is Institution Admin exactly when an
 * institution-level row is `%` / `%` (`isAdminRow`, `ModelIndex.isInstitutionAdmin`), however it
 * was written (`institution admin`, `institution { allow %: % }`, or both).
 */
import { registry } from '../registry/registry.js';
import type { Collection, Division, LibraryRole, Policy, PolicyModel, Role, Source, User, WithoutFieldWildcard } from './policy-model.js';

export const COLLECTION_ACCESS_RESOURCE = '/system/sp7/collection';
export const COLLECTION_ACCESS_ACTION = 'access';
export const FIELD_WILDCARD_RESOURCE = '/field/%';

/** Who holds a stored row. */
export type Origin =
    | { readonly kind: 'institution-user'; readonly user: string }
    | { readonly kind: 'collection-user'; readonly user: string; readonly collection: string }
    | { readonly kind: 'role'; readonly role: string; readonly collection: string };

/** Why a row exists when it is not written literally as a policy. */
export type Derivation =
    | 'institution-admin'
    | 'collection-access'
    | 'tool-expansion'
    | 'field-wildcard';

/** One stored row: the resource and action are LIKE patterns, matched against concrete requests. */
export interface StoredPolicy {
    readonly resource: string;
    readonly action: string;
    readonly origin: Origin;
    /** The policy it came from, when there is one. */
    readonly policy?: Policy;
    /** The library role the policy was copied from, for role rows built with `from library`. */
    readonly template?: string;
    readonly derivation?: Derivation;
    /** The most precise place: the action's own span, else the policy's, else the keyword's. */
    readonly source?: Source;
    /** Later declarations of the same row by the same holder, in order (the row itself is the first). */
    readonly also?: readonly Declaration[];
}

/** One place that declares a stored row: the row's own fields as that place writes them. */
export type Declaration = Omit<StoredPolicy, 'origin' | 'also'>;

/** The row and every other place that declares it, first declaration first. */
export function declarationsOf(row: StoredPolicy): readonly Declaration[] {
    return row.also ? [row, ...row.also] : [row];
}

/** Specify's `is_admin()` row: institution-level, resource exactly `%`, action exactly `%`. */
export function isAdminRow(row: StoredPolicy): boolean {
    return row.origin.kind === 'institution-user' && row.resource === '%' && row.action === '%';
}

/** A written policy that stores the admin row: resource exactly `%` with an action exactly `%`. */
export function isAdminPolicy(policy: Policy): boolean {
    return policy.resource === '%' && policy.actions.some((action) => action.name === '%');
}

/**
 * The dedup key of a row within one holder: resource and action exactly as written. Case counts:
 * a REST body is keyed by the exact resource string and lists exact action strings, and Specify's
 * server stores every element it is sent without folding case, so `/Table/%` and `/table/%` are two
 * rows there too (they match the same requests under its case-insensitive collation, so they
 * change no decision; redundant-policy reports the second). Folding here would also make an
 * export differ from what Import then stores.
 */
function rowKey(row: Pick<StoredPolicy, 'resource' | 'action'>): string {
    return `${row.resource}\u0000${row.action}`;
}

/** One row per (resource, action): the first declaration stays, later ones join its `also`. */
function onePerKey(rows: readonly StoredPolicy[]): StoredPolicy[] {
    const first = new Map<string, number>();
    const out: StoredPolicy[] = [];
    const later = new Map<number, Declaration[]>();
    for (const row of rows) {
        const key = rowKey(row);
        const at = first.get(key);
        if (at === undefined) {
            first.set(key, out.length);
            out.push(row);
            continue;
        }
        const { origin: _holder, also: _also, ...declaration } = row;
        let list = later.get(at);
        if (!list) later.set(at, (list = [...(out[at]!.also ?? [])]));
        list.push(declaration, ...(row.also ?? []));
    }
    for (const [at, also] of later) out[at] = { ...out[at]!, also: Object.freeze(also) };
    return out;
}

/** One stored row of a library role: a StoredPolicy without a holder, naming its library role instead. */
export type LibraryRolePolicy = Omit<StoredPolicy, 'origin'> & { readonly libraryRole: string };

/** Rows of one policy, with `/tools/...` expanded into tables as Specify stores them. */
function rowsOfPolicy(policy: Policy, origin: Origin, template?: string): StoredPolicy[] {
    const rows: StoredPolicy[] = [];
    const toolTables = toolTablesOf(policy.resource);
    for (const action of policy.actions) {
        const source = action.source ?? policy.source;
        const base = { action: action.name, origin, policy, ...(template ? { template } : {}), ...(source ? { source } : {}) };
        if (toolTables) {
            for (const table of toolTables) rows.push({ ...base, resource: table, derivation: 'tool-expansion' });
        } else {
            rows.push({ ...base, resource: policy.resource });
        }
    }
    return rows;
}

/** `/tools/<name>` → its tables; `/tools/%` → every tool table; otherwise undefined. */
export function toolTablesOf(resource: string): readonly string[] | undefined {
    const key = resource.toLowerCase();
    if (!key.startsWith('/tools/')) return undefined;
    if (key === '/tools/%') return [...registry.tools.values()].flatMap((tool) => tool.tables);
    return registry.tools.get(key)?.tables;
}

/**
 * The row that makes Specify's UI add `/field/%` `%` to a policy set when it saves it: its
 * `/system/sp7/collection` `access` row, when the set does not already hold `/field/%` `%`.
 * Undefined when nothing would be added. Resources and actions compare ignoring case, as Specify
 * matches them.
 */
export function fieldWildcardCause<T extends Pick<StoredPolicy, 'resource' | 'action'>>(rows: readonly T[]): T | undefined {
    const access = rows.find(
        (row) =>
            row.resource.toLowerCase() === COLLECTION_ACCESS_RESOURCE && row.action.toLowerCase() === COLLECTION_ACCESS_ACTION
    );
    if (!access) return undefined;
    const hasField = rows.some((row) => row.resource.toLowerCase() === FIELD_WILDCARD_RESOURCE && row.action === '%');
    return hasField ? undefined : access;
}

/** Does a `without` statement name the field wildcard, the one row it can leave out? */
export function leavesOutFieldWildcard(without: WithoutFieldWildcard | undefined): boolean {
    return without !== undefined && without.resource.toLowerCase() === FIELD_WILDCARD_RESOURCE;
}

/** Adds `/field/%` `%` as Specify's UI does on save, unless the set says `without /field/%`. */
function withFieldWildcard(rows: StoredPolicy[], origin: Origin, without?: WithoutFieldWildcard): StoredPolicy[] {
    if (leavesOutFieldWildcard(without)) return rows;
    const access = fieldWildcardCause(rows);
    if (!access) return rows;
    return [
        ...rows,
        { resource: FIELD_WILDCARD_RESOURCE, action: '%', origin, derivation: 'field-wildcard', ...(access.source ? { source: access.source } : {}) }
    ];
}

/**
 * Name lookups and stored rows for a model, computed lazily and cached. Names that appear twice
 * resolve to the first declaration (duplicates are a lint error).
 */
export class ModelIndex {
    readonly collections = new Map<string, Collection>();
    readonly divisions = new Map<string, Division>();
    readonly users = new Map<string, User>();
    readonly roles = new Map<string, Role>();
    readonly libraryRoles = new Map<string, LibraryRole>();
    // Keyed by the element itself, not its name: duplicate names (a lint error) must not share rows.
    private readonly institutionRowCache = new Map<User, readonly StoredPolicy[]>();
    private readonly collectionUserRowCache = new Map<User, Map<string, readonly StoredPolicy[]>>();
    private readonly roleRowCache = new Map<Role, Map<string, readonly StoredPolicy[]>>();
    private readonly libraryRoleRowCache = new Map<LibraryRole, readonly LibraryRolePolicy[]>();
    private readonly rolesHeldCache = new Map<User, Map<string, readonly Role[]>>();
    private holderIndex: Map<Role, readonly User[]> | undefined;

    constructor(readonly model: PolicyModel) {
        for (const institution of model.institutions) {
            for (const division of institution.divisions) {
                setFirst(this.divisions, division.name, division);
                for (const discipline of division.disciplines) {
                    for (const collection of discipline.collections) setFirst(this.collections, collection.name, collection);
                }
            }
        }
        for (const user of model.users) setFirst(this.users, user.name, user);
        for (const role of model.roles) setFirst(this.roles, role.name, role);
        for (const role of model.libraryRoles) setFirst(this.libraryRoles, role.name, role);
    }

    /** Institution-level rows of a user (`collection_id` NULL). */
    institutionRows(user: User): readonly StoredPolicy[] {
        let rows = this.institutionRowCache.get(user);
        if (!rows) {
            const origin: Origin = { kind: 'institution-user', user: user.name };
            const list: StoredPolicy[] = [];
            if (user.institutionAdmin) {
                const source = user.institutionAdmin.source;
                list.push({ resource: '%', action: '%', origin, derivation: 'institution-admin', ...(source ? { source } : {}) });
            }
            for (const policy of user.institutionPolicies) list.push(...rowsOfPolicy(policy, origin));
            rows = Object.freeze(onePerKey(list));
            this.institutionRowCache.set(user, rows);
        }
        return rows;
    }

    /** The user's own rows in one collection, from every grant that names it. */
    collectionUserRows(user: User, collection: string): readonly StoredPolicy[] {
        const perUser = cacheFor(this.collectionUserRowCache, user);
        let rows = perUser.get(collection);
        if (!rows) {
            const origin: Origin = { kind: 'collection-user', user: user.name, collection };
            let list: StoredPolicy[] = [];
            for (const grant of user.collections) {
                if (grant.collection.name !== collection) continue;
                if (grant.access) {
                    const source = grant.access.source;
                    list.push({
                        resource: COLLECTION_ACCESS_RESOURCE,
                        action: COLLECTION_ACCESS_ACTION,
                        origin,
                        derivation: 'collection-access',
                        ...(source ? { source } : {})
                    });
                }
                for (const policy of grant.policies) list.push(...rowsOfPolicy(policy, origin));
            }
            const without = user.collections.find((grant) => grant.collection.name === collection && grant.without)?.without;
            list = withFieldWildcard(list, origin, without);
            rows = Object.freeze(onePerKey(list));
            perUser.set(collection, rows);
        }
        return rows;
    }

    /**
     * Rows of the copy of `role` in `collection`: templates' policies first (in `from library`
     * order), then the role's own. Empty when the role is not declared for that collection.
     */
    roleRows(role: Role, collection: string): readonly StoredPolicy[] {
        const perRole = cacheFor(this.roleRowCache, role);
        let rows = perRole.get(collection);
        if (!rows) {
            const origin: Origin = { kind: 'role', role: role.name, collection };
            let list: StoredPolicy[] = [];
            if (role.collections.some((ref) => ref.name === collection)) {
                for (const ref of role.templates) {
                    const template = this.libraryRoles.get(ref.name);
                    if (!template) continue;
                    for (const policy of template.policies) list.push(...rowsOfPolicy(policy, origin, template.name));
                }
                for (const policy of role.policies) list.push(...rowsOfPolicy(policy, origin));
                list = onePerKey(withFieldWildcard(list, origin, role.without));
            }
            rows = Object.freeze(list);
            perRole.set(collection, rows);
        }
        return rows;
    }

    /**
     * Rows of a library role (`splibraryrolepolicy`), as the library role editor saves them: its
     * policies with `/tools/...` expanded, and `/field/%` added when it holds collection access.
     * Library roles are never evaluated, so the rows have no holder (`Origin`).
     */
    libraryRoleRows(role: LibraryRole): readonly LibraryRolePolicy[] {
        let rows = this.libraryRoleRowCache.get(role);
        if (!rows) {
            // The same expansion as a role copy's rows, built with a placeholder holder that is then dropped.
            const origin: Origin = { kind: 'role', role: role.name, collection: '' };
            let list: StoredPolicy[] = [];
            for (const policy of role.policies) list.push(...rowsOfPolicy(policy, origin));
            list = onePerKey(withFieldWildcard(list, origin, role.without));
            rows = Object.freeze(list.map(({ origin: _holder, ...row }): LibraryRolePolicy => ({ ...row, libraryRole: role.name })));
            this.libraryRoleRowCache.set(role, rows);
        }
        return rows;
    }

    /** Specify's `is_admin()`: the user's institution-level rows hold `%` / `%`, however it was written. */
    isInstitutionAdmin(user: User): boolean {
        return this.institutionRows(user).some(isAdminRow);
    }

    /**
     * Roles the user holds in a collection, as Specify would store them: only roles declared for that
     * collection (Specify refuses the rest), each once, in first-assigned order.
     */
    rolesHeld(user: User, collection: string): readonly Role[] {
        const perUser = cacheFor(this.rolesHeldCache, user);
        let held = perUser.get(collection);
        if (!held) {
            const list: Role[] = [];
            for (const grant of user.collections) {
                if (grant.collection.name !== collection) continue;
                for (const ref of grant.roles) {
                    const role = this.roles.get(ref.name);
                    if (!role || list.includes(role)) continue;
                    if (!role.collections.some((c) => c.name === collection)) continue;
                    list.push(role);
                }
            }
            held = Object.freeze(list);
            perUser.set(collection, held);
        }
        return held;
    }

    /**
     * The users who hold `role` in one of its collections (as `rolesHeld` counts holding), each
     * once, in model order. One pass over every user's grants builds the answer for every role.
     */
    roleHolders(role: Role): readonly User[] {
        if (!this.holderIndex) {
            const index = new Map<Role, User[]>();
            for (const user of this.model.users) {
                for (const grant of user.collections) {
                    for (const ref of grant.roles) {
                        const held = this.roles.get(ref.name);
                        if (!held || !held.collections.some((c) => c.name === grant.collection.name)) continue;
                        let users = index.get(held);
                        if (!users) index.set(held, (users = []));
                        if (users.at(-1) !== user) users.push(user);
                    }
                }
            }
            this.holderIndex = index;
        }
        return this.holderIndex.get(role) ?? [];
    }

    /** Collection names in declaration order. */
    collectionNames(): readonly string[] {
        return [...this.collections.keys()];
    }
}

function cacheFor<K, V>(caches: Map<K, Map<string, V>>, key: K): Map<string, V> {
    let cache = caches.get(key);
    if (!cache) {
        cache = new Map();
        caches.set(key, cache);
    }
    return cache;
}

function setFirst<T>(map: Map<string, T>, key: string, value: T): void {
    if (!map.has(key)) map.set(key, value);
}
