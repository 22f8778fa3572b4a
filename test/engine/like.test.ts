import { describe, expect, it } from 'vitest';
import { isPattern, like } from '../../engine/like.js';

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
