/**
 * The shape of a plan (plan.ts): what would make a Specify database hold exactly the rows a
 * workspace stores, as rows to insert and delete per permission table and roles to create, update
 * (same id, new name or description) or delete. Plain data, saved as JSON by `spol plan --out`
 * and read back by `spol apply`: ids are the database's; a row of a role the plan creates names that
 * role by its `key` instead of an id (`RoleRef`). Each item also carries the names it concerns
 * (the workspace's names for users, collections and roles) so that it reads without the database.
 */
import type {
    SpLibraryRolePolicyRow,
    SpLibraryRoleRow,
    SpRolePolicyRow,
    SpRoleRow,
    SpUserPolicyRow,
    SpUserRoleRow
} from './specify-tables.js';

/** The version written into every plan file. */
export const PLAN_FORMAT = 'spol-plan/1';

/** A role (or library role) already in the database, by id, or one the plan creates, by its key. */
export type RoleRef = { readonly id: number } | { readonly new: string };

/** Where a row belongs, in the workspace's names: a user at institution level or in a collection, or a role copy. */
export interface Holder {
    readonly user?: string;
    /** Absent for institution level and library roles. */
    readonly collection?: string;
    readonly role?: string;
    readonly libraryRole?: string;
}

export interface RoleCreate {
    readonly key: string;
    readonly collection_id: number;
    readonly name: string;
    readonly description: string;
    /** The workspace's names: the role and the collection of this copy. */
    readonly role: string;
    readonly collection: string;
}

export interface LibraryRoleCreate {
    readonly key: string;
    readonly name: string;
    readonly description: string;
    readonly libraryRole: string;
}

/** The same row, renamed or described anew: Specify's role PUT keeps the id. */
export interface RoleUpdate {
    readonly id: number;
    readonly from: { readonly name: string; readonly description: string };
    readonly to: { readonly name: string; readonly description: string };
    /** The workspace's names (collection absent for a library role). */
    readonly role: string;
    readonly collection?: string;
}

export interface RoleDelete<Row> {
    readonly row: Row;
    readonly role: string;
    readonly collection?: string;
}

export interface UserPolicyInsert extends Holder {
    readonly collection_id: number | null;
    readonly specifyuser_id: number;
    readonly resource: string;
    readonly action: string;
}

export interface RolePolicyInsert extends Holder {
    readonly role_id: RoleRef;
    readonly resource: string;
    readonly action: string;
}

export interface UserRoleInsert extends Holder {
    readonly specifyuser_id: number;
    readonly role_id: RoleRef;
}

/** A row to delete, exactly as read, with the names it concerns. */
export interface RowDelete<Row> extends Holder {
    readonly row: Row;
}

export interface Plan {
    readonly format: typeof PLAN_FORMAT;
    /** sha256 (hex) of the canonical form of every row the plan was computed from (plan-digest.ts). */
    readonly digest: string;
    readonly roles: {
        readonly create: readonly RoleCreate[];
        readonly update: readonly RoleUpdate[];
        readonly delete: readonly RoleDelete<SpRoleRow>[];
    };
    readonly libraryRoles: {
        readonly create: readonly LibraryRoleCreate[];
        readonly update: readonly RoleUpdate[];
        readonly delete: readonly RoleDelete<SpLibraryRoleRow>[];
    };
    readonly insert: {
        readonly spuserpolicy: readonly UserPolicyInsert[];
        readonly sprolepolicy: readonly RolePolicyInsert[];
        readonly spuserrole: readonly UserRoleInsert[];
        readonly splibraryrolepolicy: readonly RolePolicyInsert[];
    };
    readonly delete: {
        readonly spuserpolicy: readonly RowDelete<SpUserPolicyRow>[];
        readonly sprolepolicy: readonly RowDelete<SpRolePolicyRow>[];
        readonly spuserrole: readonly RowDelete<SpUserRoleRow>[];
        readonly splibraryrolepolicy: readonly RowDelete<SpLibraryRolePolicyRow>[];
    };
}

/** Whether the plan changes nothing at all. */
export function isEmptyPlan(plan: Plan): boolean {
    const lists = [
        ...Object.values(plan.roles),
        ...Object.values(plan.libraryRoles),
        ...Object.values(plan.insert),
        ...Object.values(plan.delete)
    ] as readonly (readonly unknown[])[];
    return lists.every((list) => list.length === 0);
}

/** Rows inserted and deleted, over every table (role rows included). */
export function planCounts(plan: Plan): { readonly insert: number; readonly delete: number; readonly update: number } {
    const sum = (lists: readonly (readonly unknown[])[]) => lists.reduce((n, list) => n + list.length, 0);
    return {
        insert: sum(Object.values(plan.insert)) + plan.roles.create.length + plan.libraryRoles.create.length,
        delete: sum(Object.values(plan.delete)) + plan.roles.delete.length + plan.libraryRoles.delete.length,
        update: plan.roles.update.length + plan.libraryRoles.update.length
    };
}
