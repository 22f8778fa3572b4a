/**
 * Langium's document validation with spol's codes on its built-in diagnostics, so the editor and the
 * CLI name a problem the same way: lexing and parsing errors are `syntax-error`, linking errors are
 * `unresolved-reference` and carry the names in scope that look like what was written, for the quick
 * fix. Langium's own `data.code` (`parsing-error`, `linking-error`, …) is kept for its helpers.
 *
 * A validation finds the nodes in one plain loop over those the parser read (ast-walk.ts
 * `walkTree`) and awaits only the checks that return a promise: the same checks on the same nodes
 * in the same order as Langium's walk, which makes an iterator and awaits a cancellation check at
 * every node. The editor's validations check for cancellation every INTERRUPT_EVERY nodes.
 */
import type { AstNode, DiagnosticInfo, LangiumDocument, LinkingErrorData, ParseResult, ValidationAcceptor, ValidationOptions } from 'langium';
import { Cancellation, DefaultDocumentValidator, DocumentValidator } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { interrupted, walkTree } from './ast-walk.js';
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
        if (this.profiler?.isActive('validating')) {
            return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        }
        type Check = (node: AstNode, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken) => unknown;
        const checksByType = new Map<string, readonly Check[]>();
        const checked: { readonly node: AstNode; readonly checks: readonly Check[] }[] = [];
        const nodes = walkTree(rootNode).nodes;
        for (let i = 0; i < nodes.length; i++) {
            const node = nodes[i]!;
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) {
                let checks = checksByType.get(node.$type);
                if (!checks) checksByType.set(node.$type, (checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray()));
                if (checks.length > 0) checked.push({ node, checks });
            }
            // Pruned: the nodes below it come right after it, in the walk's order.
            if (!nodeOptions.validateChildren) while (i + 1 < nodes.length && isBelow(nodes[i + 1]!, node)) i++;
        }
        for (let i = 0; i < checked.length; i++) {
            const wait = interrupted(i, cancelToken);
            if (wait) await wait;
            const { node, checks } = checked[i]!;
            for (const check of checks) {
                // Checks run one after the other, as Langium's; a check that returns no promise is not awaited (one fewer tick per node).
                const result = check(node, acceptor, cancelToken);
                if (isThenable(result)) await result;
            }
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

/** Whether `node` is somewhere below `ancestor`. */
function isBelow(node: AstNode, ancestor: AstNode): boolean {
    for (let up = node.$container; up; up = up.$container) if (up === ancestor) return true;
    return false;
}

/** A promise or anything else `await` would wait for. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
    return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
