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
 *   folding case, so `/Table/% read` and `/table/% read` stay two rows (see `sameKey`).
 *
 * The Institution Admin is a row, not a keyword: a user is Institution Admin exactly when an
 * institution-level row is `%` / `%` (`isAdminRow`, `ModelIndex.isInstitutionAdmin`), however it
 * was written (`institution admin`, `institution { allow %: % }`, or both).
 */
import { innerMap } from '../inner-map.js';
import { like } from '../like.js';
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
function sameKey(a: Pick<StoredPolicy, 'resource' | 'action'>, b: Pick<StoredPolicy, 'resource' | 'action'>): boolean {
    return a.resource === b.resource && a.action === b.action;
}

/** Up to this many rows, onePerKey compares rows pairwise instead of keeping them by resource. */
const FEW_ROWS = 16;

/** Where the first row with the same key as `row` is in `out`, or undefined. */
function sameKeyIn(out: readonly StoredPolicy[], row: StoredPolicy): number | undefined {
    for (let i = 0; i < out.length; i++) if (sameKey(out[i]!, row)) return i;
    return undefined;
}

/**
 * One row per (resource, action): the first declaration stays, later ones join its `also`. Most
 * row sets (a user's own rows in one collection) are a handful of rows, compared pairwise; longer
 * ones (a role's) are kept by resource, the string itself as the map's key (a string keeps its
 * hash, and the rows of every copy of a role share their resource strings, so no key is built or
 * hashed per row), each resource's rows chained through `next`. Takes the list over: when no two
 * rows share a key it is the answer itself (one array less per row set kept).
 */
function onePerKey(rows: StoredPolicy[]): StoredPolicy[] {
    const byResource = rows.length > FEW_ROWS ? new Map<string, number>() : undefined;
    /** By position in `out`: the position of the previous row with the same resource, or -1. */
    const next: number[] = [];
    const out: StoredPolicy[] = [];
    let later: Map<number, Declaration[]> | undefined;
    for (const row of rows) {
        let at: number | undefined;
        if (byResource) {
            const head = byResource.get(row.resource) ?? -1;
            for (let i = head; i !== -1 && at === undefined; i = next[i]!) if (out[i]!.action === row.action) at = i;
            if (at === undefined) {
                next.push(head);
                byResource.set(row.resource, out.length);
            }
        } else {
            at = sameKeyIn(out, row);
        }
        if (at === undefined) {
            out.push(row);
            continue;
        }
        const { origin: _holder, also: _also, ...declaration } = row;
        later ??= new Map();
        let list = later.get(at);
        if (!list) later.set(at, (list = [...(out[at]!.also ?? [])]));
        list.push(declaration, ...(row.also ?? []));
    }
    if (!later) return rows;
    for (const [at, also] of later) out[at] = { ...out[at]!, also: Object.freeze(also) };
    return out;
}

/** One stored row of a library role: a StoredPolicy without a holder, naming its library role instead. */
export type LibraryRolePolicy = Omit<StoredPolicy, 'origin'> & { readonly libraryRole: string };

