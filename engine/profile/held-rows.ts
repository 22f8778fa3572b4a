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
 * segment ability (`cellSlotsOf`) as slot lists: the rules that grant each cell, in Specify's order
 * (CASL lists rules last-defined first, Specify lists rows in order). They are read from the
 * ability's rules in one pass (each rule's cells: rule-cells.ts) rather than by a `rulesFor` per
 * cell, whose lookups and merges cost a new ability more than the rest of its profile; the tests
 * hold every list equal to `rulesFor`. Equal slot lists get one id, and entries with the same
 * actions and the same lists one shape, so that a profile builds each distinct list of rows and
 * each distinct array of cells once (level-cells.ts). All this is remembered by the
 * ability object, which never changes once built, so it cannot go stale, and goes with the ability;
 * so are a row set's rows at each list (`rowsAt`), by the model index's frozen array of them.
 */
import type { PolicyAbility, RowSlot } from '../decision/index.js';
import { slotOf, type PolicyRawRule } from '../decision/policy-ability.js';
import type { StoredPolicy } from '../model/stored.js';
import { catalog, type CatalogEntry } from './catalog.js';
import { cellsOfRule } from './rule-cells.js';
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

/** Up to how many actions an entry's shape key is a number (its lists' ids as digits), by the catalog's size. */
let numericKeyActions: number | undefined;

/** The most digits `n` of base `base` with `base ** n` below `limit`. */
function digitsBelow(limit: number, base: number): number {
    let n = 0;
    while (base ** (n + 1) < limit) n++;
    return n;
}

/**
 * What one segment's ability answers for the catalog's cells, as slots into the segment's rows: per
 * cell, the id of its slot list, and per entry its shape, in typed arrays, so an ability's answers
 * cost a few kilobytes.
 */
export class CellSlots {
    /** Slot lists by id; 0 is the empty list. */
    readonly lists: (readonly RowSlot[])[] = [NO_SLOTS];
    private readonly cellLists: Int32Array;
    private readonly entryShapes: Int32Array;
    /** Per entry, 1 when some list of its cells is not empty (`grantsAny`). */
    private readonly entryGrants: Uint8Array;
    /** Entry shape ids by the entry's actions and list ids. */
    private readonly shapeIds = new Map<number | string, number>();
    /** By row set (the model index's frozen arrays, which never change): its rows at each slot list. */
    private readonly rowLists = new WeakMap<readonly StoredPolicy[], (readonly StoredPolicy[] | undefined)[]>();
    /** By row set: the cells of entries that it alone grants, by entry shape and gate (`cellsKept`). */
    private readonly rowCells = new WeakMap<readonly StoredPolicy[], KeptCells>();

    constructor(ability: PolicyAbility) {
        const { size } = catalog();
        this.cellLists = this.slotLists(ability.rules);
        this.entryShapes = new Int32Array(size).fill(-1);
        this.entryGrants = new Uint8Array(size);
        for (const entry of catalog().entries) {
            for (let i = 0; i < entry.actionKeys.length; i++) if (this.cellLists[entry.firstCell + i] !== EMPTY_SLOTS) this.entryGrants[entry.position] = 1;
        }
    }

    /**
     * The entry's shape: entries with the same actions and the same slot lists have the same
     * shape, so the same cells for a row set.
     */
    shapeOf(entry: CatalogEntry): number {
        let shape = this.entryShapes[entry.position]!;
        if (shape < 0) {
            const { actionKeys, firstCell } = entry;
            const { cells, size } = catalog();
            const cellLists = this.cellLists;
            // The actions' list ids as digits of one number (list ids are at most `cells`), while it is exact.
            numericKeyActions ??= digitsBelow(Number.MAX_SAFE_INTEGER / size, cells + 1);
            let key: number | string;
            if (actionKeys.length <= numericKeyActions) {
                key = entry.actionsId;
                for (let i = 0; i < actionKeys.length; i++) key = key * (cells + 1) + cellLists[firstCell + i]!;
            } else {
                key = `${entry.actionsId}:${cellLists.subarray(firstCell, firstCell + actionKeys.length).join()}`;
            }
            shape = this.shapeIds.get(key) ?? -1;
            if (shape < 0) this.shapeIds.set(key, (shape = this.shapeIds.size));
            this.entryShapes[entry.position] = shape;
        }
        return shape;
    }

    /** Whether any of the entry's cells has a row here (its shape's lists are not all empty). */
    grantsAny(entry: CatalogEntry): boolean {
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
     * Every cell's slot list id, in one pass over the ability's rules in the order they were
     * defined (Specify's order): each rule is appended to the lists of the cells it covers
     * (rule-cells.ts), which are exactly the cells whose `rulesFor` holds it. Equal lists are one
     * node of a trie, built as the rules are read: the cells that were at one node and that a rule
     * covers all move to the same child, so a list costs no array until it is final, and equal
     * lists get one id.
     */
    private slotLists(rules: readonly PolicyRawRule[]): Int32Array {
        const nodeOf = new Int32Array(catalog().cells);
        // The trie: each node's parent and last rule (node 0 is the empty list, the root).
        const parent: number[] = [-1];
        const ruleOf: number[] = [-1];
        // The child that rule `i` makes of a node, valid when `childRule` of the node is `i`.
        const child: number[] = [0];
        const childRule: number[] = [-1];
        for (let i = 0; i < rules.length; i++) {
            const covered = cellsOfRule(rules[i]!);
            for (let c = 0; c < covered.length; c++) {
                const cell = covered[c]!;
                const from = nodeOf[cell]!;
                let to: number;
                if (childRule[from] === i) {
                    to = child[from]!;
                } else {
                    to = parent.length;
                    parent.push(from);
                    ruleOf.push(i);
                    child.push(0);
                    childRule.push(-1);
                    child[from] = to;
                    childRule[from] = i;
                }
                nodeOf[cell] = to;
            }
        }
        // Each final node's list, in rule order, once; the cells then hold list ids.
        const listOfNode = new Int32Array(parent.length).fill(-1);
        listOfNode[0] = EMPTY_SLOTS;
        for (let cell = 0; cell < nodeOf.length; cell++) {
            const node = nodeOf[cell]!;
            let list = listOfNode[node]!;
            if (list < 0) {
                const slots: RowSlot[] = [];
                for (let at = node; at > 0; at = parent[at]!) slots.push(slotOf(rules[ruleOf[at]!]!));
                list = this.lists.length;
                this.lists.push(slots.reverse());
                listOfNode[node] = list;
            }
            nodeOf[cell] = list;
        }
        return nodeOf;
    }
}

const byAbility = new WeakMap<PolicyAbility, CellSlots>();

/** The cell slots of a segment's ability, shared by every holder of it. */
export function cellSlotsOf(ability: PolicyAbility): CellSlots {
    let slots = byAbility.get(ability);
    if (!slots) {
        slots = new CellSlots(ability);
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
