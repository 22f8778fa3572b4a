export type QueryErrorCode = 'unknown-user' | 'unknown-collection' | 'unknown-role' | 'bad-query';

/** A question that cannot be answered: a name the model does not hold, or a malformed query. */
export class QueryError extends Error {
    override readonly name = 'QueryError';

    constructor(
        readonly code: QueryErrorCode,
        message: string,
        /** Closest known names, best first, for "did you mean". */
        readonly suggestions: string[] = []
    ) {
        super(message);
    }
}
