/**
 * planChanges(tables, model) → the changes that make a Specify database (the rows read now,
 * read-tables.ts) hold exactly the rows a workspace stores (engine/model/stored.ts): rows to insert
 * and delete in spuserpolicy, sprolepolicy, spuserrole and splibraryrolepolicy, and collection
 * roles and library roles to create, update or delete. Rows that stay are left alone: a holder's
 * row whose resource and action (exact text) the workspace still stores is kept, never deleted and
 * inserted again.
 *
 * Workspace elements are matched to database rows by name: users by their name (the login name,
 * specifyuser.Name; a user's title is only a label), collections, roles and library roles by the
 * name Specify shows (`title`, else the name): CollectionName, a role's name within its
 * collection, a library role's name. A role (or library role) the database holds under another
 * name, with exactly the rows the workspace stores for a role it does not find by name, is the
 * same role renamed: an update of its name (and description) keeping its id. Users, agents and
 * collections are never created or deleted: a workspace user or collection the database does not
 * hold refuses the plan (PlanRefusal). A database user the workspace does not declare holds no
 * rows afterwards, and a database collection it does not declare no roles, as exactness demands;
 * both show in the effective changes. Rows for every user (`specifyuser_id` NULL, semantics.md
 * §2.5) are no workspace's to state: they are left as they are.
 *
 * Before anything is proposed, the result is checked as Specify's server checks what it is sent
 * (plan-invariants.ts); a violation refuses the plan with Specify's own reason.
 */
import { specifyName } from '../engine/interchange/numbering.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { ModelIndex } from '../engine/model/stored.js';
import { tablesDigest } from './plan-digest.js';
import { checkInvariants } from './plan-invariants.js';
import {
    PLAN_FORMAT,
    type LibraryRoleCreate,
    type Plan,
    type RoleCreate,
    type RoleDelete,
    type RolePolicyInsert,
    type RoleRef,
    type RoleUpdate,
    type RowDelete,
    type UserPolicyInsert,
    type UserRoleInsert
} from './plan-types.js';
import type {
    SpLibraryRolePolicyRow,
    SpLibraryRoleRow,
    SpRolePolicyRow,
    SpRoleRow,
    SpUserPolicyRow,
    SpUserRoleRow,
    SpecifyTables
} from './specify-tables.js';
import { groupBy } from './group-by.js';

/** A plan that cannot be made: each reason is one sentence naming what the workspace or database holds. */
export class PlanRefusal extends Error {
    constructor(readonly reasons: readonly string[]) {
        super(reasons.join(' '));
        this.name = 'PlanRefusal';
    }
}

/** A (resource, action) pair, as stored. */
interface Pair {
    readonly resource: string;
    readonly action: string;
}

/** How workspace names meet database ids: what the plan was matched on. */
export interface Matching {
    /** Workspace collection name → collection id, and back. */
    readonly collectionId: ReadonlyMap<string, number>;
    readonly collectionName: ReadonlyMap<number, string>;
    /** Workspace user name → specifyuser id, and back. */
    readonly userId: ReadonlyMap<string, number>;
    readonly userName: ReadonlyMap<number, string>;
    /** Database role id → the workspace role (name) it is matched to, for roles kept. */
    readonly roleOf: ReadonlyMap<number, string>;
    readonly libraryRoleOf: ReadonlyMap<number, string>;
}

export interface PlanResult {
    readonly plan: Plan;
    readonly matching: Matching;
}

