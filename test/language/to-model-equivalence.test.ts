/**
 * The fast AST → PolicyModel mapping (language/to-model.ts) gives exactly the model of the plain
 * definition (to-model-reference.ts), down to the order of every object's keys (JSON output keeps
 * it): on the examples, on a generated institution, and on random workspaces broken by random
 * edits, where error recovery leaves partial ASTs and the CST walks meet missing parts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { clearDocuments } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { generateInstitution } from '../../bench/generate-institution.js';
import { documentsToModel } from '../../language/to-model.js';
import { editArbitrary, editedWorkspace } from './random-edits.js';
import { documentsToModelReference } from './to-model-reference.js';
import { buildTexts, createTestServices, root, spolFilesBelow } from './spol-test-kit.js';

const services = createTestServices(() => []);

afterEach(() => clearDocuments(services.shared));

function build(files: readonly { readonly uri: string; readonly text: string }[]): Promise<LangiumDocument[]> {
    return buildTexts(services, files, { validation: false });
}

function expectSameModel(documents: readonly LangiumDocument[]): void {
    expect(JSON.stringify(documentsToModel(documents))).toBe(JSON.stringify(documentsToModelReference(documents)));
}

describe('documentsToModel equals the plain definition', () => {
    it.each(['natural-history-museum', 'specify-defaults', 'broken', 'broken-admin'])('on examples/%s', async (example) => {
        const folder = join(root, 'examples', example);
        const documents = await build(spolFilesBelow(folder).map((path) => ({ uri: URI.file(path).toString(), text: readFileSync(path, 'utf8') })));
        expect(documents.length).toBeGreaterThan(0);
        expectSameModel(documents);
    });

    it('on a generated institution', async () => {
        const files = generateInstitution({ users: 60, collections: 6, seed: 3 });
        const documents = await build([...files].map(([path, text]) => ({ uri: `file:///generated/${path}`, text })));
        expect(documents.length).toBeGreaterThan(2);
        expectSameModel(documents);
    });

    it('on random workspaces with random edits (partial ASTs included)', async () => {
        await fc.assert(
            fc.asyncProperty(fc.nat(), fc.array(editArbitrary, { maxLength: 12 }), async (seed, edits) => {
                clearDocuments(services.shared);
                expectSameModel(await build(editedWorkspace(seed, 6, edits)));
            }),
            { numRuns: 60 }
        );
    });
});
