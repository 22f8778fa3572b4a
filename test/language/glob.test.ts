/** The ignore patterns' glob dialect (language/glob.ts). */
import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../language/glob.js';

describe('matchesGlob', () => {
    it.each([
        ['generated/**', 'generated/a.spol', true],
        ['generated/**', 'generated/deep/er/a.spol', true],
        ['generated/**', 'generated', true],
        ['generated/**', 'generatedx/a.spol', false],
        ['generated/**', 'src/generated/a.spol', false],
        ['generated', 'generated/a.spol', true],
        ['generated/', 'generated/a.spol', true],
        ['old/*.spol', 'old/users.spol', true],
        ['old/*.spol', 'old/deep/users.spol', false],
        ['old/*.spol', 'old/users.spol.bak', false],
        ['*.spol', 'a.spol', true],
        ['*.spol', 'sub/a.spol', false],
        ['**/*.spol', 'a.spol', true],
        ['**/*.spol', 'sub/deep/a.spol', true],
        ['**/draft.spol', 'draft.spol', true],
        ['**/draft.spol', 'x/y/draft.spol', true],
        ['**/draft.spol', 'x/mydraft.spol', false],
        ['a/**/b.spol', 'a/b.spol', true],
        ['a/**/b.spol', 'a/x/y/b.spol', true],
        ['a/**/b.spol', 'ab.spol', false],
        ['user?.spol', 'user1.spol', true],
        ['user?.spol', 'user12.spol', false],
        ['user?.spol', 'user/.spol', false],
        ['**', 'anything/at/all.spol', true],
        ['a.spol', 'aXspol', false],
        ['[ab].spol', '[ab].spol', true],
        ['[ab].spol', 'a.spol', false],
        ['{a,b}.spol', '{a,b}.spol', true],
        ['Old/*.spol', 'old/a.spol', false]
    ])('%s against %s: %s', (pattern, path, expected) => {
        expect(matchesGlob(pattern, path)).toBe(expected);
    });
});
