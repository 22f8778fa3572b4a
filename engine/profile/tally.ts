/**
 * The counts a profile's summary is made of, per array of cells: how many cells, how many allowed,
 * how many blocked at the collection gate alone. Entries of one shape share their array of cells
 * (level-cells.ts), which keeps its tally, so a profile counts each distinct array once.
 */
import type { ProfileCell, ToolCell } from './types.js';

export interface Tally {
    readonly cells: number;
    readonly allowed: number;
    readonly blocked: number;
}

export function tallyOf(cells: readonly ProfileCell[]): Tally {
    let allowed = 0;
    let blocked = 0;
    for (const cell of cells) {
        if (cell.allowed) allowed++;
        else if (cell.reason === 'no-collection-access' && grantedByPolicy(cell)) blocked++;
    }
    return { cells: cells.length, allowed, blocked };
}

/** The policy check passed (whatever the gate says): for a tool, on every one of its tables. */
export function grantedByPolicy(cell: ProfileCell): boolean {
    if ('missingTables' in cell) return (cell as ToolCell).missingTables.length === 0;
    return cell.matches.length > 0;
}
