/**
 * whoCan(engine, query) → every user who may do one action on one resource, in a collection or at
 * institution level, each with the decision that says why (the stored rows that granted it). The
 * question is asked of every declared user through `decide` in `enforce` mode, so the answer is
 * the same as asking `can` user by user; optionally it also lists the users a policy grants it to
 * but who cannot enter the collection (the gate refuses them on every request).
 *
 * A `/tools/<name>` resource is answered as Specify's UI answers it and as profiles show it: allowed
 * only when every table of the tool allows the action, with the tables' rows as provenance.
 *
 * Unlike `decide`, which answers any string unless asked to refuse, a resource or action Specify
 * does not define is refused here by default (query-names.ts: no user could ever be allowed it),
 * with the closest names; `unknownNames: 'answer'` answers it as `decide` does.
 *
 * Speed: most users are denied, and a denied user appears in the answer only when blocked at the
 * gate. So each user is first asked yes/no through their session (`PolicySession.can`, which is
 * `decide(...).allowed` without provenance: a few lookups), and the full decision is built only
 * for the allowed users and, with `blocked`, for the users whose gate is closed (a session that
 * may take `/system/sp7/collection` `access` has an open gate). A user who holds no row in the
 * place is not asked at all (sessionsAt). Names are checked in the same order as `decide` checks
 * them, so a refused question is refused with the same error.
 */
import { QueryError, type Decision, type DecisionQuery, type DecisionReason, type PolicyEngine, type PolicySession } from '../decision/index.js';
import { actionNamed, checkPlace, collectionNamed, resourceNamed, userNamed } from '../decision/query-names.js';
import { vocabulary } from '../decision/vocabulary.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type StoredPolicy } from '../model/stored.js';
import { registry, type ResourceInfo, type ToolInfo } from '../registry/registry.js';
import type { WhoCanAnswer, WhoCanEntry, WhoCanOptions, WhoCanQuery } from './types.js';

const NONE: readonly StoredPolicy[] = Object.freeze([]);

export function whoCan(engine: PolicyEngine, query: WhoCanQuery, options: WhoCanOptions = {}): WhoCanAnswer {
    checkQuery(query);
    const where = query.collection !== undefined ? { collection: collectionNamed(engine.index, query.collection) } : { institution: true as const };
    const info = options.unknownNames === 'answer' ? knownOrUndefined(query.resource) : resourceNamed(query.resource);
    if (info && options.unknownNames !== 'answer') actionNamed(info, query.action);
    const tool = info?.kind === 'frontend-virtual-tool' ? info.tool : undefined;

    const allowed: WhoCanEntry[] = [];
    const blocked: WhoCanEntry[] = [];
    let notes: readonly string[] | undefined;
    const ask = (name: string): Asked => {
        const asked: DecisionQuery = { user: name, action: query.action, resource: query.resource, ...where };
        return tool ? toolDecision(engine, asked, tool) : plainDecision(engine, asked);
    };
    // A tool of no tables is allowed to anyone (every table allows it): then even a user who holds nothing is asked.
    const everyone = tool !== undefined && tool.tables.length === 0;
    for (const { user: name, session } of sessionsAt(engine, where.collection)) {
        // The notes depend on the question only; the first user's decision gives them.
        if (notes === undefined) notes = ask(name).decision.notes;
        if (!session && !everyone) continue;
        const held = session ?? engine.session(name, where.collection);
        if (tool ? tool.tables.every((table) => held.can(table, query.action)) : held.can(query.resource, query.action)) {
            allowed.push({ user: name, decision: ask(name).decision });
        } else if (options.blocked && gateMayBeClosed(held)) {
            const { decision, granted } = ask(name);
            if (decision.reason === 'no-collection-access' && granted) blocked.push({ user: name, decision });
        }
    }
    return {
        query,
        resource: info?.resource ?? query.resource,
        level: levelOf(info?.resource ?? query.resource, where.collection !== undefined),
        users: engine.index.users.size,
        allowed,
        ...(options.blocked ? { blocked } : {}),
        notes: notes ?? (tool ? [toolNote(tool)] : [])
    };
}

/** A declared user, with their session in the place asked about unless they hold no row there. */
interface RosterEntry {
    readonly user: string;
    readonly session?: PolicySession;
}

const rosters = new WeakMap<PolicyEngine, Map<string | undefined, readonly RosterEntry[]>>();

