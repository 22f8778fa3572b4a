/**
 * The lint's questions about who holds and enters what are answered from indexes built once
 * (ModelIndex.roleHolders, enteredCollections' shortcut for collections a user has no grant in),
 * and a user's own rows are skipped where they cannot grant the request (lint/access.ts).
 * On random models they must equal the plain definitions: every user and collection asked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enteredCollections, firstGrantingAtInstitution, firstGrantingInCollection, firstGrantingInCollectionRows, lintRequest } from '../../../engine/lint/access.js';
import { like } from '../../../engine/like.js';
import type { User } from '../../../engine/model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, ModelIndex, type StoredPolicy } from '../../../engine/model/stored.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';

/** The plain definitions: rows whose patterns match the request. */
function rowsGranting(rows: readonly StoredPolicy[], resource: string, action: string): StoredPolicy[] {
    return rows.filter((row) => like(resource, row.resource) && like(action, row.action));
}

/** Every row that counts in `collection`: institution-level, the user's own there, then held roles there. */
function rowsInCollection(index: ModelIndex, user: User, collection: string): StoredPolicy[] {
    return [...index.institutionRows(user), ...collectionRows(index, user, collection)];
}

/** The rows that count in `collection` but the institution-level ones: the user's own there, then held roles there. */
function collectionRows(index: ModelIndex, user: User, collection: string): StoredPolicy[] {
    const rows = [...index.collectionUserRows(user, collection)];
    for (const role of index.rolesHeld(user, collection)) rows.push(...index.roleRows(role, collection));
    return rows;
}

const TARGETS = [
    [COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION],
    ['/permissions/policies/user', 'update'],
    ['/table/agent', 'read'],
    ['/Table/Agent', 'READ'],
    // Granted by the `/field/%` `%` that collection access adds: a row no policy writes.
    ['/field/agent/lastname', 'update']
] as const;

describe('indexes of holding and entering', () => {
    it('equal the plain definitions on random models', () => {
        let held = 0;
        let entered = 0;
        let granting = 0;
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const index = new ModelIndex(model);
                for (const role of model.roles) {
                    const plain = model.users.filter((user) => role.collections.some((c) => index.rolesHeld(user, c.name).includes(role)));
                    expect(index.roleHolders(role)).toEqual(plain);
                    held += plain.length;
                }
                for (const user of model.users) {
                    const plain = index
                        .collectionNames()
                        .filter((c) => rowsGranting(rowsInCollection(index, user, c), COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION).length > 0);
                    expect(enteredCollections(index, user)).toEqual(plain);
                    entered += plain.length;
                    // The first granting row, remembered per row set, for the requests the rules ask.
                    for (const [resource, action] of TARGETS) {
                        expect(firstGrantingAtInstitution(index, user, resource, action)).toBe(rowsGranting(index.institutionRows(user), resource, action)[0]);
                        for (const c of index.collectionNames()) {
                            const first = rowsGranting(rowsInCollection(index, user, c), resource, action)[0];
                            expect(firstGrantingInCollection(index, user, c, resource, action)).toBe(first);
                            if (first) granting++;
                            const afterInstitution = rowsGranting(collectionRows(index, user, c), resource, action)[0];
                            expect(firstGrantingInCollectionRows(index, user, c, lintRequest(resource, action))).toBe(afterInstitution);
                        }
                    }
                }
            }),
            { numRuns: 1000 }
        );
        expect(held).toBeGreaterThan(200);
        expect(entered).toBeGreaterThan(200);
        expect(granting).toBeGreaterThan(200);
    });
});
