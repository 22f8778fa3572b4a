/**
 * loadWorkspaceFromTexts: texts in memory load as the same files on disk do (model, diagnostics,
 * file names), and `lint: false` gives the very same model with only Langium's own checks.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockingDiagnostics } from '../../engine/diagnostic.js';
import { loadWorkspace, loadWorkspaceFromTexts } from '../../language/workspace.js';

const examples = resolve(import.meta.dirname, '..', '..', 'examples');

describe('loadWorkspaceFromTexts', () => {
    it('loads texts as loadWorkspace loads the same files', async () => {
        const fromDisk = await loadWorkspace([resolve(examples, 'natural-history-museum')]);
        const texts = fromDisk.files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
        const fromTexts = await loadWorkspaceFromTexts([...texts].reverse());
        expect(fromTexts.files).toEqual(fromDisk.files);
        expect(fromTexts.model).toEqual(fromDisk.model);
        expect(fromTexts.diagnostics).toEqual(fromDisk.diagnostics);

        const unlinted = await loadWorkspaceFromTexts(texts, { lint: false });
        expect(unlinted.model).toEqual(fromDisk.model);
        expect(unlinted.diagnostics).toEqual([]);
    });

    it('keeps syntax and reference errors without lint', async () => {
        const broken = await loadWorkspaceFromTexts(
            [
                { path: '/virtual/a.spol', text: 'user ann { in Nowhere { access } }\n' },
                { path: '/virtual/b.spol', text: 'role {\n' }
            ],
            { lint: false }
        );
        expect(blockingDiagnostics(broken.diagnostics).map((d) => [d.code, d.source?.file])).toEqual([
            ['unresolved-reference', 'file:///virtual/a.spol'],
            ['syntax-error', 'file:///virtual/b.spol']
        ]);
        expect((await loadWorkspaceFromTexts([])).model.users).toEqual([]);
    });
});
