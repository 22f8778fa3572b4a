/**
 * The rows of a Specify database (read-tables.ts) as a PolicyModel: what `spol pull` writes out.
 *
 * - The institution tree: institutions, divisions, disciplines (with their type) and collections
 *   (with their code), in id order. An institution is named by its code (Specify's `Code`, which
 *   spol's own seed writes from the identifier), any other element by its Specify name in
 *   CamelCase (`Fish Voucher Collection` → `FishVoucherCollection`), unique in the tree; the
 *   Specify name is the title when it differs.
 * - Users, by id, under their Specify name; their agents (the agents linked to them) by division;
 *   Specify 6 settings as the schema holds them (seed.ts): the user type, a link to the
 *   `Administrator` principal (AdminPrincipal), and a user principal (UserPrincipal, groupType
 *   NULL) per collection. Specify 6's group principals per collection follow from the user type
 *   and are not read.
 * - Every `spuserpolicy` row: collection NULL at institution level (a first row `%` / `%` is the
 *   Institution Admin, which tidying writes `institution admin`), else in the user's grant of
 *   that collection (a first row `/system/sp7/collection` / `access` is `access`); every
 *   `sprole` copy with its `sprolepolicy` rows, equal copies merged into one role `in A, B`
 *   (role-copies.ts); every `spuserrole` row as a role held in the role's collection; every
 *   `splibraryrole` with its `splibraryrolepolicy` rows. Rows are LIKE patterns as stored, in id
 *   order within their holder, so provenance follows the database.
 *
 * What the model cannot say is a finding, never a silent drop: a policy row for every user
 * (specifyuser_id NULL), a row a holder stores twice (spol stores one), a `/tools/...` resource
 * (spol stores a tool as its tables), an empty resource or action, a name spol cannot write, a row
 * whose user, role or collection is not there. `kept` holds the tables as the model holds them
 * (those rows left out, replaced names put in): the model stores exactly `kept` (stored-view.ts).
 */
import { spolIdentifier, uniqueIdentifier } from '../engine/interchange/import/import-roles.js';
import { storedAs } from '../engine/interchange/read-institution.js';
import { rolesOfCopies, type RoleCopy } from '../engine/interchange/role-copies.js';
import type {
    Agent,
    Collection,
    CollectionGrant,
    Discipline,
    Division,
    Institution,
    LibraryRole,
    Policy,
    PolicyModel,
    Specify6Settings,
    User,
    WithoutFieldWildcard
} from '../engine/model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, toolTablesOf } from '../engine/model/stored.js';
import type {
    AgentRow,
    SpecifyTableName,
    SpecifyTables,
    SpecifyUserRow,
    SpecifyUserSpPrincipalRow,
    SpLibraryRolePolicyRow,
    SpPrincipalRow,
    SpRolePolicyRow,
    SpUserPolicyRow
} from './specify-tables.js';

/** Something of the database the model does not hold as it is stored. */
export interface PullFinding {
    readonly table: SpecifyTableName;
    /** The row's id, when the finding is about one row. */
    readonly id?: number;
    readonly message: string;
}

export interface TablesAsModel {
    readonly model: PolicyModel;
    readonly findings: readonly PullFinding[];
    /** The tables as the model holds them: rows the findings leave out removed, replaced names in. */
    readonly kept: SpecifyTables;
}

/** Specify 6's principal classes (edu.ku.brc.af.auth.specify.principal). */
export const ADMIN_PRINCIPAL = 'edu.ku.brc.af.auth.specify.principal.AdminPrincipal';
export const USER_PRINCIPAL = 'edu.ku.brc.af.auth.specify.principal.UserPrincipal';

/** A Specify 6 user type spol can write (the grammar's `group` is an identifier). */
const GROUP = /^[_a-zA-Z][\w.-]*$/;

type Row = { readonly resource: string; readonly action: string; readonly id: number };

export function tablesToModel(tables: SpecifyTables): TablesAsModel {
    return new Conversion(tables).run();
}

class Conversion {
    private readonly findings: PullFinding[] = [];
    private readonly treeNames = new Set<string>();
    /** Collection id → identifier. */
    private readonly collectionName = new Map<number, string>();
    /** Division id → identifier. */
    private readonly divisionName = new Map<number, string>();
    /** Rows read that the model leaves out. */
    private readonly dropped = new Set<object>();
    /** Rows read that the model holds with other values (`rename`), by the row read. */
    private readonly replaced = new Map<object, object>();
    /** Rows by their holder, each list in id order. */
    private readonly rolePolicies: Map<number, SpRolePolicyRow[]>;
    private readonly libraryRolePolicies: Map<number, SpLibraryRolePolicyRow[]>;
    private readonly roleById: Map<number, SpecifyTables['sprole'][number]>;

