/**
 * samePlainData is node:util's isDeepStrictEqual on plain data (what a model element is): checked
 * on random pairs of small values, often equal, and on copies changed in one place.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samePlainData } from '../../language/same-plain-data.js';

/** Small plain values, so that random pairs are often equal; -0, NaN and undefined included. */
const value = fc.letrec((tie) => ({
    leaf: fc.constantFrom<unknown>(0, -0, 1, Number.NaN, '', 'a', 'b', true, false, null, undefined),
    node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('x', 'y', 'z', 'source'), tie('node'), { maxKeys: 3 })
    )
})).node;

describe('samePlainData', () => {
    it('agrees with isDeepStrictEqual on random pairs', () => {
        fc.assert(
            fc.property(value, value, (a, b) => {
                expect(samePlainData(a, b)).toBe(isDeepStrictEqual(a, b));
            }),
            { numRuns: 5000 }
        );
    });

    it('agrees with isDeepStrictEqual on a copy, with keys in another order, and on a copy changed in one place', () => {
        const reversed = (v: unknown): unknown =>
            Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
        fc.assert(
            fc.property(fc.jsonValue(), value, (a, b) => {
                expect(samePlainData(a, structuredClone(a))).toBe(true);
                expect(samePlainData(a, reversed(a))).toBe(true);
                for (const changed of [{ v: a, w: [a, b] }, { v: a, extra: b }, { v: b, w: [a] }]) {
                    expect(samePlainData({ v: a, w: [a] }, changed)).toBe(isDeepStrictEqual({ v: a, w: [a] }, changed));
                }
                expect(samePlainData([a], { 0: a })).toBe(false);
                expect(samePlainData({ v: a }, Object.assign(Object.create(null) as object, { v: a }))).toBe(false);
            })
        );
    });
});
