/**
 * One profile's cells at one level (the user's row sets there and the gate): each catalog entry's
 * cells, from the entry's shape over the user's segments (level-shapes.ts), each cell's rows
 * joined segment by segment, in Specify's order, as `decide` joins them. Within the profile,
 * entries of the same shape (say every table that `/table/%` grants the same way) share one frozen
 * array of cells, and cells with the same slot lists share one frozen list of rows, so a profile of
 * a thousand cells builds only its distinct ones. The cells of an entry that one segment alone
 * grants (most of them: a role's rows grant most of what a user may do) are the same for every
 * holder of that row set, so they are kept with it and built once for all profiles; those of an
 * entry that several grant are kept with the level's segments, for the user's next profile. What
 * is kept follows from arrays the engine never changes, by identity, so it cannot go stale.
 */
import type { DecisionReason, HeldRowsView } from '../decision/index.js';
import type { StoredPolicy } from '../model/stored.js';
import { catalog, type CatalogEntry } from './catalog.js';
import { cellSlotsOf, EMPTY_SLOTS, NO_ROWS, pushRowsAt, type CellSlots, type KeptCells } from './held-rows.js';
import { EMPTY_LIST, levelShapesOf, type LevelShapes } from './level-shapes.js';
import { SlotsTrie } from './slots-trie.js';
import { tallyOf, type Tally } from './tally.js';
import type { ProfileCell } from './types.js';

/** Cells no row grants, by action and whether the gate is closed: they hold no rows, so every profile shares them. */
const emptyCells = [new Map<string, ProfileCell>(), new Map<string, ProfileCell>()] as const;
/** Arrays of such cells, by the entry's actions (`CatalogEntry.actionsId`), with the gate open or absent, and closed. */
const ungranted: (readonly ProfileCell[] | undefined)[] = [];
const unreachable: (readonly ProfileCell[] | undefined)[] = [];
/** Their tallies, by the number of cells (none is allowed or blocked, whatever the gate). */
const ungrantedTally: (Tally | undefined)[] = [];

function emptyCell(action: string, closed: boolean): ProfileCell {
    const byAction = emptyCells[closed ? 1 : 0];
    let cell = byAction.get(action);
    if (!cell) {
        const reason: DecisionReason = closed ? 'no-collection-access' : 'no-matching-policy';
        byAction.set(action, (cell = Object.freeze({ action, allowed: false, reason, matches: NO_ROWS })));
    }
    return cell;
}

/**
 * An entry's cells, made and kept under `key` with their tally: cell `i` holds `rowsOf(i)`, or is
 * the shared empty cell when that is undefined (no row grants it). Made only when not kept yet.
 */
function keepCells(kept: KeptCells, key: number, entry: CatalogEntry, closed: boolean, rowsOf: (i: number) => readonly StoredPolicy[] | undefined): readonly ProfileCell[] {
    const { actions } = entry;
    const made = new Array<ProfileCell>(actions.length);
    const reason: DecisionReason = closed ? 'no-collection-access' : 'granted';
    for (let i = 0; i < actions.length; i++) {
        const matches = rowsOf(i);
        made[i] = matches === undefined ? emptyCell(actions[i]!, closed) : Object.freeze({ action: actions[i]!, allowed: !closed, reason, matches });
    }
    const cells = Object.freeze(made);
    kept.cells[key] = cells;
    kept.tallies[key] = tallyOf(cells);
    return cells;
}

/**
 * A sequence of segments as a profile reads them: each segment's cell slots, and per catalog entry
 * (by position) which segments grant any of it (`NO_SEGMENT`, `SEVERAL`, or the one) and, for one,
 * the entry's shape in that segment (-1 until the entry is first asked). All of it follows from
 * the segments' abilities, so users whose segments have the same patterns in the same order share
 * one (a trie from the first segment's cell slots, by identity), and a profile reads each entry's
 * place in two arrays.
 */
interface LevelSlots {
    readonly slots: readonly CellSlots[];
    readonly granting: Int8Array;
    readonly segmentShape: Int32Array;
}

/** `LevelSlots.granting` of an entry no segment grants, of one several do, and of one not asked yet. */
const NO_SEGMENT = -1;
const SEVERAL = -2;
const UNKNOWN = -3;

const levelSlots = new SlotsTrie<LevelSlots>();

function levelSlotsOf(slots: readonly CellSlots[]): LevelSlots {
    return levelSlots.get(slots, () => {
        const { size } = catalog();
        return { slots, granting: new Int8Array(size).fill(UNKNOWN), segmentShape: new Int32Array(size).fill(-1) };
    });
}

/** The level of a user's held rows, by the engine's (never changing) array of their abilities: one lookup when the user is asked again. */
const slotsByAbilities = new WeakMap<HeldRowsView['abilities'], LevelSlots>();

function slotsOf(held: HeldRowsView): LevelSlots {
    const { abilities } = held;
    let level = slotsByAbilities.get(abilities);
    if (!level) {
        level = levelSlotsOf(abilities.map((ability) => cellSlotsOf(ability)));
        slotsByAbilities.set(abilities, level);
    }
    return level;
}

/**
 * By a level's segments (the engine's array of them, which never changes): the cells of the entry
 * shapes that several of its segments grant, at `2 * shape` with the gate open or absent and one
 * after with it closed, and their tallies. Those cells hold the level's own mix of rows, so they
 * are kept for the level alone, and only these: the rest are shared (held-rows.ts `cellsKept`).
 */
const severalCells = new WeakMap<readonly (readonly StoredPolicy[])[], KeptCells>();

function keptOf(segments: readonly (readonly StoredPolicy[])[]): KeptCells {
    let kept = severalCells.get(segments);
    if (!kept) severalCells.set(segments, (kept = { cells: [], tallies: [] }));
    return kept;
}

