/**
 * Random models and random questions for checking decisions against the reference evaluator: the
 * differential test asks them of models directly, the soak (soak/) of the same models written as
 * spol text and read back through the language. The names and the resource and action patterns are
 * all here (NAMES, the pattern lists, `storedResource` / `storedAction`), so that widening what a
 * model may hold is one edit. `modelArbitrary(accept)` keeps only the patterns that `accept` takes:
 * the soak passes what the language can write, the differential test takes everything.
 */
import fc from 'fast-check';
import type { DecisionMode, DecisionQuery } from '../../../engine/decision/index.js';
import type { Policy, PolicyModel, User } from '../../../engine/model/policy-model.js';
import { registry } from '../../../engine/registry/registry.js';
import { allow, grant, institution, libraryRole, model, role, user } from './model-builders.js';

// ---------------------------------------------------------------------------------------------
// Names and strings

/**
 * Every name a model or a question may use. `ghost` is a collection, `noLibrary` a library role and
 * `noRole` a role that no model declares; `unknownUser` is a user no model declares.
 */
export const NAMES = {
    institution: 'Inst',
    divisions: ['D1', 'D2'],
    collections: ['FishVoucher', 'FishTissue', 'Herbarium', 'Ento Ñ'],
    ghost: 'Ghost',
    library: ['LibA', 'LibB', 'LibC'],
    noLibrary: 'NoLib',
    roles: ['R1', 'R2', 'Data Entry', 'R4'],
    noRole: 'NoRole',
    // Logins as Specify accepts them: an e-mail address, a space, letters beyond ASCII (quoted in spol).
    users: ['ann', 'bob', 'a.b@museum.org', 'Jörg Müller'],
    unknownUser: 'zed'
} as const;
const { collections: COLLECTIONS, ghost: GHOST, library: LIBRARY, roles: ROLES, users: USERS } = NAMES;

/** Whether a pattern may stand in a model as a resource or an action (the soak: whether spol can write it). */
export type Accept = (value: string, what: 'resource' | 'action') => boolean;

const REGISTRY_RESOURCES = [...registry.resources.values()].map((r) => r.resource);
const FIELD_RESOURCES = ['/field/agent/lastname', '/field/collectionobject/catalognumber', '/field/taxon/name', '/field/agent/firstName'];
const INSTITUTION_LEVEL = [...registry.resources.values()].filter((r) => r.checkLevel === 'institution').map((r) => r.resource);
const KNOWN_RESOURCES = [...REGISTRY_RESOURCES, ...FIELD_RESOURCES];
const TOOL_RESOURCES = [...registry.tools.values()].map((tool) => tool.resource);
/** A tool as a request names it: as Specify spells it, all lowercase, all uppercase. */
const toolRequest = fc
    .tuple(fc.constantFrom(...TOOL_RESOURCES), fc.constantFrom('as-is', 'lower', 'upper'))
    .map(([tool, how]) => (how === 'lower' ? tool.toLowerCase() : how === 'upper' ? tool.toUpperCase() : tool));
export const KNOWN_ACTIONS = registry.actions;
const ODD_RESOURCES = ['', '%', '%%', '/%/%', '\\%', '/table/agent\\_x', 'a\\', '🦎', '/tools/%', '/tools/unknown', 'all', 'manage', '/custom/thing', 'é/É'];
const ODD_ACTIONS = ['', '%', '%%', '_', '__', 'manage', 'all', 'edit', '\\%', 'do it', '🦎', 'Ém', 'read%', '%e%'];
const CHARS = ['a', 'B', '/', '%', '_', '\\', 'é', '🦎', 'e', 'r'];

const oddString = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 6 });

/** Random case, `_` for some characters, and a cut followed by `%`: the ways a pattern is written. */
function mangled(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
    return fc
        .tuple(base, fc.nat(), fc.nat(), fc.nat(), fc.constantFrom('none', 'case', 'underscore', 'cut', 'cut+case'))
        .map(([text, a, b, c, how]) => {
            const chars = Array.from(text);
            if (chars.length === 0) return text;
            let out = chars;
            if (how === 'case' || how === 'cut+case') out = out.map((ch, i) => ((a >> i % 30) & 1 ? ch.toUpperCase() : ch));
            if (how === 'underscore') out = out.map((ch, i) => (i === b % chars.length || i === c % chars.length ? '_' : ch));
            if (how === 'cut' || how === 'cut+case') out = [...out.slice(0, b % (chars.length + 1)), '%'];
            return out.join('');
        });
}

