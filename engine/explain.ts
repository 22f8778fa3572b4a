/**
 * Words for provenance: how a stored row came to be, for people (CLI text, hover, profile preview).
 * The same sentence everywhere, so the editor and the terminal agree.
 */
import { isAdminRow, type StoredPolicy } from './model/stored.js';

/** "role DataEntry in FishVoucher, from library FullDataAccess", "rmartin's policy in FishVoucher", … */
export function describeOrigin(row: StoredPolicy): string {
    const { origin } = row;
    switch (origin.kind) {
        case 'institution-user':
            return isAdminRow(row)
                ? `${origin.user} is Institution Admin`
                : `${origin.user}'s institution-level policy`;
        case 'collection-user':
            if (row.derivation === 'collection-access') return `${origin.user} has access to ${origin.collection}`;
            return `${origin.user}'s own policy in ${origin.collection}`;
        case 'role': {
            const from = row.template ? `, from library ${row.template}` : '';
            return `role ${origin.role} in ${origin.collection}${from}`;
        }
    }
}

/** "/table/% read", with a note for rows Specify stores without them being written. */
export function describeRow(row: StoredPolicy): string {
    const text = `${row.resource} ${row.action}`;
    switch (row.derivation) {
        case 'tool-expansion':
            return `${text} (expanded from ${row.policy?.resource ?? 'a /tools/ group'})`;
        case 'field-wildcard':
            return `${text} (added by Specify with collection access)`;
        default:
            return text;
    }
}
