/**
 * Langium's document validation with spol's codes on its built-in diagnostics, so the editor and the
 * CLI name a problem the same way: lexing and parsing errors are `syntax-error`, linking errors are
 * `unresolved-reference` and carry the names in scope that look like what was written, for the quick
 * fix. Langium's own `data.code` (`parsing-error`, `linking-error`, …) is kept for its helpers.
 */
import type { AstNode, DiagnosticInfo, LangiumDocument, LinkingErrorData, ParseResult, ValidationOptions } from 'langium';
import { DefaultDocumentValidator, DocumentValidator } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { SpolLinker } from './spol-linker.js';
import type { SpolServices } from './spol-module.js';
import { IssueCodes } from './spol-validator.js';

/** What an `unresolved-reference` diagnostic carries in `data`. */
export interface UnresolvedReferenceData extends LinkingErrorData {
    /** Declared names of the right kind that look like `refText`, best first. */
    readonly suggestions: string[];
}

export class SpolDocumentValidator extends DefaultDocumentValidator {
    private readonly linker: SpolLinker;

    constructor(services: SpolServices) {
        super(services);
        this.linker = services.references.Linker;
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const first = diagnostics.length;
        super.processLexingErrors(parseResult, diagnostics, options);
        for (const diagnostic of diagnostics.slice(first)) diagnostic.code = IssueCodes.SyntaxError;
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const first = diagnostics.length;
        super.processParsingErrors(parseResult, diagnostics, options);
        for (const diagnostic of diagnostics.slice(first)) diagnostic.code = IssueCodes.SyntaxError;
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const reference of document.references) {
            const error = reference.error;
            if (!error) continue;
            const data: UnresolvedReferenceData = {
                code: DocumentValidator.LinkingError,
                containerType: error.info.container.$type,
                property: error.info.property,
                refText: reference.$refText,
                suggestions: this.linker.suggestionsFor(error.info)
            };
            const info: DiagnosticInfo<AstNode, string> = {
                node: error.info.container,
                range: reference.$refNode?.range,
                property: error.info.property,
                index: error.info.index,
                code: IssueCodes.UnresolvedReference,
                data
            };
            diagnostics.push(this.toDiagnostic('error', error.message, info));
        }
    }
}
