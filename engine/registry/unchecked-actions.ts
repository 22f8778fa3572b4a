/**
 * Actions that Specify stores but never checks: rows that Specify itself writes (a migration, a
 * startup fix) though no check, on the server or in the UI, ever asks for that action. Such a row
 * grants nothing, yet a real database holds it, so spol reads it as a known fact rather than a
 * misspelling (lint `unchecked-action`, a warning, instead of `unknown-action`, an error).
 *
 * Hand-written from ../shared/specify7 (semantics.md §10, role-export-format.md "Default / preset
 * roles"): resources.json, which data.ts is generated from, says it only in a description's prose.
 */
export interface UncheckedAction {
    /** The concrete resource the row names, lowercase. */
    readonly resource: string;
    /** The action stored. */
    readonly action: string;
    /** Who stores it, in words that complete "Specify stores it: …". */
    readonly storedBy: string;
    /** The action that the check on this resource really asks for. */
    readonly checked: string;
}

export const UNCHECKED_ACTIONS: readonly UncheckedAction[] = Object.freeze([
    {
        resource: '/preferences/statistics',
        action: 'edit',
        storedBy: 'migration 0007 (add_stats_edit_permission, run at every start) gives it to every collection role named "Full Access - Legacy"',
        checked: 'edit_shared'
    }
]);
