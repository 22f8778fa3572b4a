/**
 * Role copies as Specify stores them (one per collection) become spol roles: equal copies one role
 * declared in each collection, every role storing exactly its copies' rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectionRoleBodies } from '../../../engine/interchange/rest-shapes.js';
import { serverPoliciesOf } from '../../../engine/interchange/export-file.js';
import { rolesOfCopies, type RoleCopy } from '../../../engine/interchange/role-copies.js';
import { ModelIndex } from '../../../engine/model/stored.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';

const read: RoleCopy['rows'] = [['/table/%', ['read']]];

describe('rolesOfCopies', () => {
    it('equal copies in several collections are one role; a copy that differs is a role of its own', () => {
        const { roles, roleOf } = rolesOfCopies(
            [
                { collection: 'A', name: 'Data Entry', description: 'Enters data', rows: read },
                { collection: 'B', name: 'Data Entry', description: 'Enters data', rows: read },
                { collection: 'C', name: 'Data Entry', description: 'Enters data', rows: [['/table/%', ['read', 'update']]] },
                { collection: 'A', name: 'Data Entry', description: 'Enters data', rows: read },
                { collection: 'A', name: 'Reader', description: '', rows: [['/system/sp7/collection', ['access']]] }
            ],
            ['DataEntry']
        );
        expect(roles.map((r) => [r.name, r.title, r.collections.map((c) => c.name)])).toEqual([
            ['DataEntry2', 'Data Entry', ['A', 'B']],
            ['DataEntry3', 'Data Entry', ['C']],
            ['DataEntry4', 'Data Entry', ['A']],
            ['Reader', undefined, ['A']]
        ]);
        expect(roleOf.map((r) => r.name)).toEqual(['DataEntry2', 'DataEntry2', 'DataEntry3', 'DataEntry4', 'Reader']);
        // Access without the field wildcard Specify's UI adds: stored as given.
        expect(roles[3]).toMatchObject({ without: { resource: '/field/%' } });
        expect(roles[0]).toMatchObject({ description: 'Enters data', policies: [{ resource: '/table/%', actions: [{ name: 'read' }] }] });
    });

    it('for random models, every copy of the roles made stores exactly the copy it came from', () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const index = new ModelIndex(model);
                const copies: RoleCopy[] = index.collectionNames().flatMap((collection) =>
                    collectionRoleBodies(index, collection).roles.map((body) => ({
                        collection,
                        name: body.name,
                        description: body.description,
                        rows: Object.entries(body.policies)
                    }))
                );
                const { roles, roleOf } = rolesOfCopies(copies);
                const made = new ModelIndex({ ...model, roles: [...roles] });
                copies.forEach((copy, i) => {
                    expect(Object.entries(serverPoliciesOf(made.roleRows(roleOf[i]!, copy.collection)))).toEqual(copy.rows);
                });
                expect(roles.flatMap((r) => r.collections).length).toBe(copies.length);
            }),
            { numRuns: 300 }
        );
    });
});