    constructor(private readonly tables: SpecifyTables) {
        this.rolePolicies = groupBy(tables.sprolepolicy, (row) => row.role_id);
        this.libraryRolePolicies = groupBy(tables.splibraryrolepolicy, (row) => row.role_id);
        this.roleById = new Map(tables.sprole.map((row) => [row.id, row]));
    }

    private find(table: SpecifyTableName, id: number | undefined, message: string): void {
        this.findings.push({ table, ...(id !== undefined ? { id } : {}), message });
    }

    private drop<T extends SpecifyTableName>(table: T, row: SpecifyTables[T][number], message: string, id?: number): void {
        this.dropped.add(row);
        this.find(table, id, `${message}; it is left out.`);
    }

    private rename<T extends SpecifyTableName>(_table: T, row: SpecifyTables[T][number], values: Partial<SpecifyTables[T][number]>): void {
        this.replaced.set(row, { ...(this.replaced.get(row) ?? row), ...values });
    }

    private isKept(row: object): boolean {
        return !this.dropped.has(row);
    }

    run(): TablesAsModel {
        const institutions = this.institutions();
        const libraryRoles = this.libraryRoles();
        const { roles, roleOfCopy } = this.roles();
        const users = this.users(roleOfCopy);
        const kept = Object.fromEntries(
            Object.entries(this.tables).map(([table, rows]) => [table, (rows as object[]).filter((row) => this.isKept(row)).map((row) => this.replaced.get(row) ?? row)])
        ) as unknown as SpecifyTables;
        return { model: { institutions, libraryRoles, roles, users }, findings: this.findings, kept };
    }

    // ---------------------------------------------------------------- the institution tree

    /** A unique tree identifier for a Specify name; a missing name is named after the kind and id. */
    private treeName<T extends 'institution' | 'division' | 'discipline' | 'collection'>(
        table: T,
        row: SpecifyTables[T][number],
        specify: string | null,
        id: number,
        nameColumn: keyof SpecifyTables[T][number]
    ): { name: string; title?: string } {
        const kind = table.charAt(0).toUpperCase() + table.slice(1);
        if (specify === null || specify.trim() === '') {
            const name = uniqueIdentifier(`${kind}${id}`, this.treeNames);
            this.treeNames.add(name);
            this.find(table, id, `${table} ${id} has no name: spol names it ${name}.`);
            this.rename(table, row, { [nameColumn]: name } as never);
            return { name };
        }
        let base = spolIdentifier(specify);
        if (base.startsWith('Role') && !/^role/i.test(specify.replace(/[^A-Za-z0-9]/g, ''))) base = kind + base.slice('Role'.length);
        const name = uniqueIdentifier(base, this.treeNames);
        this.treeNames.add(name);
        return { name, ...(specify !== name ? { title: specify } : {}) };
    }

