/**
 * referencesResolve (references-resolve.ts) asked of the model's parts instead of Langium's
 * documents: whether linking the workspace would find every name. The question path reads its
 * files directly (read-model-text.ts) and never has documents to ask.
 *
 * The answer is the same as Langium's on every workspace whose parts the direct reader made: a
 * reference resolves when a declaration of its target kind (collection, division, library role,
 * role; none of them has a subtype) bears exactly the name written, case and all (SpolScopeProvider's
 * scopes, local and global, compare names exactly, and every declaration a reference can target is
 * exported), anywhere in the workspace. Such parts hold every declaration and every reference
 * written: the reader refuses a file with an empty name or reference, the only ones documentToModel
 * leaves out of a text that parses. A reference without text never resolves (Langium's answer too).
 */
import type { Ref } from '../engine/model/policy-model.js';
import type { ModelPart } from './to-model.js';

/** True when every reference in `parts` (the whole workspace) names a declaration of its kind. */
export function modelReferencesResolve(parts: readonly ModelPart[]): boolean {
    const divisions = new Set<string>();
    const collections = new Set<string>();
    const libraryRoles = new Set<string>();
    const roles = new Set<string>();
    for (const part of parts) {
        for (const institution of part.institutions) {
            for (const division of institution.divisions) {
                divisions.add(division.name);
                for (const discipline of division.disciplines) for (const collection of discipline.collections) collections.add(collection.name);
            }
        }
        for (const role of part.libraryRoles) libraryRoles.add(role.name);
        for (const role of part.roles) roles.add(role.name);
    }
    const all = (refs: readonly Ref[], names: ReadonlySet<string>) => refs.every((ref) => resolves(ref, names));
    for (const part of parts) {
        for (const role of part.roles) if (!all(role.collections, collections) || !all(role.templates, libraryRoles)) return false;
        for (const user of part.users) {
            for (const agent of user.agents) if (!resolves(agent.division, divisions)) return false;
            for (const grant of user.collections) if (!resolves(grant.collection, collections) || !all(grant.roles, roles)) return false;
            if (user.specify6 && !all(user.specify6.collections, collections)) return false;
        }
    }
    return true;
}

function resolves(ref: Ref, names: ReadonlySet<string>): boolean {
    return ref.name.length > 0 && names.has(ref.name);
}
