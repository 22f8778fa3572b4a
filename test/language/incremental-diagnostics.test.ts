/**
 * After any sequence of edits, every document's diagnostics are exactly those of a fresh build of
 * the same texts, although the model is assembled from per-document parts kept across builds
 * (SpolWorkspaceModel), a document whose new parse contributes what the last did keeps its share and
 * the lint is not run again (SpolWorkspaceModel), the lint carries rows and users' findings over
 * from its last run (carriedLint), and unchanged documents keep their diagnostics other than the lint
 * (SpolDocumentBuilder). Random workspaces, random edits (half-typed text, comments, suppressions),
 * the engine's real lint rules.
 */
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { clearDocuments, setTextDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterEach, describe, expect, it } from 'vitest';
import { soakWorkspace } from '../../fuzz/soak.js';
import { applyEdit, editArbitrary } from './random-edits.js';
import { lint } from '../../engine/lint/index.js';
import type { LintRules } from '../../language/spol-workspace-model.js';
import { buildTexts, buildWorkspace, createTestServices, workspaceUri, type TestServices } from './spol-test-kit.js';

// The editor's services are made anew for every workspace: the text documents an edit leaves
// behind are not cleared with the documents.
let editor = createTestServices();
const fresh = createTestServices();

afterEach(() => {
    clearDocuments(fresh.shared);
});

function open(services: TestServices, files: readonly { readonly uri: string; readonly text: string }[]): Promise<LangiumDocument[]> {
    return buildTexts(services, files);
}

/** A document's diagnostics as plain data (what the server sends), keyed by URI. */
function diagnosticsByUri(documents: readonly LangiumDocument[]): Record<string, unknown> {
    return Object.fromEntries(documents.map((document) => [document.uri.toString(), JSON.parse(JSON.stringify(document.diagnostics ?? []))]));
}

async function edit(document: LangiumDocument, text: string): Promise<void> {
    setTextDocument(editor.Spol, TextDocument.create(document.uri.toString(), 'spol', document.textDocument.version + 1, text));
    await editor.shared.workspace.DocumentBuilder.update([document.uri], []);
}

/**
 * Text added at the end of a line: the file's contribution to the model stays the same (a comment,
 * blank space) or only its suppressions change. SpolWorkspaceModel keeps the share of a parse that
 * contributes what the last one did, so these must still give a fresh build's diagnostics.
 */
const LINE_ENDS = [
    ' // a note',
    '   ',
    ' //',
    ' // spol-ignore-next-line escalation -- reviewed',
    ' // spol-ignore-next-line unused-role, missing-agent -- reviewed',
    ' // spol-ignore-next-line escalation',
    ' // spol-ignore-next-line no-such-rule -- why'
];

/** `text` with `end` added at the end of its line `at` (a fraction of its number of lines). */
function atLineEnd(text: string, at: number, end: string): string {
    const lines = text.split('\n');
    const line = Math.min(lines.length - 1, Math.floor(at * lines.length));
    lines[line] += end;
    return lines.join('\n');
}

/** One step: a random edit of one file, text added at a line's end, or that file back to its first text. */
const stepArbitrary = fc.oneof(
    { weight: 4, arbitrary: editArbitrary.map((e) => ({ kind: 'edit' as const, ...e })) },
    {
        weight: 2,
        arbitrary: fc
            .record({ file: fc.nat(), at: fc.double({ min: 0, max: 1, noNaN: true }), end: fc.constantFrom(...LINE_ENDS) })
            .map((e) => ({ kind: 'line-end' as const, ...e }))
    },
    { weight: 1, arbitrary: fc.nat().map((file) => ({ kind: 'revert' as const, file })) }
);

