/**
 * Builds export, collect local symbols, link, index references and validate in plain loops
 * (language/ast-walk.ts) instead of Langium's streams, with a cancellation check every few nodes in
 * the editor's builds (a cancellation token) and none in the CLI's: the loops visit what the streams
 * visit in the same order, and a build through them gives every document the same exports, local
 * symbols, references, reference index and diagnostics, and the workspace the same model, as
 * Langium's own passes (stream-passes.ts). Checked on random workspaces broken by random edits, so
 * that partial ASTs from error recovery are among them.
 */
import fc from 'fast-check';
import type { AstNode, AstNodeDescription, LangiumDocument, ReferenceDescription } from 'langium';
import { AstUtils, Cancellation, DefaultDocumentValidator, OperationCancelled } from 'langium';
import { describe, expect, it } from 'vitest';
import { forEachAstNode, forEachReference, walkTree } from '../../language/ast-walk.js';
import { buildTexts, createTestServices } from './spol-test-kit.js';
import { editArbitrary, editedWorkspace } from './random-edits.js';
import { createStreamServices } from './stream-passes.js';

const workspaceArbitrary = fc
    .record({ seed: fc.nat(), count: fc.integer({ min: 1, max: 4 }), edits: fc.array(editArbitrary, { maxLength: 6 }) })
    .map(({ seed, count, edits }) => editedWorkspace(seed, count, edits));

/** The workspace built by fresh services, with Langium's passes (`streams`) or spol's plain loops, with a cancellation token (`cancellable`) or none. */
async function build(files: readonly { uri: string; text: string }[], cancellable: boolean, streams = false) {
    const services = streams ? createStreamServices() : createTestServices();
    const token = cancellable ? new Cancellation.CancellationTokenSource().token : Cancellation.CancellationToken.None;
    const documents = await buildTexts(services, files, { validation: true }, token);
    const { IndexManager } = services.shared.workspace;
    const referenceIndex = (IndexManager as unknown as { referenceIndex: Map<string, ReferenceDescription[]> }).referenceIndex;
    const indexed = documents.map((document) => referenceIndex.get(document.uri.toString())?.map((d) => JSON.stringify({ ...d, sourceUri: d.sourceUri.toString(), targetUri: d.targetUri.toString() })));
    return { documents, services, exports: IndexManager.allElements().toArray(), indexed };
}

/** A description as text: all it says, the segments of its text included. */
function described(d: AstNodeDescription): string {
    return JSON.stringify([d.documentUri.toString(), d.type, d.name, d.path, d.nameSegment, d.selectionSegment, d.node ? place(d.node) : undefined]);
}

/** A node as text: its type and where it is in its document. */
function place(node: AstNode): string {
    return `${node.$type}@${AstUtils.getDocument(node).uri.toString()}#${node.$cstNode?.offset ?? '-'}`;
}

/** What a built document holds that the passes computed, as plain data. */
function passesOf(document: LangiumDocument) {
    const locals: string[] = [];
    AstUtils.streamAst(document.parseResult.value).forEach((node) => {
        for (const description of document.localSymbols?.getStream(node) ?? []) locals.push(`${place(node)} ${described(description)}`);
    });
    return {
        uri: document.uri.toString(),
        locals,
        references: document.references.map((reference) => ({
            text: reference.$refText,
            target: reference.ref ? place(reference.ref) : undefined,
            error: reference.error?.message
        })),
        diagnostics: document.diagnostics
    };
}

