/**
 * samePlainData is JSON equality up to the order of keys: checked against the JSON of both values
 * with their keys sorted, on random values and on pairs that differ in one place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samePlainData } from '../../language/same-plain-data.js';

/** JSON with every object's keys sorted: equal for values equal up to key order. */
function canonical(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
    );
}

/** Small values, so that random pairs are often equal. */
const value = fc.letrec((tie) => ({
    leaf: fc.oneof(fc.constantFrom(0, 1, 'a', 'b', true, false, null), fc.integer({ min: -2, max: 2 })),
    node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('node'), { maxKeys: 3 }))
})).node;

describe('samePlainData', () => {
    it('agrees with comparing sorted-key JSON', () => {
        fc.assert(
            fc.property(value, value, (a, b) => {
                expect(samePlainData(a, b)).toBe(canonical(a) === canonical(b));
            }),
            { numRuns: 2000 }
        );
    });

    it('holds for a copy and fails for a copy changed in one place', () => {
        fc.assert(
            fc.property(fc.jsonValue(), (a) => {
                expect(samePlainData(a, structuredClone(a))).toBe(true);
                expect(samePlainData({ v: a, w: [a] }, { v: a, w: [a, 0] })).toBe(false);
                expect(samePlainData({ v: a }, { v: a, extra: 1 })).toBe(false);
                expect(samePlainData([a], { 0: a })).toBe(false);
            })
        );
    });
});
