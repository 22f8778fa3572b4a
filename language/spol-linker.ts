/**
 * Linking with spol's words: "No collection named 'FishVouchr' is declared in the workspace. Did you
 * mean 'FishVoucher'?" instead of Langium's "Could not resolve reference to Collection named …".
 * The suggestions come from the same scope the linker searched, so they are always valid names.
 */
import type { AstNodeDescription, LinkingError, ReferenceInfo } from 'langium';
import { DefaultLinker } from 'langium';
import { suggestNames } from '../engine/suggest.js';

/** How a reference target type reads in a sentence. */
const TARGET_WORDS: Readonly<Record<string, string>> = {
    Collection: 'collection',
    Division: 'division',
    Role: 'role',
    LibraryRole: 'library role'
};

export class SpolLinker extends DefaultLinker {
    /** Names in scope for this reference that look like what was written, best first. */
    suggestionsFor(refInfo: ReferenceInfo): string[] {
        const candidates = this.scopeProvider
            .getScope(refInfo)
            .getAllElements()
            .map((description) => description.name);
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
