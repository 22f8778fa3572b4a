/**
 * What a user effectively holds, read from the rows Specify would store (ModelIndex): which
 * collections they can enter, whether they are Institution Admin, and which rows grant a request.
 * Cached per index and per row set, since several rules ask the same questions of every user.
 */
import { like } from '../like.js';
import type { User } from '../model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, keywordRowsGrant, type ModelIndex, type StoredPolicy } from '../model/stored.js';

/**
 * A request the rules ask about, numbered once, so that a row set's answers are an array indexed
 * by the number rather than a map keyed by a string built on every question.
 */
export interface LintRequest {
    readonly resource: string;
    readonly action: string;
    /** Position in a row set's answers; -1 for a request asked too rarely to be numbered. */
    readonly id: number;
    /** Whether rows a grant's keywords store could grant it (keywordRowsGrant), asked once. */
    readonly keywords: boolean;
}

const numbered = new Map<string, LintRequest>();
/** Rules ask a handful of fixed requests; beyond this many, further ones are answered uncached. */
const NUMBERED_LIMIT = 256;

/** The request for (resource, action): the same object for the same strings, while numbering lasts. */
export function lintRequest(resource: string, action: string): LintRequest {
    const key = `${resource}\u0000${action}`;
    let request = numbered.get(key);
    if (!request) {
        request = Object.freeze({ resource, action, id: numbered.size < NUMBERED_LIMIT ? numbered.size : -1, keywords: keywordRowsGrant(resource, action) });
        if (request.id >= 0) numbered.set(key, request);
    }
    return request;
}

const COLLECTION_ACCESS = lintRequest(COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION);

/**
 * The first row of a row set that grants each request, by request number (null: none does).
 * ModelIndex hands out the same frozen array for a role's rows in a collection to every holder, so
 * a question about thousands of users is asked once per role, not once per user.
 */
const firstGrants = new WeakMap<readonly StoredPolicy[], (StoredPolicy | null | undefined)[]>();

/**
 * Row sets this small are scanned on every question: a user's own rows in a collection are a
 * handful, one set per user, and remembering their answers cost more (memory, and so garbage
 * collection) than asking again. Role copies, shared by their holders, are larger.
 */
const SCANNED = 8;

function firstGranting(rows: readonly StoredPolicy[], request: LintRequest): StoredPolicy | undefined {
    if (rows.length <= SCANNED || request.id < 0) return scan(rows, request) ?? undefined;
    let answers = firstGrants.get(rows);
    if (!answers) firstGrants.set(rows, (answers = []));
    let row = answers[request.id];
    if (row === undefined) answers[request.id] = row = scan(rows, request);
    return row ?? undefined;
}

function scan(rows: readonly StoredPolicy[], { resource, action }: LintRequest): StoredPolicy | null {
    for (const row of rows) if (like(resource, row.resource) && like(action, row.action)) return row;
    return null;
}

/**
 * The first row that grants the request among those that count in `collection`, in Specify's order:
 * institution-level, the user's own there, then each role held there. The user's own rows are
 * built only when they could grant it (ModelIndex.writesPoliciesIn, keywordRowsGrant): most users
 * write no policy, and a question asked of every user would otherwise build every user's rows.
 */
export function firstGrantingIn(index: ModelIndex, user: User, collection: string, request: LintRequest): StoredPolicy | undefined {
    return firstGranting(index.institutionRows(user), request) ?? firstGrantingInCollectionRows(index, user, collection, request);
}

/**
 * firstGrantingIn after the institution-level rows: the first of the user's own rows in the
 * collection, then of each role's held there, that grants the request. For a caller that asks
 * the same request in many collections and looks at the institution-level rows once.
 */
export function firstGrantingInCollectionRows(index: ModelIndex, user: User, collection: string, request: LintRequest): StoredPolicy | undefined {
    if (request.keywords || index.writesPoliciesIn(user, collection)) {
        const own = firstGranting(index.collectionUserRows(user, collection), request);
        if (own) return own;
    }
    for (const role of index.rolesHeld(user, collection)) {
        const row = firstGranting(index.roleRows(role, collection), request);
        if (row) return row;
    }
    return undefined;
}

/** firstGrantingIn for a request given by its strings. */
export function firstGrantingInCollection(index: ModelIndex, user: User, collection: string, resource: string, action: string): StoredPolicy | undefined {
    return firstGrantingIn(index, user, collection, lintRequest(resource, action));
}

/** The first institution-level row of the user that grants the request. */
export function firstGrantingAtInstitution(index: ModelIndex, user: User, resource: string, action: string): StoredPolicy | undefined {
    return firstGrantingAtInstitutionOf(index, user, lintRequest(resource, action));
}

/** firstGrantingAtInstitution for a request already made. */
export function firstGrantingAtInstitutionOf(index: ModelIndex, user: User, request: LintRequest): StoredPolicy | undefined {
    return firstGranting(index.institutionRows(user), request);
}

/** Per index: collection names in declaration order (frozen, shared) and each name's position. */
interface CollectionOrder {
    readonly names: readonly string[];
    readonly position: ReadonlyMap<string, number>;
    /** Each collection alone, by position: most users enter one, and share its list. */
    readonly alone: readonly (readonly string[])[];
}

const orders = new WeakMap<ModelIndex, CollectionOrder>();

function orderOf(index: ModelIndex): CollectionOrder {
    let order = orders.get(index);
    if (!order) {
        const names = Object.freeze([...index.collectionNames()]);
        order = { names, position: new Map(names.map((name, i) => [name, i])), alone: names.map((name) => Object.freeze([name])) };
        orders.set(index, order);
    }
    return order;
}

const entered = new WeakMap<ModelIndex, Map<User, readonly string[]>>();

/** Collections (declaration order) where `/system/sp7/collection` `access` is granted through any source. */
export function enteredCollections(index: ModelIndex, user: User): readonly string[] {
    let perUser = entered.get(index);
    if (!perUser) {
        perUser = new Map();
        entered.set(index, perUser);
    }
    let list = perUser.get(user);
    if (!list) {
        list = computeEntered(index, user);
        perUser.set(user, list);
    }
    return list;
}

/**
 * Institution rows count in every collection, so a user they let in enters all of them (one shared
 * list). Otherwise only a collection the user has a grant in can let them in: the user's own rows
 * and roles there come from grants, so the collections they name are the only ones to ask about.
 */
function computeEntered(index: ModelIndex, user: User): readonly string[] {
    const { names, position, alone } = orderOf(index);
    if (firstGranting(index.institutionRows(user), COLLECTION_ACCESS)) return names;
    const found: number[] = [];
    for (const grant of user.collections) {
        const collection = grant.collection.name;
        const at = position.get(collection);
        if (at === undefined || found.includes(at)) continue;
        // `access` in a grant stores a row that grants entry: no rows need building to know that.
        if (index.grantsAccessIn(user, collection) || firstGrantingIn(index, user, collection, COLLECTION_ACCESS)) found.push(at);
    }
    if (found.length === 0) return NONE;
    if (found.length === 1) return alone[found[0]!]!;
    return Object.freeze(found.sort((a, b) => a - b).map((at) => names[at]!));
}

const NONE: readonly string[] = Object.freeze([]);

export function canEnter(index: ModelIndex, user: User, collection: string): boolean {
    return enteredCollections(index, user).includes(collection);
}

/** Specify's `is_admin()` (ModelIndex answers it from the institution-level rows). */
export function isInstitutionAdmin(index: ModelIndex, user: User): boolean {
    return index.isInstitutionAdmin(user);
}
