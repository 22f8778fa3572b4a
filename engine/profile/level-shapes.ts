/**
 * The shapes of the catalog's entries for one sequence of row sets (a user's segments at one
 * level), each segment known by its ability's cell slots (held-rows.ts). An entry's shape here is
 * the tuple of its shapes in the segments, and a cell's list the tuple of its slot lists in them;
 * each distinct tuple gets one small id, so a profile looks an entry up with one read and builds
 * each distinct array of cells and list of rows once (level-cells.ts).
 *
 * A tuple is looked up as one number: a segment has fewer shapes than the catalog has entries and
 * fewer slot lists than it has cells, so the ids are the digits of a number in that base, exact
 * while it stays below 2^53 (a few segments; longer tuples are joined into a string instead).
 *
 * Kept per sequence of segment abilities (a trie from the first one's cell slots, by identity), so
 * it is shared by every user whose segments have the same patterns in the same order and by every
 * later profile of the same user. Everything in it follows from the abilities, which never change
 * once built, so it cannot go stale.
 */
import { catalog, type CatalogEntry } from './catalog.js';
import type { CellSlots } from './held-rows.js';
import { SlotsTrie } from './slots-trie.js';

/** The combined list that is empty in every segment. */
export const EMPTY_LIST = 0;

export class LevelShapes {
    /** Per combined list id, each segment's slot list id; `EMPTY_LIST` is empty in every segment. */
    readonly parts: (readonly number[])[] = [];
    /** Per entry shape, per action, its combined list id. */
    readonly cellLists: (readonly number[])[] = [];
    private readonly entryShapes: Int32Array;
    private readonly shapeIds = new Map<number | string, number>();
    private readonly listIds = new Map<number | string, number>();
    /** The bases of the digits: more than any segment's shape ids, and than its list ids. */
    private readonly shapeBase: number;
    private readonly listBase: number;
    /** Whether the tuples fit in a number (else they are strings). */
    private readonly packed: boolean;

    constructor(readonly slots: readonly CellSlots[]) {
        const { size, cells } = catalog();
        this.entryShapes = new Int32Array(size).fill(-1);
        this.shapeBase = size;
        this.listBase = cells + 1;
        // The shape key starts with the entry's actions id (below `size` too), then one digit per segment.
        this.packed = Math.max(size, this.listBase) ** (slots.length + 1) < Number.MAX_SAFE_INTEGER;
        this.parts.push(slots.map(() => 0));
        this.listIds.set(this.packed ? 0 : slots.map(() => 0).join(), EMPTY_LIST);
    }

    /** The entry's shape: entries of one shape have the same actions and the same cells. */
    shapeOf(entry: CatalogEntry): number {
        let shape = this.entryShapes[entry.position]!;
        if (shape < 0) {
            const slots = this.slots;
            let key: number | string;
            if (this.packed) {
                key = entry.actionsId;
                for (let s = 0; s < slots.length; s++) key = key * this.shapeBase + slots[s]!.shapeOf(entry);
            } else {
                key = `${entry.actionsId}:${slots.map((segment) => segment.shapeOf(entry)).join()}`;
            }
            const found = this.shapeIds.get(key);
            if (found === undefined) {
                shape = this.cellLists.length;
                this.shapeIds.set(key, shape);
                const lists = new Array<number>(entry.actions.length);
                for (let a = 0; a < lists.length; a++) lists[a] = this.listId(entry, a);
                this.cellLists.push(lists);
            } else {
                shape = found;
            }
            this.entryShapes[entry.position] = shape;
        }
        return shape;
    }

    /** The id of the tuple of an entry's action's slot lists, one per segment (ask the segments' `shapeOf` first). */
    private listId(entry: CatalogEntry, action: number): number {
        const slots = this.slots;
        let key: number | string;
        if (this.packed) {
            key = 0;
            for (let s = 0; s < slots.length; s++) key = key * this.listBase + slots[s]!.listOf(entry, action);
        } else {
            key = slots.map((segment) => segment.listOf(entry, action)).join();
        }
        let id = this.listIds.get(key);
        if (id === undefined) {
            id = this.parts.length;
            this.listIds.set(key, id);
            this.parts.push(slots.map((segment) => segment.listOf(entry, action)));
        }
        return id;
    }
}

/** By the sequence of cell slots, in order. */
const shapesBySlots = new SlotsTrie<LevelShapes>();

/** The shapes for these segments' cell slots, in this order. */
export function levelShapesOf(slots: readonly CellSlots[]): LevelShapes {
    return shapesBySlots.get(slots, () => new LevelShapes(slots));
}
