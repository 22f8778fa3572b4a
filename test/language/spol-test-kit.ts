/**
 * Shared test set-up for test/language: services over an empty file system, whole workspaces built
 * from strings or from a fixture folder, and the URIs the documents get.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildOptions, LangiumDocument } from 'langium';
import { Cancellation, EmptyFileSystem, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SpolServices } from '../../language/spol-module.js';
import { createSpolServices } from '../../language/spol-module.js';
import type { LintRules } from '../../language/spol-workspace-model.js';
import { SpolWorkspaceModel } from '../../language/spol-workspace-model.js';

export const root = resolve(import.meta.dirname, '../..');
export const fixtures = join(root, 'test/fixtures/language');

export interface TestServices {
    readonly shared: LangiumSharedServices;
    readonly Spol: SpolServices;
}

/** Spol's services without a file system; `rules` replaces the engine's lint rules. */
export function createTestServices(rules?: LintRules): TestServices {
    return createSpolServices(
        EmptyFileSystem,
        rules ? { workspace: { PolicyModel: (services) => new SpolWorkspaceModel(services, rules) } } : undefined
    );
}

/** `file:///workspace/<name>` */
export function workspaceUri(name: string): string {
    return `file:///workspace/${name}`;
}

/** Adds one document per entry (`name` → text) and builds them together, with validation. */
export async function buildWorkspace(services: TestServices, files: Readonly<Record<string, string>>): Promise<LangiumDocument[]> {
    return buildTexts(services, Object.entries(files).map(([name, text]) => ({ uri: workspaceUri(name), text })));
}

/** Adds one document per text at its URI and builds them together (with validation unless told otherwise). */
export async function buildTexts(
    services: TestServices,
    files: readonly { readonly uri: string; readonly text: string }[],
    options: BuildOptions = { validation: true },
    token?: Cancellation.CancellationToken
): Promise<LangiumDocument[]> {
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const documents = files.map(({ uri, text }) => {
        const document = LangiumDocumentFactory.fromString(text, URI.parse(uri));
        LangiumDocuments.addDocument(document);
        return document;
    });
    await DocumentBuilder.build(documents, options, token);
    return documents;
}

/** Every .spol file below a folder, sorted. */
export function spolFilesBelow(folder: string): string[] {
    return readdirSync(folder)
        .flatMap((name) => {
            const path = join(folder, name);
            return statSync(path).isDirectory() ? spolFilesBelow(path) : name.endsWith('.spol') ? [path] : [];
        })
        .sort();
}

/** Builds a fixture folder (under test/fixtures/language) as one workspace, documents keyed by file name. */
export async function buildFixture(services: TestServices, folder: string): Promise<Map<string, LangiumDocument>> {
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const base = join(fixtures, folder);
    const byName = new Map<string, LangiumDocument>();
    for (const path of spolFilesBelow(base)) {
        const document = LangiumDocumentFactory.fromString(readFileSync(path, 'utf8'), URI.file(path));
        LangiumDocuments.addDocument(document);
        byName.set(path.slice(base.length + 1), document);
    }
    await DocumentBuilder.build([...byName.values()], { validation: true });
    return byName;
}

/** The document's diagnostics with one code. */
export function withCode(document: LangiumDocument, code: string) {
    return (document.diagnostics ?? []).filter((d) => d.code === code);
}

/** The lexer's and parser's messages for a document, in that order. */
export function syntaxErrors(document: LangiumDocument): string[] {
    return [...document.parseResult.lexerErrors.map((e) => e.message), ...document.parseResult.parserErrors.map((e) => e.message)];
}

/** The document's text after the language's formatter, as an editor with four-space indents applies it. */
export function formatWith(services: TestServices): (document: LangiumDocument) => Promise<string> {
    return async (document) => {
        const edits = await services.Spol.lsp.Formatter!.formatDocument(document, {
            textDocument: { uri: document.uri.toString() },
            options: { tabSize: 4, insertSpaces: true }
        });
        return TextDocument.applyEdits(document.textDocument, edits);
    };
}
