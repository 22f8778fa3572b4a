/**
 * What every engine question (decide, profile, who-can, tests) checks first: the place asked
 * (exactly one of a collection or institution level), the names it uses, with "did you mean" for a
 * misspelt name, and the resource and action asked about. One place, so every question answers a
 * bad question with the same words, in the CLI and in the editor.
 *
 * Refused, never answered:
 * - a user or collection the model does not declare (`unknown-user`, `unknown-collection`);
 * - a user, collection, role held there or library role copied into it that the model declares
 *   more than once (`ambiguous-name`, with every declaration): the model resolves a name to its
 *   first declaration, so the answer would silently ignore the others;
 * - when the asker wants it (`unknownNames: 'refuse'`), a resource Specify 7 does not define, a
 *   pattern where one resource is asked about, or an action the resource does not have
 *   (`unknown-resource`, `unknown-action`): answered, they are always "denied" and a typo would
 *   pass an "assert denied" check. `'answer'` accepts names from a newer Specify.
 */
import type { Collection, LibraryRole, Role, Source, User } from '../model/policy-model.js';
import type { ModelIndex } from '../model/stored.js';
import { registry, type ResourceInfo } from '../registry/registry.js';
import { suggestNames } from '../suggest.js';
import { QueryError } from './query-error.js';

/** Refuse (`unknown-resource`, `unknown-action`) or answer a resource or action Specify does not define. */
export type UnknownNames = 'refuse' | 'answer';

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
    const twice = declarationsOf(index);
    if (twice.any) declaredOnce(twice.users, 'User', name);
    return user;
}

export function collectionNamed(index: ModelIndex, name: string): string {
    if (!index.collections.has(name)) {
        throw new QueryError('unknown-collection', `There is no collection ${name}.`, suggestNames(name, index.collections.keys()));
    }
    const twice = declarationsOf(index);
    if (twice.any) declaredOnce(twice.collections, 'Collection', name);
    return name;
}

/**
 * The roles `user` holds in `collection`, and the library roles those copy, are each declared
 * once: a question in that collection depends on them (an institution-level one never does).
 */
export function checkHeldNames(index: ModelIndex, user: User, collection: string): void {
    const twice = declarationsOf(index);
    if (!twice.any) return;
    for (const grant of user.collections) {
        if (grant.collection.name !== collection) continue;
        for (const ref of grant.roles) {
            declaredOnce(twice.roles, 'Role', ref.name);
            const role = index.roles.get(ref.name);
            // A role not declared for the collection is not held there (Specify refuses it), nor are its templates.
            if (!role?.collections.some((c) => c.name === collection)) continue;
            for (const template of role.templates) declaredOnce(twice.libraryRoles, 'Library role', template.name);
        }
    }
}

/** The resource and action of a concrete request, as Specify 7 defines them (any case); its registry entry. */
export function checkRequest(resource: string, action: string): ResourceInfo {
    const info = resourceNamed(resource);
    actionNamed(info, action);
    return info;
}

/** The registry entry of a concrete resource; refuses an unknown one, a pattern and a stale entry. */
export function resourceNamed(resource: string): ResourceInfo {
    const info = registry.lookup(resource);
    if (info && info.kind !== 'stale') return info;
    if (resource.includes('%')) {
        throw new QueryError('unknown-resource', `${resource} is a pattern; ask about one resource, e.g. /table/collectionobject.`);
    }
    const field = resource.toLowerCase().startsWith('/field/');
    const candidates = registry.concreteResources().filter((name) => name.startsWith('/field/') === field);
    throw new QueryError('unknown-resource', `${resource} is not a resource Specify 7 defines.`, suggestNames(resource, candidates));
}

/** Refuses an action the resource does not have (compared case-insensitively, as Specify matches). */
export function actionNamed(info: ResourceInfo, action: string): void {
    const key = action.toLowerCase();
    if (info.actions.some((a) => a.toLowerCase() === key)) return;
    const suggestions = suggestNames(action, info.actions);
    const listed = suggestions.length === 0 ? ` Its actions are ${info.actions.join(', ')}.` : '';
    throw new QueryError('unknown-action', `${info.resource} has no action ${action} in Specify 7.${listed}`, suggestions);
}

// ---------------------------------------------------------------- names declared twice

/** Names declared more than once, with the place of every declaration; `any` false for most models. */
interface Declarations {
    readonly any: boolean;
    readonly users: ReadonlyMap<string, Repeated>;
    readonly collections: ReadonlyMap<string, Repeated>;
    readonly roles: ReadonlyMap<string, Repeated>;
    readonly libraryRoles: ReadonlyMap<string, Repeated>;
}

interface Repeated {
    readonly count: number;
    /** The places known (elements built without sources have none). */
    readonly places: readonly Source[];
}

type Declared = User | Collection | Role | LibraryRole;

const declarations = new WeakMap<ModelIndex, Declarations>();

function declarationsOf(index: ModelIndex): Declarations {
    let found = declarations.get(index);
    if (!found) {
        const { model } = index;
        const collections = model.institutions.flatMap((i) => i.divisions.flatMap((d) => d.disciplines.flatMap((s) => s.collections)));
        const users = repeated(model.users);
        const byName = { collections: repeated(collections), roles: repeated(model.roles), libraryRoles: repeated(model.libraryRoles) };
        const any = users.size + byName.collections.size + byName.roles.size + byName.libraryRoles.size > 0;
        found = { any, users, ...byName };
        declarations.set(index, found);
    }
    return found;
}

/** Names of more than one element (each element once), with every declaration's place. */
function repeated(elements: readonly Declared[]): Map<string, Repeated> {
    const byName = new Map<string, Declared[]>();
    for (const element of new Set(elements)) {
        const list = byName.get(element.name);
        if (list) list.push(element);
        else byName.set(element.name, [element]);
    }
    const twice = new Map<string, Repeated>();
    for (const [name, list] of byName) {
        if (list.length < 2) continue;
        const places = list.flatMap((element) => {
            const source = element.nameSource ?? element.source;
            return source ? [source] : [];
        });
        twice.set(name, { count: list.length, places });
    }
    return twice;
}

function declaredOnce(twice: ReadonlyMap<string, Repeated>, kind: string, name: string): void {
    const found = twice.get(name);
    if (!found) return;
    const count = found.count === 2 ? 'twice' : `${found.count} times`;
    throw new QueryError('ambiguous-name', `${kind} ${name} is declared ${count}; a question about it has no single answer.`, [], found.places);
}
