/**
 * What one row set grants among the profile's cells, worked out once per row-set shape, so that a
 * profile can ask CASL directly instead of going through `decide` for each of its thousand cells.
 * The row sets come from the engine (`heldRows`): each segment (the user's institution rows, their
 * rows in the collection, each role's rows) has its own ability, shared by every row set with the
 * same patterns (a role's by all who hold it), so on a profile of a new user most of them, and all
 * they answer, are warm already. An ability only knows its rules by offset (`slotOf`), and the
 * segment's own rows turn them back into the user's stored rows.
 *
 * A profile asks the same cells every time, so what CASL answers for each catalog entry is kept per
 * segment ability (`cellSlotsOf`) as slot lists: the rules that grant each cell, read backwards (CASL
 * lists rules last-defined first, Specify lists rows in order). The segment's grant bits say which
 * cells it grants at all, so CASL is asked only about those. Equal slot lists get one id, and entries
 * with the same actions and the same lists one shape, so that a profile builds each distinct list of
 * rows and each distinct array of cells once (level-cells.ts). All this is remembered by the
 * ability object, which never changes once built, so it cannot go stale, and goes with the ability;
 * so are a row set's rows at each list (`rowsAt`), by the model index's frozen array of them.
 */
import type { PolicyAbility, RowSlot } from '../decision/index.js';
import { grants } from '../decision/grant-ability.js';
import { slotOf } from '../decision/policy-ability.js';
import type { StoredPolicy } from '../model/stored.js';
import { catalog, type CatalogEntry } from './catalog.js';
import type { Tally } from './tally.js';
import type { ProfileCell } from './types.js';

const NONE: readonly StoredPolicy[] = Object.freeze([]);
const NO_SLOTS: readonly RowSlot[] = Object.freeze([]);

/**
 * A row set's cells for the entries it alone grants, at `2 * shape` with the gate open or absent
 * and one after with the gate closed (`shape` the entry's shape in the ability), and their tallies
 * beside them, so that a profile counts them without reading them again.
 */
export interface KeptCells {
    readonly cells: (readonly ProfileCell[] | undefined)[];
    readonly tallies: (Tally | undefined)[];
}

/** A node of the trie that gives equal slot lists one id: slot by slot, by identity. */
interface ListNode {
    id: number;
    next?: Map<RowSlot, ListNode>;
}

/**
 * What one segment's ability answers for the catalog's cells, as slots into the segment's rows: per
 * cell, the id of its slot list, and per entry its shape, in typed arrays (-1 until first asked), so
 * an ability's answers cost a few kilobytes.
 */
export class CellSlots {
    /** Slot lists by id; 0 is the empty list. */
    readonly lists: (readonly RowSlot[])[] = [NO_SLOTS];
    private readonly cellLists: Int32Array;
    private readonly entryShapes: Int32Array;
    /** Per entry, 1 when some list of its shape is not empty (`grantsAny`). */
    private readonly entryGrants: Uint8Array;
    private readonly listRoots = new Map<RowSlot, ListNode>();
    /** Entry shape ids by the entry's actions and list ids. */
    private readonly shapeIds = new Map<number | string, number>();
    /** By row set (the model index's frozen arrays, which never change): its rows at each slot list. */
    private readonly rowLists = new WeakMap<readonly StoredPolicy[], (readonly StoredPolicy[] | undefined)[]>();
    /** By row set: the cells of entries that it alone grants, by entry shape and gate (`cellsKept`). */
    private readonly rowCells = new WeakMap<readonly StoredPolicy[], KeptCells>();

    /** `bits`: the grant bits of the ability's rows (the same for every row set it serves). */
    constructor(
        private readonly ability: PolicyAbility,
        private readonly bits: Uint32Array
    ) {
        const { size, cells } = catalog();
        this.cellLists = new Int32Array(cells).fill(-1);
        this.entryShapes = new Int32Array(size).fill(-1);
        this.entryGrants = new Uint8Array(size);
    }

