/**
 * like-buckets.ts files each LIKE rule under the first segments its pattern can match, and a
 * request under its own: a request must always find the rule of every pattern it LIKE-matches.
 * Checked for random patterns and requests built from pieces that fold together (case, accents,
 * ß, characters beyond the BMP), wildcards and escapes in every place, and every registry name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_LIKE_SUBJECTS, likeSubjectOf, likeSubjectsOfPattern } from '../../../engine/decision/like-buckets.js';
import { like } from '../../../engine/like.js';
import { registry } from '../../../engine/registry/registry.js';

const pieces = ['/', 'field', 'FIELD', 'fíeld', 'table', 'Tablé', 'tree', 'agent', 'ß', 's', '😀', '𝔸', '%', '_', '\\', '\\%', 'x', '/field/', '/table/'];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(''));
const names = registry.concreteResources();

describe('LIKE rules by first segment', () => {
    it('offers a request every rule whose pattern it matches', () => {
        let matched = 0;
        fc.assert(
            fc.property(text, fc.oneof(text, fc.constantFrom(...names), fc.constantFrom(...names).map((n) => n.toUpperCase())), text, (pattern, other, filler) => {
                // Half the requests are the pattern with its wildcards filled in: most of them match it.
                const request = filler.length % 2 === 0 ? other : pattern.replace(/\\(.)/g, '$1').replaceAll('%', filler).replaceAll('_', 'x');
                if (!like(request, pattern)) return;
                matched++;
                expect(likeSubjectsOfPattern(pattern), `${request} LIKE ${pattern}`).toContain(likeSubjectOf(request));
            }),
            { numRuns: 20_000 }
        );
        expect(matched).toBeGreaterThan(500);
    });

    it('files a pattern that fixes its first segment in one group, and others in every group', () => {
        expect(likeSubjectsOfPattern('/field/%')).toEqual([likeSubjectOf('/FÍELD/agent/name')]);
        expect(likeSubjectsOfPattern('/field/%')).not.toEqual([likeSubjectOf('/table/agent')]);
        expect(likeSubjectsOfPattern('/nosuchthing/%')).toEqual([likeSubjectOf('/other/x')]);
        for (const pattern of ['%', '/f%', '%/field/x', '/fi_ld/%', '/field\\%/x']) expect(likeSubjectsOfPattern(pattern)).toBe(ALL_LIKE_SUBJECTS);
        // A registry name is its own pattern; one with `_` (a wildcard) fixes no segment.
        for (const name of names) expect(likeSubjectsOfPattern(name)).toContain(likeSubjectOf(name));
        expect(likeSubjectsOfPattern('/table/agent')).toEqual([likeSubjectOf('/table/agent')]);
    });
});
