import { describeOrigin } from '../../engine/explain.js';
import type { StoredPolicy } from '../../engine/model/stored.js';
import { locationFields } from './location.js';

/** A stored row for machine output: what it grants, who holds it, why it exists, where it is written. */
export function rowJson(row: StoredPolicy): Record<string, unknown> {
    return { ...rowFields(row), source: locationFields(row.source) };
}

/** What a row grants, who holds it and why it exists: every JSON shape of a row starts with these. */
export function rowFields(row: StoredPolicy): Record<string, unknown> {
    return {
        resource: row.resource,
        action: row.action,
        origin: row.origin,
        ...(row.template ? { template: row.template } : {}),
        ...(row.derivation ? { derivation: row.derivation } : {}),
        description: describeOrigin(row)
    };
}
