/**
 * ContentMemo: an answer is reused only for a key equal to the one it was made from (a shared hash is
 * not enough), what is kept of a key is what `keep` makes, and a full memo starts again.
 */
import { describe, expect, it } from 'vitest';
import { ContentMemo } from '../../engine/content-memo.js';

describe('ContentMemo', () => {
    it('reuses an answer only for an equal key, even when every key has the same hash', () => {
        let computed = 0;
        const memo = new ContentMemo<string[], string, string>(100, () => 7, (key) => key.join('|'), (kept, key) => kept === key.join('|'));
        const compute = (key: string[]) => (computed++, key.join('+'));
        expect(memo.get(['a', 'b'], compute)).toBe('a+b');
        expect(memo.get(['a', 'b'], compute)).toBe('a+b');
        expect(memo.get(['a', 'c'], compute)).toBe('a+c');
        expect(computed).toBe(2);
    });

    it('empties itself when it holds its limit, and answers the same afterwards', () => {
        let computed = 0;
        const memo = new ContentMemo<number, number, number>(2, (key) => key, (key) => key, (kept, key) => kept === key);
        const square = (key: number) => (computed++, key * key);
        for (const key of [1, 2, 3, 1]) expect(memo.get(key, square)).toBe(key * key);
        // 1 and 2 filled it; 3 emptied it, so 1 was computed again.
        expect(computed).toBe(4);
        expect(memo.get(3, square)).toBe(9);
        expect(computed).toBe(4);
    });
});
