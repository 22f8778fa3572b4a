/**
 * AbilityInterner's shape ids against their plain definition: two row sets share a shape id
 * exactly when they have the same (resource, action) patterns, as written, in the same order (the
 * JSON of those pairs). Row sets are drawn from a few patterns, so equal shapes in distinct arrays,
 * prefixes of one another and reorderings all occur; each is asked twice (found by identity then).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbilityInterner } from '../../../engine/decision/ability-interner.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';

const RESOURCES = ['/table/agent', '/table/%', '%', '/Table/Agent', '/admin/user/password'];
const ACTIONS = ['read', 'create', '%', 'READ'];

/** A row with only the fields a shape reads (and a holder, so rows of equal patterns are distinct objects). */
const row = fc.tuple(fc.constantFrom(...RESOURCES), fc.constantFrom(...ACTIONS), fc.nat(3)).map(
    ([resource, action, holder]) => ({ resource, action, origin: { kind: 'institution-user', user: `u${holder}` } }) as unknown as StoredPolicy
);

const plainKey = (rows: readonly StoredPolicy[]): string => JSON.stringify(rows.map((r) => [r.resource, r.action]));

describe('ability interner shape ids', () => {
    it('are equal exactly for row sets with the same patterns in the same order (property)', () => {
        let shared = 0;
        fc.assert(
            fc.property(fc.array(fc.array(row, { maxLength: 3 }), { minLength: 1, maxLength: 60 }), (sets) => {
                const interner = new AbilityInterner();
                const frozen = sets.map((rows) => Object.freeze([...rows]));
                const ids = frozen.map((rows) => interner.shapeId(rows));
                const idOf = new Map<string, number>();
                frozen.forEach((rows, i) => {
                    const key = plainKey(rows);
                    const known = idOf.get(key);
                    if (known === undefined) {
                        // A new pattern list: a new id, different from every id given before.
                        expect([...idOf.values()]).not.toContain(ids[i]);
                        idOf.set(key, ids[i]!);
                    } else {
                        expect(ids[i]).toBe(known);
                        shared++;
                    }
                    expect(interner.shapeId(rows)).toBe(ids[i]);
                });
            }),
            { numRuns: 300 }
        );
        expect(shared).toBeGreaterThan(100);
    });
});
