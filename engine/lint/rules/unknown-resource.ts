import { registry } from '../../registry/registry.js';
import { writtenPolicies } from '../policies.js';
import { matchingResources, resourceCandidates } from '../resources.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';
import { suggest } from '../../suggest.js';

/** A resource pattern that matches nothing Specify checks: the grant has no effect. */
export const unknownResource = createRule({
    code: 'unknown-resource',
    severity: 'error',
    description: 'A resource or resource pattern that matches no resource Specify knows.',
    check(context) {
        for (const { policy } of writtenPolicies(context.model)) {
            if (matchingResources(policy.resource).length > 0) continue;
            const stale = registry.lookup(policy.resource)?.kind === 'stale';
            const suggestions = suggest(policy.resource, resourceCandidates());
            const hint = suggestions.length ? `; did you mean ${suggestions[0]}?` : '.';
            context.report({
                message: stale
                    ? `Specify no longer checks ${policy.resource}; it is a stale entry that grants nothing.`
                    : `Specify knows no resource matching ${policy.resource}${hint}`,
                source: firstSource(policy.resourceSource, policy.source),
                data: { suggestions }
            });
        }
    }
});
