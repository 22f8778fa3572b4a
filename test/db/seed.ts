/**
 * Fills a database holding Specify's schema (test/db/server.ts) with what Specify would hold for a
 * PolicyModel: the institution tree, the users with their agents and Specify 6 settings, and the
 * rows engine/model/stored.ts says Specify stores for the model (library roles and their
 * policies, one role copy per collection with its policies, user policies at institution and
 * collection level, role assignments). Ids are fresh: the database assigns them, each table
 * counting from its own base (`FIRST_IDS`), so that an id of one table is never an id of another
 * and a mix-up between tables cannot go unnoticed.
 *
 * Answers the rows it inserted, in the shape and order database/read-tables.ts reads them: a read
 * of a seeded database must give exactly this.
 *
 * How the Specify 6 parts are stored follows Specify 7.12: the user type in specifyuser.UserType;
 * Specify 6 admin as a link to the 'Administrator' principal (models_utils/model_extras.py
 * set_admin; Specify 6 scopes that principal to the institution, with the AdminPrincipal subclass);
 * Specify 6 collection access as a user principal per collection, scoped to it, groupType NULL
 * (backend/context/views.py set_users_collections_for_sp6). Specify 6's group principals per
 * collection are not made: nothing spol reads depends on them.
 */
import type { Connection, ResultSetHeader } from 'mysql2/promise';
import { SPECIFY_TABLES, SPECIFY_TABLE_NAMES, type SpecifyTableName, type SpecifyTables } from '../../database/specify-tables.js';
import { specifyName } from '../../engine/interchange/numbering.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { ModelIndex, type LibraryRolePolicy, type StoredPolicy } from '../../engine/model/stored.js';

/** The first id of each table's rows. */
export const FIRST_IDS: Readonly<Record<SpecifyTableName, number>> = {
    institution: 1_000,
    division: 2_000,
    discipline: 3_000,
    collection: 4_000,
    specifyuser: 5_000,
    agent: 6_000,
    spprincipal: 7_000,
    specifyuser_spprincipal: 8_000,
    spuserpolicy: 10_000,
    sprole: 20_000,
    sprolepolicy: 30_000,
    spuserrole: 40_000,
    splibraryrole: 50_000,
    splibraryrolepolicy: 60_000
};

const ID_COLUMN: Readonly<Record<SpecifyTableName, string>> = {
    institution: 'UserGroupScopeId',
    division: 'UserGroupScopeId',
    discipline: 'UserGroupScopeId',
    collection: 'UserGroupScopeId',
    specifyuser: 'SpecifyUserID',
    agent: 'AgentID',
    spprincipal: 'SpPrincipalID',
    specifyuser_spprincipal: 'SpeicfyuserSpPrincipalID',
    spuserpolicy: 'id',
    sprole: 'id',
    sprolepolicy: 'id',
    spuserrole: 'id',
    splibraryrole: 'id',
    splibraryrolepolicy: 'id'
};

/** Specify 6's principal classes (edu.ku.brc.af.auth.specify.principal). */
const ADMIN_PRINCIPAL = 'edu.ku.brc.af.auth.specify.principal.AdminPrincipal';
const USER_PRINCIPAL = 'edu.ku.brc.af.auth.specify.principal.UserPrincipal';

type Rows = { -readonly [T in SpecifyTableName]: Record<string, unknown>[] };

