import type { Role } from '../../model/policy-model.js';
import type { ResourceInfo } from '../../registry/registry.js';
import { describePlace, writtenPolicies } from '../policies.js';
import { isHiddenButCollectionChecked, isInstitutionLevel, matchingResources } from '../resources.js';
import { createRule, type LintContext } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * A role or collection-level policy for resources Specify checks only at institution level, where
 * roles and collection policies never count (semantics.md §2.4). `/admin/user/agents` is reported
 * as info instead: the UI hides it from roles, but the server honours it per collection.
 */
export const institutionOnlyPolicy = createRule({
    code: 'institution-only-policy',
    severity: 'warning',
    description: 'A role or collection-level policy whose resources Specify only checks at institution level, so it never applies.',
    check(context) {
        for (const { policy, place } of writtenPolicies(context.model)) {
            if (place.kind !== 'role' && place.kind !== 'collection') continue;
            const infos = matchingResources(policy.resource);
            if (infos.length === 0) continue;
            const other = collectionChecked(infos);
            const onlyInstitution = other.length === 0;
            if (!onlyInstitution && !other.every(isHiddenButCollectionChecked)) continue;
            const source = firstSource(policy.resourceSource, policy.source);
            const where = describePlace(place);
            // Where the policy is and who could hold it at institution level instead, for the quick fix.
            const placeData =
                place.kind === 'role'
                    ? { role: place.role.name, holders: holdersOf(context, place.role) }
                    : { user: place.user.name, collection: place.grant.collection.name };
            if (onlyInstitution) {
                context.report({
                    message: `${policy.resource} is checked only at institution level, where ${where} never counts; grant it as an institution-level user policy.`,
                    source,
                    data: { resource: policy.resource, ...placeData }
                });
            } else {
                context.report({
                    message: `${policy.resource} in ${where}: Specify's UI hides ${other.map((i) => i.resource).join(', ')} from roles and collection policies, but the server honours it per collection.`,
                    source,
                    severity: 'info',
                    data: { resource: policy.resource, hiddenInUi: other.map((i) => i.resource), ...placeData }
                });
            }
        }
    }
});

/**
 * The resources of a match that Specify checks in a collection too, by the match's frozen list
 * (matchingResources hands out one per pattern): `/table/%` matches hundreds of resources, and
 * thousands of role and user policies repeat it.
 */
const checkedInCollection = new WeakMap<readonly ResourceInfo[], readonly ResourceInfo[]>();

function collectionChecked(infos: readonly ResourceInfo[]): readonly ResourceInfo[] {
    let other = checkedInCollection.get(infos);
    if (!other) checkedInCollection.set(infos, (other = Object.freeze(infos.filter((info) => !isInstitutionLevel(info)))));
    return other;
}

/** The users who hold the role in one of its collections, each once, in model order. */
function holdersOf(context: LintContext, role: Role): string[] {
    return [...new Set(context.index.roleHolders(role).map((user) => user.name))];
}
