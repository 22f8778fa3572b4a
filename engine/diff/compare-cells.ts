/**
 * The cell-by-cell comparison of one user in one place, for the places the row fingerprints could
 * not rule out: the profile of each side (exactly what `spol profile` answers, tools included),
 * or nothing at all where that side has no such user or collection. Every cell allowed on one
 * side only is a change, carrying the rows of the side that allows it.
 */
import type { PolicyEngine } from '../decision/index.js';
import { grantsOf } from '../profile/grants.js';
import { profile, profileEntries } from '../profile/profile.js';
import type { ProfileEntry, ProfileWhere } from '../profile/types.js';
import { escalationsOf } from './escalations.js';
import type { CellChange, EscalationKind } from './types.js';

const NO_ESCALATIONS: readonly EscalationKind[] = Object.freeze([]);

/** The profile's entries, or undefined when the side lacks the user or the collection. */
export function entriesAt(engine: PolicyEngine | undefined, where: ProfileWhere): readonly ProfileEntry[] | undefined {
    if (!engine) return undefined;
    return profileEntries(profile(engine, where));
}

/**
 * The changed cells, ordered for review: escalated gains, other gains, losses (each in profile
 * order: operations, tools, tables, preferences). Both sides use the one catalog, so entries and
 * cells line up by position.
 */
export function compareCells(before: readonly ProfileEntry[] | undefined, after: readonly ProfileEntry[] | undefined): CellChange[] {
    const escalated: CellChange[] = [];
    const gained: CellChange[] = [];
    const lost: CellChange[] = [];
    const count = Math.max(before?.length ?? 0, after?.length ?? 0);
    for (let e = 0; e < count; e++) {
        const old = before?.[e];
        const now = after?.[e];
        const entry = (now ?? old)!;
        for (let c = 0; c < entry.cells.length; c++) {
            const was = old?.cells[c]?.allowed === true;
            const is = now?.cells[c]?.allowed === true;
            if (was === is) continue;
            if (is) {
                const cell = now!.cells[c]!;
                const escalations = escalationsOf(now!.resource, cell.action, cell.matches);
                const change = changeOf('gained', now!, cell.action, cell.matches, escalations);
                (escalations.length > 0 ? escalated : gained).push(change);
            } else {
                const cell = old!.cells[c]!;
                lost.push(changeOf('lost', old!, cell.action, cell.matches, NO_ESCALATIONS));
            }
        }
    }
    return [...escalated, ...gained, ...lost];
}

function changeOf(
    change: CellChange['change'],
    entry: ProfileEntry,
    action: string,
    matches: CellChange['matches'],
    escalations: CellChange['escalations']
): CellChange {
    return {
        change,
        kind: entry.kind,
        resource: entry.resource,
        action,
        level: entry.level,
        escalations,
        matches,
        grants: grantsOf([{ action, matches }])
    };
}
