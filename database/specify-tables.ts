/**
 * The rows spol reads from a Specify database, table by table, under Specify's own table and
 * column names (database/schema/specify-7.12.sql), ids included: plain data, close to the tables,
 * with no model made of it yet. `SPECIFY_TABLES` lists, for each table, the columns read and the
 * order the rows come in (by key), so that two reads of the same rows are equal.
 */

export interface InstitutionRow {
    readonly UserGroupScopeId: number;
    readonly Name: string | null;
    readonly Code: string | null;
}

export interface DivisionRow {
    readonly UserGroupScopeId: number;
    readonly Name: string | null;
    readonly InstitutionID: number;
}

export interface DisciplineRow {
    readonly UserGroupScopeId: number;
    readonly Name: string | null;
    /** The discipline type (`fish`, `botany`, ...). */
    readonly Type: string | null;
    readonly DivisionID: number;
}

export interface CollectionRow {
    readonly UserGroupScopeId: number;
    readonly CollectionName: string | null;
    readonly Code: string | null;
    readonly DisciplineID: number;
}

export interface SpecifyUserRow {
    readonly SpecifyUserID: number;
    readonly Name: string;
    /** The Specify 6 user type: Manager, FullAccess, LimitedAccess or Guest. */
    readonly UserType: string | null;
}

/** A user's agent: only agents linked to a user are read. */
export interface AgentRow {
    readonly AgentID: number;
    readonly FirstName: string | null;
    readonly LastName: string | null;
    readonly MiddleInitial: string | null;
    readonly DivisionID: number | null;
    readonly SpecifyUserID: number;
}

/** A Specify 6 principal: a group ('Administrator', a user type) or a user's principal in a collection. */
export interface SpPrincipalRow {
    readonly SpPrincipalID: number;
    readonly Name: string;
    readonly GroupSubClass: string;
    /** NULL for a user's own principal in a collection (Specify 6 collection access). */
    readonly groupType: string | null;
    /** The collection (or other scope) id. */
    readonly userGroupScopeID: number | null;
}

export interface SpecifyUserSpPrincipalRow {
    readonly SpecifyUserID: number;
    readonly SpPrincipalID: number;
}

/** `collection_id` NULL: institution level. `specifyuser_id` NULL: every user (semantics.md §2.5). */
export interface SpUserPolicyRow {
    readonly id: number;
    readonly collection_id: number | null;
    readonly specifyuser_id: number | null;
    readonly resource: string;
    readonly action: string;
}

export interface SpRoleRow {
    readonly id: number;
    readonly collection_id: number;
    readonly name: string;
    readonly description: string;
}

export interface SpRolePolicyRow {
    readonly id: number;
    readonly role_id: number;
    readonly resource: string;
    readonly action: string;
}

export interface SpUserRoleRow {
    readonly id: number;
    readonly specifyuser_id: number;
    readonly role_id: number;
}

export interface SpLibraryRoleRow {
    readonly id: number;
    readonly name: string;
    readonly description: string;
}

export interface SpLibraryRolePolicyRow {
    readonly id: number;
    readonly role_id: number;
    readonly resource: string;
    readonly action: string;
}

/** Every row spol reads, by table. */
export interface SpecifyTables {
    readonly institution: readonly InstitutionRow[];
    readonly division: readonly DivisionRow[];
    readonly discipline: readonly DisciplineRow[];
    readonly collection: readonly CollectionRow[];
    readonly specifyuser: readonly SpecifyUserRow[];
    readonly agent: readonly AgentRow[];
    readonly spprincipal: readonly SpPrincipalRow[];
    readonly specifyuser_spprincipal: readonly SpecifyUserSpPrincipalRow[];
    readonly spuserpolicy: readonly SpUserPolicyRow[];
    readonly sprole: readonly SpRoleRow[];
    readonly sprolepolicy: readonly SpRolePolicyRow[];
    readonly spuserrole: readonly SpUserRoleRow[];
    readonly splibraryrole: readonly SpLibraryRoleRow[];
    readonly splibraryrolepolicy: readonly SpLibraryRolePolicyRow[];
}

export type SpecifyTableName = keyof SpecifyTables;

/** The columns of one row type, in the order they are read. */
type Columns<Row> = readonly (keyof Row & string)[];

/** What is read of one table: its columns, the rows kept (`where`) and their order. */
export interface TableRead<Row> {
    readonly columns: Columns<Row>;
    readonly where?: string;
    readonly orderBy: Columns<Row>;
}

/** The tables in the order they are read (and can be filled: a row's references come earlier). */
export const SPECIFY_TABLES: { readonly [T in SpecifyTableName]: TableRead<SpecifyTables[T][number]> } = {
    institution: { columns: ['UserGroupScopeId', 'Name', 'Code'], orderBy: ['UserGroupScopeId'] },
    division: { columns: ['UserGroupScopeId', 'Name', 'InstitutionID'], orderBy: ['UserGroupScopeId'] },
    discipline: { columns: ['UserGroupScopeId', 'Name', 'Type', 'DivisionID'], orderBy: ['UserGroupScopeId'] },
    collection: { columns: ['UserGroupScopeId', 'CollectionName', 'Code', 'DisciplineID'], orderBy: ['UserGroupScopeId'] },
    specifyuser: { columns: ['SpecifyUserID', 'Name', 'UserType'], orderBy: ['SpecifyUserID'] },
    agent: {
        columns: ['AgentID', 'FirstName', 'LastName', 'MiddleInitial', 'DivisionID', 'SpecifyUserID'],
        where: 'SpecifyUserID IS NOT NULL',
        orderBy: ['AgentID']
    },
    spprincipal: { columns: ['SpPrincipalID', 'Name', 'GroupSubClass', 'groupType', 'userGroupScopeID'], orderBy: ['SpPrincipalID'] },
    specifyuser_spprincipal: { columns: ['SpecifyUserID', 'SpPrincipalID'], orderBy: ['SpecifyUserID', 'SpPrincipalID'] },
    spuserpolicy: { columns: ['id', 'collection_id', 'specifyuser_id', 'resource', 'action'], orderBy: ['id'] },
    sprole: { columns: ['id', 'collection_id', 'name', 'description'], orderBy: ['id'] },
    sprolepolicy: { columns: ['id', 'role_id', 'resource', 'action'], orderBy: ['id'] },
    spuserrole: { columns: ['id', 'specifyuser_id', 'role_id'], orderBy: ['id'] },
    splibraryrole: { columns: ['id', 'name', 'description'], orderBy: ['id'] },
    splibraryrolepolicy: { columns: ['id', 'role_id', 'resource', 'action'], orderBy: ['id'] }
};

/** The table names in reading order. */
export const SPECIFY_TABLE_NAMES = Object.keys(SPECIFY_TABLES) as SpecifyTableName[];
