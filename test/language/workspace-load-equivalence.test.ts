/**
 * loadWorkspace builds with services of its own (no index of references, no lint rules for
 * `lint: false`); what it returns is exactly what the language's full services give for the same
 * files: the model and every diagnostic, on the examples (broken ones included) and a generated
 * institution.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInstitution, writeInstitution } from '../../bench/generate-institution.js';
import { compareDiagnostics } from '../../engine/diagnostic.js';
import { createSpolServices } from '../../language/spol-module.js';
import { NO_LINT, SpolWorkspaceModel } from '../../language/spol-workspace-model.js';
import { diagnosticsOf, loadWorkspace, spolFilesOf } from '../../language/workspace.js';
import { root } from './spol-test-kit.js';

const generated = mkdtempSync(join(tmpdir(), 'spol-load-'));
writeInstitution(generated, generateInstitution({ users: 40, collections: 4, seed: 5 }));

afterAll(() => rmSync(generated, { recursive: true, force: true }));

/** The folder built with the language's full services, as the language server builds it. */
async function fullBuild(folder: string, lint: boolean): Promise<string> {
    const { shared, Spol } = createSpolServices(
        NodeFileSystem,
        lint ? undefined : { workspace: { PolicyModel: (services) => new SpolWorkspaceModel(services, NO_LINT) } }
    );
    const documents = (await spolFilesOf([folder])).map((path) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(readFileSync(path, 'utf8'), URI.file(path));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return JSON.stringify({ model: Spol.workspace.PolicyModel.model, diagnostics: documents.flatMap(diagnosticsOf).sort(compareDiagnostics) });
}

const folders = [join(root, 'examples/broken'), join(root, 'examples/natural-history-museum'), generated];

describe('loadWorkspace', () => {
    it.each(folders.flatMap((folder) => [true, false].map((lint) => [folder, lint] as const)))('gives what the full services give: %s (lint %s)', async (folder, lint) => {
        const loaded = await loadWorkspace([folder], { lint });
        const expected = await fullBuild(folder, lint);
        expect(JSON.stringify({ model: loaded.model, diagnostics: loaded.diagnostics })).toBe(expected);
    });
});
