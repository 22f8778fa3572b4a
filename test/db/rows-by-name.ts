/**
 * The permission rows of a database, or those a workspace stores, as sorted lines that name
 * every id by the name Specify shows: two of them are equal exactly when the database holds the
 * workspace's rows (ids aside). The plan tests compare a planned database with its workspace this
 * way. Rows for every user (specifyuser_id NULL) are no workspace's: they are left out here.
 */
import type { SpecifyTables } from '../../database/specify-tables.js';
import { specifyName } from '../../engine/interchange/numbering.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { ModelIndex } from '../../engine/model/stored.js';

export function rowsOfModel(model: PolicyModel): string[] {
    const index = new ModelIndex(model);
    const out: string[] = [];
    const shown = new Map([...index.collections.values()].map((c) => [c.name, specifyName(c)]));
    for (const user of index.users.values()) {
        const u = user.name;
        for (const row of index.institutionRows(user)) out.push(line('user', u, '', row.resource, row.action));
        for (const [collection, c] of shown) {
            for (const row of index.collectionUserRows(user, collection)) out.push(line('user', u, c, row.resource, row.action));
            for (const role of index.rolesHeld(user, collection)) out.push(line('holds', u, c, specifyName(role)));
        }
    }
    for (const role of index.roles.values()) {
        for (const ref of new Set(role.collections.map((r) => r.name))) {
            const c = shown.get(ref);
            if (c === undefined) continue;
            out.push(line('role', c, specifyName(role), role.description ?? ''));
            for (const row of index.roleRows(role, ref)) out.push(line('role policy', c, specifyName(role), row.resource, row.action));
        }
    }
    for (const role of index.libraryRoles.values()) {
        out.push(line('library role', specifyName(role), role.description ?? ''));
        for (const row of index.libraryRoleRows(role)) out.push(line('library policy', specifyName(role), row.resource, row.action));
    }
    return out.sort();
}

export function rowsOfTables(tables: SpecifyTables): string[] {
    const out: string[] = [];
    const user = new Map(tables.specifyuser.map((row) => [row.SpecifyUserID, row.Name]));
    const collection = new Map(tables.collection.map((row) => [row.UserGroupScopeId, row.CollectionName ?? '']));
    const role = new Map(tables.sprole.map((row) => [row.id, row]));
    const library = new Map(tables.splibraryrole.map((row) => [row.id, row]));
    for (const row of tables.spuserpolicy) {
        if (row.specifyuser_id === null) continue;
        out.push(line('user', user.get(row.specifyuser_id)!, row.collection_id === null ? '' : collection.get(row.collection_id)!, row.resource, row.action));
    }
    for (const row of tables.spuserrole) {
        const r = role.get(row.role_id)!;
        out.push(line('holds', user.get(row.specifyuser_id)!, collection.get(r.collection_id)!, r.name));
    }
    for (const row of tables.sprole) out.push(line('role', collection.get(row.collection_id)!, row.name, row.description));
    for (const row of tables.sprolepolicy) {
        const r = role.get(row.role_id)!;
        out.push(line('role policy', collection.get(r.collection_id)!, r.name, row.resource, row.action));
    }
    for (const row of tables.splibraryrole) out.push(line('library role', row.name, row.description));
    for (const row of tables.splibraryrolepolicy) out.push(line('library policy', library.get(row.role_id)!.name, row.resource, row.action));
    return out.sort();
}

function line(...parts: string[]): string {
    return parts.join(' | ');
}
