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
 */
import { QueryError, type Decision, type DecisionQuery, type DecisionReason, type PolicyEngine } from '../decision/index.js';
import { actionNamed, checkPlace, collectionNamed, resourceNamed } from '../decision/query-names.js';
import { vocabulary } from '../decision/vocabulary.js';
import type { StoredPolicy } from '../model/stored.js';
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
    for (const user of engine.index.users.values()) {
        const asked: DecisionQuery = { user: user.name, action: query.action, resource: query.resource, ...where };
        const { decision, granted } = tool ? toolDecision(engine, asked, tool) : plainDecision(engine, asked);
        notes ??= decision.notes;
        if (decision.allowed) allowed.push({ user: user.name, decision });
        else if (options.blocked && decision.reason === 'no-collection-access' && granted) blocked.push({ user: user.name, decision });
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
