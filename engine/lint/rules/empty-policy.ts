import { writtenPolicies } from '../policies.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** `allow /report` with no actions: Specify stores one row per action, so nothing is stored. */
export const emptyPolicy = createRule({
    code: 'empty-policy',
    severity: 'warning',
    description: 'A policy with no actions, which grants nothing.',
    check(context) {
        for (const { policy } of writtenPolicies(context.model)) {
            if (policy.actions.length > 0) continue;
            context.report({
                message: `allow ${policy.resource} lists no actions, so it grants nothing.`,
                source: firstSource(policy.source, policy.resourceSource)
            });
        }
    }
});
