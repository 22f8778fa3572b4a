import { describeHolder, lossyFindings, type LossyFinding } from '../../interchange/lossy.js';
import { matchingResources } from '../resources.js';
import { createRule } from '../rule.js';
import { sourceKey } from '../source.js';

/**
 * A policy that Specify's role Export and Import do not carry over as it is: re-importing the
 * exported file stores something else (interchange/lossy.ts). One diagnostic per written policy and
 * change, naming every role copy and library role it happens in; reported at the policy's resource.
 * A resource that fails Specify's UI outright (no such table, no such tool) but matches nothing
 * Specify knows is left to `unknown-resource`, which already reports it as an error.
 */
const UNLOADABLE: ReadonlySet<string> = new Set(['ui-cannot-load', 'import-fails']);

export const lossyExport = createRule({
    code: 'lossy-export',
    severity: 'warning',
    description: "A role policy that Specify's Export → Import round trip changes (tool widening, % expanded, /field/% lost, …).",
    checkWorld(context) {
        const groups = new Map<string, LossyFinding[]>();
        for (const finding of lossyFindings(context.index)) {
            if (UNLOADABLE.has(finding.kind) && matchingResources(finding.resource).length === 0) continue;
            const key = `${finding.source ? sourceKey(finding.source) : ''}\u0000${finding.kind}\u0000${finding.detail}`;
            const group = groups.get(key);
            if (group) group.push(finding);
            else groups.set(key, [finding]);
        }
        for (const group of groups.values()) {
            const first = group[0]!;
            const holders = [...new Set(group.map((finding) => describeHolder(finding.holder)))];
            context.report({
                message: `Export → Import changes this policy in ${holders.join(', ')}: ${first.detail}`,
                ...(first.source ? { source: first.source } : {}),
                data: {
                    kind: first.kind,
                    resource: first.resource,
                    action: first.action,
                    holders: group.map((finding) => finding.holder)
                }
            });
        }
    }
});
