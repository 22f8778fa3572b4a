/**
 * The checks Specify's server makes when permissions are written, made on the tables a plan would
 * leave (apply-in-memory.ts), each refused with the reason Specify gives (semantics.md §3, §4;
 * specifyweb/backend/permissions/views.py in Specify 7):
 *
 * - at least one Institution Admin: after a user-policy PUT, `UserPolicy.objects.filter(
 *   collection__isnull=True, resource='%', action='%').exists()` or 400 `{"NoAdminUsersException": {}}`
 *   ("Request would leave system with no admin users."). Checked when the plan changes a user policy.
 * - an agent in each division a user can enter: `check_collection_access_against_agents(userid)`
 *   after a user-policy PUT, a user-roles PUT and a role PUT (for each holder of the role): the
 *   collections the user can enter in Specify 7 (`query(collection, user, '/system/sp7/collection',
 *   'access')`) or Specify 6 (a UserPrincipal scoped to the collection) must each lie in a division
 *   where the user has an agent, or 400 `{"MissingAgentForAccessibleCollection": {"missing_for_7":
 *   [...], "missing_for_6": [...], "all_accessible_divisions": [...]}}`. Checked, as Specify checks
 *   it, for the users the plan touches: their own rows or role assignments change, or they hold a
 *   role whose rows change or that the plan creates.
 *
 * The third check, a role assigned only in its own collection, is on the workspace (plan.ts): the
 * plan never makes such a row, since stored rows hold only roles declared for their collection.
 */
import { like } from '../engine/like.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE } from '../engine/model/stored.js';
import { applyPlanToTables } from './apply-in-memory.js';
import type { Plan } from './plan-types.js';
import type { SpecifyTables } from './specify-tables.js';
import { groupBy } from './group-by.js';

const USER_PRINCIPAL = 'edu.ku.brc.af.auth.specify.principal.UserPrincipal';

