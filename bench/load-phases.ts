/**
 * Loads a workspace folder through the language as `spol check` does (language/workspace.ts: the
 * documents parsed, then built together with validation), timing each phase: parse (documents made
 * from their texts), link (indexing, scopes, linking, reference index) and lint (validation: the
 * model, the engine's lint rules and Langium's own checks).
 */
import { readFile } from 'node:fs/promises';
import { DocumentState, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { createSpolServices } from '../language/spol-module.js';
import { spolFilesOf } from '../language/workspace.js';

export interface PhaseTimes {
    readonly parseMs: number;
    readonly linkMs: number;
    readonly lintMs: number;
}

export interface LoadedForBench {
    readonly model: PolicyModel;
    readonly phases: PhaseTimes;
    readonly files: number;
    readonly lines: number;
    /** Errors of every kind (syntax, references, lint): a generated workspace must have none. */
    readonly errors: readonly string[];
}

export async function loadWithPhases(folder: string): Promise<LoadedForBench> {
    const paths = await spolFilesOf([folder]);
    const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8')));
    const { shared, Spol } = createSpolServices(NodeFileSystem);
    const t0 = performance.now();
    const documents = paths.map((path, i) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(texts[i]!, URI.file(path));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    const t1 = performance.now();
    let linked = t1;
    const listener = shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedReferences, () => {
        linked = performance.now();
    });
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const t2 = performance.now();
    listener.dispose();
    const model = Spol.workspace.PolicyModel.model;
    const errors = documents.flatMap((document) =>
        (document.diagnostics ?? []).filter((d) => d.severity === 1).map((d) => `${document.uri.fsPath}:${d.range.start.line + 1}: ${d.message}`)
    );
    return {
        model,
        phases: { parseMs: t1 - t0, linkMs: linked - t1, lintMs: t2 - linked },
        files: paths.length,
        lines: texts.reduce((n, text) => n + text.split('\n').length, 0),
        errors
    };
}
