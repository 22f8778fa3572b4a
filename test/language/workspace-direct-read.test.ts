/**
 * A load for the questions (`blockingOnly`, no lint) of a workspace that reads directly and whose
 * names all resolve never builds Langium's parser (read-model-text.ts reads it), and gives the model
 * a full load gives; one that does not read directly (a dangling name, a syntax error) goes through
 * Langium and reports what it always has.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as spolParser from '../../language/spol-parser.js';
import { loadWorkspace, loadWorkspaceFromTexts } from '../../language/workspace.js';
import { root } from './spol-test-kit.js';

vi.mock('../../language/spol-parser.js', async (importOriginal) => {
    const original = await importOriginal<typeof import('../../language/spol-parser.js')>();
    return { ...original, createSpolParser: vi.fn(original.createSpolParser) };
});

const createSpolParser = vi.mocked(spolParser.createSpolParser);
const QUESTION = { lint: false, blockingOnly: true } as const;

describe('a question load', () => {
    it('reads a clean workspace without building the parser, to the model a full load gives', async () => {
        const folder = join(root, 'examples/natural-history-museum');
        createSpolParser.mockClear();
        const quick = await loadWorkspace([folder], QUESTION);
        expect(createSpolParser).not.toHaveBeenCalled();
        const full = await loadWorkspace([folder], { lint: false });
        expect(createSpolParser).toHaveBeenCalled();
        expect(quick.diagnostics).toEqual([]);
        expect(JSON.stringify(quick.model)).toBe(JSON.stringify(full.model));
        expect(quick.files).toEqual(full.files);
    });

    it('puts the files in URI order, as the full load does, where it differs from the order of their paths', async () => {
        // `~` sorts after `é` in a path, and before its URI form `%C3%A9`.
        const files = [
            { path: '/w/a~.spol', text: 'user tilde {}\n' },
            { path: '/w/aé.spol', text: 'user accent {}\n' }
        ];
        const quick = await loadWorkspaceFromTexts(files, QUESTION);
        const full = await loadWorkspaceFromTexts(files, { lint: false });
        expect(quick.model.users.map((user) => user.name)).toEqual(['accent', 'tilde']);
        expect(JSON.stringify(quick.model)).toBe(JSON.stringify(full.model));
    });

    it('goes through Langium where a name does not resolve or the text does not parse', async () => {
        const institution = { path: '/w/a.spol', text: 'institution I { division D { discipline F { collection C } } }\n' };
        for (const [text, code] of [
            ['user u { in Cx { access } }\n', 'unresolved-reference'],
            ['user u { in C { access }\n', 'syntax-error']
        ] as const) {
            createSpolParser.mockClear();
            const loaded = await loadWorkspaceFromTexts([institution, { path: '/w/b.spol', text }], QUESTION);
            expect(createSpolParser).toHaveBeenCalled();
            expect(loaded.diagnostics.map((d) => [d.code, d.source?.file])).toEqual([[code, 'file:///w/b.spol']]);
        }
        createSpolParser.mockClear();
        const clean = await loadWorkspaceFromTexts([institution, { path: '/w/b.spol', text: 'user u { in C { access } }\n' }], QUESTION);
        expect(createSpolParser).not.toHaveBeenCalled();
        expect(clean.model.users.map((user) => [user.name, user.source?.file])).toEqual([['u', 'file:///w/b.spol']]);
    });
});
