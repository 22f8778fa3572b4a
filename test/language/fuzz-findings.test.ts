/**
 * Defects `npm run fuzz` found in the language services, each on the smallest text that shows it.
 *
 * - A setting written twice in one user (`specify6 { … }`, `institution admin`) keeps only the last
 *   (the `repeated-setting` warning says so): the parser replaces the first, which then belongs to
 *   no document. Its names must resolve to nothing, quietly: hover and completion inside the
 *   replaced block logged Langium's "AST node has no document".
 * - Completion just after a user whose agent lost its division (`agent "A" in` then `}`) was asked
 *   for that division on the user, which has no such reference: Langium logged "Property division
 *   of type User is not a reference".
 * - "Did you mean" named the closest names in the order the index held them, so that a name as
 *   close as another could be left out in the editor (whose index order follows the edits) and
 *   named by `spol check`: the language server's diagnostics differed from a fresh validation.
 * - A policy whose resource the parser could not read (`allow FishTissue /table/%: read`) still has
 *   its actions: hover on one threw (`registry.lookup(undefined)`).
 */
import { clearDocuments } from 'langium/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildWorkspace, createTestServices } from './spol-test-kit.js';

const services = createTestServices();
afterEach(() => clearDocuments(services.shared));

const TEXT = [
    'institution I { division D { discipline F { collection C } } }',
    'user u {',
    '    specify6 { admin group Manager collections C }',
    '    agent "U" in D',
    '    specify6 { admin collections C }',
    '}',
    ''
].join('\n');

describe('a setting replaced by a later one', () => {
    it('is reported, and hover and completion anywhere in it print nothing', async () => {
        const [document] = await buildWorkspace(services, { 'a.spol': TEXT });
        expect(document!.diagnostics!.map((d) => d.code)).toContain('repeated-setting');
        const printed: string[] = [];
        const spies = (['log', 'error', 'warn'] as const).map((method) => vi.spyOn(console, method).mockImplementation((...args) => void printed.push(args.map(String).join(' '))));
        try {
            const textDocument = { uri: document!.uri.toString() };
            const from = TEXT.indexOf('specify6');
            for (let offset = from; offset <= TEXT.indexOf('}', from) + 1; offset++) {
                const position = document!.textDocument.positionAt(offset);
                await services.Spol.lsp.HoverProvider!.getHoverContent(document!, { textDocument, position });
                await services.Spol.lsp.CompletionProvider!.getCompletion(document!, { textDocument, position });
            }
        } finally {
            for (const spy of spies) spy.mockRestore();
        }
        expect(printed).toEqual([]);
    });
});

describe('a policy without its resource', () => {
    it('answers hover on its actions with nothing rather than throwing', async () => {
        const text = 'role R in C {\n    allow FishTissue /table/%: read\n}\n';
        const [document] = await buildWorkspace(services, { 'a.spol': text });
        expect(document!.diagnostics!.some((d) => d.code === 'syntax-error')).toBe(true);
        const textDocument = { uri: document!.uri.toString() };
        for (let offset = 0; offset <= text.length; offset++) {
            const position = document!.textDocument.positionAt(offset);
            await services.Spol.lsp.HoverProvider!.getHoverContent(document!, { textDocument, position });
        }
    });
});

describe('completion after an agent cut short', () => {
    it('offers the top-level keywords and prints nothing', async () => {
        const text = 'user u {\n    agent "A" in\n}\n';
        const [document] = await buildWorkspace(services, { 'a.spol': text });
        const printed: string[] = [];
        const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args.map(String).join(' ')));
        try {
            const list = await services.Spol.lsp.CompletionProvider!.getCompletion(document!, { textDocument: { uri: document!.uri.toString() }, position: { line: 2, character: 1 } });
            expect(list?.items.map((item) => item.label)).toEqual(expect.arrayContaining(['user', 'role', 'institution']));
        } finally {
            spy.mockRestore();
        }
        expect(printed).toEqual([]);
    });
});

describe('suggestions for an unresolved name', () => {
    it('are the same whatever order the files were read in', async () => {
        const files: Record<string, string> = {
            'tree.spol': 'institution I { division D { discipline F { collection C } } }\n',
            'a.spol': 'role Role0_6 in C { }\nrole Role2_6 in C { }\n',
            'b.spol': 'role Role1_7 in C { }\nrole Role1_8 in C { }\n',
            'users.spol': 'user u { in C { roles Role1_6 } }\n'
        };
        const messages = async (names: string[]) => {
            const documents = await buildWorkspace(services, Object.fromEntries(names.map((name) => [name, files[name]!])));
            const users = documents.find((d) => d.uri.path.endsWith('users.spol'))!;
            const found = users.diagnostics!.filter((d) => d.code === 'unresolved-reference').map((d) => d.message);
            await clearDocuments(services.shared);
            return found;
        };
        const forward = await messages(['tree.spol', 'a.spol', 'b.spol', 'users.spol']);
        expect(forward).toHaveLength(1);
        expect(await messages(['users.spol', 'b.spol', 'a.spol', 'tree.spol'])).toEqual(forward);
    });
});
