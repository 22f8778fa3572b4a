/**
 * What a database stores, as lines that name things by their Specify names instead of ids, so
 * that the tables of a database and the model of a workspace can be compared: `viewOfTables` reads
 * it from the rows, `viewOfModel` computes it from a model with stored.ts (the rows Specify would
 * hold for it). `spol pull` compares the two before it writes anything (the exactness check), and
 * the tests compare a seeded database with the workspace pulled from it.
 *
 * One line per institution, division, discipline (with its type), collection (with its code), user
 * (user type, Specify 6 admin, Specify 6 collections), agent, library role, role copy, policy set
 * of a user (institution level or one collection) and role held. A set's rows are in stored order
 * (they are the provenance); the lines themselves are sorted, since ids order them in a database
 * and declarations in a workspace. Collections are named by their path in the tree (institution /
 * division / discipline / collection), as names need only be unique among siblings in Specify.
 */
import { specifyName } from '../engine/interchange/numbering.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { ModelIndex } from '../engine/model/stored.js';
import type { SpecifyTables } from './specify-tables.js';
import { ADMIN_PRINCIPAL, agentName, USER_PRINCIPAL } from './tables-to-model.js';

type Rows = readonly (readonly [string, string])[];

const line = (kind: string, ...parts: unknown[]): string => `${kind} ${JSON.stringify(parts)}`;

export function viewOfTables(t: SpecifyTables): string[] {
    const out: string[] = [];
    const institution = new Map(t.institution.map((row) => [row.UserGroupScopeId, row.Name ?? '']));
    const division = new Map(t.division.map((row) => [row.UserGroupScopeId, [institution.get(row.InstitutionID) ?? '', row.Name ?? '']]));
    const discipline = new Map(t.discipline.map((row) => [row.UserGroupScopeId, [...(division.get(row.DivisionID) ?? ['', '']), row.Name ?? '']]));
    const collection = new Map(t.collection.map((row) => [row.UserGroupScopeId, [...(discipline.get(row.DisciplineID) ?? ['', '', '']), row.CollectionName ?? '']]));
    for (const row of t.institution) out.push(line('institution', row.Name, row.Code));
    for (const row of t.division) out.push(line('division', ...division.get(row.UserGroupScopeId)!));
    for (const row of t.discipline) out.push(line('discipline', ...discipline.get(row.UserGroupScopeId)!, row.Type));
    for (const row of t.collection) out.push(line('collection', ...collection.get(row.UserGroupScopeId)!, row.Code));

    const user = new Map(t.specifyuser.map((row) => [row.SpecifyUserID, row.Name]));
    const principal = new Map(t.spprincipal.map((p) => [p.SpPrincipalID, p]));
    const links = groupBy(t.specifyuser_spprincipal, (link) => link.SpecifyUserID);
    for (const row of t.specifyuser) {
        const principals = (links.get(row.SpecifyUserID) ?? []).map((link) => principal.get(link.SpPrincipalID)).filter((p) => p !== undefined);
        const admin = principals.some((p) => p.GroupSubClass === ADMIN_PRINCIPAL);
        const collections = new Set(
            principals
                .filter((p) => p.GroupSubClass === USER_PRINCIPAL && p.groupType === null && p.userGroupScopeID !== null)
                .map((p) => JSON.stringify(collection.get(p.userGroupScopeID!) ?? null))
        );
        out.push(line('user', row.Name, row.UserType, admin, [...collections].sort()));
    }
    for (const row of t.agent) out.push(line('agent', user.get(row.SpecifyUserID), agentName(row), division.get(row.DivisionID ?? -1) ?? null));

    const libraryRows = groupBy(t.splibraryrolepolicy, (p) => p.role_id);
    for (const role of t.splibraryrole) out.push(line('library role', role.name, role.description, rowsOf(libraryRows.get(role.id) ?? [])));
    const roleRows = groupBy(t.sprolepolicy, (p) => p.role_id);
    const copy = new Map(t.sprole.map((role) => [role.id, [collection.get(role.collection_id) ?? null, role.name, role.description, rowsOf(roleRows.get(role.id) ?? [])]]));
    for (const role of t.sprole) out.push(line('role', ...copy.get(role.id)!));
    const sets = new Map<string, { user: string | undefined; collection: number | null; rows: [string, string][] }>();
    for (const row of t.spuserpolicy) {
        const key = `${row.specifyuser_id}\u0000${row.collection_id}`;
        let set = sets.get(key);
        if (!set) sets.set(key, (set = { user: row.specifyuser_id === null ? undefined : user.get(row.specifyuser_id), collection: row.collection_id, rows: [] }));
        set.rows.push([row.resource, row.action]);
    }
    for (const set of sets.values()) out.push(line('policies', set.user ?? null, set.collection === null ? null : (collection.get(set.collection) ?? null), set.rows));
    for (const row of t.spuserrole) out.push(line('holds', user.get(row.specifyuser_id) ?? null, ...(copy.get(row.role_id) ?? [null])));
    return out.sort();
}

