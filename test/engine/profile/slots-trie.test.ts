import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellSlots } from '../../../engine/profile/held-rows.js';
import { SlotsTrie } from '../../../engine/profile/slots-trie.js';

// The trie reads nothing of a CellSlots but its identity: distinct objects stand for distinct slots.
const pool = Array.from({ length: 4 }, () => ({}) as unknown as CellSlots);

describe('SlotsTrie', () => {
    it('gives equal sequences (by identity, in order) one value, made once, and different ones their own', () => {
        fc.assert(
            fc.property(fc.array(fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { maxLength: 4 }), { minLength: 1, maxLength: 30 }), (sequences) => {
                const trie = new SlotsTrie<{ readonly key: string }>();
                const made = new Map<string, { readonly key: string }>();
                for (const sequence of sequences) {
                    const key = sequence.join(',');
                    const value = trie.get(
                        sequence.map((i) => pool[i]!),
                        () => {
                            expect(made.has(key), `made twice: [${key}]`).toBe(false);
                            const fresh = { key };
                            made.set(key, fresh);
                            return fresh;
                        }
                    );
                    expect(value).toBe(made.get(key));
                }
            })
        );
    });
});
