/**
 * What every engine question (decide, profile, who-can) checks first: the place asked (exactly one
 * of a collection or institution level) and the names it uses, with "did you mean" for a misspelt
 * name. One place, so the three answer a bad question with the same words.
 */
import type { User } from '../model/policy-model.js';
import type { ModelIndex } from '../model/stored.js';
import { suggestNames } from '../suggest.js';
import { QueryError } from './query-error.js';

/** `collection` or `institution: true`, exactly one, as the shapes of every question take it. */
export interface Place {
    readonly collection?: unknown;
    readonly institution?: unknown;
}

/** Refuses a question that names both places or neither; `what` names the question ("a profile"). */
export function checkPlace(place: Place, what = 'a question'): void {
    const inCollection = place.collection !== undefined;
    if (inCollection === (place.institution === true)) {
        throw new QueryError(
            'bad-query',
            inCollection ? `Ask ${what} in a collection or at institution level, not both.` : `Say where to ask ${what}: a collection, or institution level.`
        );
    }
    if (inCollection && typeof place.collection !== 'string') throw new QueryError('bad-query', `The collection of ${what} must be a string.`);
}

export function userNamed(index: ModelIndex, name: string): User {
    const user = index.users.get(name);
    if (!user) throw new QueryError('unknown-user', `There is no user ${name}.`, suggestNames(name, index.users.keys()));
    return user;
}

export function collectionNamed(index: ModelIndex, name: string): string {
    if (!index.collections.has(name)) {
        throw new QueryError('unknown-collection', `There is no collection ${name}.`, suggestNames(name, index.collections.keys()));
    }
    return name;
}
