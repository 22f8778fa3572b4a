/** Small helpers for source places: the first one present, and a stable key for de-duplication. */
import type { Source } from '../model/policy-model.js';

/** The first defined source, or undefined: rules list the most precise place first. */
export function firstSource(...sources: readonly (Source | undefined)[]): Source | undefined {
    for (const source of sources) if (source) return source;
    return undefined;
}

export function sourceKey(source: Source): string {
    const { start, end } = source.range;
    return `${source.file}\u0000${start.line}:${start.character}-${end.line}:${end.character}`;
}