const storedResource = (accept: Accept) =>
    fc.oneof(
    { weight: 6, arbitrary: mangled(fc.constantFrom(...KNOWN_RESOURCES)) },
    { weight: 2, arbitrary: fc.constantFrom('%', '/table/%', '/tree/%', '/permissions/%', '/field/%', '/tools/queryBuilder', '/system/sp7/collection') },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_RESOURCES) },
    { weight: 1, arbitrary: oddString }
    ).filter((resource) => accept(resource, 'resource'));
const storedAction = (accept: Accept) =>
    fc.oneof(
    { weight: 6, arbitrary: mangled(fc.constantFrom(...KNOWN_ACTIONS)) },
    { weight: 3, arbitrary: fc.constant('%') },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_ACTIONS) },
    { weight: 1, arbitrary: oddString }
    ).filter((action) => accept(action, 'action'));

/** Some tables of a tool and not the others, with table actions, so that tool requests are often half granted. */
const toolTablePolicy: fc.Arbitrary<Policy> = fc
    .tuple(
        fc.constantFrom('/table/spquery', '/table/recordset', '/table/picklist', '/table/spauditlog', '/table/spapp%', '/table/splocalecontainer', '/table/sp%'),
        fc.array(fc.constantFrom(...registry.tableActions, '%'), { minLength: 1, maxLength: 2 })
    )
    .map(([resource, actions]) => allow(resource, ...actions));
const policy = (accept: Accept): fc.Arbitrary<Policy> =>
    fc.oneof(
        {
            weight: 10,
            arbitrary: fc
                .tuple(storedResource(accept), fc.array(storedAction(accept), { minLength: 1, maxLength: 3 }))
                .map(([resource, actions]) => allow(resource, ...actions))
        },
        { weight: 3, arbitrary: toolTablePolicy }
    );

// ---------------------------------------------------------------------------------------------
// Models

/** True one time in eight: `without /field/%`, which only a server-stored set holds. */
const rarely = fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 7, arbitrary: fc.constant(false) });

/**
 * One to four elements, named apart four times in five: a name declared twice (refused by every
 * question that depends on it) is a case worth asking, but not of half the questions.
 */
function mostlyUnique<T extends { readonly name: string }>(element: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
    return fc.oneof(
        { weight: 4, arbitrary: fc.uniqueArray(element, { minLength: 1, maxLength: 4, selector: (e) => e.name }) },
        { weight: 1, arbitrary: fc.array(element, { minLength: 1, maxLength: 4 }) }
    );
}

/**
 * Roles and grants name the model's own collections mostly, and an undeclared one now and then.
 * `writable` leaves out what spol's grammar cannot say at all: a role declared for no collection.
 */
export function modelArbitrary(accept: Accept = () => true, { writable = false } = {}): fc.Arbitrary<PolicyModel> {
    const policies = (max: number) => fc.array(policy(accept), { maxLength: max });
    return fc
        .uniqueArray(fc.constantFrom(...COLLECTIONS), { minLength: 1, maxLength: 4 })
        .chain((collections) => {
            const named = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...collections) }, { weight: 1, arbitrary: fc.constant(GHOST) });
            return fc.record({
                collections: fc.constant(collections),
                divisionOf: fc.array(fc.constantFrom(...NAMES.divisions), { minLength: 4, maxLength: 4 }),
                library: fc.array(fc.tuple(fc.constantFrom(...LIBRARY), policies(3)), { maxLength: 3 }),
                roles: mostlyUnique(
                    fc.record({
                        name: fc.constantFrom(...ROLES),
                        collections: fc.uniqueArray(named, { minLength: writable ? 1 : 0, maxLength: 3 }),
                        templates: fc.subarray([...LIBRARY, NAMES.noLibrary]),
                        policies: policies(4),
                        withoutField: rarely
                    })
                ),
                users: mostlyUnique(
                    fc.record({
                        name: fc.constantFrom(...USERS),
                        admin: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 4, arbitrary: fc.constant(false) }),
                        institution: policies(2),
                        grants: fc.array(
                            fc.record({
                                collection: named,
                                access: fc.boolean(),
                                roles: fc.subarray([...ROLES, LIBRARY[0], NAMES.noRole]),
                                policies: policies(2),
                                withoutField: rarely
                            }),
                            { maxLength: 4 }
                        )
                    })
                )
            });
        })
        .map((m) => {
            const divisions: Record<string, Record<string, string[]>> = {};
            m.collections.forEach((name, i) => {
                const division = m.divisionOf[i]!;
                const discipline = `${division}-${i % 2}`;
                ((divisions[division] ??= {})[discipline] ??= []).push(name);
            });
            return model({
                institutions: [institution(NAMES.institution, divisions)],
                libraryRoles: m.library.map(([name, ps]) => libraryRole(name, ...ps)),
                roles: m.roles.map((r) => role(r.name, r.collections, { from: r.templates, policies: r.policies, withoutField: r.withoutField })),
                users: m.users.map((u): User => user(u.name, { admin: u.admin, institution: u.institution, grants: u.grants.map((g) => grant(g.collection, g)) }))
            });
        });
}