export function planChanges(tables: SpecifyTables, model: PolicyModel): PlanResult {
    const index = new ModelIndex(model);
    const refusals: string[] = [];

    // ---------------------------------------------------------------- users and collections
    const collectionId = new Map<string, number>();
    const collectionName = new Map<number, string>();
    const dbCollections = groupBy(tables.collection, (row) => row.CollectionName ?? '');
    for (const collection of index.collections.values()) {
        const shown = specifyName(collection);
        const rows = dbCollections.get(shown) ?? [];
        if (rows.length === 0) {
            refusals.push(`collection ${collection.name} ("${shown}") is not in the database: spol never creates collections, so create it in Specify first.`);
        } else if (rows.length > 1) {
            refusals.push(`collection ${collection.name}: the database holds ${rows.length} collections named "${shown}" (ids ${rows.map((r) => r.UserGroupScopeId).join(', ')}), so which one is meant is unclear.`);
        } else {
            collectionId.set(collection.name, rows[0]!.UserGroupScopeId);
            collectionName.set(rows[0]!.UserGroupScopeId, collection.name);
        }
    }
    for (const row of tables.collection) if (!collectionName.has(row.UserGroupScopeId)) collectionName.set(row.UserGroupScopeId, row.CollectionName ?? `#${row.UserGroupScopeId}`);

    const userId = new Map<string, number>();
    const userName = new Map<number, string>();
    const dbUsers = groupBy(tables.specifyuser, (row) => row.Name);
    for (const user of index.users.values()) {
        // A user's name is their Specify login name (specifyuser.Name); the title is only a label.
        const rows = dbUsers.get(user.name) ?? [];
        if (rows.length === 0) {
            refusals.push(`user ${user.name} is not in the database: spol never creates users, so add them in Specify first.`);
        } else if (rows.length > 1) {
            refusals.push(`user ${user.name}: the database holds ${rows.length} users named "${user.name}", so which one is meant is unclear.`);
        } else {
            userId.set(user.name, rows[0]!.SpecifyUserID);
            userName.set(rows[0]!.SpecifyUserID, user.name);
        }
    }
    for (const row of tables.specifyuser) if (!userName.has(row.SpecifyUserID)) userName.set(row.SpecifyUserID, row.Name);

    // Roles may be assigned only in their own collection (Specify's user_roles PUT asserts it).
    for (const user of index.users.values()) {
        for (const grant of user.collections) {
            for (const ref of grant.roles) {
                const role = index.roles.get(ref.name);
                if (!role) {
                    refusals.push(`user ${user.name} is given role ${ref.name} in ${grant.collection.name}, but no role ${ref.name} is declared.`);
                } else if (!role.collections.some((c) => c.name === grant.collection.name)) {
                    refusals.push(
                        `user ${user.name} is given role ${role.name} in ${grant.collection.name}, but the role is declared only in ${role.collections.map((c) => c.name).join(', ') || 'no collection'}: ` +
                            `Specify assigns a role only in its own collection (its user_roles PUT fails: assert not Role.objects.filter(id__in=...).exclude(collection_id=collectionid).exists()).`
                    );
                }
            }
        }
    }
    if (refusals.length > 0) throw new PlanRefusal(refusals);

    // ---------------------------------------------------------------- user policies
    const insertUserPolicies: UserPolicyInsert[] = [];
    const deleteUserPolicies: RowDelete<SpUserPolicyRow>[] = [];
    const heldPolicies = groupBy(
        tables.spuserpolicy.filter((row) => row.specifyuser_id !== null),
        (row) => holderKey(row.specifyuser_id!, row.collection_id)
    );
    const wanted = new Map<string, { user: string; uid: number; cid: number | null; collection?: string; pairs: Pair[] }>();
    for (const user of index.users.values()) {
        const uid = userId.get(user.name)!;
        wanted.set(holderKey(uid, null), { user: user.name, uid, cid: null, pairs: [...index.institutionRows(user)] });
        for (const [collection, cid] of collectionId) {
            wanted.set(holderKey(uid, cid), { user: user.name, uid, cid, collection, pairs: [...index.collectionUserRows(user, collection)] });
        }
    }
    for (const key of unionKeys(wanted, heldPolicies)) {
        const want = wanted.get(key);
        const held = heldPolicies.get(key) ?? [];
        const first = held[0];
        const holder = want
            ? { user: want.user, ...(want.collection !== undefined && { collection: want.collection }) }
            : { user: userName.get(first!.specifyuser_id!)!, ...(first!.collection_id !== null && { collection: collectionName.get(first!.collection_id)! }) };
        const { keep: _keep, insert, remove } = diffPairs(held, want?.pairs ?? []);
        for (const row of remove) deleteUserPolicies.push({ ...holder, row });
        for (const pair of insert) {
            insertUserPolicies.push({ ...holder, collection_id: want!.cid, specifyuser_id: want!.uid, resource: pair.resource, action: pair.action });
        }
    }

    // ---------------------------------------------------------------- collection roles
    const roleCreates: RoleCreate[] = [];
    const roleUpdates: RoleUpdate[] = [];
    const roleDeletes: RoleDelete<SpRoleRow>[] = [];
    const insertRolePolicies: RolePolicyInsert[] = [];
    const deleteRolePolicies: RowDelete<SpRolePolicyRow>[] = [];
    const rolePolicies = groupBy(tables.sprolepolicy, (row) => row.role_id);
    /** `role\0collection` → where the copy lives afterwards. */
    const copyRef = new Map<string, RoleRef>();
    const roleOf = new Map<number, string>();
    const dbRolesByCollection = groupBy(tables.sprole, (row) => row.collection_id);
    const deletedRoles = new Set<number>();
    for (const cid of new Set([...collectionName.keys(), ...dbRolesByCollection.keys()])) {
        const collection = collectionName.get(cid) ?? `#${cid}`;
        const copies: Copy[] = [];
        if (index.collections.has(collection) && collectionId.get(collection) === cid) {
            for (const role of index.roles.values()) {
                if (!role.collections.some((ref) => ref.name === collection)) continue;
                copies.push({ name: role.name, shown: specifyName(role), description: role.description ?? '', pairs: index.roleRows(role, collection) });
            }
        }
        const matches = matchRoles(copies, dbRolesByCollection.get(cid) ?? [], rolePolicies);
        for (const { copy, row } of matches.pairs) {
            copyRef.set(`${copy.name}\u0000${collection}`, { id: row.id });
            roleOf.set(row.id, copy.name);
            if (row.name !== copy.shown || row.description !== copy.description) {
                roleUpdates.push({ id: row.id, from: { name: row.name, description: row.description }, to: { name: copy.shown, description: copy.description }, role: copy.name, collection });
            }
            const { insert, remove } = diffPairs(rolePolicies.get(row.id) ?? [], copy.pairs);
            for (const old of remove) deleteRolePolicies.push({ role: copy.name, collection, row: old });
            for (const pair of insert) insertRolePolicies.push({ role: copy.name, collection, role_id: { id: row.id }, ...pairOf(pair) });
        }
        for (const copy of matches.created) {
            const key = `role ${copy.name} in ${collection}`;
            copyRef.set(`${copy.name}\u0000${collection}`, { new: key });
            roleCreates.push({ key, collection_id: cid, name: copy.shown, description: copy.description, role: copy.name, collection });
            for (const pair of onePerPair(copy.pairs)) insertRolePolicies.push({ role: copy.name, collection, role_id: { new: key }, ...pairOf(pair) });
        }
        for (const row of matches.deleted) {
            deletedRoles.add(row.id);
            roleDeletes.push({ row, role: row.name, collection });
            for (const old of rolePolicies.get(row.id) ?? []) deleteRolePolicies.push({ role: row.name, collection, row: old });
        }
    }

    // ---------------------------------------------------------------- role assignments
    const insertUserRoles: UserRoleInsert[] = [];
    const deleteUserRoles: RowDelete<SpUserRoleRow>[] = [];
    const roleRow = new Map(tables.sprole.map((row) => [row.id, row]));
    const wantedRoles = new Map<number, { user: string; refs: { ref: RoleRef; role: string; collection: string }[] }>();
    for (const user of index.users.values()) {
        const refs: { ref: RoleRef; role: string; collection: string }[] = [];
        for (const collection of collectionId.keys()) {
            for (const role of index.rolesHeld(user, collection)) refs.push({ ref: copyRef.get(`${role.name}\u0000${collection}`)!, role: role.name, collection });
        }
        wantedRoles.set(userId.get(user.name)!, { user: user.name, refs });
    }
    const kept = new Set<string>();
    for (const row of tables.spuserrole) {
        const role = roleRow.get(row.role_id);
        const collection = role ? collectionName.get(role.collection_id) : undefined;
        const holder = { user: userName.get(row.specifyuser_id) ?? `#${row.specifyuser_id}`, role: roleOf.get(row.role_id) ?? role?.name ?? `#${row.role_id}`, ...(collection !== undefined && { collection }) };
        const key = `${row.specifyuser_id}\u0000${row.role_id}`;
        const want = wantedRoles.get(row.specifyuser_id);
        const stays = !deletedRoles.has(row.role_id) && !kept.has(key) && want?.refs.some(({ ref }) => 'id' in ref && ref.id === row.role_id);
        if (stays) kept.add(key);
        else deleteUserRoles.push({ ...holder, row });
    }
    for (const [uid, want] of wantedRoles) {
        for (const { ref, role, collection } of want.refs) {
            if ('id' in ref && kept.has(`${uid}\u0000${ref.id}`)) continue;
            insertUserRoles.push({ user: want.user, role, collection, specifyuser_id: uid, role_id: ref });
        }
    }

    // ---------------------------------------------------------------- library roles
    const libraryCreates: LibraryRoleCreate[] = [];
    const libraryUpdates: RoleUpdate[] = [];
    const libraryDeletes: RoleDelete<SpLibraryRoleRow>[] = [];
    const insertLibraryPolicies: RolePolicyInsert[] = [];
    const deleteLibraryPolicies: RowDelete<SpLibraryRolePolicyRow>[] = [];
    const libraryOf = new Map<number, string>();
    const libraryPolicies = groupBy(tables.splibraryrolepolicy, (row) => row.role_id);
    const templates: Copy[] = [...index.libraryRoles.values()].map((role) => ({
        name: role.name,
        shown: specifyName(role),
        description: role.description ?? '',
        pairs: index.libraryRoleRows(role)
    }));
    const library = matchRoles(templates, tables.splibraryrole, libraryPolicies);
    for (const { copy, row } of library.pairs) {
        libraryOf.set(row.id, copy.name);
        if (row.name !== copy.shown || row.description !== copy.description) {
            libraryUpdates.push({ id: row.id, from: { name: row.name, description: row.description }, to: { name: copy.shown, description: copy.description }, role: copy.name });
        }
        const { insert, remove } = diffPairs(libraryPolicies.get(row.id) ?? [], copy.pairs);
        for (const old of remove) deleteLibraryPolicies.push({ libraryRole: copy.name, row: old });
        for (const pair of insert) insertLibraryPolicies.push({ libraryRole: copy.name, role_id: { id: row.id }, ...pairOf(pair) });
    }
    for (const copy of library.created) {
        const key = `library role ${copy.name}`;
        libraryCreates.push({ key, name: copy.shown, description: copy.description, libraryRole: copy.name });
        for (const pair of onePerPair(copy.pairs)) insertLibraryPolicies.push({ libraryRole: copy.name, role_id: { new: key }, ...pairOf(pair) });
    }
    for (const row of library.deleted) {
        libraryDeletes.push({ row, role: row.name });
        for (const old of libraryPolicies.get(row.id) ?? []) deleteLibraryPolicies.push({ libraryRole: row.name, row: old });
    }

    const plan: Plan = {
        format: PLAN_FORMAT,
        digest: tablesDigest(tables),
        roles: { create: roleCreates, update: roleUpdates, delete: roleDeletes },
        libraryRoles: { create: libraryCreates, update: libraryUpdates, delete: libraryDeletes },
        insert: { spuserpolicy: insertUserPolicies, sprolepolicy: insertRolePolicies, spuserrole: insertUserRoles, splibraryrolepolicy: insertLibraryPolicies },
        delete: { spuserpolicy: deleteUserPolicies, sprolepolicy: deleteRolePolicies, spuserrole: deleteUserRoles, splibraryrolepolicy: deleteLibraryPolicies }
    };
    const matching: Matching = { collectionId, collectionName, userId, userName, roleOf, libraryRoleOf: libraryOf };
    const violations = checkInvariants(tables, plan);
    if (violations.length > 0) throw new PlanRefusal(violations);
    return { plan, matching };
}

