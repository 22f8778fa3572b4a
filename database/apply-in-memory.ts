/**
 * applyPlanToTables(tables, plan) → the tables as they would be after the plan: its deletes and
 * updates done, its inserts added with fresh ids (above the largest of each table, as
 * AUTO_INCREMENT gives them), rows of created roles pointing at the new roles' ids. The plan's
 * invariant check (plan-invariants.ts) reads the result from here, and the tests hold it equal to
 * the rows the workspace stores. Pure: the tables given are not changed.
 */
import type { Plan, RoleRef } from './plan-types.js';
import type { SpecifyTables, SpLibraryRoleRow, SpRoleRow } from './specify-tables.js';

export function applyPlanToTables(tables: SpecifyTables, plan: Plan): SpecifyTables {
    const ids = {
        spuserpolicy: nextId(tables.spuserpolicy),
        sprole: nextId(tables.sprole),
        sprolepolicy: nextId(tables.sprolepolicy),
        spuserrole: nextId(tables.spuserrole),
        splibraryrole: nextId(tables.splibraryrole),
        splibraryrolepolicy: nextId(tables.splibraryrolepolicy)
    };
    const gone = (list: readonly { readonly row: { readonly id: number } }[]) => new Set(list.map((item) => item.row.id));

    const roleUpdates = new Map(plan.roles.update.map((update) => [update.id, update.to]));
    const removedRoles = gone(plan.roles.delete);
    const newRoleIds = new Map<string, number>();
    const sprole: SpRoleRow[] = tables.sprole.filter((row) => !removedRoles.has(row.id)).map((row) => ({ ...row, ...roleUpdates.get(row.id) }));
    for (const create of plan.roles.create) {
        const id = ids.sprole++;
        newRoleIds.set(create.key, id);
        sprole.push({ id, collection_id: create.collection_id, name: create.name, description: create.description });
    }

    const libraryUpdates = new Map(plan.libraryRoles.update.map((update) => [update.id, update.to]));
    const removedLibrary = gone(plan.libraryRoles.delete);
    const newLibraryIds = new Map<string, number>();
    const splibraryrole: SpLibraryRoleRow[] = tables.splibraryrole
        .filter((row) => !removedLibrary.has(row.id))
        .map((row) => ({ ...row, ...libraryUpdates.get(row.id) }));
    for (const create of plan.libraryRoles.create) {
        const id = ids.splibraryrole++;
        newLibraryIds.set(create.key, id);
        splibraryrole.push({ id, name: create.name, description: create.description });
    }

    const resolve = (ref: RoleRef, created: ReadonlyMap<string, number>): number => {
        if ('id' in ref) return ref.id;
        const id = created.get(ref.new);
        if (id === undefined) throw new Error(`the plan inserts a row of role '${ref.new}', which it does not create.`);
        return id;
    };
    const removedUserPolicies = gone(plan.delete.spuserpolicy);
    const removedRolePolicies = gone(plan.delete.sprolepolicy);
    const removedUserRoles = gone(plan.delete.spuserrole);
    const removedLibraryPolicies = gone(plan.delete.splibraryrolepolicy);
    return {
        ...tables,
        spuserpolicy: [
            ...tables.spuserpolicy.filter((row) => !removedUserPolicies.has(row.id)),
            ...plan.insert.spuserpolicy.map((row) => ({
                id: ids.spuserpolicy++,
                collection_id: row.collection_id,
                specifyuser_id: row.specifyuser_id,
                resource: row.resource,
                action: row.action
            }))
        ],
        sprole,
        sprolepolicy: [
            ...tables.sprolepolicy.filter((row) => !removedRolePolicies.has(row.id)),
            ...plan.insert.sprolepolicy.map((row) => ({ id: ids.sprolepolicy++, role_id: resolve(row.role_id, newRoleIds), resource: row.resource, action: row.action }))
        ],
        spuserrole: [
            ...tables.spuserrole.filter((row) => !removedUserRoles.has(row.id)),
            ...plan.insert.spuserrole.map((row) => ({ id: ids.spuserrole++, specifyuser_id: row.specifyuser_id, role_id: resolve(row.role_id, newRoleIds) }))
        ],
        splibraryrole,
        splibraryrolepolicy: [
            ...tables.splibraryrolepolicy.filter((row) => !removedLibraryPolicies.has(row.id)),
            ...plan.insert.splibraryrolepolicy.map((row) => ({
                id: ids.splibraryrolepolicy++,
                role_id: resolve(row.role_id, newLibraryIds),
                resource: row.resource,
                action: row.action
            }))
        ]
    };
}

function nextId(rows: readonly { readonly id: number }[]): number {
    return rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
}
