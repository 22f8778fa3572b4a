/**
 * Random models for profile property tests: a few collections in two divisions, library roles,
 * collection roles (from templates, for declared and undeclared collections), and users with every
 * kind of grant. Stored patterns lean on what profiles show (operations, tables, tool tables,
 * preferences, `/tools/*`, the institution-checked resources) written the ways people write them:
 * exact, `%` cut, `_`, odd case, plus a few strings that match nothing.
 */
import fc from 'fast-check';
import type { Policy, PolicyModel, User } from '../../../engine/model/policy-model.js';
import { registry } from '../../../engine/registry/registry.js';
import { allow, grant, institution, libraryRole, model, role, user } from '../decision/model-builders.js';

export const COLLECTIONS = ['C1', 'C2', 'C3'];
const LIBRARY = ['L1', 'L2'];
const ROLES = ['R1', 'R2', 'R3'];
export const USERS = ['ann', 'bob', 'cy'];

const PROFILE_RESOURCES = [...registry.resources.values()].filter((r) => r.kind !== 'stale').map((r) => r.resource);
const TOOL_TABLES = [...registry.tools.values()].flatMap((t) => t.tables);
const INSTITUTION_CHECKED = [...registry.resources.values()].filter((r) => r.checkLevel === 'institution').map((r) => r.resource);
const PATTERNS = ['%', '/table/%', '/tree/%', '/permissions/%', '/preferences/%', '/tools/%', '/admin/%', '/table/sp%', '/table/%attachment', '/system/sp7/collection'];

/** Random case, one `_`, or a cut followed by `%`. */
function mangled(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
    return fc.tuple(base, fc.nat(), fc.constantFrom('none', 'none', 'case', 'underscore', 'cut')).map(([text, n, how]) => {
        if (text.length === 0 || how === 'none') return text;
        if (how === 'case') return text.toUpperCase();
        if (how === 'underscore') {
            const i = n % text.length;
            return `${text.slice(0, i)}_${text.slice(i + 1)}`;
        }
        return `${text.slice(0, n % (text.length + 1))}%`;
    });
}

const resource = fc.oneof(
    { weight: 5, arbitrary: mangled(fc.constantFrom(...PROFILE_RESOURCES)) },
    { weight: 2, arbitrary: fc.constantFrom(...TOOL_TABLES, ...INSTITUTION_CHECKED) },
    { weight: 3, arbitrary: fc.constantFrom(...PATTERNS) },
    { weight: 1, arbitrary: fc.constantFrom('', 'all', '/nothing', '/table/unknown', '/field/%') }
);
const action = fc.oneof(
    { weight: 5, arbitrary: mangled(fc.constantFrom(...registry.actions)) },
    { weight: 3, arbitrary: fc.constant('%') },
    { weight: 1, arbitrary: fc.constantFrom('', 'manage', 'edit', 'r%', '%e%', '_ead') }
);
const policy: fc.Arbitrary<Policy> = fc
    .tuple(resource, fc.array(action, { minLength: 1, maxLength: 3 }))
    .map(([r, actions]) => allow(r, ...actions));
const policies = (max: number) => fc.array(policy, { maxLength: max });
const collection = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COLLECTIONS) }, { weight: 1, arbitrary: fc.constant('Ghost') });

/**
 * One to three users, mostly with distinct names: a user declared twice makes every question about
 * them (and every who-can) refused, which the tests check but which must not crowd out the rest.
 */
function usersOf<T extends { name: string }>(user: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
    return fc.oneof(
        { weight: 6, arbitrary: fc.uniqueArray(user, { minLength: 1, maxLength: 3, selector: (u) => u.name }) },
        { weight: 1, arbitrary: fc.array(user, { minLength: 1, maxLength: 3 }) }
    );
}

export const randomModel: fc.Arbitrary<PolicyModel> = fc
    .record({
        library: fc.array(fc.tuple(fc.constantFrom(...LIBRARY), policies(4)), { maxLength: 2 }),
        roles: fc.array(
            fc.record({
                name: fc.constantFrom(...ROLES),
                collections: fc.uniqueArray(collection, { maxLength: 3 }),
                templates: fc.subarray([...LIBRARY, 'NoLib']),
                policies: policies(4)
            }),
            { minLength: 1, maxLength: 3 }
        ),
        users: usersOf(
            fc.record({
                name: fc.constantFrom(...USERS),
                admin: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 5, arbitrary: fc.constant(false) }),
                institution: policies(2),
                grants: fc.array(
                    fc.record({
                        collection,
                        access: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
                        roles: fc.subarray([...ROLES, 'L1', 'NoRole']),
                        policies: policies(2)
                    }),
                    { maxLength: 3 }
                )
            })
        )
    })
    .map((m) =>
        model({
            institutions: [institution('Inst', { D1: { S1: ['C1', 'C2'] }, D2: { S2: ['C3'] } })],
            libraryRoles: m.library.map(([name, ps]) => libraryRole(name, ...ps)),
            roles: m.roles.map((r) => role(r.name, r.collections, { from: r.templates, policies: r.policies })),
            users: m.users.map((u): User => user(u.name, { admin: u.admin, institution: u.institution, grants: u.grants.map((g) => grant(g.collection, g)) }))
        })
    );
