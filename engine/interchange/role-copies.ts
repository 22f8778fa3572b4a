/**
 * Specify holds a role once per collection (`sprole` rows, each with its collection); spol declares
 * a role once for all the collections it is in. `rolesOfCopies` turns the copies (as a database or
 * a set of REST bodies gives them, in any order) into model roles: copies with the same name, the
 * same description and the same stored rows, in different collections, are one role declared `in`
 * each of them (in the order the copies come); any other copy is a role of its own. Identifiers are
 * the Specify name in CamelCase (import-roles.ts `spolIdentifier`), unique among the roles made and
 * the names given as taken; the Specify name is the title when it differs. Rows become policies as
 * `readInstitution` makes them (`storedAs`), so each role stores exactly its copies' rows.
 *
 * `export --all` folders do not need this: their manifest names the role each copy belongs to.
 */
import type { Role } from '../model/policy-model.js';
import { spolIdentifier, uniqueIdentifier } from './import/import-roles.js';
import { storedAs } from './read-institution.js';

/** One role as Specify stores it in one collection. */
export interface RoleCopy {
    readonly collection: string;
    /** The name Specify shows. */
    readonly name: string;
    readonly description: string;
    /** Its rows grouped by resource, in stored order: the REST body's `policies` as entries. */
    readonly rows: readonly (readonly [string, readonly string[]])[];
}

export interface RolesOfCopies {
    readonly roles: readonly Role[];
    /** The role each copy became, by the copy's index in the input. */
    readonly roleOf: readonly Role[];
}

export function rolesOfCopies(copies: readonly RoleCopy[], taken: Iterable<string> = []): RolesOfCopies {
    const names = new Set(taken);
    const groups: { key: string; copy: RoleCopy; collections: string[]; indexes: number[] }[] = [];
    const open = new Map<string, (typeof groups)[number][]>();
    copies.forEach((copy, i) => {
        const key = JSON.stringify([copy.name, copy.description, copy.rows]);
        const group = open.get(key)?.find((candidate) => !candidate.collections.includes(copy.collection));
        if (group) {
            group.collections.push(copy.collection);
            group.indexes.push(i);
            return;
        }
        const made = { key, copy, collections: [copy.collection], indexes: [i] };
        groups.push(made);
        open.set(key, [...(open.get(key) ?? []), made]);
    });
    const roleOf: Role[] = [];
    const roles = groups.map(({ copy, collections, indexes }): Role => {
        const name = uniqueIdentifier(spolIdentifier(copy.name), names);
        names.add(name);
        const { policies, without } = storedAs(copy.rows, 'set');
        const role: Role = {
            name,
            ...(copy.name !== name ? { title: copy.name } : {}),
            ...(copy.description !== '' ? { description: copy.description } : {}),
            collections: collections.map((collection) => ({ name: collection })),
            templates: [],
            policies,
            ...(without ? { without } : {})
        };
        for (const i of indexes) roleOf[i] = role;
        return role;
    });
    return { roles, roleOf };
}
