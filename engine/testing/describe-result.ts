/**
 * Words for test results, the same in the terminal and the editor: what was expected, what Specify
 * answered, and why, naming the rows that granted it. Places are written by the caller's `locate`
 * (the CLI prints `file:line:col`; an editor can print a link).
 */
import { describeOrigin, describeRow } from '../explain.js';
import type { Source } from '../model/policy-model.js';
import type { StoredPolicy } from '../model/stored.js';
import type { Because, Expectation, ExpectationResult } from './types.js';

export type Locate = (source: Source | undefined) => string;

/** Rows named in one failure at most; the rest are counted. */
const SHOWN_ROWS = 3;

/** `allow update /table/collectionobject` */
export function describeExpectation(expectation: Expectation): string {
    return `${expectation.expected} ${expectation.action} ${expectation.resource}`;
}

/** `role DataEntry and template FullWorkBenchAccess`, `Institution Admin` */
export function describeBecause(because: Because): string {
    const parts: string[] = [];
    if (because.role !== undefined) parts.push(`role ${because.role}`);
    if (because.template !== undefined) parts.push(`template ${because.template}`);
    if (because.admin === true) parts.push('Institution Admin');
    if (because.admin === false) parts.push('a policy other than Institution Admin');
    if (because.policy === 'institution') parts.push("the user's institution-level policy");
    if (because.policy === 'collection') parts.push("the user's own policy in the collection");
    return parts.join(' and ');
}

/** `role DataEntry in FishVoucher, from library RunQueries: /table/% read at library.spol:97:5` */
export function describeGrant(row: StoredPolicy, locate: Locate): string {
    const also = (row.also ?? []).map((d) => ` (also ${describeOrigin({ ...d, origin: row.origin })} at ${locate(d.source)})`).join('');
    return `${describeOrigin(row)}: ${describeRow(row)} at ${locate(row.source)}${also}`;
}

function describeGrants(rows: readonly StoredPolicy[], locate: Locate): string {
    const shown = rows.slice(0, SHOWN_ROWS).map((row) => describeGrant(row, locate));
    if (rows.length > SHOWN_ROWS) shown.push(`and ${rows.length - SHOWN_ROWS} more`);
    return shown.join('; ');
}

/**
 * What Specify answered and why: `got allow (granted by …)`, `got deny (jdoe cannot enter FishTissue)`,
 * `got allow, but not because role X (granted by …)`. For a passing result: `got allow` or `got deny`.
 */
export function describeOutcome(result: ExpectationResult, locate: Locate): string {
    const { decision, failure } = result;
    const got = decision.allowed ? 'allow' : 'deny';
    if (!failure) return `got ${got}`;
    const { user, collection } = decision.query;
    const where = collection !== undefined ? `in ${collection}` : 'at institution level';
    switch (failure.kind) {
        case 'unexpected-allow':
            return `got allow (granted ${where} by ${describeGrants(failure.grants, locate)})`;
        case 'wrong-provenance': {
            const because = result.case.because ? describeBecause(result.case.because) : 'the reason given';
            return `got allow, but not because of ${because} (granted ${where} by ${describeGrants(failure.grants, locate)})`;
        }
        case 'unexpected-deny': {
            const notes = decision.notes.map((note) => `; ${note.replace(/\.$/, '')}`).join('');
            if (decision.reason === 'no-collection-access') {
                const although = failure.grants.length > 0 ? `, although ${describeGrants(failure.grants, locate)} would grant it` : '';
                return `got deny (${user} cannot enter ${collection ?? 'the collection'}: nothing grants /system/sp7/collection access there${although}${notes})`;
            }
            // The notes say why a collection question was checked at institution level; say it only once.
            const level = decision.level === 'institution' && collection !== undefined && notes === '' ? ' (checked at institution level)' : '';
            return `got deny (no policy of ${user} matches ${where}${level}${notes})`;
        }
    }
}

/** `<case name>: expected deny delete /table/collectionobject, got allow (granted in FishVoucher by …)` */
export function describeResult(result: ExpectationResult, locate: Locate): string {
    return `${result.case.name}: expected ${describeExpectation(result.expectation)}, ${describeOutcome(result, locate)}`;
}