/** A role copy (or library role) as the workspace stores it. */
interface Copy {
    /** The workspace's name. */
    readonly name: string;
    /** The name Specify shows (title, else name). */
    readonly shown: string;
    readonly description: string;
    readonly pairs: readonly Pair[];
}

/**
 * Pairs workspace copies with database roles of one place: first by name (the lowest id first),
 * then, among those left, a database role whose rows are exactly the copy's (as a set) is the same
 * role renamed. Copies left are created, database roles left are deleted.
 */
function matchRoles<Row extends { readonly id: number; readonly name: string }>(
    copies: readonly Copy[],
    rows: readonly Row[],
    policies: ReadonlyMap<number, readonly Pair[]>
): { pairs: { copy: Copy; row: Row }[]; created: Copy[]; deleted: Row[] } {
    const free = [...rows].sort((a, b) => a.id - b.id);
    const pairs: { copy: Copy; row: Row }[] = [];
    const unmatched: Copy[] = [];
    for (const copy of copies) {
        const at = free.findIndex((row) => row.name === copy.shown);
        if (at < 0) unmatched.push(copy);
        else pairs.push({ copy, row: free.splice(at, 1)[0]! });
    }
    const created: Copy[] = [];
    for (const copy of unmatched) {
        const set = pairSet(copy.pairs);
        const at = free.findIndex((row) => sameSet(pairSet(policies.get(row.id) ?? []), set));
        if (at < 0) created.push(copy);
        else pairs.push({ copy, row: free.splice(at, 1)[0]! });
    }
    return { pairs, created, deleted: free };
}

