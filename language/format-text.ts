/**
 * Formatting whole files outside an editor (`spol fmt`): parse one file on its own (formatting needs
 * no cross-file links), run the language's formatter, and apply its edits. A file that does not parse
 * is left as it is and its syntax errors are returned, as the editor's formatter does.
 *
 * The file keeps its byte-order mark and its line endings (text-file.ts): the formatter works on the
 * text with `\n` endings and the result is written back with the file's dominant ending, so a file
 * whose lines end in different ways comes out changed, every line with that one ending.
 */
import { EmptyFileSystem, TextDocument, URI } from 'langium';
import type { Diagnostic } from '../engine/diagnostic.js';
import { createSpolServices } from './spol-module.js';
import { joinLayout, splitLayout } from './text-file.js';

export interface FormatResult {
    /** The formatted text, or the input unchanged when it has syntax errors. */
    readonly text: string;
    readonly changed: boolean;
    /** Syntax errors that kept the file from being formatted. */
    readonly errors: readonly Diagnostic[];
}

let services: ReturnType<typeof createSpolServices> | undefined;

export async function formatText(raw: string, file: string): Promise<FormatResult> {
    const { text, layout } = splitLayout(raw);
    services ??= createSpolServices(EmptyFileSystem);
    const { shared, Spol } = services;
    const uri = URI.parse(file.includes(':') ? file : URI.file(file).toString());
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    try {
        const { lexerErrors, parserErrors } = document.parseResult;
        if (lexerErrors.length > 0 || parserErrors.length > 0) {
            // Build with validation to get the same one-line syntax messages the check command prints.
            shared.workspace.LangiumDocuments.addDocument(document);
            await shared.workspace.DocumentBuilder.build([document], { validation: { categories: ['built-in'] } });
            const errors: Diagnostic[] = (document.diagnostics ?? [])
                .filter((d) => d.severity === 1 && d.code === 'syntax-error')
                .map((d) => ({ code: 'syntax-error', severity: 'error' as const, message: typeof d.message === 'string' ? d.message : d.message.value, source: { file: uri.toString(), range: d.range } }));
            return { text: raw, changed: false, errors };
        }
        const edits = await Spol.lsp.Formatter!.formatDocument(document, {
            textDocument: { uri: uri.toString() },
            options: { tabSize: 4, insertSpaces: true }
        });
        const formatted = joinLayout(TextDocument.applyEdits(document.textDocument, edits), layout);
        return { text: formatted, changed: formatted !== raw, errors: [] };
    } finally {
        if (shared.workspace.LangiumDocuments.hasDocument(uri)) await shared.workspace.LangiumDocuments.deleteDocument(uri);
    }
}
