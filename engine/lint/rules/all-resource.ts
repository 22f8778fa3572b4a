import { describePlace, writtenPolicies } from '../policies.js';
import { matchesEveryResource } from '../resources.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * A resource pattern that matches every resource, outside Institution Admin (institution `%`: `%`).
 * It grants every resource Specify adds in later versions too, and with it the permission resources
 * and the collection gate. Library roles are not checked: Specify ships Collection Admin as `%`: `%`.
 */
export const allResource = createRule({
    code: 'all-resource',
    severity: 'warning',
    description: 'A % resource in a role, a collection-level policy, or an institution-level policy that is not exactly %: %.',
    check(context) {
        for (const { policy, place } of writtenPolicies(context.model)) {
            if (place.kind === 'library-role' || policy.actions.length === 0) continue;
            if (!matchesEveryResource(policy.resource)) continue;
            if (place.kind === 'institution' && policy.resource === '%' && policy.actions.some((a) => a.name === '%')) continue;
            context.report({
                message: `${policy.resource} in ${describePlace(place)} matches every resource, including permissions and any Specify adds later.`,
                source: firstSource(policy.resourceSource, policy.source)
            });
        }
    }
});
