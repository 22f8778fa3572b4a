/**
 * Fingerprints of the rows that count for a user in a place, so that a diff can skip every place
 * where nothing could have changed without asking a single cell there.
 *
 * A decision is `allowed` when any held row LIKE-matches the request (semantics.md §2): it depends
 * only on the *set* of (resource pattern, action pattern) pairs held, not on who holds them, in
 * which order, how often, or where they are written. So two places holding the same set of
 * patterns answer every cell alike, whatever role names, templates, files or layout produced them.
 * Patterns are compared as written, except that ASCII-only patterns are lowercased: matching is
 * case-insensitive (`/TABLE/%` and `/table/%` match the same strings), while non-ASCII text keeps
 * its spelling so that no Unicode case rule is assumed here.
 *
 * The key is exact for equality only: equal keys guarantee equal cells; different keys just mean
 * "compare the cells" (e.g. `%%` and `%` differ here yet match the same).
 */
import type { StoredPolicy } from '../model/stored.js';

const ASCII = /^[\x00-\x7f]*$/;

export class RowSetKeys {
    /** Pattern pair → small integer, shared by both sides so that their keys compare. */
    private readonly ids = new Map<string, number>();
    /** Per row set (ModelIndex hands out one frozen array per set): its sorted distinct ids. */
    private readonly sets = new WeakMap<readonly StoredPolicy[], readonly number[]>();

    /** A key that is equal for two lists of row sets when their unions hold the same patterns. */
    keyOf(segments: readonly (readonly StoredPolicy[])[]): string {
        if (segments.length === 1) return this.setOf(segments[0]!).join(',');
        const union = new Set<number>();
        for (const rows of segments) for (const id of this.setOf(rows)) union.add(id);
        return [...union].sort((a, b) => a - b).join(',');
    }

    private setOf(rows: readonly StoredPolicy[]): readonly number[] {
        let set = this.sets.get(rows);
        if (!set) {
            const distinct = new Set<number>();
            for (const row of rows) distinct.add(this.idOf(row));
            set = [...distinct].sort((a, b) => a - b);
            this.sets.set(rows, set);
        }
        return set;
    }

    private idOf(row: StoredPolicy): number {
        const pair = `${normal(row.resource)}\u0000${normal(row.action)}`;
        let id = this.ids.get(pair);
        if (id === undefined) {
            id = this.ids.size;
            this.ids.set(pair, id);
        }
        return id;
    }
}

function normal(pattern: string): string {
    return ASCII.test(pattern) ? pattern.toLowerCase() : pattern;
}
