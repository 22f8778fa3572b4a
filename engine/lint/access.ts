/**
 * What a user effectively holds, read from the rows Specify would store (ModelIndex): which
 * collections they can enter, whether they are Institution Admin, and which rows grant a request.
 * Cached per index, since several rules ask the same questions.
 */
import { like } from '../like.js';
import type { User } from '../model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type ModelIndex, type StoredPolicy } from '../model/stored.js';

/** Rows whose resource and action patterns match the concrete request. */
export function rowsGranting(rows: readonly StoredPolicy[], resource: string, action: string): StoredPolicy[] {
    return rows.filter((row) => like(resource, row.resource) && like(action, row.action));
}

/** Every row that counts for a check in `collection`: institution-level, the user's own there, and held roles there. */
export function rowsInCollection(index: ModelIndex, user: User, collection: string): StoredPolicy[] {
    const rows = [...index.institutionRows(user), ...index.collectionUserRows(user, collection)];
    for (const role of index.rolesHeld(user, collection)) rows.push(...index.roleRows(role, collection));
    return rows;
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
        const everywhere = grantsAccess(index.institutionRows(user));
        const granted = new Set(user.collections.map((grant) => grant.collection.name));
        list = Object.freeze(
            index
                .collectionNames()
                .filter((collection) => everywhere || (granted.has(collection) && grantsAccess(rowsInCollection(index, user, collection))))
        );
        perUser.set(user, list);
    }
    return list;
}

function grantsAccess(rows: readonly StoredPolicy[]): boolean {
    return rows.some((row) => like(COLLECTION_ACCESS_RESOURCE, row.resource) && like(COLLECTION_ACCESS_ACTION, row.action));
}

export function canEnter(index: ModelIndex, user: User, collection: string): boolean {
    return enteredCollections(index, user).includes(collection);
}

/** Specify's `is_admin()` (ModelIndex answers it from the institution-level rows). */
export function isInstitutionAdmin(index: ModelIndex, user: User): boolean {
    return index.isInstitutionAdmin(user);
}
