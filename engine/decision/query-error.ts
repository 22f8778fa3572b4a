import type { Source } from '../model/policy-model.js';

export type QueryErrorCode =
    | 'unknown-user'
    | 'unknown-collection'
    | 'unknown-role'
    /** A resource Specify does not define, or a pattern where one resource is asked about. */
    | 'unknown-resource'
    /** An action the resource does not have in Specify. */
    | 'unknown-action'
    /** A name the question depends on is declared more than once; `places` holds every declaration. */
    | 'ambiguous-name'
    | 'bad-query';

/** A question that cannot be answered: a name the model or Specify does not hold, a name declared twice, or a malformed query. */
export class QueryError extends Error {
    override readonly name = 'QueryError';

    constructor(
        readonly code: QueryErrorCode,
        message: string,
        /** Closest known names, best first, for "did you mean". */
        readonly suggestions: string[] = [],
        /** For `ambiguous-name`: every declaration of the name, in declaration order. */
        readonly places: readonly Source[] = []
    ) {
        super(message);
    }
}

/** The message with its "Did you mean …?", worded the same by every front end. */
export function describeQueryError(error: QueryError): string {
    return error.suggestions.length > 0 ? `${error.message} Did you mean ${error.suggestions.join(', ')}?` : error.message;
}
