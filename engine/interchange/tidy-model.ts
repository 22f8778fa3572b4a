/**
 * A model read from Specify (an `export --all` folder, a database) says what Specify stores, row
 * for row; a person would write some of it shorter. `tidyModel` finds the shorter spol, and only
 * where it stores exactly the same rows in the same order (checked with stored.ts on both), so a
 * tidied model decides and exports exactly as the model given:
 *
 * - a role without templates that holds every row of some library roles is written `from library
 *   T1, T2` followed by the rows left (Specify copies a template's rows when a role is made from
 *   it, and keeps no link: equal rows are the only trace of it). Templates are taken in the order
 *   their first row not yet copied comes in the role, the larger first on a tie, and kept only as
 *   far as the role then stores the same policies in the same order (what Specify serves and
 *   exports: stored rows grouped by resource);
 * - a user whose first institution-level row is `%` / `%` is `institution admin`.
 *
 * Everything else is left as it is. A role or user that already says `from library` or
 * `institution admin` is not touched.
 */
import type { LibraryRole, Policy, PolicyModel, Role, User } from '../model/policy-model.js';
import { serverPoliciesOf } from './export-file.js';
import type { ServerPolicies } from './policy-converter.js';
import { ModelIndex, type StoredPolicy } from '../model/stored.js';

const FIELD_WILDCARD = { resource: '/field/%' } as const;

type Row = Pick<StoredPolicy, 'resource' | 'action'>;

function key(row: Row): string {
    return `${row.resource}\u0000${row.action}`;
}

/** Consecutive rows of one resource as one policy: the rows, in order, as spol writes them. */
export function policiesOfRows(rows: readonly Row[]): Policy[] {
    const policies: { resource: string; actions: { name: string }[] }[] = [];
    for (const row of rows) {
        const last = policies.at(-1);
        if (last && last.resource === row.resource) last.actions.push({ name: row.action });
        else policies.push({ resource: row.resource, actions: [{ name: row.action }] });
    }
    return policies;
}

export function tidyModel(model: PolicyModel): PolicyModel {
    const index = new ModelIndex(model);
    // Only a library role that its name resolves to can be named in `from library`.
    const templates = model.libraryRoles.filter((role) => index.libraryRoles.get(role.name) === role);
    const copied = new Map<LibraryRole, readonly Row[]>();
    const rowsCopiedFrom = (template: LibraryRole): readonly Row[] => {
        let rows = copied.get(template);
        if (!rows) {
            // What a role made from the template copies: its rows without the field wildcard the role itself may add.
            rows = index.roleRows(probe({ templates: [{ name: template.name }], policies: [] }), PROBE);
            copied.set(template, rows);
        }
        return rows;
    };
    return {
        ...model,
        roles: model.roles.map((role) => tidyRole(role, index, templates, rowsCopiedFrom)),
        users: model.users.map((user) => tidyUser(user, index))
    };
}

const PROBE = '\u0000probe';

function probe(parts: Pick<Role, 'templates' | 'policies'>): Role {
    return { name: PROBE, collections: [{ name: PROBE }], without: FIELD_WILDCARD, ...parts };
}

function tidyRole(role: Role, index: ModelIndex, templates: readonly LibraryRole[], rowsCopiedFrom: (t: LibraryRole) => readonly Row[]): Role {
    const collection = role.collections[0]?.name;
    if (role.templates.length > 0 || collection === undefined || templates.length === 0) return role;
    // The role's rows as written, without the field wildcard it may add at the end.
    const rows = index.roleRows(probe({ templates: [], policies: role.policies }), PROBE);
    const place = new Map(rows.map((row, i) => [key(row), i] as const));
    // Templates whose every row the role holds; then, one at a time, the one whose first row not yet
    // copied comes first in the role (the one copying more on a tie: Full Data Access before
    // Read-Only Access, whose one row it holds).
    let candidates = templates.filter((template) => {
        const copied = rowsCopiedFrom(template);
        return copied.length > 0 && copied.every((row) => place.has(key(row)));
    });
    const covered = new Set<string>();
    const chosen: LibraryRole[] = [];
    for (;;) {
        let best: { template: LibraryRole; first: number; fresh: number } | undefined;
        for (const template of candidates) {
            const fresh = rowsCopiedFrom(template).filter((row) => !covered.has(key(row)));
            if (fresh.length === 0) continue;
            const first = place.get(key(fresh[0]!))!;
            if (!best || first < best.first || (first === best.first && fresh.length > best.fresh)) best = { template, first, fresh: fresh.length };
        }
        if (!best) break;
        chosen.push(best.template);
        for (const row of rowsCopiedFrom(best.template)) covered.add(key(row));
        candidates = candidates.filter((template) => template !== best.template);
    }
    const own = policiesOfRows(rows.filter((row) => !covered.has(key(row))));
    const stored = serverPoliciesOf(index.roleRows(role, collection));
    // The longest run of the chosen templates that stores what the role stores, in Specify's order.
    for (let count = chosen.length; count > 0; count--) {
        const used = chosen.slice(0, count);
        const usedRows = new Set(used.flatMap((template) => rowsCopiedFrom(template).map(key)));
        const tidied: Role = {
            ...role,
            templates: used.map((template) => ({ name: template.name })),
            policies: count === chosen.length ? own : policiesOfRows(rows.filter((row) => !usedRows.has(key(row))))
        };
        if (sameServerPolicies(serverPoliciesOf(index.roleRows(tidied, collection)), stored)) return tidied;
    }
    return role;
}

/** Equal as Specify stores and serves them: the same resources in the same order, each with the same actions in order. */
function sameServerPolicies(a: ServerPolicies, b: ServerPolicies): boolean {
    return JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b));
}

function tidyUser(user: User, index: ModelIndex): User {
    const first = user.institutionPolicies[0];
    if (user.institutionAdmin || !first || first.resource !== '%' || first.actions[0]?.name !== '%') return user;
    const rest = first.actions.slice(1);
    const tidied: User = {
        ...user,
        institutionAdmin: {},
        institutionPolicies: rest.length > 0 ? [{ ...first, actions: rest }, ...user.institutionPolicies.slice(1)] : user.institutionPolicies.slice(1)
    };
    return sameServerPolicies(serverPoliciesOf(index.institutionRows(tidied)), serverPoliciesOf(index.institutionRows(user))) ? tidied : user;
}
