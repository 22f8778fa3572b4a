import { like } from '../../like.js';
import { writtenPolicies } from '../policies.js';
import { actionsOfPattern, matchingResources } from '../resources.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';
import { suggest } from '../../suggest.js';

/** An action that no resource matched by the policy's resource has. Skipped when the resource is unknown. */
export const unknownAction = createRule({
    code: 'unknown-action',
    severity: 'error',
    description: "An action pattern that matches no action of the resources the policy's resource pattern matches.",
    check(context) {
        for (const { policy } of writtenPolicies(context.model)) {
            if (matchingResources(policy.resource).length === 0) continue;
            const valid = actionsOfPattern(policy.resource);
            for (const action of policy.actions) {
                if (valid.some((known) => like(known, action.name))) continue;
                const close = suggest(action.name, valid);
                const suggestions = close.length || valid.length > 3 ? close : [...valid];
                const hint = suggestions.length ? `; did you mean ${suggestions[0]}?` : '.';
                context.report({
                    message: `${policy.resource} has no action ${action.name}${hint}`,
                    source: firstSource(action.source, policy.source),
                    data: { suggestions, actions: [...valid] }
                });
            }
        }
    }
});