export class LevelCells {
    private readonly segments: readonly (readonly StoredPolicy[])[];
    private readonly level: LevelSlots;
    private readonly slots: readonly CellSlots[];
    /** The shapes over all the segments, for the entries several segments grant; made on first need. */
    private shapes: LevelShapes | undefined;
    /** The tally of each entry's cells (by position), set by `of`. */
    private readonly tallies: (Tally | undefined)[] = [];
    /** Each segment's kept cells (held-rows.ts), fetched once per profile. */
    private readonly kept: (KeptCells | undefined)[] = [];
    /** The level's own kept cells (`keptOf`), fetched on first use. */
    private severalKept: KeptCells | undefined;
    private readonly rowsByList: (readonly StoredPolicy[] | undefined)[] = [];

    /** `gateOpen`: undefined at institution level (no gate); false denies every cell. */
    constructor(
        held: HeldRowsView,
        private readonly gateOpen: boolean | undefined
    ) {
        this.segments = held.segments;
        this.level = slotsOf(held);
        this.slots = this.level.slots;
    }

    /**
     * One cell per action, in the entry's order, each as `decide` answers it in `enforce` mode.
     * Which segments grant any of it decides where its cells are kept: nowhere (none grants it, the
     * cells are everyone's), with the one segment that does, or with the level's segments.
     */
    of(entry: CatalogEntry): readonly ProfileCell[] {
        const { position } = entry;
        let granting = this.level.granting[position]!;
        if (granting === UNKNOWN) {
            const slots = this.slots;
            granting = NO_SEGMENT;
            for (let s = 0; s < slots.length && granting !== SEVERAL; s++) if (slots[s]!.grantsAny(entry)) granting = granting === NO_SEGMENT ? s : SEVERAL;
            // Kept in a byte: a segment past 127 (never seen: a level is a user's rows and their roles')
            // is read the general way, which is right for any segments that grant.
            if (granting > 127) granting = SEVERAL;
            if (granting >= 0) this.level.segmentShape[position] = slots[granting]!.shapeOf(entry);
            this.level.granting[position] = granting;
        }
        const closed = this.gateOpen === false;
        if (granting === NO_SEGMENT) {
            // Nothing grants it: the same cells for every user, kept once.
            const byActions = closed ? unreachable : ungranted;
            const cells = (byActions[entry.actionsId] ??= Object.freeze(entry.actions.map((action) => emptyCell(action, closed))));
            this.tallies[entry.position] = ungrantedTally[cells.length] ??= tallyOf(cells);
            return cells;
        }
        return granting >= 0 ? this.segmentCells(entry, granting, closed) : this.severalCells(entry, closed);
    }

    /** The summary's counts of the entry's cells (`of`, which works them out once per kept array of cells). */
    tallyOf(entry: CatalogEntry): Tally {
        return this.tallies[entry.position] ?? tallyOf(this.of(entry));
    }

    /**
     * The cells of an entry that one segment alone grants: its rows at the segment's slot lists,
     * kept by the segment's row set (held-rows.ts `cellsKept`) for everyone who holds it, with
     * their tally (the cells are read once, when they are made).
     */
    private segmentCells(entry: CatalogEntry, segment: number, closed: boolean): readonly ProfileCell[] {
        const slots = this.slots[segment]!;
        const rows = this.segments[segment]!;
        const kept = (this.kept[segment] ??= slots.cellsKept(rows));
        const key = this.level.segmentShape[entry.position]! * 2 + (closed ? 1 : 0);
        let cells = kept.cells[key];
        if (!cells) {
            cells = keepCells(kept, key, entry, closed, (i) => {
                const list = slots.listOf(entry, i);
                return list === EMPTY_SLOTS ? undefined : slots.rowsAt(rows, list);
            });
        }
        this.tallies[entry.position] = kept.tallies[key];
        return cells;
    }

    /**
     * The cells of an entry that several segments grant: each cell's rows joined segment by segment,
     * by the entry's shape over all the segments (level-shapes.ts), kept with the level's segments.
     */
    private severalCells(entry: CatalogEntry, closed: boolean): readonly ProfileCell[] {
        const shapes = (this.shapes ??= levelShapesOf(this.slots));
        const shape = shapes.shapeOf(entry);
        const kept = (this.severalKept ??= keptOf(this.segments));
        const key = shape * 2 + (closed ? 1 : 0);
        let cells = kept.cells[key];
        if (!cells) {
            const lists = shapes.cellLists[shape]!;
            cells = keepCells(kept, key, entry, closed, (i) => (lists[i] === EMPTY_LIST ? undefined : this.rows(shapes, lists[i]!)));
        }
        this.tallies[entry.position] = kept.tallies[key];
        return cells;
    }

    /** The rows of a combined list: each segment's rows at its slots, segment by segment. */
    private rows(shapes: LevelShapes, list: number): readonly StoredPolicy[] {
        let rows = this.rowsByList[list];
        if (!rows) {
            const parts = shapes.parts[list]!;
            const { slots } = shapes;
            let granting = -1;
            for (let s = 0; s < parts.length; s++) if (parts[s] !== 0) granting = granting === -1 ? s : -2;
            if (granting >= 0) {
                // One row set grants it: its list, which everyone holding that row set shares.
                rows = slots[granting]!.rowsAt(this.segments[granting]!, parts[granting]!);
            } else {
                const made: StoredPolicy[] = [];
                for (let s = 0; s < parts.length; s++) pushRowsAt(made, this.segments[s]!, slots[s]!.lists[parts[s]!]!);
                rows = Object.freeze(made);
            }
            this.rowsByList[list] = rows;
        }
        return rows;
    }
}
