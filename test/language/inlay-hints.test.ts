/**
 * Inlay hints: after each template of `from library A, B`, how many policies it copies into the
 * role, with the `allow …` lines in the tooltip; templates resolve across files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { clearDocuments } from 'langium/test';
import type { InlayHint, MarkupContent, Range } from 'vscode-languageserver';
import { buildWorkspace, createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);

afterEach(() => clearDocuments(services.shared));

const LIBRARY = `library role FullDataAccess {
    allow /table/%: read, create, update, delete
}
library role RunQueries {
    allow /querybuilder/query: execute, export_csv
    allow /table/%: read
}
library role Nothing {}
`;

async function hintsOf(document: LangiumDocument, range?: Range): Promise<InlayHint[]> {
    const whole = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(document.textDocument.getText().length) };
    const hints = await services.Spol.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range: range ?? whole });
    return hints ?? [];
}

/** Each hint as the text before it on its line, its label and its tooltip. */
function described(document: LangiumDocument, hints: readonly InlayHint[]): [string, string, string][] {
    return hints.map((hint) => {
        const before = document.textDocument.getText({ start: { line: hint.position.line, character: 0 }, end: hint.position });
        return [before.trim(), hint.label as string, (hint.tooltip as MarkupContent).value];
    });
}

describe('template inlay hints', () => {
    it('counts the policies each template copies, from another file, with them in the tooltip', async () => {
        const [, roles] = await buildWorkspace(services, {
            'library.spol': LIBRARY,
            'roles.spol': 'role DataEntry in C {\n    from library FullDataAccess, RunQueries\n}\n'
        });
        const hints = await hintsOf(roles!);
        expect(described(roles!, hints)).toEqual([
            ['from library FullDataAccess', '+1 policy', 'Copied from library role FullDataAccess:\n\n```spol\nallow /table/%: read, create, update, delete\n```'],
            [
                'from library FullDataAccess, RunQueries',
                '+2 policies',
                'Copied from library role RunQueries:\n\n```spol\nallow /querybuilder/query: execute, export_csv\nallow /table/%: read\n```'
            ]
        ]);
        expect(hints.every((hint) => hint.paddingLeft === true)).toBe(true);
    });

    it('says so for a template without policies, and gives none for a name no library role has', async () => {
        const [, roles] = await buildWorkspace(services, { 'library.spol': LIBRARY, 'roles.spol': 'role R in C { from library Nothing, Missing }\n' });
        expect(described(roles!, await hintsOf(roles!))).toEqual([['role R in C { from library Nothing', '+0 policies', 'Library role Nothing has no policies.']]);
    });

    it('gives hints only in the range asked for', async () => {
        const [, roles] = await buildWorkspace(services, {
            'library.spol': LIBRARY,
            'roles.spol': 'role A in C {\n    from library RunQueries\n}\n\nrole B in C {\n    from library FullDataAccess\n}\n'
        });
        const second = { start: { line: 4, character: 0 }, end: { line: 6, character: 1 } };
        expect((await hintsOf(roles!, second)).map((hint) => [hint.position.line, hint.label])).toEqual([[5, '+1 policy']]);
    });

    it('gives none in the library or in users', async () => {
        const [library] = await buildWorkspace(services, { 'library.spol': LIBRARY, 'users.spol': 'user u { in C { access } }\n' });
        expect(await hintsOf(library!)).toEqual([]);
    });
});
