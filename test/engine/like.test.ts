import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPattern, like } from '../../engine/like.js';
import { referenceLike } from './decision/reference-evaluator.js';

describe('like', () => {
    it.each([
        ['/table/collectionobject', '%', true],
        ['', '%', true],
        ['/table/collectionobject', '/table/%', true],
        ['/table/', '/table/%', true],
        ['/tree/edit/taxon', '/tree/%', true],
        ['/field/agent/lastname', '/field/%', true],
        ['/table/taxonattachment', '/table/taxon%', true],
        ['/table/collectionobject', '/table/agent', false],
        ['/table/agent', '/table/agent', true],
        ['/TABLE/Agent', '/table/agent', true],
        ['/table/agent', '/TABLE/%', true],
        ['exportXcsv', 'export_csv', true],
        ['export_csv', 'export_csv', true],
        ['exportcsv', 'export_csv', false],
        ['/table/agentx', '/table/agent', false],
        ['x/table/agent', '/table/agent', false],
        ['read', 'rea_', true],
        ['read', 'r%d', true],
        ['rd', 'r%d', true],
        ['a%', 'a\\%', true],
        ['ab', 'a\\%', false],
        ['a.c', 'a.c', true],
        ['abc', 'a.c', false],
        ['line\nbreak', '%', true],
        ['line\nbreak', 'line_break', true]
    ])('%j LIKE %j is %s', (value, pattern, expected) => {
        expect(like(value, pattern)).toBe(expected);
    });

    it('knows which strings are patterns', () => {
        expect(isPattern('/table/%')).toBe(true);
        expect(isPattern('export_csv')).toBe(true);
        expect(isPattern('/table/agent')).toBe(false);
    });
});

describe('like, beyond ASCII', () => {
    it('folds case the same way for literals and patterns', () => {
        expect(like('ſ', 's')).toBe(like('ſ', 's%'));
        expect(like('/table/Ä', '/table/ä')).toBe(true);
        expect(like('/table/😀', '/table/_')).toBe(true);
    });
});

describe('like, on any pattern (fuzz findings)', () => {
    it('reads `\\-` and other escaped characters that a `u` regex may not escape', () => {
        expect(like('/table-x', '/table\\-%')).toBe(true);
        expect(like('/table-x', '/table\\-y')).toBe(false);
        expect(like('a:b', 'a\\:b')).toBe(true);
    });

    it('matches a pattern of a million characters without a regex V8 would refuse', () => {
        const huge = `/table/${'x'.repeat(1_000_000)}`;
        expect(like('/table/agent', huge)).toBe(false);
        expect(like(huge, huge)).toBe(true);
        expect(like(huge, `/table/${'x_'.repeat(500_000)}`)).toBe(true);
        expect(like(`${huge}y`, `%${'x%'.repeat(1000)}y`)).toBe(true);
    });

    it('answers at once where a backtracking regex would take exponential time', () => {
        const started = Date.now();
        expect(like('a'.repeat(60), `${'%a'.repeat(30)}%b`)).toBe(false);
        // A property, not a benchmark: a regex would take minutes here, the hand matcher microseconds.
        expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('agrees with the reference evaluator’s LIKE on random patterns with many wildcards', () => {
        const unit = fc.constantFrom('a', 'B', 'é', 'E', '%', '_', '\\', '-', '/');
        fc.assert(
            fc.property(fc.string({ unit, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'E', 'é', '-', '/', '%', '_'), maxLength: 10 }), (pattern, value) => {
                expect(like(value, pattern)).toBe(referenceLike(value, pattern));
            }),
            { numRuns: 5_000 }
        );
    });
});