describe('diagnostics after edits', () => {
    it('equal a fresh build of the same texts after every edit', async () => {
        await fc.assert(
            fc.asyncProperty(fc.nat(), fc.array(stepArbitrary, { minLength: 1, maxLength: 8 }), async (seed, steps) => {
                editor = createTestServices();
                const original = soakWorkspace(seed, 5);
                const texts = original.map((file) => file.text);
                const documents = await open(editor, original);
                for (const step of steps) {
                    const i = step.file % documents.length;
                    texts[i] =
                        step.kind === 'edit' ? applyEdit(texts[i]!, step) : step.kind === 'line-end' ? atLineEnd(texts[i]!, step.at, step.end) : original[i]!.text;
                    await edit(documents[i]!, texts[i]!);
                    await clearDocuments(fresh.shared);
                    const rebuilt = await open(fresh, original.map((file, k) => ({ uri: file.uri, text: texts[k]! })));
                    expect(diagnosticsByUri(documents)).toEqual(diagnosticsByUri(rebuilt));
                }
            }),
            { numRuns: 20 }
        );
    });

    it("runs the lint again only when a document's contribution changes", async () => {
        let runs = 0;
        const counted: LintRules = (model) => {
            runs++;
            return lint(model);
        };
        editor = createTestServices(counted);
        const admin = 'user boss {\n    institution admin\n}\n';
        const roles = 'role Unused in FishVoucher {\n}\n';
        const [adminDocument] = await buildWorkspace(editor, { 'admin.spol': admin, 'roles.spol': roles });
        const before = runs;
        // A comment, and blank space at a line's end: the same model and suppressions.
        await edit(adminDocument!, admin.replace('{\n', '{ // the director\n'));
        await edit(adminDocument!, admin.replace('admin\n', 'admin   \n'));
        expect(runs).toBe(before);
        // A suppression in a comment: the same model, other suppressions (now unused: nothing on the next line).
        await edit(adminDocument!, admin.replace('{\n', '{ // spol-ignore-next-line escalation -- reviewed\n'));
        expect(runs).toBe(before + 1);
        expect(adminDocument!.diagnostics!.map((d) => d.code)).toContain('unused-suppression');
        // The name moves one column: the model's sources change.
        await edit(adminDocument!, admin.replace('user boss', 'user  boss'));
        expect(runs).toBe(before + 2);
        expect(adminDocument!.diagnostics!.map((d) => d.code)).not.toContain('unused-suppression');
    });

    it('keeps the model elements an edit leaves unchanged, the very objects', async () => {
        editor = createTestServices();
        const users = 'user ann {\n    in FishVoucher {\n        roles Curator\n    }\n}\n\nuser bob {\n    in FishVoucher {\n        roles Curator\n    }\n}\n';
        const [document] = await buildWorkspace(editor, { 'users.spol': users });
        const model = () => editor.Spol.workspace.PolicyModel.model;
        const [ann, bob] = model().users;
        // A character typed after bob's role: ann is the same object, bob a new one.
        await edit(document!, users.replace(/Curator(\n    }\n}\n)$/, 'Curatorx$1'));
        expect(model().users[0]).toBe(ann);
        expect(model().users[1]).not.toBe(bob);
        expect(model().users[1]!.collections[0]!.roles[0]!.name).toBe('Curatorx');
        // A line added above both: every source moves, so neither is kept.
        await edit(document!, '\n' + users);
        expect(model().users[0]).not.toBe(ann);
        expect(model().users[0]!.source!.range.start.line).toBe(1);
    });

    it("keeps an unchanged document's own diagnostics and asks the lint again", async () => {
        editor = createTestServices();
        // The tree has a syntax error of its own and no references: editing another file leaves it parsed and linked as it was.
        const tree = 'institution KU {\n    division Ichthyology {\n        discipline Fish {\n            collection FishVoucher\n        }\n    }\n}\n}\n';
        const admin = 'user boss {\n    institution admin\n}\n';
        const [treeDocument, adminDocument] = await buildWorkspace(editor, { 'tree.spol': tree, 'admin.spol': admin });
        const codes = () => treeDocument!.diagnostics!.map((d) => d.code);
        expect(codes()).toEqual(['syntax-error']);
        // A first edit: the tree is validated again with the categories of an update (a first build runs all).
        await edit(adminDocument!, admin + '\n');
        const syntaxError = treeDocument!.diagnostics!.find((d) => d.code === 'syntax-error');
        expect(codes()).toEqual(['syntax-error']);

        // Nobody is Institution Admin any more: the lint of the unchanged tree changes, its syntax error is kept as it was.
        await edit(adminDocument!, 'user boss {\n}\n');
        expect(codes()).toEqual(['syntax-error', 'no-institution-admin']);
        expect(treeDocument!.diagnostics![0]).toBe(syntaxError);

        // The tree itself changes: it is validated afresh.
        await edit(treeDocument!, tree + '\n');
        expect(codes()).toEqual(['syntax-error', 'no-institution-admin']);
        expect(treeDocument!.diagnostics![0]).toEqual(syntaxError);
        expect(treeDocument!.diagnostics![0]).not.toBe(syntaxError);
        expect(treeDocument!.uri.toString()).toBe(workspaceUri('tree.spol'));
    });
});
