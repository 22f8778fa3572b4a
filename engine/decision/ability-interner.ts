/**
 * Hands out one ability per distinct sequence of row-set shapes. Most users in a collection hold
 * the same roles and an `access` grant, so their row sets differ only in whose they are; keyed by
 * shape (the patterns in order), they share one compiled ability and keep their own rows.
 */
import { innerMap } from '../inner-map.js';
import type { StoredPolicy } from '../model/stored.js';
import { createLikeAbility, createPolicyAbility, type PolicyAbility } from './policy-ability.js';

export class AbilityInterner {
    // ModelIndex returns the same frozen array for the same row set, so identity finds the shape
    // without reading the rows again.
    private readonly shapeIds = new WeakMap<readonly StoredPolicy[], number>();
    /** Shapes by the hash of their pattern ids (`pairId`), each with its ids to tell collisions apart. */
    private readonly shapes = new Map<number, KnownShape | KnownShape[]>();
    private shapeCount = 0;
    /** Each (resource, action) pattern met, by resource then action: a dense id. */
    private readonly pairIds = new Map<string, Map<string, number>>();
    private pairCount = 0;
    /** The pattern ids of the row set being looked up (grown as needed, reused). */
    private pairs = new Int32Array(64);
    private readonly abilities = new Map<string, PolicyAbility>();
    private readonly likeAbilities = new Map<number, PolicyAbility>();

    /** The ability of one segment, by its shape id: no key to build. */
    private readonly segmentAbilities: (PolicyAbility | undefined)[] = [];

    /** The ability for these segments, in this order. Leave empty segments out. */
    abilityFor(segments: readonly (readonly StoredPolicy[])[]): PolicyAbility {
        if (segments.length === 1) return this.segmentAbility(segments[0]!);
        let key = '';
        for (const rows of segments) key += `${this.shapeId(rows)},`;
        let ability = this.abilities.get(key);
        if (!ability) {
            ability = createPolicyAbility(segments);
            this.abilities.set(key, ability);
        }
        return ability;
    }

    /** The ability of one row set (`abilityFor([rows])`), shared by every row set with the same patterns. */
    segmentAbility(rows: readonly StoredPolicy[]): PolicyAbility {
        const id = this.shapeId(rows);
        return (this.segmentAbilities[id] ??= createPolicyAbility([rows]));
    }

    /** The slow-path ability of one row set, shared by every row set with the same patterns. */
    likeAbilityFor(rows: readonly StoredPolicy[]): PolicyAbility {
        const id = this.shapeId(rows);
        let ability = this.likeAbilities.get(id);
        if (!ability) {
            ability = createLikeAbility(rows);
            this.likeAbilities.set(id, ability);
        }
        return ability;
    }

    /**
     * The shape id of a row set: row sets with the same patterns in the same order share it. A row
     * set met for the first time (a role's rows in a new collection, a new user's own) is read as
     * the ids of its patterns, hashed and compared with the shapes of that hash: no text is built.
     */
    shapeId(rows: readonly StoredPolicy[]): number {
        let id = this.shapeIds.get(rows);
        if (id === undefined) {
            if (rows.length > this.pairs.length) this.pairs = new Int32Array(Math.max(rows.length, this.pairs.length * 2));
            const pairs = this.pairs;
            let hash = rows.length;
            for (let i = 0; i < rows.length; i++) {
                const pair = this.pairId(rows[i]!.resource, rows[i]!.action);
                pairs[i] = pair;
                hash = Math.imul(hash ^ pair, 0x9e3779b1);
                hash ^= hash >>> 15;
            }
            const found = this.shapes.get(hash);
            const known = found === undefined ? undefined : Array.isArray(found) ? found.find((shape) => sameIds(shape.pairs, pairs, rows.length)) : sameIds(found.pairs, pairs, rows.length) ? found : undefined;
            if (known) {
                id = known.id;
            } else {
                const shape: KnownShape = { id: this.shapeCount++, pairs: pairs.slice(0, rows.length) };
                this.shapes.set(hash, found === undefined ? shape : Array.isArray(found) ? [...found, shape] : [found, shape]);
                id = shape.id;
            }
            this.shapeIds.set(rows, id);
        }
        return id;
    }

    /** The dense id of a row's resource and action patterns, as written. */
    private pairId(resource: string, action: string): number {
        const byAction = innerMap(this.pairIds, resource);
        let id = byAction.get(action);
        if (id === undefined) byAction.set(action, (id = this.pairCount++));
        return id;
    }
}

/** A shape met: its id and its patterns' ids in order. */
interface KnownShape {
    readonly id: number;
    readonly pairs: Int32Array;
}

/** Whether a shape's pattern ids are the first `length` of `pairs`. */
function sameIds(known: Int32Array, pairs: Int32Array, length: number): boolean {
    if (known.length !== length) return false;
    for (let i = 0; i < length; i++) if (known[i] !== pairs[i]) return false;
    return true;
}