/** Adds the rows of one policy to `rows`, with `/tools/...` expanded into tables as Specify stores them. */
function pushRowsOfPolicy(rows: StoredPolicy[], policy: Policy, origin: Origin, template?: string): void {
    const toolTables = toolTablesOf(policy.resource);
    for (const action of policy.actions) {
        const source = action.source ?? policy.source;
        if (toolTables) {
            for (const table of toolTables) rows.push(writtenRow(action.name, origin, policy, template, source, table, 'tool-expansion'));
        } else {
            rows.push(writtenRow(action.name, origin, policy, template, source, policy.resource));
        }
    }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A row of a written policy: the optional fields only when present, and the fields always in this
 * order (action, origin, policy, template, source, resource, derivation). Assigned one by one
 * rather than spread from optional parts: every user's rows are built, and spreading cost more
 * than the rest of building them.
 */
function writtenRow(
    action: string,
    origin: Origin,
    policy: Policy,
    template: string | undefined,
    source: Source | undefined,
    resource: string,
    derivation?: Derivation
): StoredPolicy {
    const row = { action, origin, policy } as Mutable<StoredPolicy>;
    if (template) row.template = template;
    if (source) row.source = source;
    row.resource = resource;
    if (derivation) row.derivation = derivation;
    return row;
}

/** A row spol adds on its own (`derivation`): resource, action, origin, derivation, then the source when known. */
function derivedRow(resource: string, action: string, origin: Origin, derivation: Derivation, source: Source | undefined): StoredPolicy {
    return source ? { resource, action, origin, derivation, source } : { resource, action, origin, derivation };
}

/**
 * A resource that starts with `/tools/` in any case: the only ones toolTablesOf expands. The same
 * test as lower-casing first: no character but `T`, `O`, `L`, `S` lower-cases to one of `tools`.
 */
const TOOLS_PREFIX = /^\/tools\//i;

/** `/tools/<name>` → its tables; `/tools/%` → every tool table; otherwise undefined. */
export function toolTablesOf(resource: string): readonly string[] | undefined {
    // Most resources are not tools: answered without lower-casing (and copying) the resource.
    if (!TOOLS_PREFIX.test(resource)) return undefined;
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
    const access = rows.find((row) => foldsTo(row.resource, COLLECTION_ACCESS_RESOURCE) && foldsTo(row.action, COLLECTION_ACCESS_ACTION));
    if (!access) return undefined;
    const hasField = rows.some((row) => row.action === '%' && foldsTo(row.resource, FIELD_WILDCARD_RESOURCE));
    return hasField ? undefined : access;
}

/**
 * `text.toLowerCase() === lower`, for an ASCII `lower`, without lower-casing (and copying) most
 * texts: only one character changes length when lower-cased (U+0130, into `i` and a combining
 * dot, not ASCII), so a text of another length never lower-cases to an ASCII string of this one.
 */
function foldsTo(text: string, lower: string): boolean {
    return text.length === lower.length && (text === lower || text.toLowerCase() === lower);
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
    return [...rows, derivedRow(FIELD_WILDCARD_RESOURCE, '%', origin, 'field-wildcard', access.source)];
}

/**
 * Name lookups and stored rows for a model, computed lazily and cached. Names that appear twice
 * resolve to the first declaration (duplicates are a lint error).
 *
 * An index may take over the rows of an earlier one (`previous`, the editor's lint after an edit:
 * lint/carried-lint.ts): the models of one workspace share every element the edit left alone, the
 * very objects, and rows are a function of those objects, so they are taken rather than built
 * again, and caches keyed by the frozen row arrays (lint/access.ts, lossy.ts) keep their answers:
 * - a user's own rows (institution level, per collection) depend on the user alone;
 * - a library role's rows depend on the library role alone;
 * - a role's rows in a collection depend on the role and on the library roles its `from library`
 *   names resolve to, so they are taken only when every name resolves to the same object in both.
 * `release` lets go of the earlier index once the caller is done asking, so that indexes do not
 * chain; what this one took over or built is what the next one can take.
 */
export class ModelIndex {
    readonly collections = new Map<string, Collection>();
    readonly divisions = new Map<string, Division>();
    readonly users = new Map<string, User>();
    readonly roles = new Map<string, Role>();
    readonly libraryRoles = new Map<string, LibraryRole>();
    // Keyed by the element itself, not its name: duplicate names (a lint error) must not share rows.
    private readonly institutionRowCache = new Map<User, readonly StoredPolicy[]>();
    // Per-user answers are kept by collection, then user: a few large maps rather than a small map
    // per user, which at institution scale cost more memory (and garbage collection) than the rows.
    private readonly collectionUserRowCache = new Map<string, Map<User, readonly StoredPolicy[]>>();
    private readonly roleRowCache = new Map<Role, Map<string, readonly StoredPolicy[]>>();
    private readonly libraryRoleRowCache = new Map<LibraryRole, readonly LibraryRolePolicy[]>();
    private readonly rolesHeldCache = new Map<string, Map<User, readonly Role[]>>();
    /** One frozen single-role list per role, shared by every user who holds just that role in a collection. */
    private readonly onlyRole = new Map<Role, readonly Role[]>();
    private holderIndex: Map<Role, readonly User[]> | undefined;
    private previous: ModelIndex | undefined;

    constructor(
        readonly model: PolicyModel,
        previous?: ModelIndex
    ) {
        this.previous = previous;
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

    /**
     * Stops taking rows over from the earlier index (see the class comment). The rows of role copies
     * and library roles of this model that no question asked for this time are taken over first (as
     * asking would take them): they are few, and a lint that carries what it found in the roles asks
     * for none of them, while the next edit of a role asks for nearly all.
     */
    release(): void {
        const previous = this.previous;
        if (!previous) return;
        const roles = new Set(this.model.roles);
        for (const [role, copies] of previous.roleRowCache) {
            if (!roles.has(role)) continue;
            const mine = innerMap(this.roleRowCache, role);
            for (const collection of copies.keys()) {
                const rows = mine.has(collection) ? undefined : this.roleRowsOfPrevious(role, collection);
                if (rows) mine.set(collection, rows);
            }
        }
        const libraryRoles = new Set(this.model.libraryRoles);
        for (const [role, rows] of previous.libraryRoleRowCache) if (libraryRoles.has(role) && !this.libraryRoleRowCache.has(role)) this.libraryRoleRowCache.set(role, rows);
        this.previous = undefined;
    }

    /** Institution-level rows of a user (`collection_id` NULL). */
    institutionRows(user: User): readonly StoredPolicy[] {
        let rows = this.institutionRowCache.get(user);
        if (!rows && (rows = this.previous?.institutionRowCache.get(user))) this.institutionRowCache.set(user, rows);
        if (!rows) {
            const origin: Origin = { kind: 'institution-user', user: user.name };
            const list: StoredPolicy[] = [];
            if (user.institutionAdmin) list.push(derivedRow('%', '%', origin, 'institution-admin', user.institutionAdmin.source));
            for (const policy of user.institutionPolicies) pushRowsOfPolicy(list, policy, origin);
            rows = list.length === 0 ? NO_ROWS : Object.freeze(onePerKey(list));
            this.institutionRowCache.set(user, rows);
        }
        return rows;
    }

    /** The user's own rows in one collection, from every grant that names it. */
    collectionUserRows(user: User, collection: string): readonly StoredPolicy[] {
        const perUser = innerMap(this.collectionUserRowCache, collection);
        let rows = perUser.get(user);
        if (!rows && (rows = this.previous?.collectionUserRowCache.get(collection)?.get(user))) perUser.set(user, rows);
        if (!rows) {
            const origin: Origin = { kind: 'collection-user', user: user.name, collection };
            let list: StoredPolicy[] = [];
            for (const grant of user.collections) {
                if (grant.collection.name !== collection) continue;
                if (grant.access) list.push(derivedRow(COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION, origin, 'collection-access', grant.access.source));
                for (const policy of grant.policies) pushRowsOfPolicy(list, policy, origin);
            }
            const without = user.collections.find((grant) => grant.collection.name === collection && grant.without)?.without;
            list = withFieldWildcard(list, origin, without);
            rows = list.length === 0 ? NO_ROWS : Object.freeze(onePerKey(list));
            perUser.set(user, rows);
        }
        return rows;
    }

    /**
     * Rows of the copy of `role` in `collection`: templates' policies first (in `from library`
     * order), then the role's own. Empty when the role is not declared for that collection.
     */
    roleRows(role: Role, collection: string): readonly StoredPolicy[] {
        const perRole = innerMap(this.roleRowCache, role);
        let rows = perRole.get(collection);
        if (!rows && (rows = this.roleRowsOfPrevious(role, collection))) perRole.set(collection, rows);
        if (!rows) {
            const origin: Origin = { kind: 'role', role: role.name, collection };
            let list: StoredPolicy[] = [];
            if (role.collections.some((ref) => ref.name === collection)) {
                for (const ref of role.templates) {
                    const template = this.libraryRoles.get(ref.name);
                    if (!template) continue;
                    for (const policy of template.policies) pushRowsOfPolicy(list, policy, origin, template.name);
                }
                for (const policy of role.policies) pushRowsOfPolicy(list, policy, origin);
                list = onePerKey(withFieldWildcard(list, origin, role.without));
            }
            rows = Object.freeze(list);
            perRole.set(collection, rows);
        }
        return rows;
    }

    /** The earlier index's rows of the role copy, when its library roles are the same objects here. */
    private roleRowsOfPrevious(role: Role, collection: string): readonly StoredPolicy[] | undefined {
        const previous = this.previous;
        const rows = previous?.roleRowCache.get(role)?.get(collection);
        if (!rows) return undefined;
        for (const ref of role.templates) if (this.libraryRoles.get(ref.name) !== previous!.libraryRoles.get(ref.name)) return undefined;
        return rows;
    }

    /**
     * Rows of a library role (`splibraryrolepolicy`), as the library role editor saves them: its
     * policies with `/tools/...` expanded, and `/field/%` added when it holds collection access.
     * Library roles are never evaluated, so the rows have no holder (`Origin`).
     */
    libraryRoleRows(role: LibraryRole): readonly LibraryRolePolicy[] {
        let rows = this.libraryRoleRowCache.get(role);
        if (!rows && (rows = this.previous?.libraryRoleRowCache.get(role))) this.libraryRoleRowCache.set(role, rows);
        if (!rows) {
            // The same expansion as a role copy's rows, built with a placeholder holder that is then dropped.
            const origin: Origin = { kind: 'role', role: role.name, collection: '' };
            let list: StoredPolicy[] = [];
            for (const policy of role.policies) pushRowsOfPolicy(list, policy, origin);
            list = onePerKey(withFieldWildcard(list, origin, role.without));
            rows = Object.freeze(list.map(({ origin: _holder, ...row }): LibraryRolePolicy => ({ ...row, libraryRole: role.name })));
            this.libraryRoleRowCache.set(role, rows);
        }
        return rows;
    }

    /**
     * Whether a grant of the user in the collection says `access`: their own rows there then hold
     * `/system/sp7/collection` `access`. Answered without building the rows.
     */
    grantsAccessIn(user: User, collection: string): boolean {
        return user.collections.some((grant) => grant.collection.name === collection && grant.access !== undefined);
    }

    /**
     * Whether a grant of the user in the collection writes a policy. When none does, their own rows
     * there are only those its keywords store, so a request that keywordRowsGrant refuses is granted
     * by none of them: a question asked of every user skips the rows of the many who only hold roles.
     */
    writesPoliciesIn(user: User, collection: string): boolean {
        return user.collections.some((grant) => grant.collection.name === collection && grant.policies.length > 0);
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
        const perUser = innerMap(this.rolesHeldCache, collection);
        let held = perUser.get(user);
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
            held = list.length === 0 ? NO_ROLES : list.length === 1 ? this.onlyRoleList(list[0]!) : Object.freeze(list);
            perUser.set(user, held);
        }
        return held;
    }

    private onlyRoleList(role: Role): readonly Role[] {
        let list = this.onlyRole.get(role);
        if (!list) this.onlyRole.set(role, (list = Object.freeze([role])));
        return list;
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

/**
 * Whether a row that a grant's keywords store (collection access, the field wildcard beside it)
 * could grant the request: with no policy written, a user's own rows in a collection are only these.
 */
export function keywordRowsGrant(resource: string, action: string): boolean {
    return (
        (like(resource, COLLECTION_ACCESS_RESOURCE) && like(action, COLLECTION_ACCESS_ACTION)) ||
        (like(resource, FIELD_WILDCARD_RESOURCE) && like(action, '%'))
    );
}

/**
 * Shared empty answers: most users hold no institution-level rows, and an empty set is the same
 * set whoever holds it (caches keyed by a row set's identity depend on its content alone).
 */
const NO_ROWS: readonly StoredPolicy[] = Object.freeze([]);
const NO_ROLES: readonly Role[] = Object.freeze([]);

function setFirst<T>(map: Map<string, T>, key: string, value: T): void {
    if (!map.has(key)) map.set(key, value);
}