    private institutions(): Institution[] {
        const t = this.tables;
        const collectionsOf = groupBy(t.collection, (row) => row.DisciplineID);
        const disciplinesOf = groupBy(t.discipline, (row) => row.DivisionID);
        const divisionsOf = groupBy(t.division, (row) => row.InstitutionID);
        const collections = (discipline: Discipline & { id: number }) =>
            (collectionsOf.get(discipline.id) ?? [])
                .map((row): Collection => {
                    const named = this.treeName('collection', row, row.CollectionName, row.UserGroupScopeId, 'CollectionName');
                    this.collectionName.set(row.UserGroupScopeId, named.name);
                    return { ...named, ...(row.Code !== null ? { code: row.Code } : {}), division: discipline.division, discipline: discipline.name };
                });
        const disciplines = (division: string, divisionId: number) =>
            (disciplinesOf.get(divisionId) ?? [])
                .map((row): Discipline => {
                    const named = this.treeName('discipline', row, row.Name, row.UserGroupScopeId, 'Name');
                    let type: string | undefined;
                    if (row.Type !== null) {
                        if (GROUP.test(row.Type)) type = row.Type;
                        else {
                            this.rename('discipline', row, { Type: null });
                            this.find('discipline', row.UserGroupScopeId, `discipline ${named.name} has the type ${JSON.stringify(row.Type)}, which spol cannot write (a type is an identifier); it is left out.`);
                        }
                    }
                    const made = { ...named, ...(type !== undefined ? { type } : {}), division, collections: [] as Collection[] };
                    return { ...made, collections: collections({ ...made, id: row.UserGroupScopeId }) };
                });
        const institutions = t.institution.map((row): Institution => {
            let named: { name: string; title?: string };
            if (row.Code !== null && row.Code.trim() !== '' && !this.treeNames.has(row.Code)) {
                named = { name: row.Code, ...(row.Name !== null && row.Name !== row.Code ? { title: row.Name } : {}) };
                this.treeNames.add(row.Code);
                if (row.Name === null) this.rename('institution', row, { Name: row.Code });
            } else {
                named = this.treeName('institution', row, row.Name, row.UserGroupScopeId, 'Name');
                this.rename('institution', row, { Code: named.name, Name: row.Name ?? named.name });
                this.find('institution', row.UserGroupScopeId, `institution ${row.UserGroupScopeId} has no code of its own: spol names it ${named.name}.`);
            }
            const divisions = (divisionsOf.get(row.UserGroupScopeId) ?? [])
                .map((d): Division => {
                    const division = this.treeName('division', d, d.Name, d.UserGroupScopeId, 'Name');
                    this.divisionName.set(d.UserGroupScopeId, division.name);
                    return { ...division, disciplines: disciplines(division.name, d.UserGroupScopeId) };
                });
            return { ...named, divisions };
        });
        const orphans = <T extends 'division' | 'discipline' | 'collection'>(table: T, parent: keyof SpecifyTables[T][number], known: (id: number) => boolean) => {
            for (const row of t[table] as readonly SpecifyTables[T][number][]) {
                const id = (row as { UserGroupScopeId: number }).UserGroupScopeId;
                if (!known((row as unknown as Record<string, number>)[parent as string]!)) this.drop(table, row, `${table} ${id} belongs to no ${String(parent).replace(/ID$/, '').toLowerCase()} of the database`, id);
            }
        };
        const institutionIds = new Set(t.institution.map((i) => i.UserGroupScopeId));
        orphans('division', 'InstitutionID', (id) => institutionIds.has(id));
        orphans('discipline', 'DivisionID', (id) => this.divisionName.has(id));
        const disciplineIds = new Set(t.discipline.filter((d) => this.divisionName.has(d.DivisionID)).map((d) => d.UserGroupScopeId));
        orphans('collection', 'DisciplineID', (id) => disciplineIds.has(id));
        return institutions;
    }

    // ---------------------------------------------------------------- rows

    /**
     * One holder's rows as `[resource, actions]` runs in stored order (consecutive rows of one
     * resource are one run), without the rows spol cannot hold as stored (each a finding).
     */
    private holderRows<T extends 'spuserpolicy' | 'sprolepolicy' | 'splibraryrolepolicy'>(table: T, rows: readonly SpecifyTables[T][number][], holder: string): [string, string[]][] {
        const seen = new Set<string>();
        const runs: [string, string[]][] = [];
        for (const row of rows as readonly Row[]) {
            const key = `${row.resource}\u0000${row.action}`;
            const what = `${table} ${row.id} (${JSON.stringify(row.resource)} ${JSON.stringify(row.action)}) of ${holder}`;
            if (row.resource === '' || row.action === '') {
                this.drop(table, row as never, `${what} has an empty ${row.resource === '' ? 'resource' : 'action'}, which spol cannot write`, row.id);
                continue;
            }
            if (toolTablesOf(row.resource) !== undefined) {
                this.drop(table, row as never, `${what} names a tool, which spol writes as the tool's tables (as Specify's panel saves it)`, row.id);
                continue;
            }
            if (seen.has(key)) {
                this.drop(table, row as never, `${what} repeats an earlier row of the same holder, which spol stores once`, row.id);
                continue;
            }
            seen.add(key);
            const last = runs.at(-1);
            if (last && last[0] === row.resource) last[1].push(row.action);
            else runs.push([row.resource, [row.action]]);
        }
        return runs;
    }

    private libraryRoles(): LibraryRole[] {
        const names = new Set<string>();
        return this.tables.splibraryrole.map((row): LibraryRole => {
            const rows = this.libraryRolePolicies.get(row.id) ?? [];
            const { policies, without } = storedAs(this.holderRows('splibraryrolepolicy', rows, `library role ${JSON.stringify(row.name)}`), 'set');
            const name = uniqueIdentifier(spolIdentifier(row.name), names);
            names.add(name);
            return {
                name,
                ...(row.name !== name ? { title: row.name } : {}),
                ...(row.description !== '' ? { description: row.description } : {}),
                policies,
                ...(without ? { without } : {})
            };
        });
    }

