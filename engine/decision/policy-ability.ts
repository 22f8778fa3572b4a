/**
 * CASL abilities over stored rows. Each stored row becomes:
 *
 * - a fast rule, in the ability of the sequence of row sets that count for a user somewhere (say
 *   their institution rows, their rows in a collection, and the rows of the roles they hold there):
 *   its resource pattern expanded over the vocabulary's resources and its action pattern over the
 *   vocabulary's actions, so `can(action, resource)` on a vocabulary request is two map lookups; a
 *   pattern of only `%` becomes CASL's any-action or any-subject-type;
 * - a slow rule, in the ability of its own row set alone (`createLikeAbility`), whose conditions
 *   LIKE-match `{ resource, action }`, exact for any string (fields, unknown names, odd spellings),
 *   filed under the first segments of the resources its pattern can match (like-buckets.ts), so that
 *   a request meets only the rules that can match it. Row sets are shared by many users (a role's
 *   rows by all its holders), so the slow rules are built once per row set, not once per user.
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

/**
 * A raw rule as spol makes it: CASL keeps the object as `rule.origin`, and the slot rides along,
 * with its offset also as a number of its own (decide reads only that, one load less per match).
 */
interface SlottedRule {
    readonly [SLOT]?: RowSlot;
    readonly [OFFSET]?: number;
}

const SLOT = Symbol('spol row slot');
const OFFSET = Symbol('spol row offset');

/** The slot of a rule's origin (CASL's `rule.origin` is the raw rule passed in). */
export function slotOf(rule: PolicyRawRule): RowSlot {
    const slot = (rule as SlottedRule)[SLOT];
    if (!slot) throw new Error('rule was not compiled by createPolicyAbility');
    return slot;
}

/** The offset of a rule's row in its segment: `slotOf(rule).offset`, read directly. */
export function offsetOf(rule: PolicyRawRule): number {
    const offset = (rule as SlottedRule)[OFFSET];
    if (offset === undefined) throw new Error('rule was not compiled by createPolicyAbility');
    return offset;
}

function setSlot(rule: PolicyRawRule, slot: RowSlot): void {
    (rule as { [SLOT]?: RowSlot })[SLOT] = slot;
    (rule as { [OFFSET]?: number })[OFFSET] = slot.offset;
}

/**
 * The fast rules of a sequence of row sets: what vocabulary requests are answered from. A row of
 * `%` / `%` is CASL's any/any, which also answers the slow path (`createLikeAbility`).
 */
export function createPolicyAbility(segments: readonly (readonly StoredPolicy[])[]): PolicyAbility {
    const rules: PolicyRawRule[] = [];
    segments.forEach((rows, segment) => {
        rows.forEach((row, offset) => {
            const anyResource = matchesEverything(row.resource);
            const anyAction = matchesEverything(row.action);
            // CASL only reads these arrays; they are the shared, frozen expansions.
            const subjectKeys = anyResource ? [RESERVED.anyResource] : (vocabulary.resourcesMatching(row.resource) as string[]);
            const actions = anyAction ? [RESERVED.anyAction] : (vocabulary.actionsMatching(row.action) as string[]);
            if (subjectKeys.length === 0 || actions.length === 0) return;
            const rule: PolicyRawRule = { action: actions, subject: subjectKeys };
            setSlot(rule, { segment, offset });
            rules.push(rule);
        });
    });
    // CASL merges a (subject type, action) entry's rules with the any-action and any-subject rules
    // on its first lookup. That is left to the lookup: decide and the profile keep what they read
    // from an ability by its shape (rule-rows.ts, profile/held-rows.ts), so each entry is looked up
    // about once, and only the entries asked about are merged.
    return abilityOf(rules);
}

/**
 * The slow rules of one row set, for requests outside the vocabulary: one rule per row whose
 * conditions LIKE-match `{ resource, action }`, filed by first segment (like-buckets.ts); a row of
 * `%` / `%` is CASL's any/any. Row sets with the same patterns share one (a rule's slot is its row's
 * offset in the set, segment 0).
 */
export function createLikeAbility(rows: readonly StoredPolicy[]): PolicyAbility {
    const rules = rows.map((row, offset): PolicyRawRule => {
        const rule: PolicyRawRule =
            matchesEverything(row.resource) && matchesEverything(row.action)
                ? { action: RESERVED.anyAction, subject: RESERVED.anyResource }
                : {
                      action: RESERVED.likeAction,
                      subject: likeSubjectsOfPattern(row.resource) as string[],
                      conditions: { resource: row.resource, action: row.action }
                  };
        setSlot(rule, { segment: 0, offset });
        return rule;
    });
    return abilityOf(rules);
}

function abilityOf(rules: PolicyRawRule[]): PolicyAbility {
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
