/**
 * The shapes of a question and its answer. A decision carries its reasons (the stored rows that
 * matched, where the check ran, why it failed), never a bare boolean.
 */
import type { StoredPolicy } from '../model/stored.js';

/** One request: a user asks to do `action` on `resource`, in a collection or at institution level. */
export interface DecisionQuery {
    readonly user: string;
    /** The collection the user is logged into. Exactly one of `collection` and `institution` is given. */
    readonly collection?: string;
    /** Ask at institution level (Specify's `collectionid` None). */
    readonly institution?: boolean;
    readonly resource: string;
    readonly action: string;
}

/**
 * `enforce` answers as Specify's server enforces: institution-level resources are checked without a
 * collection and every collection request passes the collection gate first. `query` reproduces
 * the raw `POST /permissions/query/`: the literal LIKE match at the level asked, nothing more.
 */
export type DecisionMode = 'enforce' | 'query';

export interface DecideOptions {
    readonly mode?: DecisionMode;
    /**
     * A resource or action Specify 7 does not define: `answer` (the default) as Specify's own
     * query does (no policy names it, so it is denied unless a wildcard matches, with a note);
     * `refuse` throws QueryError `unknown-resource` / `unknown-action` with the closest names,
     * for questions a person typed, where a typo must not read as "denied".
     */
    readonly unknownNames?: 'refuse' | 'answer';
}

/** The `/system/sp7/collection` `access` check that Specify's middleware runs on every request. */
export interface CollectionAccess {
    readonly allowed: boolean;
    readonly matches: readonly StoredPolicy[];
}

export type DecisionReason = 'granted' | 'no-matching-policy' | 'no-collection-access';

export interface Decision {
    readonly allowed: boolean;
    readonly query: DecisionQuery;
    /** Where the policy check was evaluated. */
    readonly level: 'collection' | 'institution';
    /**
     * Every stored row that matched the policy check, in Specify's order: institution user rows,
     * collection user rows, then role rows (roles in the order held).
     */
    readonly matches: readonly StoredPolicy[];
    /** The collection gate, for collection queries in `enforce` mode. */
    readonly collectionAccess?: CollectionAccess;
    readonly reason: DecisionReason;
    /** One short sentence each, e.g. why the check ran at institution level. */
    readonly notes: readonly string[];
}
