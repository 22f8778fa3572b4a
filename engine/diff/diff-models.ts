/**
 * diffModels(old, new) → the effective-permission changes between two versions of a model: for
 * every user (by name) and every place (institution level and each collection of either side),
 * each cell of Specify's permission profile that one side allows and the other does not. It
 * compares decisions, never text, so layout, order, file names and role names only show when
 * they change what someone may do.
 *
 * Comparing every cell of every user twice would take minutes for a large institution, so places
 * are ruled out first by what the engine holds there (`RowSetKeys`): a place whose held patterns
 * (institution rows, and in a collection also the user's rows and their roles' rows there) are the
 * same set on both sides answers every cell alike and is skipped; so is a collection whose gate
 * is closed on both sides (every request there is refused). A collection the user's grants never
 * name holds only the institution rows, so when those are unchanged it is not even fingerprinted.
 * Only the remaining places are compared cell by cell, through `profile` on each side; the property
 * tests hold the result equal to comparing every profile of every user and place.
 *
 * Refused with the QueryError every question gives: a model that declares a user or a collection
 * twice (which declaration would the diff be about?).
 */
import { compile, type PolicyEngine } from '../decision/index.js';
import { collectionNamed, userNamed } from '../decision/query-names.js';
import type { PolicyModel, User } from '../model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type ModelIndex, type StoredPolicy } from '../model/stored.js';
import type { ProfileWhere } from '../profile/types.js';
import { compareCells, entriesAt } from './compare-cells.js';
import { isInstitutionAdmin } from './escalations.js';
import { RowSetKeys } from './row-set-keys.js';
import type { ModelDiff, PlaceDiff, UserDiff } from './types.js';

/** Either side may be given compiled (the rows in the answer are then that engine's own rows). */
export function diffModels(oldModel: PolicyModel | PolicyEngine, newModel: PolicyModel | PolicyEngine): ModelDiff {
    const before = engineOf(oldModel);
    const after = engineOf(newModel);
    const keys = new RowSetKeys();
    const collections = unionInOrder(after.index.collectionNames(), before.index.collectionNames());
    const oneSided = collections.filter((c) => !before.index.collections.has(c) || !after.index.collections.has(c));
    const names = [...new Set([...before.index.users.keys(), ...after.index.users.keys()])].sort(byCodeUnits);
    // Refused as every question refuses them (QueryError): a user or collection declared twice has no single answer.
    for (const engine of [before, after]) {
        for (const name of engine.index.users.keys()) userNamed(engine.index, name);
        for (const name of engine.index.collections.keys()) collectionNamed(engine.index, name);
    }

    const users: UserDiff[] = [];
    let computed = 0;
    for (const name of names) {
        const was = before.index.users.get(name);
        const is = after.index.users.get(name);
        const places: PlaceDiff[] = [];
        const compare = (where: ProfileWhere, oldEngine: PolicyEngine | undefined, newEngine: PolicyEngine | undefined): void => {
            computed++;
            const changes = compareCells(entriesAt(oldEngine, where), entriesAt(newEngine, where));
            if (changes.length === 0) return;
            const place = where.collection !== undefined ? { collection: where.collection } : { institution: true as const };
            places.push({ ...place, changes });
        };

        // Institution level: only the user's institution rows count.
        const oldInstitution = was ? keys.keyOf([before.index.institutionRows(was)]) : undefined;
        const newInstitution = is ? keys.keyOf([after.index.institutionRows(is)]) : undefined;
        const institutionSame = was !== undefined && is !== undefined && oldInstitution === newInstitution;
        if (!institutionSame) compare({ user: name, institution: true }, was ? before : undefined, is ? after : undefined);

        // Collections: with the institution rows unchanged, only those the user's grants name (or
        // that one side lacks) can differ; elsewhere both sides hold just the institution rows.
        const candidates = institutionSame ? unionInOrder(namedIn(is!, collections), namedIn(was!, collections), oneSided) : collections;
        for (const collection of candidates) {
            const oldHere = was !== undefined && before.index.collections.has(collection);
            const newHere = is !== undefined && after.index.collections.has(collection);
            if (oldHere && newHere) {
                const oldKey = `${oldInstitution}|${keys.keyOf(heldIn(before.index, was!, collection))}`;
                const newKey = `${newInstitution}|${keys.keyOf(heldIn(after.index, is!, collection))}`;
                if (oldKey === newKey) continue;
            }
            const oldOpen = oldHere && gateOpen(before, name, collection);
            const newOpen = newHere && gateOpen(after, name, collection);
            if (!oldOpen && !newOpen) continue;
            compare({ user: name, collection }, oldHere ? before : undefined, newHere ? after : undefined);
        }

        const wasAdmin = was !== undefined && isInstitutionAdmin(before.index, was);
        const isAdmin = is !== undefined && isInstitutionAdmin(after.index, is);
        if (places.length === 0 && wasAdmin === isAdmin) continue;
        users.push(userDiff(name, was, is, wasAdmin, isAdmin, orderPlaces(places, collections)));
    }
    users.sort((a, b) => severity(b) - severity(a) || byCodeUnits(a.user, b.user));
    return {
        users,
        summary: {
            users: users.length,
            usersAdded: users.filter((u) => u.presence === 'added').length,
            usersRemoved: users.filter((u) => u.presence === 'removed').length,
            gained: sum(users, (u) => u.gained),
            lost: sum(users, (u) => u.lost),
            escalations: sum(users, (u) => u.escalations),
            institutionAdminsGained: users.filter((u) => u.institutionAdmin === 'gained').map((u) => u.user),
            institutionAdminsLost: users.filter((u) => u.institutionAdmin === 'lost').map((u) => u.user)
        },
        work: { places: names.length * (collections.length + 1), computed }
    };
}

