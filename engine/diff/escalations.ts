/**
 * Which gained permissions a reviewer should read first. The list is short on purpose: each kind
 * is a way a small edit opens much more than it seems to (semantics.md §2.3, §3):
 * entering a collection at all, changing who may do what, a `%` resource that also covers every
 * resource Specify adds later, and deleting records. A new Institution Admin is a user-level
 * escalation (`isInstitutionAdmin`), since `Specifyuser.is_admin()` also passes checks that are no
 * profile cell (creating divisions and collections, the setup tool).
 */
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type ModelIndex, type StoredPolicy } from '../model/stored.js';
import type { User } from '../model/policy-model.js';
import type { EscalationKind } from './types.js';

const NONE: readonly EscalationKind[] = Object.freeze([]);

/** The escalations of a gained cell, given the rows that now allow it. */
export function escalationsOf(resource: string, action: string, matches: readonly StoredPolicy[]): readonly EscalationKind[] {
    const kinds: EscalationKind[] = [];
    const name = resource.toLowerCase();
    const verb = action.toLowerCase();
    if (name === COLLECTION_ACCESS_RESOURCE && verb === COLLECTION_ACCESS_ACTION) kinds.push('collection-access');
    if (name.startsWith('/permissions/') || name.startsWith('/admin/')) kinds.push('security');
    if (matches.some((row) => /^%+$/.test(row.resource))) kinds.push('wildcard-resource');
    if (verb === 'delete') kinds.push('delete');
    return kinds.length > 0 ? kinds : NONE;
}

/** Exactly the institution-level row `%` / `%`, as `Specifyuser.is_admin()` tests it (ModelIndex answers it). */
export function isInstitutionAdmin(index: ModelIndex, user: User): boolean {
    return index.isInstitutionAdmin(user);
}
