/**
 * One export, as a front end asks for it: a collection's roles, the library, or one role, in the
 * Export file shape or as REST bodies, together with what Specify's own conversion will change in
 * exactly the roles exported (lossy-export findings). The CLI and the editor call this; they only
 * decide where the text goes.
 */
import { collectionNamed } from '../decision/query-names.js';
import { QueryError } from '../decision/query-error.js';
import type { PolicyModel } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';
import { suggestNames } from '../suggest.js';
import { exportCollectionRoles, exportLibraryRoles, exportRole, stringifyExport } from './export-file.js';
import { lossyLibraryRole, lossyRoleCopy, type LossyFinding } from './lossy.js';
import { numberModel } from './numbering.js';
import { collectionRoleBodies, libraryRoleBodies } from './rest-shapes.js';

export type ExportTarget =
    | { readonly collection: string; readonly rest?: boolean }
    | { readonly library: true; readonly rest?: boolean }
    /** One role: a collection role's copy in `collection` (default: its first), or a library role. */
    | { readonly role: string; readonly collection?: string };

export interface ExportResult {
    /** Export shape: exactly Specify's file (no trailing newline). REST: 2-space JSON and a newline. */
    readonly content: string;
    readonly findings: readonly LossyFinding[];
}

/** Throws QueryError for a collection or role the model does not hold. */
export function exportFor(model: PolicyModel | ModelIndex, target: ExportTarget): ExportResult {
    const index = model instanceof ModelIndex ? model : new ModelIndex(model);
    const numbering = numberModel(index);
    if ('role' in target) return exportOneRole(index, target.role, target.collection);
    if ('library' in target) {
        return {
            content: target.rest ? json(libraryRoleBodies(index, numbering)) : stringifyExport(exportLibraryRoles(index, numbering)),
            findings: index.model.libraryRoles.flatMap((role) => lossyLibraryRole(index, role))
        };
    }
    const collection = collectionNamed(index, target.collection);
    return {
        content: target.rest
            ? json(collectionRoleBodies(index, collection, numbering).roles)
            : stringifyExport(exportCollectionRoles(index, collection, numbering)),
        findings: numbering.roleCopiesIn(collection).flatMap((copy) => lossyRoleCopy(index, copy.role, collection))
    };
}

function exportOneRole(index: ModelIndex, name: string, collection: string | undefined): ExportResult {
    const role = index.roles.get(name);
    if (role) {
        if (collection !== undefined) {
            collectionNamed(index, collection);
            if (!role.collections.some((ref) => ref.name === collection)) {
                const declared = role.collections.map((ref) => ref.name).join(', ');
                throw new QueryError('bad-query', `Role ${name} is not declared for ${collection} (only ${declared}).`);
            }
        }
        // The copies of one role are identical apart from their ids, so without a collection the
        // first copy stands for all, as the role's own page in Specify would export it.
        const copy = collection ?? role.collections.map((ref) => ref.name).find((c) => index.collections.has(c));
        return {
            content: stringifyExport(copy === undefined ? [] : exportRole(index, role, copy)),
            findings: copy === undefined ? [] : lossyRoleCopy(index, role, copy)
        };
    }
    const libraryRole = index.libraryRoles.get(name);
    if (!libraryRole) {
        throw new QueryError('unknown-role', `There is no role or library role ${name}.`, suggestNames(name, [...index.roles.keys(), ...index.libraryRoles.keys()]));
    }
    return { content: stringifyExport(exportRole(index, libraryRole)), findings: lossyLibraryRole(index, libraryRole) };
}

function json(value: unknown): string {
    return `${JSON.stringify(value, null, 2)}\n`;
}
