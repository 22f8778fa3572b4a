/**
 * A stable numbering of a model's elements, standing in for the database ids that Specify's JSON
 * carries (`id`, `collectionid`, `userid`, `roleid`). The numbers depend only on declaration order,
 * so the same workspace always numbers the same way:
 *
 * - collections 1..n and divisions 1..n, each in institution-tree order (institution, division,
 *   discipline, collection, as declared);
 * - users 1..n and library roles 1..n, in declaration order;
 * - role copies (Specify holds one role per collection): walk the roles in declaration order and,
 *   for each, the collections of its `in` list in the order written; each (role, collection) pair
 *   gets the next number. A collection named twice in one role, or one that the model does not
 *   declare, gets no copy (Specify could not hold it).
 *
 * Every declaration is numbered, duplicates included (a lint error); lookups by name resolve to
 * the first declaration, as the rest of the engine does.
 */
import type { Collection, Division, LibraryRole, PolicyModel, Role, User } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';

export interface NumberedCollection {
    readonly id: number;
    readonly collection: Collection;
}

export interface NumberedDivision {
    readonly id: number;
    readonly division: Division;
}

export interface NumberedUser {
    readonly id: number;
    readonly user: User;
}

export interface NumberedLibraryRole {
    readonly id: number;
    readonly role: LibraryRole;
}

/** One role as Specify holds it: a role declared for a collection. */
export interface RoleCopy {
    readonly id: number;
    readonly role: Role;
    readonly collection: string;
}

export interface ModelNumbering {
    readonly collections: readonly NumberedCollection[];
    readonly divisions: readonly NumberedDivision[];
    readonly users: readonly NumberedUser[];
    readonly libraryRoles: readonly NumberedLibraryRole[];
    /** In ascending id order. */
    readonly roleCopies: readonly RoleCopy[];
    /** The id of the collection of that name (first declaration), or undefined. */
    collectionId(name: string): number | undefined;
    divisionId(name: string): number | undefined;
    userId(name: string): number | undefined;
    libraryRoleId(name: string): number | undefined;
    /** The id of the copy of a role (object, or name → first declaration) in a collection, or undefined. */
    roleCopyId(role: Role | string, collection: string): number | undefined;
    /** The copies held in one collection, ascending id. */
    roleCopiesIn(collection: string): readonly RoleCopy[];
}

/** The numbering as plain JSON, for the manifest that `--format specify` writes. */
export interface NumberingJson {
    readonly collections: ReadonlyArray<{ readonly id: number; readonly name: string; readonly title?: string; readonly division: string; readonly discipline: string }>;
    readonly divisions: ReadonlyArray<{ readonly id: number; readonly name: string; readonly title?: string }>;
    readonly users: ReadonlyArray<{ readonly id: number; readonly name: string; readonly title?: string }>;
    readonly libraryRoles: ReadonlyArray<{ readonly id: number; readonly name: string; readonly title?: string }>;
    readonly roles: ReadonlyArray<{ readonly id: number; readonly role: string; readonly name: string; readonly collection: string; readonly collectionId: number }>;
}

export function numberModel(model: PolicyModel | ModelIndex): ModelNumbering {
    const index = model instanceof ModelIndex ? model : new ModelIndex(model);
    const source = index.model;

    const collections: NumberedCollection[] = [];
    const divisions: NumberedDivision[] = [];
    for (const institution of source.institutions) {
        for (const division of institution.divisions) {
            divisions.push({ id: divisions.length + 1, division });
            for (const discipline of division.disciplines) {
                for (const collection of discipline.collections) collections.push({ id: collections.length + 1, collection });
            }
        }
    }
    const users = source.users.map((user, i): NumberedUser => ({ id: i + 1, user }));
    const libraryRoles = source.libraryRoles.map((role, i): NumberedLibraryRole => ({ id: i + 1, role }));

    const roleCopies: RoleCopy[] = [];
    const copyIds = new Map<Role, Map<string, number>>();
    for (const role of source.roles) {
        const ids = new Map<string, number>();
        copyIds.set(role, ids);
        for (const ref of role.collections) {
            if (ids.has(ref.name) || !index.collections.has(ref.name)) continue;
            const id = roleCopies.length + 1;
            ids.set(ref.name, id);
            roleCopies.push({ id, role, collection: ref.name });
        }
    }

    const collectionIds = new Map(collections.map(({ id, collection }) => [collection, id] as const));
    const divisionIds = new Map(divisions.map(({ id, division }) => [division, id] as const));
    const userIds = new Map(users.map(({ id, user }) => [user, id] as const));
    const libraryRoleIds = new Map(libraryRoles.map(({ id, role }) => [role, id] as const));
    const idOf = <T>(ids: ReadonlyMap<T, number>, element: T | undefined): number | undefined =>
        element === undefined ? undefined : ids.get(element);

    return Object.freeze({
        collections: Object.freeze(collections),
        divisions: Object.freeze(divisions),
        users: Object.freeze(users),
        libraryRoles: Object.freeze(libraryRoles),
        roleCopies: Object.freeze(roleCopies),
        collectionId: (name: string) => idOf(collectionIds, index.collections.get(name)),
        divisionId: (name: string) => idOf(divisionIds, index.divisions.get(name)),
        userId: (name: string) => idOf(userIds, index.users.get(name)),
        libraryRoleId: (name: string) => idOf(libraryRoleIds, index.libraryRoles.get(name)),
        roleCopyId(role: Role | string, collection: string) {
            const element = typeof role === 'string' ? index.roles.get(role) : role;
            return element === undefined ? undefined : copyIds.get(element)?.get(collection);
        },
        roleCopiesIn: (collection: string) => roleCopies.filter((copy) => copy.collection === collection)
    });
}

/** The name Specify shows and exports: the title when there is one. */
export function specifyName(element: { readonly name: string; readonly title?: string }): string {
    return element.title ?? element.name;
}

export function numberingToJson(numbering: ModelNumbering): NumberingJson {
    const titled = (element: { readonly name: string; readonly title?: string }) =>
        element.title === undefined ? { name: element.name } : { name: element.name, title: element.title };
    return {
        collections: numbering.collections.map(({ id, collection }) => ({
            id,
            ...titled(collection),
            division: collection.division,
            discipline: collection.discipline
        })),
        divisions: numbering.divisions.map(({ id, division }) => ({ id, ...titled(division) })),
        users: numbering.users.map(({ id, user }) => ({ id, ...titled(user) })),
        libraryRoles: numbering.libraryRoles.map(({ id, role }) => ({ id, ...titled(role) })),
        roles: numbering.roleCopies.map(({ id, role, collection }) => ({
            id,
            role: role.name,
            name: specifyName(role),
            collection,
            collectionId: numbering.collectionId(collection) ?? 0
        }))
    };
}