function groupBy<R, K>(rows: readonly R[], key: (row: R) => K): Map<K, R[]> {
    const map = new Map<K, R[]>();
    for (const row of rows) {
        const list = map.get(key(row));
        if (list) list.push(row);
        else map.set(key(row), [row]);
    }
    return map;
}

function rowsOf(rows: readonly { readonly resource: string; readonly action: string }[]): [string, string][] {
    return rows.map((row) => [row.resource, row.action]);
}

export function viewOfModel(model: PolicyModel): string[] {
    const out: string[] = [];
    const index = new ModelIndex(model);
    const path = new Map<string, string[]>();
    const divisionPath = new Map<string, string[]>();
    for (const institution of model.institutions) {
        out.push(line('institution', specifyName(institution), institution.name));
        for (const division of institution.divisions) {
            const d = [specifyName(institution), specifyName(division)];
            if (!divisionPath.has(division.name)) divisionPath.set(division.name, d);
            out.push(line('division', ...d));
            for (const discipline of division.disciplines) {
                out.push(line('discipline', ...d, specifyName(discipline), discipline.type ?? null));
                for (const collection of discipline.collections) {
                    const c = [...d, specifyName(discipline), specifyName(collection)];
                    if (!path.has(collection.name)) path.set(collection.name, c);
                    out.push(line('collection', ...c, collection.code ?? null));
                }
            }
        }
    }
    const names = index.collectionNames();
    for (const user of model.users) {
        const s6 = user.specify6;
        const collections = new Set((s6?.collections ?? []).filter((ref) => path.has(ref.name)).map((ref) => JSON.stringify(path.get(ref.name))));
        out.push(line('user', user.name, s6?.group ?? null, s6?.admin ?? false, [...collections].sort()));
        for (const agent of user.agents) out.push(line('agent', user.name, agent.name, divisionPath.get(agent.division.name) ?? null));
    }
    for (const role of model.libraryRoles) out.push(line('library role', specifyName(role), role.description ?? '', pairs(index.libraryRoleRows(role))));
    const copyOf = (role: PolicyModel['roles'][number], collection: string) => [
        path.get(collection)!,
        specifyName(role),
        role.description ?? '',
        pairs(index.roleRows(role, collection))
    ];
    for (const role of model.roles) {
        const seen = new Set<string>();
        for (const ref of role.collections) {
            if (!path.has(ref.name) || seen.has(ref.name)) continue;
            seen.add(ref.name);
            out.push(line('role', ...copyOf(role, ref.name)));
        }
    }
    for (const user of model.users) {
        const institutionRows = index.institutionRows(user);
        if (institutionRows.length > 0) out.push(line('policies', user.name, null, pairs(institutionRows)));
        for (const collection of names) {
            const rows = index.collectionUserRows(user, collection);
            if (rows.length > 0) out.push(line('policies', user.name, path.get(collection)!, pairs(rows)));
            for (const role of index.rolesHeld(user, collection)) out.push(line('holds', user.name, ...copyOf(role, collection)));
        }
    }
    return out.sort();
}

function pairs(rows: Rows | readonly { readonly resource: string; readonly action: string }[]): [string, string][] {
    return rows.map((row) => ('resource' in row ? [row.resource, row.action] : [row[0], row[1]]));
}

/** The first line one view holds and the other does not, said in a sentence; undefined when equal. */
export function viewDifference(database: readonly string[], workspace: readonly string[]): string | undefined {
    const count = (lines: readonly string[]) => {
        const map = new Map<string, number>();
        for (const l of lines) map.set(l, (map.get(l) ?? 0) + 1);
        return map;
    };
    const a = count(database);
    const b = count(workspace);
    for (const [l, n] of a) if ((b.get(l) ?? 0) < n) return `the database stores ${l}, the workspace does not`;
    for (const [l, n] of b) if ((a.get(l) ?? 0) < n) return `the workspace stores ${l}, the database does not`;
    return undefined;
}
