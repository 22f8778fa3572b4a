/**
 * Rebuilds after a change. Langium re-validates only the documents that changed or whose references
 * point into them; spol's engine lint is workspace-wide (removing `institution admin` in one file
 * raises `no-institution-admin` where the institution is declared, in another), so after any change
 * every document is validated again. Nothing is re-parsed or re-linked that Langium would not
 * re-parse or re-link anyway.
 *
 * Validating a document again costs a walk over all its nodes, which for an unchanged document
 * gives what it gave last time: its diagnostics other than the engine's lint depend only on its
 * parse (syntax errors, the checks of its nodes) and its linking (unresolved references). So a
 * document whose parse and linking are those of its last full validation keeps those diagnostics
 * and only the lint is asked again (the lint comes last: SpolValidator.checkWorkspaceLint is the
 * only check after the nodes). "The same linking" means the same array of references (Langium
 * makes a new one whenever it links a document again) with no linking error: a document with an
 * error is linked again on every change, and its suggestions depend on other documents.
 * A keystroke then costs the edited document's parse and the lint, not a walk of the workspace.
 */
import type { AstNode, Cancellation, LangiumDocument, URI, ValidationAcceptor, ValidationCategory } from 'langium';
import { DefaultDocumentBuilder, DocumentState, getDiagnosticRange, toDiagnosticSeverity } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { SpolServices } from './spol-module.js';

/** What a document's last full validation saw and gave, apart from the lint. */
interface Validated {
    readonly root: AstNode;
    readonly references: readonly unknown[];
    readonly referenceCount: number;
    /** The validation categories it ran, sorted and joined. */
    readonly categories: string;
    /** Its diagnostics before the lint's. */
    readonly diagnostics: readonly Diagnostic[];
}

export class SpolDocumentBuilder extends DefaultDocumentBuilder {
    private readonly validated = new WeakMap<LangiumDocument, Validated>();

    override async update(changed: URI[], deleted: URI[], cancelToken?: Cancellation.CancellationToken): Promise<void> {
        for (const document of this.langiumDocuments.all) {
            if (document.state === DocumentState.Validated) this.resetToState(document, DocumentState.IndexedReferences);
        }
        return super.update(changed, deleted, cancelToken);
    }

    protected override async validate(document: LangiumDocument, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const services = this.serviceRegistry.getServices(document.uri) as SpolServices;
        const validator = services.validation.SpolValidator;
        const root = document.parseResult.value;
        const categories = this.findMissingValidationCategories(document, this.getBuildOptions(document));
        const key = [...categories].sort().join(',');
        const last = this.validated.get(document);
        if (last && document.diagnostics === undefined && this.sameParseAndLinking(document, last) && last.categories === key) {
            const lint: Diagnostic[] = [];
            const languageId = services.LanguageMetaData.languageId;
            const accept: ValidationAcceptor = (severity, message, info) => {
                // As DefaultDocumentValidator.toDiagnostic makes it.
                lint.push({
                    message,
                    range: getDiagnosticRange(info),
                    severity: toDiagnosticSeverity(severity),
                    code: info.code,
                    codeDescription: info.codeDescription,
                    tags: info.tags,
                    relatedInformation: info.relatedInformation,
                    data: info.data,
                    source: languageId
                });
            };
            validator.checkWorkspaceLint(root, accept, categories as ValidationCategory[]);
            document.diagnostics = [...last.diagnostics, ...lint];
            this.recordCategories(document, categories);
            return;
        }
        this.validated.delete(document);
        const fresh = document.diagnostics === undefined;
        validator.takeLintCount(root); // a count from an earlier run must not be read for this one
        await super.validate(document, cancelToken);
        const lintCount = validator.takeLintCount(root);
        const diagnostics = document.diagnostics ?? [];
        if (fresh && lintCount !== undefined && lintCount <= diagnostics.length && !this.hasLinkingError(document)) {
            this.validated.set(document, {
                root,
                references: document.references,
                referenceCount: document.references.length,
                categories: key,
                diagnostics: diagnostics.slice(0, diagnostics.length - lintCount)
            });
        }
    }

    private sameParseAndLinking(document: LangiumDocument, last: Validated): boolean {
        return (
            last.root === document.parseResult.value &&
            last.references === document.references &&
            last.referenceCount === document.references.length &&
            !this.hasLinkingError(document)
        );
    }

    private hasLinkingError(document: LangiumDocument): boolean {
        return document.references.some((reference) => reference.error !== undefined);
    }

    /** The build state's record of the categories run, as DefaultDocumentBuilder.validate keeps it. */
    private recordCategories(document: LangiumDocument, categories: readonly ValidationCategory[]): void {
        const state = this.buildState.get(document.uri.toString());
        if (!state) return;
        state.result ??= {};
        state.result.validationChecks = [...new Set([...(state.result.validationChecks ?? []), ...categories])];
    }
}
