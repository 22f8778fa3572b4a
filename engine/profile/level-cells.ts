/**
 * One profile's cells at one level (the user's rows there and the gate): each catalog entry's
 * cells, answered from the ability's remembered slots (held-rows.ts). Within the profile, entries
 * of the same shape (say every table that `/table/%` grants the same way) share one frozen array of
 * cells, and cells with the same slots share one frozen list of rows, so a profile of a thousand
 * cells builds only its distinct ones.
 */
import type { DecisionReason } from '../decision/index.js';
import type { StoredPolicy } from '../model/stored.js';
import type { CatalogEntry } from './catalog.js';
import { cellSlotsOf, rowsAt, type CellSlots, type HeldRows } from './held-rows.js';
import type { ProfileCell } from './types.js';

export class LevelCells {
    private readonly slots: CellSlots;
    private readonly rowsByList: (readonly StoredPolicy[] | undefined)[] = [];
    private readonly cellsByShape: (readonly ProfileCell[] | undefined)[] = [];

    /** `gateOpen`: undefined at institution level (no gate); false denies every cell. */
    constructor(
        private readonly held: HeldRows,
        private readonly gateOpen: boolean | undefined
    ) {
        this.slots = cellSlotsOf(held.ability);
    }

    /** One cell per action, in the entry's order, each as `decide` answers it in `enforce` mode. */
    of(entry: CatalogEntry): readonly ProfileCell[] {
        const shape = this.slots.shapeOf(entry);
        let cells = this.cellsByShape[shape];
        if (!cells) {
            const { actions } = entry;
            const made = new Array<ProfileCell>(actions.length);
            for (let i = 0; i < actions.length; i++) {
                const matches = this.rows(this.slots.listOf(entry, i));
                const reason: DecisionReason = this.gateOpen === false ? 'no-collection-access' : matches.length > 0 ? 'granted' : 'no-matching-policy';
                made[i] = Object.freeze({ action: actions[i]!, allowed: reason === 'granted', reason, matches });
            }
            this.cellsByShape[shape] = cells = Object.freeze(made);
        }
        return cells;
    }

    private rows(list: number): readonly StoredPolicy[] {
        let rows = this.rowsByList[list];
        if (!rows) this.rowsByList[list] = rows = rowsAt(this.held, this.slots.lists[list]!);
        return rows;
    }
}
