/**
 * CASL action and subject-type names that the compiled abilities reserve. Each holds `\u0000`,
 * which no registry name holds, so no fast-path request can equal one: a stored action literally
 * named `manage` or a resource named `all` keeps its plain meaning instead of CASL's "anything".
 */
export const RESERVED = Object.freeze({
    /** CASL's `anyAction`: what a stored action of only `%` compiles to. */
    anyAction: '\u0000any-action',
    /** CASL's `anySubjectType`: what a stored resource of only `%` compiles to. */
    anyResource: '\u0000any-resource',
    /** The action of slow-path rules, whose conditions do the LIKE match. */
    likeAction: '\u0000like'
});
