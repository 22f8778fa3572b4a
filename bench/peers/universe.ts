/**
 * The resources and actions the queries ask about, and which of them a stored LIKE pattern matches
 * (spol's own `like`, Specify's collation): peers that cannot evaluate LIKE themselves are given
 * the concrete names a pattern stands for, computed once per pattern.
 */
import { like } from '../../engine/like.js';
import type { Resource } from '../queries.js';

export class Universe {
    readonly actionNames: readonly string[];
    /** The most actions any resource has: the bitset's stride. */
    readonly stride: number;
    private readonly resourceCache = new Map<string, readonly number[]>();
    private readonly actionCache = new Map<string, readonly string[]>();

    constructor(readonly resources: readonly Resource[]) {
        this.actionNames = [...new Set(resources.flatMap((r) => r.actions))];
        this.stride = Math.max(...resources.map((r) => r.actions.length));
    }

    /** Indices of the resources the pattern matches. */
    resourcesMatching(pattern: string): readonly number[] {
        let found = this.resourceCache.get(pattern);
        if (!found) {
            found = this.resources.flatMap((r, i) => (like(r.name, pattern) ? [i] : []));
            this.resourceCache.set(pattern, found);
        }
        return found;
    }

    /** Action names (of any resource) the pattern matches. */
    actionsMatching(pattern: string): readonly string[] {
        let found = this.actionCache.get(pattern);
        if (!found) {
            found = this.actionNames.filter((a) => like(a, pattern));
            this.actionCache.set(pattern, found);
        }
        return found;
    }
}

/** A pattern that is a literal prefix and one final `%` (`/table/%`): prefix matching is exactly LIKE for it. */
export function prefixOf(pattern: string): string | undefined {
    const body = pattern.slice(0, -1);
    if (!pattern.endsWith('%') || /[%_\\]/.test(body) || body !== body.toLowerCase() || /[^\x00-\x7f]/.test(body)) return undefined;
    return body;
}
