/**
 * The body that Specify's `POST /permissions/query/` returns (semantics.md §5), from the engine's
 * raw-query decisions (`mode: 'query'`): the LIKE match at the level asked, nothing more. That is
 * what Specify's endpoint does, so an institution-only resource held through a role is reported
 * allowed in a collection although the server would refuse it (issue #1291).
 *
 * Ids are the model's numbering. A matching user policy carries the collection id of its own row:
 * null for institution-level rows, the collection's id for collection-level rows.
 */
import type { DecideOptions } from '../decision/decision.js';
import type { PolicyEngine } from '../decision/policy-engine.js';
import type { StoredPolicy } from '../model/stored.js';
import { specifyName, type ModelNumbering } from './numbering.js';

export interface PermissionQuery {
    readonly resource: string;
    readonly actions: readonly string[];
}

/** The request: one user, in a collection or at institution level, and what to ask. */
export type QueryRequest = {
    readonly user: string;
    readonly queries: readonly PermissionQuery[];
} & ({ readonly collection: string; readonly institution?: undefined } | { readonly institution: true; readonly collection?: undefined });

export interface MatchingUserPolicy {
    collectionid: number | null;
    userid: number;
    resource: string;
    action: string;
}

export interface MatchingRolePolicy {
    roleid: number;
    rolename: string;
    resource: string;
    action: string;
}

export interface QueryDetail {
    resource: string;
    action: string;
    allowed: boolean;
    matching_user_policies: MatchingUserPolicy[];
    matching_role_policies: MatchingRolePolicy[];
}

export interface QueryResponse {
    allowed: boolean;
    details: QueryDetail[];
}

/**
 * Answers like `POST /permissions/query/`: one detail per resource and action, in request order;
 * `allowed` is true when every detail is. Throws QueryError for an unknown user or collection, and
 * with `unknownNames: 'refuse'` for a resource or action Specify does not define.
 */
export function specifyQueryResponse(
    engine: PolicyEngine,
    numbering: ModelNumbering,
    request: QueryRequest,
    options: Pick<DecideOptions, 'unknownNames'> = {}
): QueryResponse {
    const where = request.institution === true ? { institution: true as const } : { collection: request.collection };
    const details: QueryDetail[] = [];
    for (const { resource, actions } of request.queries) {
        for (const action of actions) {
            const decision = engine.decide({ user: request.user, ...where, resource, action }, { mode: 'query', ...options });
            const matchingUser: MatchingUserPolicy[] = [];
            const matchingRole: MatchingRolePolicy[] = [];
            for (const row of decision.matches) addMatch(row, engine, numbering, matchingUser, matchingRole);
            details.push({
                resource,
                action,
                allowed: decision.allowed,
                matching_user_policies: matchingUser,
                matching_role_policies: matchingRole
            });
        }
    }
    return { allowed: details.every((detail) => detail.allowed), details };
}

function addMatch(
    row: StoredPolicy,
    engine: PolicyEngine,
    numbering: ModelNumbering,
    users: MatchingUserPolicy[],
    roles: MatchingRolePolicy[]
): void {
    const { origin } = row;
    switch (origin.kind) {
        case 'institution-user':
            users.push({ collectionid: null, userid: numbering.userId(origin.user) ?? 0, resource: row.resource, action: row.action });
            return;
        case 'collection-user':
            users.push({
                collectionid: numbering.collectionId(origin.collection) ?? 0,
                userid: numbering.userId(origin.user) ?? 0,
                resource: row.resource,
                action: row.action
            });
            return;
        case 'role': {
            const role = engine.index.roles.get(origin.role);
            roles.push({
                roleid: numbering.roleCopyId(origin.role, origin.collection) ?? 0,
                rolename: role ? specifyName(role) : origin.role,
                resource: row.resource,
                action: row.action
            });
            return;
        }
    }
}
