/**
 * Rebuilds after a change. Langium re-validates only the documents that changed or whose references
 * point into them; spol's engine lint is workspace-wide (removing `institution admin` in one file
 * raises `no-institution-admin` where the institution is declared, in another), so after any change
 * every document is validated again. Validation is cheap next to parsing, and nothing is re-parsed
 * or re-linked that Langium would not re-parse or re-link anyway.
 */
import type { Cancellation, URI } from 'langium';
import { DefaultDocumentBuilder, DocumentState } from 'langium';

export class SpolDocumentBuilder extends DefaultDocumentBuilder {
    override async update(changed: URI[], deleted: URI[], cancelToken?: Cancellation.CancellationToken): Promise<void> {
        for (const document of this.langiumDocuments.all) {
            if (document.state === DocumentState.Validated) this.resetToState(document, DocumentState.IndexedReferences);
        }
        return super.update(changed, deleted, cancelToken);
    }
}
