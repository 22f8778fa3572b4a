/**
 * Which rows of a row set grant a rule (a vocabulary resource and action, or a data-model field's
 * update: grant-ability.ts's rule index), found once per row-set shape and rule through the shape's
 * CASL abilities and remembered.
 *
 * A decision with provenance asks, for each row set that grants the request, which of its rows
 * do. CASL answers from the ability of the row set's shape (`ability.rulesFor`, each rule's
 * `origin` giving the row's offset), but that walk reads the ability's index maps, the rule list,
 * each rule and its origin: half a dozen objects in different places, and random questions meet
 * them cold. The answer depends only on the shape (the patterns in order) and the rule, so it is
 * kept here as row offsets in one flat hash table: a question reads one table slot, and its rows.
 * Shape ids come from one AbilityInterner, whose abilities never change once built, so an answer
 * kept here cannot go stale; only pairs that were asked (and grant) are kept.
 */
import type { StoredPolicy } from '../model/stored.js';
import { likeSubjectOf } from './like-buckets.js';
import type { LikeRequest } from './like-conditions-matcher.js';
import { offsetOf, type PolicyAbility } from './policy-ability.js';
import { RESERVED } from './reserved-names.js';

/** A user's row sets at one level, each with its shape id and its abilities. */
export interface HeldSegments {
    /** The rows of the `segment`-th row set. */
    rowsAt(segment: number): readonly StoredPolicy[];
    /** The shape id (AbilityInterner) of the `segment`-th row set. */
    shapeAt(segment: number): number;
    /** Its fast-rule ability (`createPolicyAbility`). */
    abilityAt(segment: number): PolicyAbility;
    /** Its slow-path ability (`createLikeAbility`). */
    likeAbilityAt(segment: number): PolicyAbility;
}

/** Slots of four numbers (shape + 1, with 0 for an empty slot; rule; answer; unused), a cache line holding whole slots. */
const SLOT = 4;

export class RuleRows {
    /** Open addressing, linear probing; at most half full. */
    private table: Int32Array;
    private mask: number;
    private used = 0;
    /**
     * The answers of more than one row: a count, then the offsets in Specify's order. An answer in
     * the table is a row's offset (≥ 0) or `-1 - start` of such a list.
     */
    private lists = new Int32Array(64);
    private listsUsed = 0;

    /** `capacity`: slots to start with, a power of two (tests start small to exercise growth). */
    constructor(capacity = 1024) {
        if (capacity < 2 || (capacity & (capacity - 1)) !== 0) throw new Error('capacity must be a power of two');
        this.table = new Int32Array(capacity * SLOT);
        this.mask = capacity - 1;
    }

    /**
     * Appends to `matches` (made when first needed) the rows of `held`'s `segment`-th row set that
     * grant `rule` (`grantRule`), which is `actionKey` on the vocabulary resource `resourceKey`; in
     * Specify's order. Fast rules have no conditions: every rule CASL has for the request matches it.
     */
    push(
        matches: StoredPolicy[] | undefined,
        held: HeldSegments,
        segment: number,
        rule: number,
        actionKey: string,
        resourceKey: string
    ): StoredPolicy[] | undefined {
        const shape = held.shapeAt(segment);
        let answer = this.answer(shape, rule);
        if (answer === undefined) {
            const rules = held.abilityAt(segment).rulesFor(actionKey, resourceKey);
            answer = this.remember(shape, rule, rules.map((rule) => offsetOf(rule.origin)).reverse());
        }
        return this.pushAnswer(matches, held.rowsAt(segment), answer);
    }

    /**
     * The same for a data-model field's update (`fieldRule`), `request` one spelling of it: the
     * rules CASL offers the request's LIKE subject, those whose patterns match it. Every spelling
     * `fieldRequest` takes for the same field matches the same rows (Specify's collation folds
     * ASCII case), so the answer is kept by the field's rule.
     */
    pushField(matches: StoredPolicy[] | undefined, held: HeldSegments, segment: number, rule: number, request: LikeRequest): StoredPolicy[] | undefined {
        const shape = held.shapeAt(segment);
        let answer = this.answer(shape, rule);
        if (answer === undefined) {
            const rules = held.likeAbilityAt(segment).rulesFor(RESERVED.likeAction, likeSubjectOf(request.resource));
            const offsets: number[] = [];
            for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.matchesConditions(request)) offsets.push(offsetOf(rules[i]!.origin));
            answer = this.remember(shape, rule, offsets);
        }
        return this.pushAnswer(matches, held.rowsAt(segment), answer);
    }

    private pushAnswer(matches: StoredPolicy[] | undefined, rows: readonly StoredPolicy[], answer: number): StoredPolicy[] | undefined {
        if (answer >= 0) {
            // Most decisions match one row: an array of exactly one, without spare room.
            if (matches === undefined) return [rows[answer]!];
            matches.push(rows[answer]!);
            return matches;
        }
        const lists = this.lists;
        const start = -1 - answer;
        const end = start + 1 + lists[start]!;
        for (let i = start + 1; i < end; i++) (matches ??= []).push(rows[lists[i]!]!);
        return matches;
    }

    /** How many (shape, rule) answers are kept. */
    get size(): number {
        return this.used;
    }

    private answer(shape: number, rule: number): number | undefined {
        const table = this.table;
        const key = shape + 1;
        for (let slot = hash(shape, rule) & this.mask; ; slot = (slot + 1) & this.mask) {
            const at = slot * SLOT;
            const found = table[at]!;
            if (found === 0) return undefined;
            if (found === key && table[at + 1] === rule) return table[at + 2]!;
        }
    }

    /** Keeps a pair's row offsets, in Specify's order; its answer. */
    private remember(shape: number, rule: number, offsets: readonly number[]): number {
        let answer: number;
        if (offsets.length === 1) {
            answer = offsets[0]!;
        } else {
            const start = this.listsUsed;
            this.reserveList(offsets.length + 1);
            const lists = this.lists;
            lists[start] = offsets.length;
            lists.set(offsets, start + 1);
            this.listsUsed = start + 1 + offsets.length;
            answer = -1 - start;
        }
        if ((this.used + 1) * 2 > this.mask + 1) this.grow();
        this.put(shape, rule, answer);
        this.used++;
        return answer;
    }

    private put(shape: number, rule: number, answer: number): void {
        const table = this.table;
        let slot = hash(shape, rule) & this.mask;
        while (table[slot * SLOT] !== 0) slot = (slot + 1) & this.mask;
        const at = slot * SLOT;
        table[at] = shape + 1;
        table[at + 1] = rule;
        table[at + 2] = answer;
    }

    private grow(): void {
        const old = this.table;
        this.table = new Int32Array(old.length * 2);
        this.mask = this.mask * 2 + 1;
        for (let at = 0; at < old.length; at += SLOT) if (old[at] !== 0) this.put(old[at]! - 1, old[at + 1]!, old[at + 2]!);
    }

    private reserveList(length: number): void {
        if (this.listsUsed + length <= this.lists.length) return;
        const lists = new Int32Array(Math.max(this.lists.length * 2, this.listsUsed + length));
        lists.set(this.lists);
        this.lists = lists;
    }
}

function hash(shape: number, rule: number): number {
    const h = Math.imul(shape, 0x9e3779b1) ^ Math.imul(rule, 0x85ebca77);
    return (h ^ (h >>> 15)) >>> 0;
}
