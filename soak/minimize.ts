/**
 * After fast-check's shrinking, a greedy pass that leaves out one part of the workspace at a time
 * (an element, a grant, a policy, an action, a reference, a collection, or the cut into files) and
 * keeps each removal after which the finding still holds, until none can go. fast-check shrinks a
 * list by dropping its first items only, so a role or user after the one that matters would
 * otherwise stay in the shrunk text. The question stays the concrete question that disagreed, so
 * removing users or collections does not turn it into another one.
 */
import type { Institution, PolicyModel } from '../engine/model/policy-model.js';
import type { SoakWorkspace } from './soak-workspace.js';

/** Each list of `items` with one item left out. */
function withoutOne<T>(items: readonly T[], min = 0): T[][] {
    if (items.length <= min) return [];
    return items.map((_, i) => [...items.slice(0, i), ...items.slice(i + 1)]);
}

/** Each list of `items` with one item replaced by each of its own smaller versions. */
function eachSmaller<T>(items: readonly T[], smaller: (item: T) => T[]): T[][] {
    return items.flatMap((item, i) => smaller(item).map((s) => [...items.slice(0, i), s, ...items.slice(i + 1)]));
}

function smallerInstitution(institution: Institution): Institution[] {
    return [
        ...withoutOne(institution.divisions, 1),
        ...eachSmaller(institution.divisions, (division) => [
            ...withoutOne(division.disciplines, 1).map((disciplines) => ({ ...division, disciplines })),
            ...eachSmaller(division.disciplines, (discipline) =>
                withoutOne(discipline.collections, 1).map((collections) => ({ ...discipline, collections }))
            ).map((disciplines) => ({ ...division, disciplines }))
        ])
    ].map((divisions) => ({ ...institution, divisions }));
}

type Policies = PolicyModel['roles'][number]['policies'];

function smallerPolicies(policies: Policies): Policies[] {
    return [...withoutOne(policies), ...eachSmaller(policies, (policy) => withoutOne(policy.actions, 1).map((actions) => ({ ...policy, actions })))];
}

/** Every workspace one step smaller than this one. */
export function smallerWorkspaces(workspace: SoakWorkspace): SoakWorkspace[] {
    const m = workspace.model;
    const models: PolicyModel[] = [
        ...withoutOne(m.users, 1).map((users) => ({ ...m, users })),
        ...withoutOne(m.roles).map((roles) => ({ ...m, roles })),
        ...withoutOne(m.libraryRoles).map((libraryRoles) => ({ ...m, libraryRoles })),
        ...eachSmaller(m.users, (user) => [
            ...(user.institutionAdmin ? [(({ institutionAdmin: _, ...rest }) => rest)(user)] : []),
            ...smallerPolicies(user.institutionPolicies).map((institutionPolicies) => ({ ...user, institutionPolicies })),
            ...withoutOne(user.collections).map((collections) => ({ ...user, collections })),
            ...eachSmaller(user.collections, (grant) => [
                ...(grant.access ? [(({ access: _, ...rest }) => rest)(grant)] : []),
                ...withoutOne(grant.roles).map((roles) => ({ ...grant, roles })),
                ...smallerPolicies(grant.policies).map((policies) => ({ ...grant, policies }))
            ]).map((collections) => ({ ...user, collections }))
        ]).map((users) => ({ ...m, users })),
        ...eachSmaller(m.roles, (role) => [
            ...withoutOne(role.collections, 1).map((collections) => ({ ...role, collections })),
            ...withoutOne(role.templates).map((templates) => ({ ...role, templates })),
            ...smallerPolicies(role.policies).map((policies) => ({ ...role, policies }))
        ]).map((roles) => ({ ...m, roles })),
        ...eachSmaller(m.libraryRoles, (library) => smallerPolicies(library.policies).map((policies) => ({ ...library, policies }))).map((libraryRoles) => ({
            ...m,
            libraryRoles
        })),
        ...eachSmaller(m.institutions, smallerInstitution).map((institutions) => ({ ...m, institutions }))
    ];
    return [...(workspace.cuts.length > 0 ? [{ model: m, cuts: [] }] : []), ...models.map((model) => ({ model, cuts: workspace.cuts }))];
}

/** The smallest workspace reached by single steps after which `fails` still holds. */
export async function minimize(workspace: SoakWorkspace, fails: (candidate: SoakWorkspace) => Promise<boolean>): Promise<SoakWorkspace> {
    let current = workspace;
    for (let progressed = true; progressed; ) {
        progressed = false;
        for (const candidate of smallerWorkspaces(current)) {
            if (await fails(candidate)) {
                current = candidate;
                progressed = true;
                break;
            }
        }
    }
    return current;
}