// ---------------------------------------------------------------------------------------------
// Queries

const requestResource = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...KNOWN_RESOURCES) },
    // Fields are few among the known resources, and their update has paths of its own.
    { weight: 2, arbitrary: fc.constantFrom(...FIELD_RESOURCES) },
    { weight: 3, arbitrary: fc.constantFrom(...INSTITUTION_LEVEL, '/permissions/institutional_policies/user', '/permissions/policies/user', '/system/sp7/collection') },
    { weight: 2, arbitrary: mangled(fc.constantFrom(...KNOWN_RESOURCES)) },
    { weight: 3, arbitrary: toolRequest },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_RESOURCES, '/table/agenx', '/tree/edit/', '/TABLE/AGENT') },
    { weight: 1, arbitrary: oddString }
);
const requestAction = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...KNOWN_ACTIONS) },
    { weight: 2, arbitrary: fc.constantFrom('update', 'UPDATE') },
    { weight: 2, arbitrary: mangled(fc.constantFrom(...KNOWN_ACTIONS)) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_ACTIONS, 'exportXcsv', 'READ', 'Access') },
    { weight: 1, arbitrary: oddString }
);

/** A question and the mode to ask it in. */
export interface Asked {
    readonly query: DecisionQuery;
    readonly mode: DecisionMode;
}

type Where = { collection: number } | { institution: true } | { other: Partial<DecisionQuery> };

const where: fc.Arbitrary<Where> = fc.oneof(
    { weight: 12, arbitrary: fc.nat().map((collection) => ({ collection })) },
    { weight: 5, arbitrary: fc.constant({ institution: true as const }) },
    {
        weight: 1,
        arbitrary: fc.constantFrom<Partial<DecisionQuery>>({ collection: GHOST }, {}, { collection: 'FishVoucher', institution: true }, { institution: false }).map((other) => ({ other }))
    }
);

/** A question about one of the model's users (or an unknown one) in one of its collections. */
export const question = fc.record({
    user: fc.oneof({ weight: 15, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(NAMES.unknownUser) }),
    where,
    resource: requestResource,
    action: requestAction,
    mode: fc.constantFrom<DecisionMode>('enforce', 'enforce', 'query'),
    /** Ask about a policy written in the model, made concrete, so that rows of every holder match often. */
    fromModel: fc.option(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', 'x', 'agent')), { freq: 2 }),
    /** Ask about a tool with a table action instead (in any case), so that tool answers come in every kind. */
    tool: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(toolRequest, fc.constantFrom(...registry.tableActions, 'READ')) }
    )
});

function policiesIn(m: PolicyModel): Policy[] {
    return [
        ...m.users.flatMap((u) => [...u.institutionPolicies, ...u.collections.flatMap((g) => g.policies)]),
        ...m.roles.flatMap((r) => r.policies),
        ...m.libraryRoles.flatMap((l) => l.policies)
    ];
}

/** A request the pattern matches, more or less: `%` becomes some text and `_` one letter. */
function concrete(pattern: string, filler: string): string {
    return pattern.replace(/%/g, filler).replace(/_/g, 'q');
}

export type Question = typeof question extends fc.Arbitrary<infer T> ? T : never;

/** The question about the model's own users, collections and policies (indexes taken modulo their number). */
export function askedOf(m: PolicyModel, q: Question): Asked {
    const users = m.users.map((u) => u.name);
    const collections = m.institutions[0]!.divisions.flatMap((d) => d.disciplines.flatMap((s) => s.collections.map((c) => c.name)));
    const userName = typeof q.user === 'number' ? users[q.user % users.length]! : q.user;
    const at = 'collection' in q.where ? { collection: collections[q.where.collection % collections.length]! } : 'institution' in q.where ? { institution: true } : q.where.other;
    const written = policiesIn(m);
    let { resource, action } = q;
    if (q.fromModel && written.length > 0) {
        const [which, actionIndex, filler] = q.fromModel;
        const picked = written[which % written.length]!;
        resource = concrete(picked.resource, filler);
        action = concrete(picked.actions[actionIndex % picked.actions.length]!.name, filler);
    } else if (q.tool) {
        [resource, action] = q.tool;
    }
    return { query: { user: userName, resource, action, ...at }, mode: q.mode };
}