    private roles(): { roles: PolicyModel['roles']; roleOfCopy: Map<number, string> } {
        const copies: RoleCopy[] = [];
        const ids: number[] = [];
        for (const row of this.tables.sprole) {
            const collection = this.collectionName.get(row.collection_id);
            const rows = this.rolePolicies.get(row.id) ?? [];
            if (collection === undefined) {
                this.drop('sprole', row, `role ${row.id} (${JSON.stringify(row.name)}) is in collection ${row.collection_id}, which the database does not hold`, row.id);
                for (const policy of rows) this.drop('sprolepolicy', policy, `sprolepolicy ${policy.id} belongs to role ${row.id}`, policy.id);
                continue;
            }
            copies.push({ collection, name: row.name, description: row.description, rows: this.holderRows('sprolepolicy', rows, `role ${JSON.stringify(row.name)} in ${collection}`) });
            ids.push(row.id);
        }
        for (const policy of this.tables.sprolepolicy) {
            if (!this.roleById.has(policy.role_id)) this.drop('sprolepolicy', policy, `sprolepolicy ${policy.id} belongs to role ${policy.role_id}, which the database does not hold`, policy.id);
        }
        const libraryRoleIds = new Set(this.tables.splibraryrole.map((role) => role.id));
        for (const policy of this.tables.splibraryrolepolicy) {
            if (!libraryRoleIds.has(policy.role_id)) this.drop('splibraryrolepolicy', policy, `splibraryrolepolicy ${policy.id} belongs to library role ${policy.role_id}, which the database does not hold`, policy.id);
        }
        const { roles, roleOf } = rolesOfCopies(copies);
        const roleOfCopy = new Map<number, string>();
        ids.forEach((id, i) => roleOfCopy.set(id, roleOf[i]!.name));
        return { roles, roleOfCopy };
    }

    // ---------------------------------------------------------------- users

    private users(roleOfCopy: ReadonlyMap<number, string>): User[] {
        const t = this.tables;
        const userIds = new Set(t.specifyuser.map((row) => row.SpecifyUserID));
        for (const row of t.spuserpolicy) {
            if (row.specifyuser_id === null) {
                this.drop('spuserpolicy', row, `spuserpolicy ${row.id} (${JSON.stringify(row.resource)} ${JSON.stringify(row.action)}) holds for every user (specifyuser_id NULL), which spol cannot write`, row.id);
            } else if (!userIds.has(row.specifyuser_id)) {
                this.drop('spuserpolicy', row, `spuserpolicy ${row.id} is of user ${row.specifyuser_id}, which the database does not hold`, row.id);
            } else if (row.collection_id !== null && !this.collectionName.has(row.collection_id)) {
                this.drop('spuserpolicy', row, `spuserpolicy ${row.id} is in collection ${row.collection_id}, which the database does not hold`, row.id);
            }
        }
        const assigned = new Set<string>();
        for (const row of t.spuserrole) {
            const role = this.roleById.get(row.role_id);
            if (!userIds.has(row.specifyuser_id)) this.drop('spuserrole', row, `spuserrole ${row.id} is of user ${row.specifyuser_id}, which the database does not hold`, row.id);
            else if (!role || !roleOfCopy.has(role.id)) this.drop('spuserrole', row, `spuserrole ${row.id} gives user ${row.specifyuser_id} role ${row.role_id}, which the model does not hold`, row.id);
            else if (assigned.has(`${row.specifyuser_id}\u0000${row.role_id}`)) this.drop('spuserrole', row, `spuserrole ${row.id} gives user ${row.specifyuser_id} role ${row.role_id} a second time, which spol stores once`, row.id);
            else assigned.add(`${row.specifyuser_id}\u0000${row.role_id}`);
        }
        const collectionOrder = [...this.collectionName.keys()];
        const policiesOf = groupBy(t.spuserpolicy.filter((p) => this.isKept(p)), (p) => p.specifyuser_id);
        const rolesOf = groupBy(t.spuserrole.filter((r) => this.isKept(r)), (r) => r.specifyuser_id);
        const agentsOf = groupBy(t.agent, (a) => a.SpecifyUserID);
        const linksOf = groupBy(t.specifyuser_spprincipal, (link) => link.SpecifyUserID);
        const principals = new Map(t.spprincipal.map((p) => [p.SpPrincipalID, p]));
        return t.specifyuser.map((row): User => {
            const id = row.SpecifyUserID;
            const name = row.Name;
            if (name.trim() === '') this.find('specifyuser', id, `user ${id} has an empty name, which spol cannot write.`);
            const policies = groupBy(policiesOf.get(id) ?? [], (p: SpUserPolicyRow) => p.collection_id);
            const held = groupBy(rolesOf.get(id) ?? [], (r) => this.roleById.get(r.role_id)!.collection_id);
            // Institution level.
            const institutionRuns = this.holderRows('spuserpolicy', policies.get(null) ?? [], `user ${JSON.stringify(name)} at institution level`);
            const institutionPolicies: Policy[] = institutionRuns.map(([resource, actions]) => ({ resource, actions: actions.map((action) => ({ name: action })) }));
            // Per collection, in tree order.
            const collections: CollectionGrant[] = [];
            for (const collectionId of collectionOrder) {
                const collection = this.collectionName.get(collectionId)!;
                const rows = this.holderRows('spuserpolicy', policies.get(collectionId) ?? [], `user ${JSON.stringify(name)} in ${collection}`);
                const roles = (held.get(collectionId) ?? []).map((r) => ({ name: roleOfCopy.get(r.role_id)! }));
                if (rows.length === 0 && roles.length === 0) continue;
                let access = false;
                const first = rows[0];
                if (first && first[0] === COLLECTION_ACCESS_RESOURCE && first[1][0] === COLLECTION_ACCESS_ACTION) {
                    access = true;
                    rows[0] = [COLLECTION_ACCESS_RESOURCE, first[1].slice(1)];
                    if (rows[0][1].length === 0) rows.shift();
                }
                const { policies: granted, without } = storedAs(rows, access ? 'after-access' : 'set') as { policies: Policy[]; without?: WithoutFieldWildcard };
                collections.push({ collection: { name: collection }, ...(access ? { access: {} } : {}), roles, policies: granted, ...(without ? { without } : {}) });
            }
            const agents = (agentsOf.get(id) ?? []).flatMap((a) => this.agent(a, name));
            const specify6 = this.specify6(row, linksOf.get(id) ?? [], principals, name);
            return { name, agents, institutionPolicies, collections, ...(specify6 ? { specify6 } : {}) };
        });
    }

