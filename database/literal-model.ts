/**
 * literalModel(tables, matching) → the database's permission rows as a PolicyModel under the
 * workspace's names, for one purpose: `diffModels(literal, workspace)` says what a plan changes in
 * effect (who may now do what, escalations first), as `spol diff` says it between two workspaces.
 *
 * Unlike `spol pull`'s model (tables-to-model.ts), it is not meant to be written or read: every row
 * is one policy exactly as stored, nothing is tidied, and the names are those the plan matched
 * (plan.ts `Matching`): a matched user or collection takes the workspace's name, so that both sides
 * of the diff speak of the same user in the same place; anything the workspace does not declare
 * keeps its database name. Every role copy is its own role (copies of one name may differ), named
 * after the workspace role it is matched to when there is one. Every policy set says `without
 * /field/%` so that no row is added that the database does not hold. Rows for every user
 * (`specifyuser_id` NULL) are left out: the plan leaves them alone, so they change nothing.
 */
import type { Collection, CollectionGrant, Division, Institution, Policy, PolicyModel, Role, User } from '../engine/model/policy-model.js';
import type { Matching } from './plan.js';
import type { SpecifyTables } from './specify-tables.js';
import { groupBy } from './group-by.js';

const WITHOUT = { resource: '/field/%' } as const;

export function literalModel(tables: SpecifyTables, matching: Matching): PolicyModel {
    const collectionName = (cid: number) => matching.collectionName.get(cid) ?? `#${cid}`;
    const divisionName = new Map(tables.division.map((row) => [row.UserGroupScopeId, `${row.Name ?? 'division'}#${row.UserGroupScopeId}`]));

    const institutions: Institution[] = tables.institution.map((institution) => ({
        name: institution.Code ?? institution.Name ?? `#${institution.UserGroupScopeId}`,
        divisions: tables.division
            .filter((division) => division.InstitutionID === institution.UserGroupScopeId)
            .map(
                (division): Division => ({
                    name: divisionName.get(division.UserGroupScopeId)!,
                    disciplines: tables.discipline
                        .filter((discipline) => discipline.DivisionID === division.UserGroupScopeId)
                        .map((discipline) => ({
                            name: `${discipline.Name ?? 'discipline'}#${discipline.UserGroupScopeId}`,
                            division: divisionName.get(division.UserGroupScopeId)!,
                            collections: tables.collection
                                .filter((collection) => collection.DisciplineID === discipline.UserGroupScopeId)
                                .map(
                                    (collection): Collection => ({
                                        name: collectionName(collection.UserGroupScopeId),
                                        division: divisionName.get(division.UserGroupScopeId)!,
                                        discipline: `${discipline.Name ?? 'discipline'}#${discipline.UserGroupScopeId}`
                                    })
                                )
                        }))
                })
            )
    }));

    // Role names: the matched workspace role's, else the database name; made unique per copy.
    const taken = new Set<string>();
    const roleName = new Map<number, string>();
    for (const row of tables.sprole) {
        const base = matching.roleOf.get(row.id) ?? row.name;
        let name = taken.has(base) ? `${base} (${collectionName(row.collection_id)})` : base;
        for (let n = 2; taken.has(name); n++) name = `${base} (${collectionName(row.collection_id)} ${n})`;
        taken.add(name);
        roleName.set(row.id, name);
    }
    const rolePolicies = groupBy(tables.sprolepolicy, (row) => row.role_id);
    const ownRows = groupBy(tables.spuserpolicy, (row) => row.specifyuser_id);
    const assignments = groupBy(tables.spuserrole, (row) => row.specifyuser_id);
    const agents = groupBy(tables.agent, (row) => row.SpecifyUserID);
    const policiesOf = (rows: readonly { readonly resource: string; readonly action: string }[]): Policy[] =>
        rows.map((row) => ({ resource: row.resource, actions: [{ name: row.action }] }));
    const roles: Role[] = tables.sprole.map((row) => ({
        name: roleName.get(row.id)!,
        collections: [{ name: collectionName(row.collection_id) }],
        templates: [],
        policies: policiesOf(rolePolicies.get(row.id) ?? []),
        without: WITHOUT
    }));
    const roleRows = new Map(tables.sprole.map((row) => [row.id, row]));

    const users: User[] = tables.specifyuser.map((user) => {
        const uid = user.SpecifyUserID;
        const own = ownRows.get(uid) ?? [];
        const held = (assignments.get(uid) ?? []).filter((row) => roleRows.has(row.role_id));
        const places = [...new Set([...own.filter((row) => row.collection_id !== null).map((row) => row.collection_id!), ...held.map((row) => roleRows.get(row.role_id)!.collection_id)])];
        const collections: CollectionGrant[] = places.map((cid) => ({
            collection: { name: collectionName(cid) },
            roles: held.filter((row) => roleRows.get(row.role_id)!.collection_id === cid).map((row) => ({ name: roleName.get(row.role_id)! })),
            policies: policiesOf(own.filter((row) => row.collection_id === cid)),
            without: WITHOUT
        }));
        return {
            name: matching.userName.get(uid) ?? user.Name,
            agents: (agents.get(uid) ?? [])
                .filter((agent) => agent.DivisionID !== null && divisionName.has(agent.DivisionID))
                .map((agent) => ({ name: [agent.LastName, agent.FirstName].filter(Boolean).join(', '), division: { name: divisionName.get(agent.DivisionID!)! } })),
            institutionPolicies: policiesOf(own.filter((row) => row.collection_id === null)),
            collections
        };
    });
    return { institutions, libraryRoles: [], roles, users };
}

