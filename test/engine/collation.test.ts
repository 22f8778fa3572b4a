/**
 * spol compares text as Specify's `utf8mb4_general_ci` columns do (engine/collation.ts), in LIKE
 * and in name equality. Each pair below cites where the fact comes from:
 *
 * - [impl]  MySQL Reference Manual, "Collation Implementation Types": in utf8mb4_general_ci 'a',
 *           'A', 'À' and 'á' all have weight 0x0041 and compare as equal;
 * - [sets]  MySQL Reference Manual, "Unicode Character Sets": `_general_ci` has ß = s, no expansions;
 * - [mb4]   MySQL Reference Manual, "The utf8mb4 Character Set" and MySQL bug #76553: utf8mb4_general_ci
 *           distinguishes only BMP characters, so '🍣' = '🍺';
 * - [table] the weight table that utf8mb4_general_ci uses (mysql-server strings/ctype-utf8.cc,
 *           planes 00, 01, 03 and 04), read for these facts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collationEquals, collationFold } from '../../engine/collation.js';
import { like } from '../../engine/like.js';
import { referenceLike } from './decision/reference-evaluator.js';

const EQUAL: readonly (readonly [string, string, string])[] = [
    ['a', 'A', 'impl'],
    ['À', 'a', 'impl'],
    ['á', 'A', 'impl'],
    ['Müller', 'MULLER', 'impl'],
    ['é', 'E', 'impl'],
    ['ß', 's', 'sets'],
    ['Straße', 'STRASE', 'sets'],
    ['🍣', '🍺', 'mb4'],
    ['😀', '\ufffd', 'mb4'],
    ['µ', 'Μ', 'table'],
    ['ÿ', 'Y', 'table'],
    ['ſ', 'S', 'table'],
    ['ı', 'i', 'table'],
    ['İ', 'i', 'table'],
    ['ǰ', 'J', 'table'],
    ['Ǣ', 'æ', 'table'],
    ['ά', 'Α', 'table'],
    ['ς', 'σ', 'table'],
    ['ΐ', 'ι', 'table'],
    ['ё', 'Е', 'table'],
    ['ї', 'і', 'table'],
    ['ǅ', 'ǆ', 'table']
];

const UNEQUAL: readonly (readonly [string, string, string])[] = [
    ['ß', 'ss', 'sets'],
    ['Æ', 'A', 'table'],
    ['æ', 'ae', 'sets'],
    ['Ø', 'O', 'table'],
    ['Ð', 'D', 'table'],
    ['Þ', 'T', 'table'],
    ['Œ', 'O', 'table'],
    ['Ł', 'L', 'table'],
    ['Đ', 'D', 'table'],
    ['й', 'и', 'table'],
    ['ɐ', 'Ɐ', 'table'],
    ['ϵ', 'Ε', 'table'],
    ['×', 'x', 'table'],
    ['a', 'b', 'impl'],
    ['😀', 'a', 'mb4']
];

describe('general_ci equality', () => {
    it.each(EQUAL)('%s = %s [%s]', (a, b) => {
        expect(collationEquals(a, b)).toBe(true);
        expect(like(a, b)).toBe(true);
        expect(like(b, a)).toBe(true);
        expect(referenceLike(a, b)).toBe(true);
    });

    it.each(UNEQUAL)('%s ≠ %s [%s]', (a, b) => {
        expect(collationEquals(a, b)).toBe(false);
        expect(like(a, b)).toBe(false);
        expect(referenceLike(a, b)).toBe(false);
    });

    it('ignores trailing spaces in equality (the collation pads), not in LIKE', () => {
        expect(collationEquals('Doe, Jane ', 'doe, jane')).toBe(true);
        expect(collationEquals(' Doe', 'Doe')).toBe(false);
        expect(like('Doe ', 'Doe')).toBe(false);
    });

    it('folds one character to one character, so `_` still stands for one', () => {
        for (const text of ['ß', 'ǰ', 'ŉ', 'ΐ', '😀', 'ﬀ']) expect(Array.from(collationFold(text))).toHaveLength(Array.from(text).length);
        expect(like('ß', '_')).toBe(true);
        expect(like('ŉ', '_')).toBe(true);
    });
});

describe('LIKE under general_ci', () => {
    it.each([
        ['/table/Agént', '/table/agent', true],
        ['/TABLE/AGENT', '/table/agént', true],
        ['/table/straße', '/table/stras%', true],
        ['/table/strasse', '/table/straße', false],
        ['/system/sp7/collection', '%/collection', true],
        ['/system/sp7/collectionx', '%/collection', false],
        ['/table/taxon', '%table%', true],
        ['/table/a_b', '/table/a\\_b', true],
        ['/table/axb', '/table/a\\_b', false],
        ['50%', '50\\%', true],
        ['500', '50\\%', false],
        ['a\\b', 'a\\\\b', true],
        ['ab', 'a\\\\b', false],
        ['🦎', '🐍', true],
        ['🦎', '_', true]
    ])('%j LIKE %j is %s', (value, pattern, expected) => {
        expect(like(value, pattern)).toBe(expected);
        expect(referenceLike(value, pattern)).toBe(expected);
    });

    // The engine's LIKE and the reference evaluator's (a table over code points, written apart) agree
    // on patterns with wildcards, escapes and letters that general_ci folds.
    const alphabet = ['a', 'A', 'á', 'Á', 'e', 'é', 'È', 's', 'S', 'ß', 'ſ', 'i', 'ı', 'İ', 'й', 'и', 'ё', 'е', 'ς', 'Σ', 'æ', 'Æ', 'ø', '🦎', '🐍', '/', '%', '_', '\\', ' ', 'ŉ', 'ɐ', 'Ɐ'];
    const text = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 8 });
    const anyBmp = fc.string({ unit: fc.integer({ min: 0x80, max: 0xffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff).map((cp) => String.fromCharCode(cp)), maxLength: 4 });

    it('agrees with the reference evaluator on random values and patterns', () => {
        fc.assert(
            fc.property(text, text, (value, pattern) => {
                expect(like(value, pattern)).toBe(referenceLike(value, pattern));
            }),
            { numRuns: 3000 }
        );
    });

    it('agrees with the reference evaluator that every BMP character is like its own weight', () => {
        const disagree: string[] = [];
        for (let cp = 0; cp <= 0xffff; cp++) {
            if (cp >= 0xd800 && cp <= 0xdfff) continue;
            const ch = String.fromCharCode(cp);
            const folded = collationFold(ch);
            const escaped = ch === '%' || ch === '_' || ch === '\\' ? `\\${folded}` : folded;
            if (!referenceLike(ch, escaped) || !like(ch, escaped)) disagree.push(cp.toString(16));
        }
        expect(disagree).toEqual([]);
    });

    it('agrees with the reference evaluator on random BMP text', () => {
        fc.assert(
            fc.property(anyBmp, anyBmp, (value, other) => {
                expect(like(value, collationFold(value))).toBe(true);
                expect(referenceLike(value, collationFold(value))).toBe(true);
                expect(like(value, other)).toBe(referenceLike(value, other));
            }),
            { numRuns: 3000 }
        );
    });
});