    private agent(row: AgentRow, user: string): Agent[] {
        const division = row.DivisionID === null ? undefined : this.divisionName.get(row.DivisionID);
        if (division === undefined) {
            this.drop('agent', row, `agent ${row.AgentID} of user ${JSON.stringify(user)} is in no division of the database, and a spol agent names its division`, row.AgentID);
            return [];
        }
        return [{ name: agentName(row), division: { name: division } }];
    }

    private specify6(
        row: SpecifyUserRow,
        links: readonly SpecifyUserSpPrincipalRow[],
        principals: ReadonlyMap<number, SpPrincipalRow>,
        user: string
    ): Specify6Settings | undefined {
        const principalOf = (link: SpecifyUserSpPrincipalRow) => principals.get(link.SpPrincipalID);
        const admin = links.some((link) => principalOf(link)?.GroupSubClass === ADMIN_PRINCIPAL);
        const collections: { name: string }[] = [];
        for (const link of links) {
            const p = principalOf(link);
            if (p?.GroupSubClass !== USER_PRINCIPAL || p.groupType !== null || p.userGroupScopeID === null) continue;
            const name = this.collectionName.get(p.userGroupScopeID);
            if (name === undefined) {
                this.drop('specifyuser_spprincipal', link, `the Specify 6 principal ${p.SpPrincipalID} of user ${JSON.stringify(user)} is in collection ${p.userGroupScopeID}, which the database does not hold`, p.SpPrincipalID);
            } else if (!collections.some((c) => c.name === name)) collections.push({ name });
        }
        let group = row.UserType ?? undefined;
        if (group !== undefined && !GROUP.test(group)) {
            this.rename('specifyuser', row, { UserType: null });
            this.find('specifyuser', row.SpecifyUserID, `user ${JSON.stringify(user)} has the Specify 6 user type ${JSON.stringify(group)}, which spol cannot write (a group is an identifier); it is left out.`);
            group = undefined;
        }
        if (!admin && group === undefined && collections.length === 0) return undefined;
        return { admin, ...(group !== undefined ? { group } : {}), collections };
    }
}

/** Rows by a key, each list in the order the rows come. */
function groupBy<R, K>(rows: readonly R[], key: (row: R) => K): Map<K, R[]> {
    const map = new Map<K, R[]>();
    for (const row of rows) {
        const k = key(row);
        const list = map.get(k);
        if (list) list.push(row);
        else map.set(k, [row]);
    }
    return map;
}

/** An agent's name as spol writes it: "Last, First M." (seed.ts splits it back at the comma). */
export function agentName(row: Pick<AgentRow, 'FirstName' | 'LastName' | 'MiddleInitial'>): string {
    const first = [row.FirstName, row.MiddleInitial].filter((part) => part !== null && part !== '').join(' ');
    return first === '' ? (row.LastName ?? '') : `${row.LastName ?? ''}, ${first}`;
}
