/**
 * Linking with spol's words: "No collection named 'FishVouchr' is declared in the workspace. Did you
 * mean 'FishVoucher'?" instead of Langium's "Could not resolve reference to Collection named …".
 * The suggestions come from the same scope the linker searched, so they are always valid names.
 */
import type { AstNode, AstNodeDescription, LangiumDocument, LinkingError, ReferenceInfo } from 'langium';
import { AstUtils, Cancellation, DefaultLinker } from 'langium';
import { suggestNames } from '../engine/suggest.js';
import { interrupted, walkTree } from './ast-walk.js';

/** How a reference target type reads in a sentence. */
const TARGET_WORDS: Readonly<Record<string, string>> = {
    Collection: 'collection',
    Division: 'division',
    Role: 'role',
    LibraryRole: 'library role'
};

export class SpolLinker extends DefaultLinker {
    /**
     * Links every reference of the document, in Langium's order, in one plain loop over the
     * references the parser read (ast-walk.ts `walkTree`): the same references in the same order,
     * without a stream and an await per node; the editor's builds check for cancellation every
     * INTERRUPT_EVERY references (`interrupted`). With Langium's profiler on, as Langium does.
     */
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const references = walkTree(document.parseResult.value).references;
        for (let i = 0; i < references.length; i++) {
            const wait = interrupted(i, cancelToken);
            if (wait) await wait;
            this.doLink(references[i]!, document);
        }
    }

    /**
     * A reference in a node the parser replaced (a second `specify6 { … }` in a user replaces the
     * first; `repeated-setting` reports it) belongs to no document and has no scope: it resolves to
     * nothing, instead of Langium's "AST node has no document" on the console.
     */
    override getCandidate(refInfo: ReferenceInfo): AstNodeDescription | LinkingError {
        if (!isInDocument(refInfo.container)) {
            return { info: refInfo, message: `'${refInfo.reference.$refText}' is in a setting that a later one replaces.` };
        }
        return super.getCandidate(refInfo);
    }

    /**
     * Names in scope for this reference that look like what was written, best first. Names as close
     * as each other come in a fixed order (this document's first, then by file): the index holds
     * files in the order they were last built, which in the editor follows the edits, and the
     * editor must suggest what `spol check` suggests.
     */
    suggestionsFor(refInfo: ReferenceInfo): string[] {
        const here = AstUtils.findRootNode(refInfo.container).$document?.uri.toString();
        const file = (description: AstNodeDescription) => {
            const uri = description.documentUri.toString();
            return uri === here ? '' : uri;
        };
        const candidates = this.scopeProvider
            .getScope(refInfo)
            .getAllElements()
            .toArray()
            .map((description, order) => ({ name: description.name, file: file(description), order }))
            .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.order - b.order))
            .map((candidate) => candidate.name);
        return suggestNames(refInfo.reference.$refText, new Set(candidates));
    }

    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        // A description was found but its node could not be loaded: Langium's message says more.
        if (targetDescription) return error;
        const type = this.reflection.getReferenceType(refInfo);
        const word = TARGET_WORDS[type] ?? type;
        const written = refInfo.reference.$refText;
        const suggestions = this.suggestionsFor(refInfo);
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
        return { ...error, message: `No ${word} named '${written}' is declared in the workspace.${hint}` };
    }
}

/** False for a node the parser replaced: it, or the root it hangs from, is in no document. */
export function isInDocument(node: AstNode): boolean {
    return AstUtils.findRootNode(node).$document !== undefined;
}
