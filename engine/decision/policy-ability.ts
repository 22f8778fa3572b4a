/**
 * One CASL ability for one sequence of stored row sets (say a user's institution rows, their rows
 * in a collection, and the rows of the roles they hold there). Each stored row becomes:
 *
 * - a fast rule: its resource pattern expanded over the vocabulary's resources and its action
 *   pattern over the vocabulary's actions, so `can(action, resource)` on a vocabulary request is
 *   two map lookups; a pattern of only `%` becomes CASL's any-action or any-subject-type;
 * - a slow rule whose conditions LIKE-match `{ resource, action }`, exact for any string (fields,
 *   unknown names, odd spellings), filed under the first segments of the resources its pattern can
 *   match (like-buckets.ts), so that a request meets only the rules that can match it.
 *
 * A row of `%` / `%` is a single unconditioned any/any rule, which serves both paths.
 *
 * An ability only knows rows by position, so users whose row sets have the same patterns in the
 * same order can share one: `slotOf(rule.origin)` says which segment and offset a rule came from,
 * and each user's own segments turn that back into their stored row.
 */
import { Ability, type RawRuleFrom } from '@casl/ability';
import type { StoredPolicy } from '../model/stored.js';
import { likeSubjectOf, likeSubjectsOfPattern } from './like-buckets.js';
import { likeConditionsMatcher, type LikeConditions, type LikeRequest } from './like-conditions-matcher.js';
import { RESERVED } from './reserved-names.js';
import { vocabulary } from './vocabulary.js';

export type PolicyAbility = Ability<[string, string | LikeRequest], LikeConditions>;
export type PolicyRawRule = RawRuleFrom<[string, string | LikeRequest], LikeConditions>;

/** Where a rule came from: the segment (row set) and the row's offset in it. */
export interface RowSlot {
    readonly segment: number;
    readonly offset: number;
}

const slots = new WeakMap<PolicyRawRule, RowSlot>();

/** The slot of a rule's origin (CASL's `rule.origin` is the raw rule passed in). */
export function slotOf(rule: PolicyRawRule): RowSlot {
    const slot = slots.get(rule);
    if (!slot) throw new Error('rule was not compiled by createPolicyAbility');
    return slot;
}

export function createPolicyAbility(segments: readonly (readonly StoredPolicy[])[]): PolicyAbility {
    const rules: PolicyRawRule[] = [];
    const add = (rule: PolicyRawRule, slot: RowSlot): void => {
        slots.set(rule, slot);
        rules.push(rule);
    };
    segments.forEach((rows, segment) => {
        rows.forEach((row, offset) => {
            const slot: RowSlot = { segment, offset };
            const anyResource = matchesEverything(row.resource);
            const anyAction = matchesEverything(row.action);
            if (anyResource && anyAction) {
                add({ action: RESERVED.anyAction, subject: RESERVED.anyResource }, slot);
                return;
            }
            // CASL only reads these arrays; they are the shared, frozen expansions.
            const subjects = anyResource ? [RESERVED.anyResource] : (vocabulary.resourcesMatching(row.resource) as string[]);
            const actions = anyAction ? [RESERVED.anyAction] : (vocabulary.actionsMatching(row.action) as string[]);
            if (subjects.length > 0 && actions.length > 0) add({ action: actions, subject: subjects }, slot);
            add(
                {
                    action: RESERVED.likeAction,
                    subject: likeSubjectsOfPattern(row.resource) as string[],
                    conditions: { resource: row.resource, action: row.action }
                },
                slot
            );
        });
    });
    return new Ability<[string, string | LikeRequest], LikeConditions>(rules, {
        anyAction: RESERVED.anyAction,
        anySubjectType: RESERVED.anyResource,
        conditionsMatcher: likeConditionsMatcher,
        detectSubjectType: (request) => likeSubjectOf((request as LikeRequest).resource)
    });
}

/** A pattern of only `%` matches every string, so it compiles to CASL's "any" instead of a list. */
function matchesEverything(pattern: string): boolean {
    return /^%+$/.test(pattern);
}
