/**
 * The plain definition of redundant-policy, as it read before places were answered once per content
 * and grantors described only when reported: every place built and searched afresh.
 * redundant-policy-fast.test.ts holds the rule to it.
 */
import type { Policy, Source } from '../../../engine/model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, isAdminPolicy, toolTablesOf } from '../../../engine/model/stored.js';
import { likeContains } from '../../../engine/lint/like-contains.js';
import { describePolicy, policyKey } from '../../../engine/lint/policies.js';
import { createRule } from '../../../engine/lint/rule.js';
import { firstSource } from '../../../engine/lint/source.js';

/** Something that grants (resource, action) pairs in a place: a written policy or a keyword. */
interface Grantor {
    readonly description: string;
    readonly source?: Source;
    readonly pairs: readonly (readonly [string, string])[];
    /** Present when the grantor is a policy written in this place, and so may itself be reported. */
    readonly policy?: Policy;
}

/** (resource, action) pairs of a policy as Specify stores them: `/tools/...` becomes its tables. */
function pairsOf(policy: Policy): [string, string][] {
    const resources = toolTablesOf(policy.resource) ?? [policy.resource];
    return resources.flatMap((resource) => policy.actions.map((action): [string, string] => [resource, action.name]));
}

function grantor(policy: Policy, suffix = '', reportable = true): Grantor {
    const source = firstSource(policy.source, policy.resourceSource);
    return {
        description: `${describePolicy(policy)}${suffix}`,
        ...(source ? { source } : {}),
        pairs: pairsOf(policy),
        ...(reportable ? { policy } : {})
    };
}

function covers(by: Grantor, [resource, action]: readonly [string, string]): boolean {
    return by.pairs.some(([r, a]) => likeContains(action, a) && likeContains(resource, r));
}

/**
 * The written policies of one place that can all be dropped at once without losing a grant. Later
 * policies are tried first, so of two equal policies the later one is reported; a policy found
 * redundant stops covering others, so what remains still covers everything dropped.
 */
function redundantIn(place: readonly Grantor[]): Map<Grantor, Grantor[]> {
    const dropped = new Map<Grantor, Grantor[]>();
    for (let i = place.length - 1; i >= 0; i--) {
        const candidate = place[i]!;
        if (!candidate.policy || candidate.pairs.length === 0) continue;
        const others = place.filter((g) => g !== candidate && !dropped.has(g));
        const by: Grantor[] = [];
        let all = true;
        for (const pair of candidate.pairs) {
            const coverer = others.find((g) => covers(g, pair));
            if (!coverer) {
                all = false;
                break;
            }
            if (!by.includes(coverer)) by.push(coverer);
        }
        if (all) dropped.set(candidate, by);
    }
    return dropped;
}

function unique(policies: readonly Policy[]): Policy[] {
    const seen = new Set<unknown>();
    return policies.filter((policy) => {
        const key = policyKey(policy);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/**
 * A policy whose every (resource, action) is already granted by another policy of the same place:
 * a role with its templates, a library role, a user's institution block, a user's policies in one
 * collection. Template policies cover but are never reported (they are shared with other roles).
 */
export const referenceRedundantPolicy = createRule({
    code: 'redundant-policy',
    severity: 'warning',
    description: 'A policy whose every resource and action another policy in the same place already grants.',
    check(context) {
        const { model, index } = context;
        const places: Grantor[][] = [];
        for (const template of new Set(model.libraryRoles)) places.push(unique(template.policies).map((p) => grantor(p)));
        for (const role of new Set(model.roles)) {
            const templates = [...new Set(role.templates.map((ref) => index.libraryRoles.get(ref.name)))];
            const copied = templates.flatMap((t) => (t ? t.policies.map((p) => grantor(p, ` from library ${t.name}`, false)) : []));
            places.push([...copied, ...unique(role.policies).map((p) => grantor(p))]);
        }
        for (const user of new Set(model.users)) {
            // `institution admin` next to a written `allow %: %` is institution-admin-twice's to report;
            // the written policy then covers what the keyword would, without reporting itself.
            const keywordCovers = user.institutionAdmin && !user.institutionPolicies.some(isAdminPolicy);
            const admin: Grantor[] = keywordCovers
                ? [{ description: 'institution admin', ...(user.institutionAdmin!.source ? { source: user.institutionAdmin!.source } : {}), pairs: [['%', '%']] }]
                : [];
            places.push([...admin, ...unique(user.institutionPolicies).map((p) => grantor(p))]);
            for (const collection of new Set(user.collections.map((g) => g.collection.name))) {
                const grants = user.collections.filter((g) => g.collection.name === collection);
                const access = grants.find((g) => g.access)?.access;
                const keyword: Grantor[] = access
                    ? [{ description: 'access', ...(access.source ? { source: access.source } : {}), pairs: [[COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION]] }]
                    : [];
                places.push([...keyword, ...unique(grants.flatMap((g) => g.policies)).map((p) => grantor(p))]);
            }
        }

        // A policy written once for several collections is reported only if redundant in each of them.
        const tally = new Map<unknown, { policy: Policy; places: number; redundant: number; by: Grantor[] }>();
        for (const place of places) {
            const dropped = redundantIn(place);
            for (const g of place) {
                if (!g.policy) continue;
                const key = policyKey(g.policy);
                const entry = tally.get(key) ?? { policy: g.policy, places: 0, redundant: 0, by: [] };
                entry.places++;
                const by = dropped.get(g);
                if (by) {
                    entry.redundant++;
                    if (entry.by.length === 0) entry.by = by;
                }
                tally.set(key, entry);
            }
        }
        for (const { policy, places: count, redundant, by } of tally.values()) {
            if (redundant === 0 || redundant !== count) continue;
            const more = by.length > 1 ? ` and ${by.length - 1} more` : '';
            context.report({
                message: `${describePolicy(policy)} is already granted by ${by[0]!.description}${more}.`,
                source: firstSource(policy.source, policy.resourceSource),
                data: { coveredBy: by.map((g) => ({ description: g.description, ...(g.source ? { source: g.source } : {}) })) }
            });
        }
    }
});