/** New Institution Admins first, then users with another escalation, then the rest. */
function severity(user: UserDiff): number {
    return user.institutionAdmin === 'gained' ? 2 : user.escalations > 0 ? 1 : 0;
}

function engineOf(model: PolicyModel | PolicyEngine): PolicyEngine {
    return 'decide' in model ? model : compile(model);
}

function userDiff(name: string, was: User | undefined, is: User | undefined, wasAdmin: boolean, isAdmin: boolean, places: PlaceDiff[]): UserDiff {
    let gained = 0;
    let lost = 0;
    let escalations = wasAdmin || !isAdmin ? 0 : 1;
    for (const place of places) {
        for (const change of place.changes) {
            if (change.change === 'lost') lost++;
            else {
                gained++;
                if (change.escalations.length > 0) escalations++;
            }
        }
    }
    return {
        user: name,
        presence: was && is ? 'both' : is ? 'added' : 'removed',
        ...(wasAdmin !== isAdmin ? { institutionAdmin: isAdmin ? ('gained' as const) : ('lost' as const) } : {}),
        escalations,
        gained,
        lost,
        places
    };
}

/**
 * The row sets that count for a user in a collection, as the engine holds them (compile.ts,
 * `collectionRows`): the user's institution rows, their rows there, and the rows of each role held
 * there. Read from the model index rather than `engine.heldRows`, which would also build a CASL
 * ability for every place, most of which are never asked.
 */
function heldIn(index: ModelIndex, user: User, collection: string): (readonly StoredPolicy[])[] {
    return [
        index.institutionRows(user),
        index.collectionUserRows(user, collection),
        ...index.rolesHeld(user, collection).map((role) => index.roleRows(role, collection))
    ];
}

/** The gate exactly as `decide` reports it. */
function gateOpen(engine: PolicyEngine, user: string, collection: string): boolean {
    return engine.decide({ user, collection, resource: COLLECTION_ACCESS_RESOURCE, action: COLLECTION_ACCESS_ACTION }).collectionAccess?.allowed === true;
}

/** The declared collections that the user's grants name. */
function namedIn(user: User, collections: readonly string[]): string[] {
    const named = new Set(user.collections.map((grant) => grant.collection.name));
    return collections.filter((c) => named.has(c));
}

/** Institution level first, then collections in `collections` order. */
function orderPlaces(places: PlaceDiff[], collections: readonly string[]): PlaceDiff[] {
    const rank = (place: PlaceDiff) => (place.collection === undefined ? -1 : collections.indexOf(place.collection));
    return places.sort((a, b) => rank(a) - rank(b));
}

function unionInOrder(...lists: (readonly string[])[]): string[] {
    return [...new Set(lists.flat())];
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
    let total = 0;
    for (const item of items) total += of(item);
    return total;
}

/** Plain code-unit order: stable whatever the locale. */
function byCodeUnits(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
