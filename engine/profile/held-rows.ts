/**
 * The rows that count for one user at one level, next to the compiled ability over them, so that a
 * profile can ask CASL directly instead of going through `decide` for each of its thousand cells.
 * The rows come from the engine (`heldRows`), the very sets its abilities were built from: an
 * ability only knows its rules by segment and offset (`slotOf`), and the segments turn them back
 * into the user's own stored rows.
 *
 * A profile asks the same cells every time, and one ability serves every user whose row sets have
 * the same patterns, so what CASL answers for each catalog entry is worked out once per ability
 * (`cellSlotsOf`) as slot lists: the rules that grant each cell, read backwards (CASL lists rules
 * last-defined first, Specify lists rows in order). Equal slot lists get one id, and entries with
 * the same actions and the same lists one shape, so that a profile builds each distinct list of
 * rows and each distinct array of cells once. All this is remembered by the ability object, which
 * never changes once built, so it cannot go stale, and goes with the ability.
 */
import type { HeldRowsView, PolicyAbility, RowSlot } from '../decision/index.js';
import { slotOf } from '../decision/policy-ability.js';
import type { StoredPolicy } from '../model/stored.js';
import { catalog, type CatalogEntry } from './catalog.js';

export type HeldRows = HeldRowsView;

const NONE: readonly StoredPolicy[] = Object.freeze([]);
const NO_SLOTS: readonly RowSlot[] = Object.freeze([]);

/** A node of the trie that gives equal slot lists one id: slot by slot, by identity. */
interface ListNode {
    id: number;
    next?: Map<RowSlot, ListNode>;
}

/** A node of the trie that gives entries one shape: by their actions, then list id by list id. */
interface ShapeNode {
    shape: number;
    readonly next: ShapeNode[];
}

/**
 * What one ability answers for the catalog's cells, as slots into the user's segments: per cell,
 * the id of its slot list, and per entry its shape, in typed arrays (-1 until first asked), so an
 * ability's answers cost a few kilobytes.
 */
export class CellSlots {
    /** Slot lists by id; 0 is the empty list. */
    readonly lists: (readonly RowSlot[])[] = [NO_SLOTS];
    private readonly cellLists: Int32Array;
    private readonly entryShapes: Int32Array;
    private readonly listRoots = new Map<RowSlot, ListNode>();
    private readonly shapeRoots: ShapeNode[] = [];
    private shapes = 0;

    constructor(private readonly ability: PolicyAbility) {
        const { size, cells } = catalog();
        this.cellLists = new Int32Array(cells).fill(-1);
        this.entryShapes = new Int32Array(size).fill(-1);
    }

    /**
     * The entry's shape: entries with the same actions and the same slot lists have the same
     * shape, so the same cells for a user. Asks CASL about the entry's cells on first use.
     */
    shapeOf(entry: CatalogEntry): number {
        let shape = this.entryShapes[entry.position]!;
        if (shape < 0) {
            const { actionKeys, route, firstCell } = entry;
            let node = (this.shapeRoots[entry.actionsId] ??= { shape: -1, next: [] });
            for (let i = 0; i < actionKeys.length; i++) {
                const list = this.listId(actionKeys[i]!, route.key);
                this.cellLists[firstCell + i] = list;
                node = node.next[list] ??= { shape: -1, next: [] };
            }
            if (node.shape < 0) node.shape = this.shapes++;
            this.entryShapes[entry.position] = shape = node.shape;
        }
        return shape;
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

/** The cell slots of an ability, shared by every user of it. */
export function cellSlotsOf(ability: PolicyAbility): CellSlots {
    let slots = byAbility.get(ability);
    if (!slots) {
        slots = new CellSlots(ability);
        byAbility.set(ability, slots);
    }
    return slots;
}

/** The user's stored rows at these slots (frozen: a profile shares the list between its cells). */
export function rowsAt(held: HeldRows, slots: readonly RowSlot[]): readonly StoredPolicy[] {
    const count = slots.length;
    if (count === 0) return NONE;
    const { segments } = held;
    const rows = new Array<StoredPolicy>(count);
    for (let i = 0; i < count; i++) {
        const slot = slots[i]!;
        rows[i] = segments[slot.segment]![slot.offset]!;
    }
    return Object.freeze(rows);
}