/**
 * The rows of one holder to keep, insert and delete: a held row stays when its exact (resource,
 * action) is wanted and no earlier held row already stands for it; the wanted pairs left are inserted.
 */
export function diffPairs<Row extends Pair>(held: readonly Row[], want: readonly Pair[]): { keep: Row[]; insert: Pair[]; remove: Row[] } {
    const wanted = new Map<string, Pair>();
    for (const pair of want) if (!wanted.has(pairKey(pair))) wanted.set(pairKey(pair), pair);
    const keep: Row[] = [];
    const remove: Row[] = [];
    const covered = new Set<string>();
    for (const row of held) {
        const key = pairKey(row);
        if (wanted.has(key) && !covered.has(key)) {
            covered.add(key);
            keep.push(row);
        } else remove.push(row);
    }
    const insert = [...wanted].filter(([key]) => !covered.has(key)).map(([, pair]) => pair);
    return { keep, insert, remove };
}

function onePerPair(pairs: readonly Pair[]): Pair[] {
    return diffPairs([], pairs).insert;
}

function pairOf(pair: Pair): Pair {
    return { resource: pair.resource, action: pair.action };
}

function pairKey(pair: Pair): string {
    return `${pair.resource}\u0000${pair.action}`;
}

function pairSet(pairs: readonly Pair[]): Set<string> {
    return new Set(pairs.map(pairKey));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
    if (a.size !== b.size) return false;
    for (const key of a) if (!b.has(key)) return false;
    return true;
}

function holderKey(uid: number, cid: number | null): string {
    return `${uid}|${cid ?? ''}`;
}

function unionKeys<K>(a: ReadonlyMap<K, unknown>, b: ReadonlyMap<K, unknown>): K[] {
    return [...new Set([...a.keys(), ...b.keys()])];
}
