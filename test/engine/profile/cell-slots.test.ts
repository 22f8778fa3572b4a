/**
 * A row set's cell slots (held-rows.ts) are read from its ability's rules in one pass, each rule
 * appended to the cells it covers (rule-cells.ts). On random models, every catalog cell's slot list
 * must be exactly what CASL answers for the cell: `rulesFor(action, resource)`, read backwards
 * (CASL lists the last-defined rule first), the same slot objects in the same order; for each
 * segment's own ability and for the ability over all of a user's segments; and equal lists have one id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, type PolicyAbility } from '../../../engine/decision/index.js';
import { slotOf } from '../../../engine/decision/policy-ability.js';
import { catalog, type CatalogEntry } from '../../../engine/profile/catalog.js';
import { cellSlotsOf } from '../../../engine/profile/held-rows.js';
import { refusal } from '../decision/checked-decide.js';
import { COLLECTIONS, randomModel } from './random-models.js';

const ENTRIES: readonly CatalogEntry[] = catalog().entries;

/** How many cells had a non-empty list, and how many a list of several rows (the test is not vacuous). */
function checkAbility(ability: PolicyAbility, seen: { granted: number; several: number }): void {
    const slots = cellSlotsOf(ability);
    for (const entry of ENTRIES) {
        entry.actionKeys.forEach((action, a) => {
            const plain = ability
                .rulesFor(action, entry.route.key)
                .map((rule) => slotOf(rule.origin))
                .reverse();
            const list = slots.lists[slots.listOf(entry, a)]!;
            expect(list.length).toBe(plain.length);
            list.forEach((slot, i) => expect(slot).toBe(plain[i]));
            if (plain.length > 0) seen.granted++;
            if (plain.length > 1) seen.several++;
        });
        // The entry grants something exactly when one of its lists is not empty.
        expect(slots.grantsAny(entry)).toBe(entry.actionKeys.some((action) => ability.rulesFor(action, entry.route.key).length > 0));
    }
    // Equal lists have one id: no list is kept twice.
    const texts = slots.lists.map((list) => list.map((slot) => `${slot.segment}:${slot.offset}`).join());
    expect(new Set(texts).size).toBe(texts.length);
}

describe('cell slots', () => {
    it('are CASL rulesFor of every catalog cell, in Specify order (property)', () => {
        const seen = { granted: 0, several: 0 };
        fc.assert(
            fc.property(randomModel, fc.nat(), (m, pick) => {
                const engine = compile(m);
                for (const user of engine.index.users.keys()) {
                    const collection = pick % 4 === 0 ? undefined : COLLECTIONS[pick % COLLECTIONS.length]!;
                    if (refusal(() => engine.decide({ user, resource: '/table/agent', action: 'read', ...(collection ? { collection } : { institution: true }) }))) continue;
                    const held = engine.heldRows(user, collection);
                    for (const ability of held.abilities) checkAbility(ability, seen);
                    checkAbility(held.ability, seen);
                }
            }),
            { numRuns: 60 }
        );
        expect(seen.granted).toBeGreaterThan(5_000);
        expect(seen.several).toBeGreaterThan(200);
    });
});
