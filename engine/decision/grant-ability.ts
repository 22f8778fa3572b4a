/**
 * The yes/no ability: one CASL ability per engine that answers `can(action, resource)` for any
 * session over vocabulary requests, in the way CASL answers "may this user edit this article":
 * a rule per (resource, action) of the vocabulary, whose conditions say which row sets grant it,
 * and a subject that carries the row sets the session holds.
 *
 * Row sets are known by shape (AbilityInterner: the same patterns in the same order grant the
 * same things), so a rule's condition is "the subject holds a row set of one of these shapes". It
 * is kept per shape, as the rules it satisfies (one bit per rule, the shape's rows expanded over
 * the vocabulary as `createPolicyAbility` expands them), so the ability's rules depend only on the
 * vocabulary: it is built once and shared by every engine, and a new row set never rebuilds it. A question is then CASL's lookup of one rule in one small ability that
 * every session shares, and a bit test per row set held: the per-row-set abilities answer the
 * same question (the decision and its provenance come from them), but a random question meets a
 * different few of them each time, and their lookups miss the cache.
 */
import { Ability, type MatchConditions } from '@casl/ability';
import type { StoredPolicy } from '../model/stored.js';
import { vocabulary } from './vocabulary.js';

/** The subject of a yes/no question: the resource asked about and the row sets held. */
export interface GrantProbe {
    /** The route key of the resource asked about; set before each question. */
    resource: string;
    /** The grant bits of each row set held (`GrantAbility.bitsOf`), in Specify's order. */
    readonly rowSets: readonly Uint32Array[];
}

/** A rule's conditions: the rule's index into every row set's grant bits. */
interface GrantConditions {
    readonly rule: number;
}

type GrantCaslAbility = Ability<[string, string | GrantProbe], GrantConditions>;

const ACTIONS = vocabulary.actionsMatching('%');
const RULES = vocabulary.size * ACTIONS.length;
const WORDS = (RULES + 31) >>> 5;

const ACTION_IDS = new Map(ACTIONS.map((action, id) => [action, id]));

/** The index of the (resource, action) rule: resources by route id, then actions in vocabulary order. */
function ruleIndex(routeId: number, actionId: number): number {
    return routeId * ACTIONS.length + actionId;
}

/** Whether a row set's grant bits hold the rule of a vocabulary resource (route id) and action (key). */
export function grants(bits: Uint32Array, routeId: number, action: string): boolean {
    const rule = ruleIndex(routeId, ACTION_IDS.get(action)!);
    return (bits[rule >>> 5]! & (1 << (rule & 31))) !== 0;
}

function grantMatcher(conditions: GrantConditions): MatchConditions {
    const word = conditions.rule >>> 5;
    const bit = 1 << (conditions.rule & 31);
    const test = (probe: GrantProbe): boolean => {
        const rowSets = probe.rowSets;
        for (let i = 0; i < rowSets.length; i++) if ((rowSets[i]![word]! & bit) !== 0) return true;
        return false;
    };
    return test as MatchConditions;
}

let shared: GrantCaslAbility | undefined;

/** The one yes/no ability: its rules depend only on the vocabulary, so every engine shares it. */
function grantAbility(): GrantCaslAbility {
    if (!shared) {
        const rules: { action: string; subject: string; conditions: GrantConditions }[] = [];
        for (const resource of vocabulary.resourcesMatching('%')) {
            const routeId = vocabulary.route(resource)!.id;
            ACTIONS.forEach((action, actionId) => rules.push({ action, subject: resource, conditions: { rule: ruleIndex(routeId, actionId) } }));
        }
        shared = new Ability<[string, string | GrantProbe], GrantConditions>(rules, {
            conditionsMatcher: grantMatcher,
            detectSubjectType: (probe) => (probe as GrantProbe).resource
        });
        // CASL builds an entry's rule list on its first lookup: all of them now, once.
        for (const rule of rules) shared.possibleRulesFor(rule.action, rule.subject);
    }
    return shared;
}

/** The grant bits of a row set: one per (resource, action) rule its rows grant, expanded as `createPolicyAbility` expands them. */
export function grantBitsOf(rows: readonly StoredPolicy[]): Uint32Array {
    const bits = new Uint32Array(WORDS);
    for (const row of rows) {
        const actionIds = vocabulary.actionsMatching(row.action).map((action) => ACTION_IDS.get(action)!);
        for (const resource of vocabulary.resourcesMatching(row.resource)) {
            const routeId = vocabulary.route(resource)!.id;
            for (const actionId of actionIds) {
                const rule = ruleIndex(routeId, actionId);
                bits[rule >>> 5]! |= 1 << (rule & 31);
            }
        }
    }
    return bits;
}

/** Whether the row sets of `probe` grant `action` (a vocabulary action key) on `resource` (a route key). */
export function grantCan(probe: GrantProbe, action: string, resource: string): boolean {
    if (probe.rowSets.length === 0) return false;
    probe.resource = resource;
    return grantAbility().can(action, probe);
}
