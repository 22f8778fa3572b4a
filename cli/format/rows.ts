import { describeOrigin } from '../../engine/explain.js';
import type { Declaration, StoredPolicy } from '../../engine/model/stored.js';
import { locationFields } from './location.js';

/** A stored row for machine output: what it grants, who holds it, why it exists, where it is written. */
export function rowJson(row: StoredPolicy): Record<string, unknown> {
    return { ...rowFields(row), source: locationFields(row.source), ...(row.also ? { also: row.also.map((also) => alsoJson(row, also)) } : {}) };
}

/** Another place that declares the same stored row (the row is stored once, as its first declaration). */
function alsoJson(row: StoredPolicy, also: Declaration): Record<string, unknown> {
    return {
        resource: also.resource,
        action: also.action,
        ...(also.template ? { template: also.template } : {}),
        ...(also.derivation ? { derivation: also.derivation } : {}),
        description: describeOrigin({ ...also, origin: row.origin }),
        source: locationFields(also.source)
    };
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
