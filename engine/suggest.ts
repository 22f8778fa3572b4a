/**
 * "Did you mean …?": the known names closest to what was written, by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours), compared case-insensitively as Specify matches.
 */

/** Optimal-string-alignment distance; stops early and returns `limit + 1` once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = new Array<number>(b.length + 1).fill(0);
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = new Array<number>(b.length + 1).fill(0);
        current[0] = i;
        let rowMin = current[0];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
            current[j] = value;
            if (value < rowMin) rowMin = value;
        }
        if (rowMin > limit) return limit + 1;
        before = previous;
        previous = current;
    }
    return previous[b.length]!;
}

export interface SuggestOptions {
    /** At most this many suggestions (default 3). */
    readonly limit?: number;
    /** Largest distance still worth suggesting; by default a quarter of the word, at least 2. */
    readonly maxDistance?: number;
}

/**
 * Candidates closest to `word`, best first, ties in candidate order; only those within one edit of
 * the best, so a clear winner comes alone. Empty when nothing is close.
 */
export function suggest(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string[] {
    const limit = options.limit ?? 3;
    const needle = word.toLowerCase();
    const maxDistance = options.maxDistance ?? Math.max(2, Math.floor(needle.length / 4));
    const scored: { candidate: string; distance: number; order: number }[] = [];
    const seen = new Set<string>();
    let order = 0;
    for (const candidate of candidates) {
        const key = candidate.toLowerCase();
        if (seen.has(key) || candidate === word) continue;
        seen.add(key);
        const distance = editDistance(needle, key, maxDistance);
        if (distance <= maxDistance) scored.push({ candidate, distance, order: order++ });
    }
    scored.sort((x, y) => x.distance - y.distance || x.order - y.order);
    const best = scored[0]?.distance ?? 0;
    return scored
        .filter((s) => s.distance <= best + 1)
        .slice(0, limit)
        .map((s) => s.candidate);
}

/**
 * Suggestions for a misspelt declared name (user, collection, role…): names are short and often
 * abbreviated or inflected (`RunQuery` for `RunQueries`), so a third of the length may differ.
 */
export function suggestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
    return suggest(name, candidates, { limit, maxDistance: Math.max(2, Math.ceil(name.length / 3)) });
}
