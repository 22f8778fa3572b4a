/**
 * The index of a document's references (what "find references", rename and Langium's choice of the
 * documents to link again read), as Langium's DefaultReferenceDescriptionProvider makes it, over
 * the references the parser read (ast-walk.ts `walkTree`) instead of a stream per node: in the
 * editor it is made again for the edited file at every keystroke. The same descriptions in the same
 * order; the source's path is computed once per node that holds references rather than once per
 * reference, and cancellation is checked every INTERRUPT_EVERY references (`interrupted`).
 */
import type { AstNode, AstNodeDescription, AstNodeLocator, Cancellation, LangiumCoreServices, LangiumDocument, ReferenceDescription } from 'langium';
import { AstUtils, CstUtils, DefaultReferenceDescriptionProvider, isMultiReference, isReference, UriUtils } from 'langium';
import { interrupted, walkTree } from './ast-walk.js';

export class SpolReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly locator: AstNodeLocator;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.locator = services.workspace.AstNodeLocator;
    }

    override async createDescriptions(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const references = walkTree(document.parseResult.value).references;
        let container: AstNode | undefined;
        let source: { readonly uri: LangiumDocument['uri']; readonly path: string } | undefined;
        for (let i = 0; i < references.length; i++) {
            const wait = cancelToken && interrupted(i, cancelToken);
            if (wait) await wait;
            const info = references[i]!;
            const reference = info.reference;
            // As createInfoDescriptions.
            if (reference.error || !reference.$refNode) continue;
            let items: readonly (AstNodeDescription | undefined)[] = [];
            if (isReference(reference) && reference.$nodeDescription) items = [reference.$nodeDescription];
            else if (isMultiReference(reference)) items = reference.items.map((item) => item.$nodeDescription);
            if (!items.some((item) => item !== undefined)) continue;
            if (info.container !== container || !source) {
                container = info.container;
                source = { uri: AstUtils.getDocument(container).uri, path: this.locator.getAstNodePath(container) };
            }
            const segment = CstUtils.toDocumentSegment(reference.$refNode);
            for (const item of items) {
                if (!item) continue;
                descriptions.push({
                    sourceUri: source.uri,
                    sourcePath: source.path,
                    targetUri: item.documentUri,
                    targetPath: item.path,
                    segment,
                    local: UriUtils.equals(item.documentUri, source.uri)
                });
            }
        }
        return descriptions;
    }
}
