import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../engine/suggest.js';

describe('editDistance', () => {
    it.each([
        ['', '', 0],
        ['read', 'read', 0],
        ['read', 'raed', 1],
        ['read', 'rea', 1],
        ['read', 'bread', 1],
        ['read', 'reed', 1],
        ['kitten', 'sitting', 3]
    ])('%j to %j is %i', (a, b, d) => {
        expect(editDistance(a, b)).toBe(d);
        expect(editDistance(b, a)).toBe(d);
    });

    it('stops past the limit', () => {
        expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
        expect(editDistance('a', 'abcdef', 2)).toBe(3);
    });
});

describe('suggest', () => {
    const actions = ['read', 'create', 'update', 'delete'];

    it('offers the closest candidate', () => {
        expect(suggest('raed', actions)).toEqual(['read']);
        expect(suggest('updat', actions)).toEqual(['update']);
    });

    it('ignores case when measuring, and offers the right spelling', () => {
        expect(suggest('manager', ['Manager', 'Guest'])).toEqual(['Manager']);
    });

    it('offers nothing when nothing is close', () => {
        expect(suggest('execute', actions)).toEqual([]);
    });

    it('keeps near ties, best first, up to the limit', () => {
        expect(suggest('ab', ['ax', 'abc', 'xyz', 'b'])).toEqual(['ax', 'abc', 'b']);
        expect(suggest('ab', ['ax', 'abc', 'b'], { limit: 1 })).toEqual(['ax']);
    });
});