    /**
     * The entry's shape: entries with the same actions and the same slot lists have the same
     * shape, so the same cells for a row set. Asks about the entry's cells on first use.
     */
    shapeOf(entry: CatalogEntry): number {
        let shape = this.entryShapes[entry.position]!;
        if (shape < 0) {
            const { actionKeys, route, firstCell } = entry;
            const { cells, size } = catalog();
            const cellLists = this.cellLists;
            for (let i = 0; i < actionKeys.length; i++) {
                cellLists[firstCell + i] = grants(this.bits, route.id, actionKeys[i]!) ? this.listId(actionKeys[i]!, route.key) : 0;
            }
            // The actions' list ids as digits of one number (list ids are at most `cells`), while it is exact.
            let key: number | string;
            if (size * (cells + 1) ** actionKeys.length < Number.MAX_SAFE_INTEGER) {
                key = entry.actionsId;
                for (let i = 0; i < actionKeys.length; i++) key = key * (cells + 1) + cellLists[firstCell + i]!;
            } else {
                key = `${entry.actionsId}:${cellLists.subarray(firstCell, firstCell + actionKeys.length).join()}`;
            }
            shape = this.shapeIds.get(key) ?? -1;
            if (shape < 0) this.shapeIds.set(key, (shape = this.shapeIds.size));
            this.entryShapes[entry.position] = shape;
            let granting = 0;
            for (let i = 0; i < actionKeys.length; i++) if (cellLists[firstCell + i] !== EMPTY_SLOTS) granting = 1;
            this.entryGrants[entry.position] = granting;
        }
        return shape;
    }

    /** Whether any of the entry's cells has a row here (its shape's lists are not all empty). */
    grantsAny(entry: CatalogEntry): boolean {
        this.shapeOf(entry);
        return this.entryGrants[entry.position] === 1;
    }

    /**
     * One row set's rows at a slot list (by id), frozen, and kept by the row set: a role's rows in a
     * collection are one frozen array of the model index, shared by everyone who holds the role there.
     */
    rowsAt(rows: readonly StoredPolicy[], list: number): readonly StoredPolicy[] {
        let byList = this.rowLists.get(rows);
        if (!byList) this.rowLists.set(rows, (byList = []));
        let found = byList[list];
        if (!found) {
            const made: StoredPolicy[] = [];
            pushRowsAt(made, rows, this.lists[list]!);
            byList[list] = found = made.length === 0 ? NONE : Object.freeze(made);
        }
        return found;
    }

    /**
     * Where a row set's cells are kept for the entries it alone grants in a level (level-cells.ts
     * builds them from `rowsAt`). Like its rows, they follow from the ability and the row set's
     * frozen array, so everyone holding the row set (a role's holders in a collection) shares them,
     * and they cannot go stale.
     */
    cellsKept(rows: readonly StoredPolicy[]): KeptCells {
        let kept = this.rowCells.get(rows);
        if (!kept) this.rowCells.set(rows, (kept = { cells: [], tallies: [] }));
        return kept;
    }

    /** The id of the slot list of an entry's action (by its index); ask `shapeOf` first. */
    listOf(entry: CatalogEntry, action: number): number {
        return this.cellLists[entry.firstCell + action]!;
    }

    /**
     * The id of the list of rule slots that grant a vocabulary request (lowercase CASL keys), in
     * Specify's order: CASL lists rules last-defined first, so they are read backwards. Walks the
     * trie as it reads, so a list seen before costs no array.
     */
    private listId(actionKey: string, resourceKey: string): number {
        const rules = this.ability.rulesFor(actionKey, resourceKey);
        const count = rules.length;
        if (count === 0) return 0;
        let level = this.listRoots;
        let node: ListNode | undefined;
        for (let i = count - 1; i >= 0; i--) {
            const slot = slotOf(rules[i]!.origin);
            if (node) level = node.next ??= new Map();
            node = level.get(slot);
            if (!node) {
                node = { id: -1 };
                level.set(slot, node);
            }
        }
        if (node!.id < 0) {
            const slots = new Array<RowSlot>(count);
            for (let i = 0; i < count; i++) slots[i] = slotOf(rules[count - 1 - i]!.origin);
            node!.id = this.lists.length;
            this.lists.push(slots);
        }
        return node!.id;
    }
}

const byAbility = new WeakMap<PolicyAbility, CellSlots>();

/** The cell slots of a segment's ability (`bits` gives the grant bits of its rows), shared by every holder of it. */
export function cellSlotsOf(ability: PolicyAbility, bits: () => Uint32Array): CellSlots {
    let slots = byAbility.get(ability);
    if (!slots) {
        slots = new CellSlots(ability, bits());
        byAbility.set(ability, slots);
    }
    return slots;
}

/** A segment's rows at these slots, appended to `into`. */
export function pushRowsAt(into: StoredPolicy[], rows: readonly StoredPolicy[], slots: readonly RowSlot[]): void {
    for (let i = 0; i < slots.length; i++) into.push(rows[slots[i]!.offset]!);
}

export { NONE as NO_ROWS };

/** The id of the empty slot list (`CellSlots.lists`). */
export const EMPTY_SLOTS = 0;
