import { registry } from '../../registry/registry.js';
import { unmatchedActions } from '../resources.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * An action that Specify stores but never checks (`/preferences/statistics` `edit`, which a
 * migration gives to "Full Access - Legacy"): it grants nothing, but it is what a real database
 * holds, so it is a warning, not the error unknown-action gives a misspelt action. The facts are
 * the registry's (engine/registry/unchecked-actions.ts).
 */
export const uncheckedAction = createRule({
    code: 'unchecked-action',
    severity: 'warning',
    description: 'An action Specify itself stores (a migration writes it) but never checks, so it grants nothing.',
    check(context) {
        for (const { policy, action } of unmatchedActions(context.model)) {
            const fact = registry.uncheckedActions(policy.resource, action.name)[0];
            if (fact) {
                context.report({
                    message: `${policy.resource} ${action.name} is never checked, so it grants nothing: Specify checks ${fact.resource} ${fact.checked}, and stores ${fact.action} only because ${fact.storedBy}.`,
                    source: firstSource(action.source, policy.source),
                    data: { resource: fact.resource, action: fact.action, checked: fact.checked }
                });
            }
        }
    }
});
