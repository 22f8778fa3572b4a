/**
 * CASL conditions for the slow path: a rule's conditions are a stored row's patterns, the subject
 * is the request, and they match when the request LIKE the patterns, as Specify's SQL does (under
 * its `*_general_ci` collation: like.ts folds both sides with collation.ts).
 */
import type { MatchConditions } from '@casl/ability';
import { like } from '../like.js';

export interface LikeConditions {
    readonly resource: string;
    readonly action: string;
}

/** A request on the slow path, handed to CASL as the subject. */
export interface LikeRequest {
    readonly resource: string;
    readonly action: string;
}

export function likeConditionsMatcher(conditions: LikeConditions): MatchConditions {
    const { resource, action } = conditions;
    // Actions are short and usually literal: test them first to skip most resource matches.
    const test = (request: LikeRequest): boolean => like(request.action, action) && like(request.resource, resource);
    return test as MatchConditions;
}
