/**
 * nodesForProperty (language/property-nodes.ts) finds exactly the CST nodes of Langium's
 * GrammarUtils.findNodesForProperty, in the same order, for every AST node and every property
 * the grammar assigns: on random workspaces broken by random edits (partial ASTs included).
 */
import fc from 'fast-check';
import type { AstNode, CstNode } from 'langium';
import { AstUtils, GrammarUtils } from 'langium';
import { clearDocuments } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { nodesForProperty } from '../../language/property-nodes.js';
import { editArbitrary, editedWorkspace } from './random-edits.js';
import { buildTexts, createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);

afterEach(() => clearDocuments(services.shared));

/** Every property an assignment of the grammar writes. */
const PROPERTIES = [
    ...new Set(
        AstUtils.streamAllContents(services.Spol.Grammar)
            .filter((node): node is AstNode & { feature: string } => node.$type === 'Assignment')
            .map((node) => node.feature)
    )
].sort();

/** The same CST nodes (by identity) in the same order. */
function same(actual: readonly CstNode[], expected: readonly CstNode[]): boolean {
    return actual.length === expected.length && actual.every((node, i) => node === expected[i]);
}

describe('nodesForProperty', () => {
    it('knows the properties of the grammar', () => {
        expect(PROPERTIES).toEqual(expect.arrayContaining(['actions', 'institutionAdmin', 'name', 'resource', 'specify6']));
    });

    it('finds what GrammarUtils.findNodesForProperty finds, and its first node alone when asked', async () => {
        await fc.assert(
            fc.asyncProperty(fc.nat(), fc.array(editArbitrary, { maxLength: 10 }), async (seed, edits) => {
                clearDocuments(services.shared);
                const documents = await buildTexts(services, editedWorkspace(seed, 4, edits), { validation: false });
                for (const document of documents) {
                    for (const node of AstUtils.streamAst(document.parseResult.value)) {
                        for (const property of PROPERTIES) {
                            const expected = GrammarUtils.findNodesForProperty(node.$cstNode, property);
                            expect(same(nodesForProperty(node.$cstNode, property), expected)).toBe(true);
                            expect(same(nodesForProperty(node.$cstNode, property, true), expected.slice(0, 1))).toBe(true);
                        }
                    }
                }
            }),
            { numRuns: 25 }
        );
    });
});
