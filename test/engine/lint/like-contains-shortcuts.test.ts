/**
 * likeContains' shortcuts (a plain outer name, a plain ASCII inner name) read each pattern with
 * cheap scans and compare lengths first; they must answer exactly as their plain definition below,
 * which tests the same conditions with regular expressions, on random patterns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { like } from '../../../engine/like.js';
import { alignContains, likeContains } from '../../../engine/lint/like-contains.js';

const WILDCARD = /[%_\\]/;
const ASCII = /^[\x00-\x7f]*$/;

function plainDefinition(inner: string, outer: string): boolean {
    if (outer === '%' || inner === outer) return true;
    const innerPlain = !WILDCARD.test(inner);
    if (!WILDCARD.test(outer)) return innerPlain && ASCII.test(inner + outer) && inner.toLowerCase() === outer.toLowerCase();
    if (innerPlain && ASCII.test(inner + outer)) return like(inner, outer);
    return alignContains(inner, outer);
}

describe('likeContains shortcuts', () => {
    it('answer as the plain definition on random patterns', () => {
        const unit = fc.constantFrom('a', 'A', 'b', 's', 'ſ', 'k', 'K', '\u212A', 'é', 'É', '🦎', '/', '%', '_', '\\');
        const pattern = fc.string({ unit, maxLength: 7 });
        fc.assert(
            fc.property(pattern, pattern, (inner, outer) => {
                expect(likeContains(inner, outer)).toBe(plainDefinition(inner, outer));
            }),
            { numRuns: 10_000 }
        );
    });
});
