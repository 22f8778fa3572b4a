/**
 * matchingResources skips the concrete resources that cannot match a wildcard pattern by its
 * literal prefix (and decides `prefix%` by the prefix alone); collationFold folds ASCII text in one
 * call. Both must answer as their plain definitions: like() against every concrete resource, and
 * each character replaced by its weight.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collationFold, collationWeight } from '../../../engine/collation.js';
import { like } from '../../../engine/like.js';
import { matchingResources, needsLike } from '../../../engine/lint/resources.js';
import { registry } from '../../../engine/registry/registry.js';

const CONCRETE = registry.concreteResources();

function plainMatching(pattern: string) {
    return CONCRETE.filter((resource) => like(resource, pattern)).flatMap((resource) => registry.lookup(resource) ?? []);
}

/** A concrete resource cut anywhere, in random case, with a wildcard, an escape or a letter beyond ASCII put in. */
const wildPattern = fc
    .tuple(fc.constantFrom(...CONCRETE), fc.nat(), fc.nat(), fc.constantFrom('%', '_', '\\_', '%%', 'é', 'É', '_%', '%/%', ''), fc.constantFrom('', '%', 'x%', '_'), fc.boolean())
    .map(([resource, cut, where, middle, tail, upper]) => {
        const stem = resource.slice(0, cut % (resource.length + 1));
        const at = where % (stem.length + 1);
        const text = `${stem.slice(0, at)}${middle}${stem.slice(at)}${tail}`;
        return upper ? text.toUpperCase() : text;
    })
    .filter(needsLike);

describe('matchingResources', () => {
    it('matches what like() matches among every concrete resource', () => {
        fc.assert(
            fc.property(wildPattern, (pattern) => {
                expect(matchingResources(pattern)).toEqual(plainMatching(pattern));
            }),
            { numRuns: 400 }
        );
    });
});

describe('collationFold', () => {
    it('is every character replaced by its weight', () => {
        const unit = fc.oneof(fc.constantFrom('a', 'z', 'A', 'Z', '{', '`', '@', '[', ' ', '/', 'é', 'ß', 'ſ', '🦎', 'µ', 'K'), fc.string({ maxLength: 1 }));
        fc.assert(
            fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
                const plain = Array.from(text, (ch) => String.fromCodePoint(collationWeight(ch.codePointAt(0)!))).join('');
                expect(collationFold(text)).toBe(plain);
            }),
            { numRuns: 5_000 }
        );
    });
});