/**
 * Every declared user in one place (undefined: institution level), in declaration order, with
 * their session. who-can asks them all, and finding a session by name and place costs more than its
 * question, so the list is kept per engine (which never changes) and place. It is built in
 * declaration order, so a name declared twice is refused for the first user it concerns, with
 * decide's error.
 *
 * A user who holds no row in the place (no institution-level row, and no grant that names the
 * collection) gets no session: making one costs the most of all (the rows of every role held), and
 * with no row a policy check grants nothing, so such a user is neither allowed nor blocked. Their
 * name is still checked as a session checks it (a user declared twice is refused); a session in a
 * collection checks only the names its grants there use, and there are none.
 */
function sessionsAt(engine: PolicyEngine, collection: string | undefined): readonly RosterEntry[] {
    let byPlace = rosters.get(engine);
    if (!byPlace) rosters.set(engine, (byPlace = new Map()));
    let roster = byPlace.get(collection);
    if (!roster) {
        const index = engine.index;
        roster = Array.from(index.users.values(), (user): RosterEntry => {
            const holdsRows = index.institutionRows(user).length > 0 || (collection !== undefined && user.collections.some((grant) => grant.collection.name === collection));
            if (holdsRows) return { user: user.name, session: engine.session(user.name, collection) };
            userNamed(index, user.name);
            return { user: user.name };
        });
        byPlace.set(collection, roster);
    }
    return roster;
}

function checkQuery(query: WhoCanQuery): void {
    if (typeof query !== 'object' || query === null) throw new QueryError('bad-query', 'A query must be an object.');
    if (typeof query.resource !== 'string' || typeof query.action !== 'string') {
        throw new QueryError('bad-query', 'A who-can query needs resource and action as strings.');
    }
    checkPlace(query, 'who-can');
}


/** The registry entry of a resource Specify defines, else undefined (answered as written). */
function knownOrUndefined(resource: string): ResourceInfo | undefined {
    const info = registry.lookup(resource);
    return info && info.kind !== 'stale' ? info : undefined;
}

/** Where `decide` runs the policy check: institution-checked and derived resources at institution level. */
function levelOf(resource: string, inCollection: boolean): 'collection' | 'institution' {
    if (!inCollection) return 'institution';
    const route = vocabulary.route(resource);
    return route && (route.checkLevel === 'institution' || route.derivedFrom) ? 'institution' : 'collection';
}

/**
 * False only when the session's gate is surely open: allowed `/system/sp7/collection` `access` in
 * a collection passes the gate. At institution level there is no gate.
 */
function gateMayBeClosed(session: PolicySession): boolean {
    return session.collection !== undefined && !session.can(COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION);
}

/** A decision, and whether its policy check passed whatever the gate said. */
interface Asked {
    readonly decision: Decision;
    readonly granted: boolean;
}

function plainDecision(engine: PolicyEngine, asked: DecisionQuery): Asked {
    const decision = engine.decide(asked);
    return { decision, granted: decision.matches.length > 0 };
}

/** One decision for a `/tools/*` action: every table's decision, combined as Specify's UI does; granted when every table's policy check passed. */
function toolDecision(engine: PolicyEngine, asked: DecisionQuery, tool: ToolInfo): Asked {
    const parts = tool.tables.map((table) => engine.decide({ ...asked, resource: table }));
    const matches: StoredPolicy[] = [];
    const seen = new Set<StoredPolicy>();
    for (const part of parts) {
        for (const row of part.matches) {
            if (seen.has(row)) continue;
            seen.add(row);
            matches.push(row);
        }
    }
    const gate = parts[0]?.collectionAccess;
    const reason: DecisionReason = parts.some((p) => p.reason === 'no-collection-access')
        ? 'no-collection-access'
        : parts.every((p) => p.allowed)
          ? 'granted'
          : 'no-matching-policy';
    const decision: Decision = {
        allowed: reason === 'granted',
        query: asked,
        level: parts[0]?.level ?? (asked.collection !== undefined ? 'collection' : 'institution'),
        matches: matches.length > 0 ? matches : NONE,
        ...(gate ? { collectionAccess: gate } : {}),
        reason,
        notes: [toolNote(tool)]
    };
    return { decision, granted: parts.every((part) => part.matches.length > 0) };
}

function toolNote(tool: ToolInfo): string {
    return `${tool.resource} is a group in Specify's UI: allowed only where every one of its tables (${tool.tables.join(', ')}) is.`;
}
