/**
 * Hands out one ability per distinct sequence of row-set shapes. Most users in a collection hold
 * the same roles and an `access` grant, so their row sets differ only in whose they are; keyed by
 * shape (the patterns in order), they share one compiled ability and keep their own rows.
 */
import type { StoredPolicy } from '../model/stored.js';
import { createLikeAbility, createPolicyAbility, type PolicyAbility } from './policy-ability.js';

export class AbilityInterner {
    // ModelIndex returns the same frozen array for the same row set, so identity finds the shape
    // without reading the rows again.
    private readonly shapeIds = new WeakMap<readonly StoredPolicy[], number>();
    private readonly shapes = new Map<string, number>();
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

    /** The shape id of a row set: row sets with the same patterns in the same order share it. */
    shapeId(rows: readonly StoredPolicy[]): number {
        let id = this.shapeIds.get(rows);
        if (id === undefined) {
            const shape = JSON.stringify(rows.map((row) => [row.resource, row.action]));
            id = this.shapes.get(shape);
            if (id === undefined) {
                id = this.shapes.size;
                this.shapes.set(shape, id);
            }
            this.shapeIds.set(rows, id);
        }
        return id;
    }
}
