/**
 * lossyConversions remembers its findings per frozen row set (ModelIndex's, which the editor's lint
 * takes over from run to run) and holder: asked again, for the same or another holder, after the
 * caller changed what it was given, it answers exactly as the plain definition (lossy-reference.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossyConversions, lossyFindings, type LossyHolder, type LossyRow } from '../../../engine/interchange/lossy.js';
import { ModelIndex } from '../../../engine/model/stored.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';
import { referenceLossyConversions, referenceLossyFindings } from './lossy-reference.js';

const HOLDERS: readonly LossyHolder[] = [
    { kind: 'role', role: 'R1', collection: 'C1' },
    { kind: 'role', role: 'R1', collection: 'C2' },
    { kind: 'library-role', role: 'R1' }
];

describe('lossy findings of frozen row sets', () => {
    it('are the plain definition for every row set of random models, asked twice, for several holders', () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const index = new ModelIndex(model);
                const sets: (readonly LossyRow[])[] = [...model.libraryRoles.map((role) => index.libraryRoleRows(role))];
                for (const role of model.roles) for (const collection of index.collectionNames()) sets.push(index.roleRows(role, collection));
                for (const rows of sets) {
                    expect(Object.isFrozen(rows)).toBe(true);
                    for (const holder of [...HOLDERS, ...HOLDERS]) {
                        const found = lossyConversions(rows, holder);
                        expect(found).toEqual(referenceLossyConversions(rows, holder));
                        found.length = 0; // the caller's to change: the next answer is whole
                    }
                }
                expect(lossyFindings(index)).toEqual(referenceLossyFindings(model));
                expect(lossyFindings(index)).toEqual(referenceLossyFindings(model));
            }),
            { numRuns: 300 }
        );
    });
});
