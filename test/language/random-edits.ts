/**
 * Random workspaces for property tests of the language: the soak's generated files (fuzz/soak.ts),
 * broken by random edits (a slice deleted, a token of the grammar's vocabulary inserted), so that
 * error recovery leaves partial ASTs as an editor's half-typed text does.
 */
import fc from 'fast-check';
import { soakWorkspace } from '../../fuzz/soak.js';
import { TOKENS } from '../../fuzz/vocabulary.js';

export interface RandomEdit {
    /** Which file (modulo the number of files), where (a fraction of its length), what goes and what comes. */
    readonly file: number;
    readonly at: number;
    readonly remove: number;
    readonly insert: string | undefined;
}

export const editArbitrary: fc.Arbitrary<RandomEdit> = fc.record({
    file: fc.nat(),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 40 }),
    insert: fc.option(fc.constantFrom(...TOKENS), { nil: undefined })
});

export function applyEdit(text: string, edit: RandomEdit): string {
    const offset = Math.floor(edit.at * text.length);
    return text.slice(0, offset) + (edit.insert === undefined ? '' : ` ${edit.insert} `) + text.slice(offset + edit.remove);
}

/** `count` soak files of `seed` (URIs under file:///soak/) with the edits applied in turn. */
export function editedWorkspace(seed: number, count: number, edits: readonly RandomEdit[]): { uri: string; text: string }[] {
    const files = soakWorkspace(seed, count).map((file) => ({ ...file }));
    for (const edit of edits) {
        const file = files[edit.file % files.length]!;
        file.text = applyEdit(file.text, edit);
    }
    return files;
}
