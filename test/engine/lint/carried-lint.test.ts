/**
 * The editor's lint carries rows and users' findings from one run to the next (carried-lint.ts,
 * ModelIndex `previous`): after any sequence of models that share element objects, as a
 * workspace's models do across keystrokes, every run gives exactly the engine's plain lint of its
 * model; a user is checked again only when they or something other than the users changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carriedLint } from '../../../engine/lint/carried-lint.js';
import { createRule, lint, rules } from '../../../engine/lint/index.js';
import type { PolicyModel, User } from '../../../engine/model/policy-model.js';
import { ModelIndex } from '../../../engine/model/stored.js';
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

/**
 * The next model of a session: the previous one's users mixed with those of a new random model, and
 * either everything else kept (the very arrays, as after an edit in a user) or mixed too.
 */
function nextModel(previous: PolicyModel): fc.Arbitrary<PolicyModel> {
    return fc.tuple(modelArbitrary(), fc.boolean()).chain(([fresh, keepWorld]) =>
        keepWorld
            ? mixed(previous.users, fresh.users).map((users) => ({ ...previous, users }))
            : fc.record({
                  institutions: fc.constant(fresh.institutions),
                  libraryRoles: mixed(previous.libraryRoles, fresh.libraryRoles),
                  roles: mixed(previous.roles, fresh.roles),
                  users: mixed(previous.users, fresh.users)
              })
    );
}

const sessionArbitrary: fc.Arbitrary<PolicyModel[]> = modelArbitrary().chain((first) =>
    nextModel(first).chain((second) => nextModel(second).chain((third) => nextModel(third).map((fourth) => [first, second, third, fourth])))
);

describe('carried lint', () => {
    it('equals the plain lint of every model of a session whose models share elements', () => {
        fc.assert(
            fc.property(sessionArbitrary, (models) => {
                const carried = carriedLint();
                for (const model of models) expect(carried(model)).toEqual(lint(model));
            }),
            { numRuns: 200 }
        );
    });

    it('checks again only the users it has not seen, until something other than a user changes', () => {
        fc.assert(
            fc.property(modelArbitrary(), modelArbitrary(), (model, other) => {
                const checked: User[] = [];
                const spy = createRule({ code: 'spy', severity: 'info', description: 'Counts the users it checks.', checkUser: (_, user) => void checked.push(user) });
                const carried = carriedLint([...rules, spy]);
                const users = [...new Set(model.users)];
                carried(model);
                expect(checked).toEqual(users);
                checked.length = 0;
                // The same world, the users of another model added: only they are checked.
                const added = [...new Set(other.users)];
                carried({ ...model, users: [...model.users, ...other.users] });
                expect(checked).toEqual(added);
                checked.length = 0;
                // Another library role list: every user is checked again.
                carried({ ...model, libraryRoles: [...model.libraryRoles] .reverse().concat(other.libraryRoles) });
                const changed = model.libraryRoles.length > 1 || other.libraryRoles.length > 0;
                expect(checked).toEqual(changed ? users : []);
            }),
            { numRuns: 100 }
        );
    });
});

describe('ModelIndex taking rows over from an earlier index', () => {
    it("takes over the rows of users and unchanged roles, and not those of a role whose library role changed", () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const first = new ModelIndex(model);
                const collections = first.collectionNames();
                for (const role of model.roles) for (const collection of collections) first.roleRows(role, collection);
                for (const user of model.users) {
                    first.institutionRows(user);
                    for (const collection of collections) first.collectionUserRows(user, collection);
                }
                for (const library of model.libraryRoles) first.libraryRoleRows(library);
                // The same roles and users, with library roles equal to the first ones but not the same objects.
                const second = new ModelIndex({ ...model, libraryRoles: model.libraryRoles.map((library) => ({ ...library })) }, first);
                for (const role of model.roles) {
                    for (const collection of collections) {
                        const rows = second.roleRows(role, collection);
                        expect(rows).toEqual(new ModelIndex(second.model).roleRows(role, collection));
                        if (role.templates.some((ref) => first.libraryRoles.has(ref.name))) expect(rows).not.toBe(first.roleRows(role, collection));
                        else expect(rows).toBe(first.roleRows(role, collection));
                    }
                }
                for (const user of model.users) {
                    expect(second.institutionRows(user)).toBe(first.institutionRows(user));
                    for (const collection of collections) expect(second.collectionUserRows(user, collection)).toBe(first.collectionUserRows(user, collection));
                }
                for (const library of second.model.libraryRoles) expect(second.libraryRoleRows(library)).toEqual(first.libraryRoleRows(model.libraryRoles[second.model.libraryRoles.indexOf(library)]!));
                // Released, an index builds what it had not taken over.
                const third = new ModelIndex(model, first);
                third.release();
                for (const user of model.users) {
                    const rows = third.institutionRows(user);
                    expect(rows).toEqual(first.institutionRows(user));
                    if (rows.length > 0) expect(rows).not.toBe(first.institutionRows(user));
                }
            }),
            { numRuns: 100 }
        );
    });

    it('hands on, when released, the rows of roles and library roles it was not asked for', () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const first = new ModelIndex(model);
                const collections = first.collectionNames();
                for (const role of model.roles) for (const collection of collections) first.roleRows(role, collection);
                for (const library of model.libraryRoles) first.libraryRoleRows(library);
                // An index asked nothing (the lint carried all it found in the roles), then the next one.
                const second = new ModelIndex(model, first);
                second.release();
                const third = new ModelIndex(model, second);
                for (const role of model.roles) for (const collection of collections) expect(third.roleRows(role, collection)).toBe(first.roleRows(role, collection));
                for (const library of model.libraryRoles) expect(third.libraryRoleRows(library)).toBe(first.libraryRoleRows(library));
            }),
            { numRuns: 100 }
        );
    });
});
