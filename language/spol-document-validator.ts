/**
 * Langium's document validation with spol's codes on its built-in diagnostics, so the editor and the
 * CLI name a problem the same way: lexing and parsing errors are `syntax-error`, linking errors are
 * `unresolved-reference` and carry the names in scope that look like what was written, for the quick
 * fix. Langium's own `data.code` (`parsing-error`, `linking-error`, …) is kept for its helpers.
 *
 * A validation nothing can cancel (the CLI's) finds the nodes in one plain loop (ast-walk.ts) and
 * awaits only the checks there are: the same checks on the same nodes in the same order as
 * Langium's walk, which makes an iterator and awaits a cancellation check at every node.
 */
import type { AstNode, DiagnosticInfo, LangiumDocument, LinkingErrorData, ParseResult, ValidationAcceptor, ValidationOptions } from 'langium';
import { Cancellation, DefaultDocumentValidator, DocumentValidator } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { forEachAstNode } from './ast-walk.js';
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

    protected override async validateAstNodes(
        rootNode: AstNode,
        options: ValidationOptions,
        acceptor: ValidationAcceptor,
        cancelToken = Cancellation.CancellationToken.None
    ): Promise<void> {
        if (cancelToken !== Cancellation.CancellationToken.None || this.profiler?.isActive('validating')) {
            return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        }
        type Check = (node: AstNode, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken) => unknown;
        const checksByType = new Map<string, readonly Check[]>();
        const checked: { readonly node: AstNode; readonly checks: readonly Check[] }[] = [];
        forEachAstNode(rootNode, (node) => {
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) {
                let checks = checksByType.get(node.$type);
                if (!checks) checksByType.set(node.$type, (checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray()));
                if (checks.length > 0) checked.push({ node, checks });
            }
            return nodeOptions.validateChildren;
        });
        for (const { node, checks } of checked) {
            for (const check of checks) await check(node, acceptor, cancelToken);
        }
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
