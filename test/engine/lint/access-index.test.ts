/**
 * The lint's questions about who holds and enters what are answered from indexes built once
 * (ModelIndex.roleHolders, enteredCollections' shortcut for collections a user has no grant in).
 * On random models they must equal the plain definitions: every user and collection asked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enteredCollections, firstGrantingAtInstitution, firstGrantingInCollection, rowsGranting, rowsInCollection } from '../../../engine/lint/access.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, ModelIndex } from '../../../engine/model/stored.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';

const TARGETS = [
    [COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION],
    ['/permissions/policies/user', 'update'],
    ['/table/agent', 'read'],
    ['/Table/Agent', 'READ']
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
