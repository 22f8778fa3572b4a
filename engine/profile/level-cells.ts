/**
 * One profile's cells at one level (the user's row sets there and the gate): each catalog entry's
 * cells, from the entry's shape over the user's segments (level-shapes.ts), each cell's rows
 * joined segment by segment, in Specify's order, as `decide` joins them. Within the profile,
 * entries of the same shape (say every table that `/table/%` grants the same way) share one frozen
 * array of cells, and cells with the same slot lists share one frozen list of rows, so a profile of
 * a thousand cells builds only its distinct ones.
 */
import type { DecisionReason, HeldRowsView } from '../decision/index.js';
import type { StoredPolicy } from '../model/stored.js';
import type { CatalogEntry } from './catalog.js';
import { cellSlotsOf, NO_ROWS, pushRowsAt } from './held-rows.js';
import { EMPTY_LIST, levelShapesOf, type LevelShapes } from './level-shapes.js';
import type { ProfileCell } from './types.js';

/** Cells no row grants, by action and whether the gate is closed: they hold no rows, so every profile shares them. */
const emptyCells = [new Map<string, ProfileCell>(), new Map<string, ProfileCell>()] as const;
/** Arrays of such cells, by the entry's actions (`CatalogEntry.actionsId`), with the gate open or absent, and closed. */
const ungranted: (readonly ProfileCell[] | undefined)[] = [];
const unreachable: (readonly ProfileCell[] | undefined)[] = [];

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
 * The shapes of a user's segments at a level, by the engine's (never changing) array of their
 * abilities, which is all the shapes depend on: one lookup when the user is asked again.
 */
const shapesByAbilities = new WeakMap<HeldRowsView['abilities'], LevelShapes>();

function shapesOf(held: HeldRowsView): LevelShapes {
    const { abilities } = held;
    let shapes = shapesByAbilities.get(abilities);
    if (!shapes) {
        let bits: readonly Uint32Array[] | undefined;
        const slots = abilities.map((ability, segment) => cellSlotsOf(ability, () => (bits ??= held.grantBits)[segment]!));
        shapesByAbilities.set(abilities, (shapes = levelShapesOf(slots)));
    }
    return shapes;
}

export class LevelCells {
    private readonly segments: readonly (readonly StoredPolicy[])[];
    private readonly shapes: LevelShapes;
    private readonly cellsByShape: (readonly ProfileCell[] | undefined)[] = [];
    private readonly rowsByList: (readonly StoredPolicy[] | undefined)[] = [];

    /** `gateOpen`: undefined at institution level (no gate); false denies every cell. */
    constructor(
        held: HeldRowsView,
        private readonly gateOpen: boolean | undefined
    ) {
        this.segments = held.segments;
        this.shapes = shapesOf(held);
    }

    /** One cell per action, in the entry's order, each as `decide` answers it in `enforce` mode. */
    of(entry: CatalogEntry): readonly ProfileCell[] {
        const shape = this.shapes.shapeOf(entry);
        let cells = this.cellsByShape[shape];
        if (!cells) {
            const { actions } = entry;
            const lists = this.shapes.cellLists[shape]!;
            const closed = this.gateOpen === false;
            let granting = false;
            for (let i = 0; i < lists.length; i++) if (lists[i] !== EMPTY_LIST) granting = true;
            if (!granting) {
                // Nothing grants it: the same cells for every user, kept once.
                const byActions = closed ? unreachable : ungranted;
                cells = byActions[entry.actionsId] ??= Object.freeze(actions.map((action) => emptyCell(action, closed)));
            } else {
                const made = new Array<ProfileCell>(actions.length);
                for (let i = 0; i < actions.length; i++) {
                    const list = lists[i]!;
                    if (list === EMPTY_LIST) {
                        made[i] = emptyCell(actions[i]!, closed);
                        continue;
                    }
                    const reason: DecisionReason = closed ? 'no-collection-access' : 'granted';
                    made[i] = Object.freeze({ action: actions[i]!, allowed: !closed, reason, matches: this.rows(list) });
                }
                cells = Object.freeze(made);
            }
            this.cellsByShape[shape] = cells;
        }
        return cells;
    }

    /** The rows of a combined list: each segment's rows at its slots, segment by segment. */
    private rows(list: number): readonly StoredPolicy[] {
        let rows = this.rowsByList[list];
        if (!rows) {
            const parts = this.shapes.parts[list]!;
            const { slots } = this.shapes;
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
