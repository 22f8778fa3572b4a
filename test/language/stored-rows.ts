/**
 * Every row Specify would store for a model (stored.ts), by holder name, as plain data to compare:
 * equal rows are equal decisions. A holder's rows are grouped by resource, as a REST body holds them. Users, roles and library roles in model order; per user the
 * institution rows and, per collection any grant names, their own rows and the roles held; per role
 * the rows of its copy in each collection it names.
 */
import { serverPoliciesOf } from '../../engine/interchange/export-file.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { ModelIndex, type StoredPolicy } from '../../engine/model/stored.js';

/** A holder's rows as Specify keeps and serves them: grouped by resource, in order. */
const pairs = (rows: readonly Pick<StoredPolicy, 'resource' | 'action'>[]) => Object.entries(serverPoliciesOf(rows));

export function storedRowsOf(model: PolicyModel): unknown {
    const index = new ModelIndex(model);
    return {
        libraryRoles: model.libraryRoles.map((role) => [role.name, pairs(index.libraryRoleRows(role))]),
        roles: model.roles.map((role) => [role.name, role.collections.map((c) => [c.name, pairs(index.roleRows(role, c.name))])]),
        users: model.users.map((user) => [
            user.name,
            pairs(index.institutionRows(user)),
            [...new Set(user.collections.map((grant) => grant.collection.name))].map((collection) => [
                collection,
                pairs(index.collectionUserRows(user, collection)),
                index.rolesHeld(user, collection).map((role) => role.name)
            ])
        ])
    };
}
