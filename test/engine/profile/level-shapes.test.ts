/**
 * The ids a profile gives its entries and cells (held-rows.ts per row set, level-shapes.ts per
 * sequence of row sets) against their plain definition, on random models: two entries share a
 * shape exactly when they have the same actions and, action by action, the same slot lists; a
 * combined list is the tuple of each segment's list. Sequences of up to four segments key their
 * tuples as numbers, longer ones as strings: every row set of the model in a row reaches those.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/decision/index.js';
import { catalog, type CatalogEntry } from '../../../engine/profile/catalog.js';
import { cellSlotsOf, type CellSlots } from '../../../engine/profile/held-rows.js';
import { EMPTY_LIST, LevelShapes } from '../../../engine/profile/level-shapes.js';
import { refusal } from '../decision/checked-decide.js';
import { COLLECTIONS, randomModel } from './random-models.js';

const ENTRIES: readonly CatalogEntry[] = catalog().entries;

/** An entry's plain shape: its actions and each action's tuple of slot lists, as text. */
function plainShape(entry: CatalogEntry, slots: readonly CellSlots[]): string {
    return `${entry.actionsId}|${entry.actions.map((_, a) => slots.map((segment) => segment.listOf(entry, a)).join(',')).join('|')}`;
}

/** Equal ids exactly for equal keys, over every entry. */
function sameGrouping(ids: readonly number[], keys: readonly string[]): boolean {
    const byKey = new Map<string, number>();
    const byId = new Map<number, string>();
    for (let i = 0; i < ids.length; i++) {
        if ((byKey.get(keys[i]!) ?? ids[i]) !== ids[i] || (byId.get(ids[i]!) ?? keys[i]) !== keys[i]) return false;
        byKey.set(keys[i]!, ids[i]!);
        byId.set(ids[i]!, keys[i]!);
    }
    return true;
}

function checkSequence(slots: readonly CellSlots[]): void {
    const shapes = new LevelShapes(slots);
    expect(shapes.parts[EMPTY_LIST]).toEqual(slots.map(() => 0));
    const ids = ENTRIES.map((entry) => shapes.shapeOf(entry));
    expect(sameGrouping(ids, ENTRIES.map((entry) => plainShape(entry, slots)))).toBe(true);
    ENTRIES.forEach((entry, i) => {
        const lists = shapes.cellLists[ids[i]!]!;
        expect(lists).toHaveLength(entry.actions.length);
        entry.actions.forEach((_, a) => expect(shapes.parts[lists[a]!]).toEqual(slots.map((segment) => segment.listOf(entry, a))));
    });
    // Each tuple once: no two combined lists are the same tuple.
    expect(new Set(shapes.parts.map((p) => p.join())).size).toBe(shapes.parts.length);
}

describe('profile shapes', () => {
    it('group entries and cells exactly by their slot lists, with short and long sequences of row sets (property)', () => {
        let long = 0;
        fc.assert(
            fc.property(randomModel, fc.nat(), (m, pick) => {
                const engine = compile(m);
                const users = [...engine.index.users.keys()];
                const user = users[pick % users.length]!;
                const collection = pick % 4 === 0 ? undefined : COLLECTIONS[pick % COLLECTIONS.length]!;
                if (refusal(() => engine.decide({ user, resource: '/table/agent', action: 'read', ...(collection ? { collection } : { institution: true }) }))) return;
                const held = engine.heldRows(user, collection);
                const slots = held.abilities.map((ability) => cellSlotsOf(ability));
                // Per row set: entries of one shape have the same actions and the same lists.
                for (const segment of slots) {
                    const ids = ENTRIES.map((entry) => segment.shapeOf(entry));
                    expect(sameGrouping(ids, ENTRIES.map((entry) => plainShape(entry, [segment])))).toBe(true);
                }
                checkSequence(slots);
                // Five or more segments, whose tuples are strings: every row set the engine holds for
                // anyone, each in turn first (then its own list decides), padded by repeating them.
                const everyone = new Set<CellSlots>();
                for (const name of users) {
                    for (const place of [undefined, ...COLLECTIONS]) {
                        if (refusal(() => engine.heldRows(name, place))) continue;
                        const other = engine.heldRows(name, place);
                        other.abilities.forEach((ability) => everyone.add(cellSlotsOf(ability)));
                    }
                }
                const distinct = [...everyone];
                if (distinct.length < 2) return;
                for (let first = 0; first < distinct.length; first++) {
                    const rotated = [...distinct.slice(first), ...distinct.slice(0, first)];
                    while (rotated.length < 5) rotated.push(...rotated.slice(0, 5 - rotated.length));
                    checkSequence(rotated);
                }
                long++;
            }),
            { numRuns: 60 }
        );
        expect(long).toBeGreaterThan(10);
    });
});
