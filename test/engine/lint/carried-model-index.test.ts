/**
 * The editor's lint carries rows from one run to the next (CarriedModelIndex): after any sequence of
 * models that share element objects, as a workspace's models do across keystrokes, every run gives
 * exactly the engine's plain lint of its model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../engine/lint/index.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import { carriedLint, CarriedModelIndex, RowStore } from '../../../engine/lint/carried-model-index.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';

/** Some elements of `kept` (the very objects) and some of `fresh`, in a random order. */
function mixed<T>(kept: readonly T[], fresh: readonly T[]): fc.Arbitrary<T[]> {
    return fc
        .tuple(
            fc.array(fc.boolean(), { minLength: kept.length, maxLength: kept.length }),
            fc.array(fc.boolean(), { minLength: fresh.length, maxLength: fresh.length }),
            fc.boolean()
        )
        .map(([keep, take, keptFirst]) => {
            const a = kept.filter((_, i) => keep[i]);
            const b = fresh.filter((_, i) => take[i]);
            return keptFirst ? [...a, ...b] : [...b, ...a];
        });
}

/** The next model of a session: elements of the previous one mixed with those of a new random model. */
function nextModel(previous: PolicyModel): fc.Arbitrary<PolicyModel> {
    return modelArbitrary().chain((fresh) =>
        fc.record({
            institutions: fc.constant(fresh.institutions),
            libraryRoles: mixed(previous.libraryRoles, fresh.libraryRoles),
            roles: mixed(previous.roles, fresh.roles),
            users: mixed(previous.users, fresh.users)
        })
    );
}

const sessionArbitrary: fc.Arbitrary<PolicyModel[]> = modelArbitrary().chain((first) =>
    nextModel(first).chain((second) => nextModel(second).map((third) => [first, second, third]))
);

describe('carried lint', () => {
    it('equals the plain lint of every model of a session whose models share elements', () => {
        fc.assert(
            fc.property(sessionArbitrary, (models) => {
                const carried = carriedLint();
                for (const model of models) expect(carried(model)).toEqual(lint(model));
            }),
            { numRuns: 150 }
        );
    });

    it("takes over the rows of an unchanged role, and not those of a role whose library role changed", () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const store = new RowStore();
                const first = new CarriedModelIndex(model, store);
                const collections = first.collectionNames();
                for (const role of model.roles) for (const collection of collections) first.roleRows(role, collection);
                // The same roles, with library roles equal to the first ones but not the same objects.
                const second = new CarriedModelIndex({ ...model, libraryRoles: model.libraryRoles.map((library) => ({ ...library })) }, store);
                for (const role of model.roles) {
                    for (const collection of collections) {
                        const rows = second.roleRows(role, collection);
                        expect(rows).toEqual(first.roleRows(role, collection));
                        if (role.templates.some((ref) => first.libraryRoles.has(ref.name))) expect(rows).not.toBe(first.roleRows(role, collection));
                        else expect(rows).toBe(first.roleRows(role, collection));
                    }
                }
            }),
            { numRuns: 100 }
        );
    });
});