describe('plain loops over the AST', () => {
    it('visit the nodes and references in the order of Langium streams', async () => {
        await fc.assert(
            fc.asyncProperty(workspaceArbitrary, async (files) => {
                const { documents } = await build(files, true);
                for (const document of documents) {
                    const root = document.parseResult.value;
                    const visited: AstNode[] = [];
                    forEachAstNode(root, (node) => void visited.push(node));
                    expect(visited).toEqual(AstUtils.streamAst(root).toArray());
                    const allHeld: unknown[] = [];
                    for (const node of visited) {
                        const held: unknown[] = [];
                        forEachReference(node, (reference) => void held.push(reference));
                        expect(held).toEqual(AstUtils.streamReferences(node).toArray());
                        allHeld.push(...held);
                    }
                    // Read once: the same nodes and references, node by node, and the same answer when asked again.
                    const tree = walkTree(root);
                    expect(tree.nodes).toEqual(visited);
                    expect(tree.nodes.every((node, i) => node === visited[i])).toBe(true);
                    expect(tree.references).toEqual(allHeld);
                    expect(walkTree(root)).toBe(tree);
                }
            }),
            { numRuns: 40 }
        );
    });

    it('skip what is below a node whose visit returns false, as pruning a stream does', async () => {
        const { documents } = await build(editedWorkspace(3, 2, []), true);
        for (const document of documents) {
            const root = document.parseResult.value;
            const visited: AstNode[] = [];
            forEachAstNode(root, (node) => {
                visited.push(node);
                return node.$type !== 'User';
            });
            const expected: AstNode[] = [];
            const iterator = AstUtils.streamAst(root).iterator();
            for (const node of iterator) {
                expected.push(node);
                if (node.$type === 'User') iterator.prune();
            }
            expect(visited.length).toBeGreaterThan(1);
            expect(visited).toEqual(expected);
        }
    });

    it("validate the nodes Langium's walk validates when a node's options skip it or what is below it", async () => {
        const files = editedWorkspace(5, 3, []);
        const services = createTestServices();
        const documents = await buildTexts(services, files, { validation: false });
        const checked: AstNode[] = [];
        services.Spol.validation.ValidationRegistry.register({ AstNode: (node: AstNode) => void checked.push(node) });
        const validator = services.Spol.validation.DocumentValidator as unknown as {
            validateSingleNodeOptions(node: AstNode): { validateNode: boolean; validateChildren: boolean };
        };
        // Users are validated but not what is in them; agents (in users) and grants are not validated themselves.
        validator.validateSingleNodeOptions = (node) => ({ validateNode: !['Agent', 'CollectionGrant'].includes(node.$type), validateChildren: node.$type !== 'User' });
        const token = new Cancellation.CancellationTokenSource().token;
        const streams = validator as unknown as { validateAstNodes?: unknown };
        for (const document of documents) {
            checked.length = 0;
            streams.validateAstNodes = (DefaultDocumentValidator.prototype as unknown as { validateAstNodes: unknown }).validateAstNodes;
            await services.Spol.validation.DocumentValidator.validateDocument(document, {}, token);
            delete streams.validateAstNodes;
            const langium = [...checked];
            for (const plainToken of [Cancellation.CancellationToken.None, token]) {
                checked.length = 0;
                await services.Spol.validation.DocumentValidator.validateDocument(document, {}, plainToken);
                expect(checked).toEqual(langium);
                expect(checked.every((node, i) => node === langium[i])).toBe(true);
            }
        }
        expect(documents.some((document) => AstUtils.streamAst(document.parseResult.value).some((node) => node.$type === 'User'))).toBe(true);
    });

    it('stop a pass of a cancelled build, as the streams do', async () => {
        const { documents, services } = await build(editedWorkspace(5, 3, []), false);
        const document = documents.find((d) => walkTree(d.parseResult.value).references.length > 0)!;
        const source = new Cancellation.CancellationTokenSource();
        source.cancel();
        const passes = [
            () => services.Spol.references.Linker.link(document, source.token),
            () => services.Spol.references.ScopeComputation.collectExportedSymbols(document, source.token),
            () => services.Spol.references.ScopeComputation.collectLocalSymbols(document, source.token),
            () => services.Spol.workspace.ReferenceDescriptionProvider.createDescriptions(document, source.token),
            () => services.Spol.validation.DocumentValidator.validateDocument(document, {}, source.token)
        ];
        for (const pass of passes) await expect(pass()).rejects.toBe(OperationCancelled);
    });

    it('give a build the same exports, local symbols, references, reference index, diagnostics and model as Langium passes', async () => {
        let indexedReferences = 0;
        await fc.assert(
            fc.asyncProperty(workspaceArbitrary, async (files) => {
                const langium = await build(files, true, true);
                const exported = (built: typeof langium) => built.exports.map(described);
                indexedReferences += langium.indexed.flat().length;
                for (const plain of [await build(files, false), await build(files, true)]) {
                    expect(plain.documents.map(passesOf)).toEqual(langium.documents.map(passesOf));
                    expect(exported(plain)).toEqual(exported(langium));
                    expect(plain.indexed).toEqual(langium.indexed);
                    expect(plain.services.Spol.workspace.PolicyModel.model).toEqual(langium.services.Spol.workspace.PolicyModel.model);
                }
            }),
            { numRuns: 40 }
        );
        expect(indexedReferences).toBeGreaterThan(0);
    });
});
