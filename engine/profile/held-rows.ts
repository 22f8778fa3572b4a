/**
 * The rows that count for one user at one level, next to the compiled ability over them, so that a
 * profile can ask CASL directly (two map lookups a cell) instead of going through `decide` for each
 * of its thousand cells. The rows come from the engine (`heldRows`), the very sets its abilities were
 * built from: an ability only knows its rules by segment and offset (`slotOf`), and the segments
 * turn them back into the user's own stored rows.
 */
import type { HeldRowsView } from '../decision/index.js';
import { slotOf } from '../decision/policy-ability.js';
import type { StoredPolicy } from '../model/stored.js';

export type HeldRows = HeldRowsView;

const NONE: readonly StoredPolicy[] = Object.freeze([]);

/**
 * The stored rows that grant a vocabulary request (lowercase CASL keys), in Specify's order: CASL
 * lists rules last-defined first, so they are read backwards.
 */
export function matchingRows(held: HeldRows, actionKey: string, resourceKey: string): readonly StoredPolicy[] {
    const rules = held.ability.rulesFor(actionKey, resourceKey);
    const count = rules.length;
    if (count === 0) return NONE;
    const rows = new Array<StoredPolicy>(count);
    for (let i = 0; i < count; i++) {
        const slot = slotOf(rules[count - 1 - i]!.origin);
        rows[i] = held.segments[slot.segment]![slot.offset]!;
    }
    return rows;
}
