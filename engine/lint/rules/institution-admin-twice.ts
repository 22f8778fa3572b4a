import { isAdminPolicy } from '../../model/stored.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * A user who writes `institution admin` and also an institution-level `allow %: %`: both store the
 * one row `%` / `%` that makes the Institution Admin (Specify keeps it once), so one of them is
 * noise, and deleting either alone changes nothing, which surprises whoever means to demote.
 * Reported at each `allow %: %`; redundant-policy leaves this pair to this rule.
 */
export const institutionAdminTwice = createRule({
    code: 'institution-admin-twice',
    severity: 'warning',
    description: "A user made Institution Admin twice: 'institution admin' and an institution-level allow %: %.",
    checkUser(context, user) {
        if (!user.institutionAdmin) return;
        for (const policy of user.institutionPolicies) {
            if (!isAdminPolicy(policy)) continue;
            const keyword = user.institutionAdmin.source;
            context.report({
                message: `${user.name} is already Institution Admin through 'institution admin', which stores the same row %: %.`,
                source: firstSource(policy.source, policy.resourceSource),
                ...(keyword ? { data: { keyword } } : {})
            });
        }
    }
});
