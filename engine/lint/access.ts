/**
 * What a user effectively holds, read from the rows Specify would store (ModelIndex): which
 * collections they can enter, whether they are Institution Admin, and which rows grant a request.
 * Cached per index, since several rules ask the same questions.
 */
import { like } from '../like.js';
import type { User } from '../model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type ModelIndex, type StoredPolicy } from '../model/stored.js';

/**
 * The first row of a row set that grants the request, remembered per row set. ModelIndex hands out
 * the same frozen array for a role's rows in a collection to every holder, so a question about
 * thousands of users is asked once per role, not once per user.
 */
const firstGrants = new WeakMap<readonly StoredPolicy[], Map<string, StoredPolicy | null>>();

function firstGranting(rows: readonly StoredPolicy[], resource: string, action: string): StoredPolicy | undefined {
    if (rows.length === 0) return undefined;
    let answers = firstGrants.get(rows);
    if (!answers) firstGrants.set(rows, (answers = new Map()));
    const key = `${resource}\u0000${action}`;
    let row = answers.get(key);
    if (row === undefined) {
        row = rows.find((candidate) => like(resource, candidate.resource) && like(action, candidate.action)) ?? null;
        answers.set(key, row);
    }
    return row ?? undefined;
}

/**
 * The first row that grants the request among those that count in `collection`, in Specify's order:
 * institution-level, the user's own there, then each role held there.
 */
export function firstGrantingInCollection(index: ModelIndex, user: User, collection: string, resource: string, action: string): StoredPolicy | undefined {
    const found = firstGranting(index.institutionRows(user), resource, action) ?? firstGranting(index.collectionUserRows(user, collection), resource, action);
    if (found) return found;
    for (const role of index.rolesHeld(user, collection)) {
        const row = firstGranting(index.roleRows(role, collection), resource, action);
        if (row) return row;
    }
    return undefined;
}

/** The first institution-level row of the user that grants the request. */
export function firstGrantingAtInstitution(index: ModelIndex, user: User, resource: string, action: string): StoredPolicy | undefined {
    return firstGranting(index.institutionRows(user), resource, action);
}

const entered = new WeakMap<ModelIndex, Map<User, readonly string[]>>();

/** Collections (declaration order) where `/system/sp7/collection` `access` is granted through any source. */
export function enteredCollections(index: ModelIndex, user: User): readonly string[] {
    let perUser = entered.get(index);
    if (!perUser) {
        perUser = new Map();
        entered.set(index, perUser);
    }
    let list = perUser.get(user);
    if (!list) {
        // In a collection the user has no grant for, only their institution rows count: asked once.
        const everywhere = firstGrantingAtInstitution(index, user, COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION) !== undefined;
        const granted = new Set(user.collections.map((grant) => grant.collection.name));
        list = Object.freeze(
            index
                .collectionNames()
                .filter(
                    (collection) =>
                        everywhere ||
                        (granted.has(collection) && firstGrantingInCollection(index, user, collection, COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION) !== undefined)
                )
        );
        perUser.set(user, list);
    }
    return list;
}

export function canEnter(index: ModelIndex, user: User, collection: string): boolean {
    return enteredCollections(index, user).includes(collection);
}

/** Specify's `is_admin()` (ModelIndex answers it from the institution-level rows). */
export function isInstitutionAdmin(index: ModelIndex, user: User): boolean {
    return index.isInstitutionAdmin(user);
}