export async function seed(connection: Connection, model: PolicyModel): Promise<SpecifyTables> {
    const index = new ModelIndex(model);
    const rows = Object.fromEntries(SPECIFY_TABLE_NAMES.map((table) => [table, []])) as unknown as Rows;

    /** Inserts one row (the columns given, plus `extra` columns that are not read back) and answers its id. */
    async function insert(table: SpecifyTableName, values: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<number> {
        const all = { ...values, ...extra };
        const columns = Object.keys(all);
        const [result] = await connection.query<ResultSetHeader>(
            `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
            columns.map((c) => all[c])
        );
        const id = result.insertId;
        const read = SPECIFY_TABLES[table].columns as readonly string[];
        const idColumn = ID_COLUMN[table];
        const row = { [idColumn]: id, ...values };
        rows[table].push(Object.fromEntries(read.map((column) => [column, row[column] ?? null])));
        return id;
    }

    /**
     * Inserts rows of one table in one statement (the policies of one holder): their ids are
     * consecutive from the first, as InnoDB numbers the rows of a simple multi-row insert.
     */
    async function insertMany(table: SpecifyTableName, list: readonly Record<string, unknown>[]): Promise<void> {
        if (list.length === 0) return;
        const columns = Object.keys(list[0]!);
        const [result] = await connection.query<ResultSetHeader>(
            `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`,
            [list.map((values) => columns.map((c) => values[c]))]
        );
        const read = SPECIFY_TABLES[table].columns as readonly string[];
        list.forEach((values, i) => {
            const row = { [ID_COLUMN[table]]: result.insertId + i, ...values };
            rows[table].push(Object.fromEntries(read.map((column) => [column, row[column] ?? null])));
        });
    }

    const created = { TimestampCreated: new Date() };
    await connection.beginTransaction();
    try {
        for (const table of SPECIFY_TABLE_NAMES) await connection.query(`ALTER TABLE \`${table}\` AUTO_INCREMENT = ${FIRST_IDS[table]}`);

        const divisionIds = new Map<string, number>();
        const collectionIds = new Map<string, number>();
        let institutionId: number | undefined;
        for (const institution of model.institutions) {
            const id = await insert(
                'institution',
                { Name: specifyName(institution), Code: institution.name },
                { ...created, IsAccessionsGlobal: 0, IsSecurityOn: 1, IsServerBased: 0, IsSharingLocalities: 0, IsSingleGeographyTree: 0 }
            );
            institutionId ??= id;
            for (const division of institution.divisions) {
                const divisionId = await insert('division', { Name: specifyName(division), InstitutionID: id }, created);
                if (!divisionIds.has(division.name)) divisionIds.set(division.name, divisionId);
                for (const discipline of division.disciplines) {
                    // The trees and data type a discipline needs in Specify are not in this schema: any id does.
                    const disciplineId = await insert(
                        'discipline',
                        { Name: specifyName(discipline), Type: discipline.type ?? null, DivisionID: divisionId },
                        { ...created, IsPaleoContextEmbedded: 0, DataTypeID: 1, GeographyTreeDefID: 1, GeologicTimePeriodTreeDefID: 1 }
                    );
                    for (const collection of discipline.collections) {
                        const collectionId = await insert(
                            'collection',
                            { CollectionName: specifyName(collection), Code: collection.code ?? null, DisciplineID: disciplineId },
                            { ...created, CatalogFormatNumName: 'CatalogNumberNumeric', IsEmbeddedCollectingEvent: 1 }
                        );
                        if (!collectionIds.has(collection.name)) collectionIds.set(collection.name, collectionId);
                    }
                }
            }
        }

        for (const role of index.libraryRoles.values()) {
            const id = await insert('splibraryrole', { name: specifyName(role), description: role.description ?? '' });
            await insertMany('splibraryrolepolicy', index.libraryRoleRows(role).map((row) => policyOf(row, id)));
        }

        const roleCopyIds = new Map<string, number>();
        for (const role of index.roles.values()) {
            for (const ref of role.collections) {
                const collectionId = collectionIds.get(ref.name);
                if (collectionId === undefined || roleCopyIds.has(`${role.name}\u0000${ref.name}`)) continue;
                const id = await insert('sprole', { collection_id: collectionId, name: specifyName(role), description: role.description ?? '' });
                roleCopyIds.set(`${role.name}\u0000${ref.name}`, id);
                await insertMany('sprolepolicy', index.roleRows(role, ref.name).map((row) => policyOf(row, id)));
            }
        }

        const administrator =
            institutionId === undefined
                ? undefined
                : await insert('spprincipal', { Name: 'Administrator', GroupSubClass: ADMIN_PRINCIPAL, groupType: null, userGroupScopeID: institutionId }, { ...created, Priority: 80 });

        for (const user of index.users.values()) {
            const userId = await insert(
                'specifyuser',
                { Name: user.name, UserType: user.specify6?.group ?? null },
                { ...created, IsLoggedIn: 0, IsLoggedInReport: 0, Password: 'unusable' }
            );
            for (const agent of user.agents) {
                const [lastName, firstName] = splitAgentName(agent.name);
                await insert(
                    'agent',
                    { FirstName: firstName, LastName: lastName, MiddleInitial: null, DivisionID: divisionIds.get(agent.division.name) ?? null, SpecifyUserID: userId },
                    { ...created, AgentType: 1 }
                );
            }
            if (user.specify6?.admin && administrator !== undefined) {
                await insert('specifyuser_spprincipal', { SpecifyUserID: userId, SpPrincipalID: administrator });
            }
            for (const ref of user.specify6?.collections ?? []) {
                const collectionId = collectionIds.get(ref.name);
                if (collectionId === undefined) continue;
                const principal = await insert(
                    'spprincipal',
                    { Name: user.name, GroupSubClass: USER_PRINCIPAL, groupType: null, userGroupScopeID: collectionId },
                    { ...created, Priority: 80 }
                );
                await insert('specifyuser_spprincipal', { SpecifyUserID: userId, SpPrincipalID: principal });
            }
            await insertMany(
                'spuserpolicy',
                index.institutionRows(user).map((row) => ({ collection_id: null, specifyuser_id: userId, resource: row.resource, action: row.action }))
            );
            for (const [collection, collectionId] of collectionIds) {
                await insertMany(
                    'spuserpolicy',
                    index.collectionUserRows(user, collection).map((row) => ({ collection_id: collectionId, specifyuser_id: userId, resource: row.resource, action: row.action }))
                );
                for (const role of index.rolesHeld(user, collection)) {
                    const roleId = roleCopyIds.get(`${role.name}\u0000${collection}`);
                    if (roleId !== undefined) await insert('spuserrole', { specifyuser_id: userId, role_id: roleId });
                }
            }
        }
        await connection.commit();
    } catch (error) {
        await connection.rollback();
        throw error;
    }
    return ordered(rows) as unknown as SpecifyTables;
}

function policyOf(row: StoredPolicy | LibraryRolePolicy, roleId: number): Record<string, unknown> {
    return { role_id: roleId, resource: row.resource, action: row.action };
}

/** "Last, First" → [last, first]; a name without a comma is all last name. */
export function splitAgentName(name: string): [string, string | null] {
    const comma = name.indexOf(',');
    return comma < 0 ? [name, null] : [name.slice(0, comma).trim(), name.slice(comma + 1).trim() || null];
}

/** Each table's rows in the order read-tables reads them. */
function ordered(rows: Rows): Rows {
    for (const table of SPECIFY_TABLE_NAMES) {
        const keys = SPECIFY_TABLES[table].orderBy as readonly string[];
        rows[table].sort((a, b) => {
            for (const key of keys) {
                const d = (a[key] as number) - (b[key] as number);
                if (d !== 0) return d;
            }
            return 0;
        });
    }
    return rows;
}
