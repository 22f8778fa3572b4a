/**
 * Known names closest to a misspelt one, best first, for "did you mean". Case is ignored when
 * measuring, so `JDoe` finds `jdoe` at distance 0.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
    const wanted = name.toLowerCase();
    // Short names tolerate little; a third of the length keeps long names forgiving without
    // suggesting unrelated short ones.
    const budget = Math.max(2, Math.ceil(wanted.length / 3));
    const scored: { name: string; distance: number; order: number }[] = [];
    let order = 0;
    for (const candidate of candidates) {
        const distance = editDistance(wanted, candidate.toLowerCase(), budget);
        if (distance <= budget) scored.push({ name: candidate, distance, order: order++ });
    }
    scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
    return scored.slice(0, limit).map((s) => s.name);
}

/** Levenshtein distance, giving up (returning budget + 1) once every path costs more than budget. */
function editDistance(a: string, b: string, budget: number): number {
    if (Math.abs(a.length - b.length) > budget) return budget + 1;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        let best = i;
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
            current.push(value);
            if (value < best) best = value;
        }
        if (best > budget) return budget + 1;
        previous = current;
    }
    return previous[b.length]!;
}
