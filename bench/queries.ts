/**
 * The random questions every engine answers: sessions are (user, collection) pairs that exist (a
 * user's collection blocks, plus a few users asking in a collection they have nothing in, so the
 * collection gate says no), and each query is one session, one resource and one of its actions.
 * Resources are registry names in lowercase: vocabulary requests (tables, operations, front-end
 * resources; not `/tools/` groups or derived resources, which Specify's UI computes) and, for one
 * query in twenty, a `/field/<table>/<field>` resource, which is outside spol's vocabulary.
 */
import { vocabulary } from '../engine/decision/vocabulary.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { registry } from '../engine/registry/registry.js';
import { Random } from '../fuzz/random.js';

/** The share of queries about a `/field/...` resource (outside spol's vocabulary, answered through LIKE). */
export const FIELD_SHARE = 0.05;

export interface Session {
    readonly user: string;
    readonly collection: string;
}

/** A resource a query may name, with its actions and where Specify's server checks it. */
export interface Resource {
    readonly name: string;
    readonly actions: readonly string[];
    readonly institutionLevel: boolean;
}

export interface Queries {
    readonly sessions: readonly Session[];
    readonly resources: readonly Resource[];
    readonly n: number;
    /** Per query: session index, resource index, action index within the resource. */
    readonly session: Int32Array;
    readonly resource: Int32Array;
    readonly action: Int32Array;
    /** The same as strings, for the string-keyed engines. */
    readonly user: readonly string[];
    readonly collection: readonly string[];
    readonly resourceName: readonly string[];
    readonly actionName: readonly string[];
}

export function sessionsOf(model: PolicyModel, random: Random): Session[] {
    const sessions: Session[] = [];
    const seen = new Set<string>();
    const add = (user: string, collection: string): void => {
        const key = `${user}\u0000${collection}`;
        if (seen.has(key)) return;
        seen.add(key);
        sessions.push({ user, collection });
    };
    const collections = model.institutions.flatMap((i) => i.divisions.flatMap((v) => v.disciplines.flatMap((d) => d.collections.map((c) => c.name))));
    for (const user of model.users) {
        for (const grant of user.collections) add(user.name, grant.collection.name);
        if (random.chance(0.05) && collections.length > 0) add(user.name, random.pick(collections));
    }
    return sessions;
}

export function resourcesAsked(random: Random, fieldCount: number): Resource[] {
    const resources: Resource[] = [];
    for (const name of registry.concreteResources()) {
        if (name.startsWith('/field/')) continue;
        const route = vocabulary.route(name);
        if (!route || route.toolTables || route.derivedFrom || route.actions.size === 0) continue;
        resources.push({ name: route.key, actions: [...route.actions], institutionLevel: route.checkLevel === 'institution' });
    }
    const fields = registry.concreteResources().filter((name) => name.startsWith('/field/'));
    const picked = new Set<string>();
    while (picked.size < Math.min(fieldCount, fields.length)) picked.add(random.pick(fields));
    for (const name of picked) resources.push({ name: name.toLowerCase(), actions: ['update'], institutionLevel: false });
    return resources;
}

export function makeQueries(model: PolicyModel, n: number, seed: number): Queries {
    const random = new Random(seed, 1);
    const sessions = sessionsOf(model, random);
    if (sessions.length === 0) throw new Error('The workspace has no user in any collection to ask about.');
    const resources = resourcesAsked(random, 40);
    const vocabularyCount = resources.filter((r) => !r.name.startsWith('/field/')).length;
    const picks: [number, number, number][] = [];
    for (let i = 0; i < n; i++) {
        const s = random.int(sessions.length);
        const r = random.chance(FIELD_SHARE) ? vocabularyCount + random.int(resources.length - vocabularyCount) : random.int(vocabularyCount);
        picks.push([s, r, random.int(resources[r]!.actions.length)]);
    }
    return queriesOver(sessions, resources, picks);
}

/** The queries that ask, in order, each (session, resource, action index) picked. */
export function queriesOver(sessions: readonly Session[], resources: readonly Resource[], picks: readonly (readonly [number, number, number])[]): Queries {
    const n = picks.length;
    const session = new Int32Array(n);
    const resource = new Int32Array(n);
    const action = new Int32Array(n);
    const user: string[] = new Array(n);
    const collection: string[] = new Array(n);
    const resourceName: string[] = new Array(n);
    const actionName: string[] = new Array(n);
    picks.forEach(([s, r, a], i) => {
        session[i] = s;
        resource[i] = r;
        action[i] = a;
        user[i] = sessions[s]!.user;
        collection[i] = sessions[s]!.collection;
        resourceName[i] = resources[r]!.name;
        actionName[i] = resources[r]!.actions[a]!;
    });
    return { sessions, resources, n, session, resource, action, user, collection, resourceName, actionName };
}
