/**
 * Decisions: compile a PolicyModel once, then ask whether a user may do an action on a resource
 * in a collection or at institution level, with every stored row that made it so.
 */
export { compile } from './compile.js';
export type { CollectionAccess, DecideOptions, Decision, DecisionMode, DecisionQuery, DecisionReason } from './decision.js';
export type { LikeConditions, LikeRequest } from './like-conditions-matcher.js';
export type { PolicyAbility, PolicyRawRule, RowSlot } from './policy-ability.js';
export type { HeldRowsView, PolicyEngine, PolicySession } from './policy-engine.js';
export { describeQueryError, QueryError, type QueryErrorCode } from './query-error.js';
export { RESERVED } from './reserved-names.js';
