/**
 * The lint as the editor runs it after every keystroke (and `spol check`, through the same
 * workspace model), with the rows Specify would store carried over from the previous run. A keystroke re-converts one document; every other document keeps its part of the
 * model, and so the very same User, Role and LibraryRole objects (SpolWorkspaceModel keeps parts per
 * parse). A fresh ModelIndex would compute every role's and user's rows again (most of a keystroke's
 * lint on a large workspace) and the rules' caches keyed by those frozen row arrays (lint/access.ts)
 * would start empty; this index takes over the arrays earlier indexes computed for the same
 * objects, where they cannot differ:
 * - a user's own rows (institution level, per collection) depend on the user alone;
 * - a library role's rows depend on the library role alone;
 * - a role's rows in a collection depend on the role and on the library roles its `from library`
 *   names resolve to, so they are taken over only when every name resolves to the same object.
 * Everything else (names, holders, roles held) is computed afresh. Model elements are never
 * mutated, so an object seen again is the same element; a new parse makes new objects.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import { rules, runRules } from './index.js';
import type { LibraryRole, PolicyModel, Role, User } from '../model/policy-model.js';
import { ModelIndex, type LibraryRolePolicy, type StoredPolicy } from '../model/stored.js';

/** A role copy's rows and the library roles its templates resolved to when they were computed. */
interface RoleRows {
    readonly rows: readonly StoredPolicy[];
    readonly templates: readonly (LibraryRole | undefined)[];
}

/**
 * The rows every index of one workspace handed out, by the element they belong to. Weakly held: an
 * element that no model holds any more (its document was parsed again) is dropped with its rows.
 */
export class RowStore {
    readonly institution = new WeakMap<User, readonly StoredPolicy[]>();
    readonly collectionUser = new WeakMap<User, Map<string, readonly StoredPolicy[]>>();
    readonly role = new WeakMap<Role, Map<string, RoleRows>>();
    readonly libraryRole = new WeakMap<LibraryRole, readonly LibraryRolePolicy[]>();
}

export class CarriedModelIndex extends ModelIndex {
    /** Role rows this index has already checked against its own library roles. */
    private readonly checkedRoleRows = new Map<Role, Map<string, readonly StoredPolicy[]>>();

    constructor(
        model: PolicyModel,
        private readonly store: RowStore
    ) {
        super(model);
    }

    override institutionRows(user: User): readonly StoredPolicy[] {
        let rows = this.store.institution.get(user);
        if (!rows) this.store.institution.set(user, (rows = super.institutionRows(user)));
        return rows;
    }

    override collectionUserRows(user: User, collection: string): readonly StoredPolicy[] {
        const known = perKey(this.store.collectionUser, user);
        let rows = known.get(collection);
        if (!rows) known.set(collection, (rows = super.collectionUserRows(user, collection)));
        return rows;
    }

    override libraryRoleRows(role: LibraryRole): readonly LibraryRolePolicy[] {
        let rows = this.store.libraryRole.get(role);
        if (!rows) this.store.libraryRole.set(role, (rows = super.libraryRoleRows(role)));
        return rows;
    }

    override roleRows(role: Role, collection: string): readonly StoredPolicy[] {
        const checked = perKey(this.checkedRoleRows, role);
        let rows = checked.get(collection);
        if (rows) return rows;
        const known = perKey(this.store.role, role);
        const templates = role.templates.map((ref) => this.libraryRoles.get(ref.name));
        const earlier = known.get(collection);
        if (earlier && sameElements(earlier.templates, templates)) {
            rows = earlier.rows;
        } else {
            rows = super.roleRows(role, collection);
            known.set(collection, { rows, templates });
        }
        checked.set(collection, rows);
        return rows;
    }
}

/**
 * The engine's lint (engine/lint/index.ts `lint`: every rule, sorted) over an index that takes the
 * rows of the elements earlier calls saw. One per workspace.
 */
export function carriedLint(): (model: PolicyModel) => Diagnostic[] {
    const store = new RowStore();
    return (model) => runRules(rules, model, new CarriedModelIndex(model, store)).sort(compareDiagnostics);
}

function perKey<K extends object, V>(maps: WeakMap<K, Map<string, V>> | Map<K, Map<string, V>>, key: K): Map<string, V> {
    let map = maps.get(key);
    if (!map) maps.set(key, (map = new Map()));
    return map;
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
    return a.length === b.length && a.every((element, i) => element === b[i]);
}
