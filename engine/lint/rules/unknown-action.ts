import { registry } from '../../registry/registry.js';
import { unmatchedActions } from '../resources.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';
import { suggest } from '../../suggest.js';

/**
 * An action that no resource matched by the policy's resource has. Skipped when the resource is
 * unknown, and for a row Specify itself stores though it never checks it (unchecked-action).
 */
export const unknownAction = createRule({
    code: 'unknown-action',
    severity: 'error',
    description: "An action pattern that matches no action of the resources the policy's resource pattern matches.",
    check(context) {
        for (const { policy, action, valid } of unmatchedActions(context.model)) {
            if (registry.uncheckedActions(policy.resource, action.name).length === 0) {
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
