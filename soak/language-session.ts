/**
 * One set of language services that reads workspace after workspace, as the language server does
 * while a user edits: the files are added, parsed, linked and validated together (without the lint
 * rules, as `loadWorkspaceFromTexts(files, { lint: false })`), the model and the diagnostics are
 * taken, and the files are deleted again. Building Langium's parser is most of the cost of
 * `loadWorkspaceFromTexts` on a small workspace (about 100 ms, against about 1 ms to parse it), and
 * the soak reads thousands of workspaces; test/soak/soak.test.ts holds that both read the same.
 */
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { compareDiagnostics } from '../engine/diagnostic.js';
import { createSpolServices, type SpolServices } from '../language/spol-module.js';
import { NO_LINT, SpolWorkspaceModel } from '../language/spol-workspace-model.js';
import { diagnosticsOf, type LoadedWorkspace } from '../language/workspace.js';
import type { SpolFile } from './soak-workspace.js';

type Services = ReturnType<typeof createSpolServices>;
let services: Services | undefined;

function session(): Services {
    services ??= createSpolServices(NodeFileSystem, {
        workspace: { PolicyModel: (spol: SpolServices) => new SpolWorkspaceModel(spol, NO_LINT) }
    });
    return services;
}

/** The files as the language reads them together; nothing of them is left in the session after. */
export async function readThroughLanguage(files: readonly SpolFile[]): Promise<LoadedWorkspace> {
    const { shared, Spol } = session();
    const documents = files.map(({ path, text }) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(path));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    try {
        await shared.workspace.DocumentBuilder.build(documents, { validation: true });
        return {
            model: Spol.workspace.PolicyModel.model,
            diagnostics: documents.flatMap(diagnosticsOf).sort(compareDiagnostics),
            files: files.map(({ path }) => path)
        };
    } finally {
        await shared.workspace.DocumentBuilder.update([], documents.map((document) => document.uri));
    }
}
