/**
 * like() decides a plain ASCII pattern by length first, then by comparing ASCII case, and reads
 * whether a pattern is plain once per pattern. The length test rests on collation facts (every
 * weight is one BMP character; beyond the BMP, U+FFFD), so it is held to the reference evaluator's
 * LIKE on values full of letters that fold onto ASCII ones, or that take two UTF-16 units.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { like } from '../../engine/like.js';
import { referenceLike } from './decision/reference-evaluator.js';

describe('like on plain ASCII patterns', () => {
    it('agrees with the reference evaluator on values that fold onto ASCII or lie beyond the BMP', () => {
        const valueUnit = fc.constantFrom('a', 'S', 's', 'k', 'e', 'i', 'ß', 'ſ', 'é', 'É', '\u212A', 'ı', '🦎', '\uFFFD', '/', '_', '%');
        const patternUnit = fc.constantFrom('a', 'A', 's', 'S', 'k', 'K', 'e', 'E', 'i', 'I', '/', '%', '_', '\\');
        fc.assert(
            fc.property(fc.string({ unit: valueUnit, maxLength: 6 }), fc.string({ unit: patternUnit, maxLength: 6 }), (value, pattern) => {
                expect(like(value, pattern)).toBe(referenceLike(value, pattern));
            }),
            { numRuns: 20_000 }
        );
    });
});