export function checkInvariants(before: SpecifyTables, plan: Plan): string[] {
    const after = applyPlanToTables(before, plan);
    const reasons: string[] = [];

    const userPoliciesChange = plan.insert.spuserpolicy.length > 0 || plan.delete.spuserpolicy.length > 0;
    if (userPoliciesChange && !after.spuserpolicy.some((row) => row.collection_id === null && row.resource === '%' && row.action === '%')) {
        reasons.push(
            'no user would be Institution Admin (an institution-level %: % row) afterwards: Specify refuses this with 400 {"NoAdminUsersException": {}} ("Request would leave system with no admin users."); keep `institution admin` on at least one user.'
        );
    }

    const touched = new Set<number>();
    for (const item of [...plan.insert.spuserpolicy, ...plan.insert.spuserrole]) touched.add(item.specifyuser_id);
    for (const item of plan.delete.spuserpolicy) if (item.row.specifyuser_id !== null) touched.add(item.row.specifyuser_id);
    for (const item of plan.delete.spuserrole) touched.add(item.row.specifyuser_id);
    const changedRoles = new Set<number>(plan.delete.sprolepolicy.map((item) => item.row.role_id));
    for (const update of plan.roles.update) changedRoles.add(update.id);
    const beforeRoles = new Set(before.sprole.map((row) => row.id));
    for (const row of after.sprole) if (!beforeRoles.has(row.id)) changedRoles.add(row.id);
    const beforePolicies = new Set(before.sprolepolicy.map((row) => row.id));
    for (const row of after.sprolepolicy) if (!beforePolicies.has(row.id)) changedRoles.add(row.role_id);
    for (const row of after.spuserrole) if (changedRoles.has(row.role_id)) touched.add(row.specifyuser_id);

    const userName = new Map(after.specifyuser.map((row) => [row.SpecifyUserID, row.Name]));
    const collectionName = new Map(after.collection.map((row) => [row.UserGroupScopeId, row.CollectionName ?? `#${row.UserGroupScopeId}`]));
    const divisionName = new Map(after.division.map((row) => [row.UserGroupScopeId, row.Name ?? `#${row.UserGroupScopeId}`]));
    const disciplineDivision = new Map(after.discipline.map((row) => [row.UserGroupScopeId, row.DivisionID]));
    const collectionDivision = new Map(after.collection.map((row) => [row.UserGroupScopeId, disciplineDivision.get(row.DisciplineID)]));
    const opens = (row: { readonly resource: string; readonly action: string }) =>
        like(COLLECTION_ACCESS_RESOURCE, row.resource) && like(COLLECTION_ACCESS_ACTION, row.action);
    // Where each role opens the gate: its collection, when one of its rows matches collection access.
    const roleCollection = new Map(after.sprole.map((row) => [row.id, row.collection_id]));
    const openingRoles = new Set(after.sprolepolicy.filter(opens).map((row) => row.role_id));
    // Users' own rows (and rows for every user, key null) that match collection access, by user.
    const opening = new Map<number | null, (number | null)[]>();
    for (const row of after.spuserpolicy) {
        if (!opens(row)) continue;
        let list = opening.get(row.specifyuser_id);
        if (!list) opening.set(row.specifyuser_id, (list = []));
        list.push(row.collection_id);
    }
    const allCollections = after.collection.map((row) => row.UserGroupScopeId);
    const agentsOf = groupBy(after.agent, (row) => row.SpecifyUserID);
    const rolesOf = groupBy(after.spuserrole, (row) => row.specifyuser_id);
    const principalsOf = groupBy(after.specifyuser_spprincipal, (row) => row.SpecifyUserID);
    const principal = new Map(after.spprincipal.map((row) => [row.SpPrincipalID, row]));

    for (const uid of [...touched].sort((a, b) => a - b)) {
        if (!userName.has(uid)) continue;
        const agentDivisions = new Set((agentsOf.get(uid) ?? []).filter((row) => row.DivisionID !== null).map((row) => row.DivisionID!));
        const withAgent = (cid: number) => {
            const division = collectionDivision.get(cid);
            return division !== undefined && agentDivisions.has(division);
        };
        // Specify 7, as query() reads it: the user's own rows (institution level or in the
        // collection), rows for every user, and the rows of the roles they hold in the collection.
        const places = [...(opening.get(uid) ?? []), ...(opening.get(null) ?? [])];
        const open = new Set<number>(places.includes(null) ? allCollections : (places as number[]));
        for (const row of rolesOf.get(uid) ?? []) if (openingRoles.has(row.role_id)) open.add(roleCollection.get(row.role_id)!);
        const sp7 = allCollections.filter((cid) => open.has(cid));
        // Specify 6: a user principal scoped to the collection (context/views.py users_collections_for_sp6).
        const sp6 = [
            ...new Set(
                (principalsOf.get(uid) ?? [])
                    .map((link) => principal.get(link.SpPrincipalID))
                    .filter((row) => row !== undefined && row.GroupSubClass === USER_PRINCIPAL && row.userGroupScopeID !== null && collectionName.has(row.userGroupScopeID))
                    .map((row) => row!.userGroupScopeID!)
            )
        ];
        const missing7 = sp7.filter((cid) => !withAgent(cid));
        const missing6 = sp6.filter((cid) => !withAgent(cid));
        if (missing7.length === 0 && missing6.length === 0) continue;
        const divisions = [...new Set([...sp6, ...sp7].map((cid) => collectionDivision.get(cid)).filter((d): d is number => d !== undefined))].sort((a, b) => a - b);
        const missingDivisions = [...new Set([...missing7, ...missing6].map((cid) => collectionDivision.get(cid)).filter((d): d is number => d !== undefined))];
        // As Django's JsonResponse writes it (Python's json.dumps separators).
        const list = (ids: readonly number[]) => `[${ids.join(', ')}]`;
        const body = `{"MissingAgentForAccessibleCollection": {"missing_for_7": ${list(missing7)}, "missing_for_6": ${list(missing6)}, "all_accessible_divisions": ${list(divisions)}}}`;
        reasons.push(
            `user ${userName.get(uid)} could enter ${[...new Set([...missing7, ...missing6])].map((cid) => collectionName.get(cid)).join(', ')} ` +
                `but has no agent in division ${missingDivisions.map((d) => divisionName.get(d) ?? `#${d}`).join(', ')}: ` +
                `Specify refuses this with 400 ${body}; give them an agent there in Specify first.`
        );
    }
    return reasons;
}

