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
import { isAscii } from '../collation.js';
import { like } from '../like.js';
import type { StoredPolicy } from '../model/stored.js';
import { registry } from '../registry/registry.js';
import { vocabulary } from './vocabulary.js';

/**
 * The subject of a yes/no question: the resource asked about and the row sets held, as offsets
 * into a GrantStore's bits. The first four offsets are also fields of their own, so that the
 * matcher reads the probe and the bits, and no array between them (most sessions hold 1 to 4).
 */
export class GrantProbe {
    /** The route (or field) key of the resource asked about; set before each question. */
    resource = '';
    readonly count: number;
    private readonly o0: number;
    private readonly o1: number;
    private readonly o2: number;
    private readonly o3: number;

    constructor(
        /** The grant bits of the row sets (`GrantStore`), at `offsets`. */
        readonly bits: Uint32Array,
        /** Where each row set held starts in `bits`, in Specify's order. */
        readonly offsets: Int32Array
    ) {
        this.count = offsets.length;
        this.o0 = offsets[0] ?? 0;
        this.o1 = offsets[1] ?? 0;
        this.o2 = offsets[2] ?? 0;
        this.o3 = offsets[3] ?? 0;
    }

    /** Whether a row set held has the bit of this word and mask. */
    holds(word: number, bit: number): boolean {
        const bits = this.bits;
        const count = this.count;
        if (count === 0) return false;
        if ((bits[this.o0 + word]! & bit) !== 0) return true;
        if (count === 1) return false;
        if ((bits[this.o1 + word]! & bit) !== 0) return true;
        if (count === 2) return false;
        if ((bits[this.o2 + word]! & bit) !== 0) return true;
        if (count === 3) return false;
        if ((bits[this.o3 + word]! & bit) !== 0) return true;
        for (let i = 4; i < count; i++) if ((bits[this.offsets[i]! + word]! & bit) !== 0) return true;
        return false;
    }
}

/** A rule's conditions: the rule's index into every row set's grant bits. */
interface GrantConditions {
    readonly rule: number;
}

type GrantCaslAbility = Ability<[string, string | GrantProbe], GrantConditions>;

const ACTIONS = vocabulary.actionsMatching('%');
const VOCABULARY_RULES = vocabulary.size * ACTIONS.length;

/**
 * The fields Specify's data model defines (`/field/<table>/<field>`, lowercase), outside the
 * vocabulary: Specify checks only `update` on them, so each has one rule, after the vocabulary's.
 */
const FIELD_PREFIX = '/field/';
const FIELDS: readonly string[] = registry.concreteResources().filter((name) => name.startsWith(FIELD_PREFIX));
const FIELD_IDS = new Map(FIELDS.map((field, id) => [field, id]));
export const FIELD_ACTION = 'update';
const WORDS = (VOCABULARY_RULES + FIELDS.length + 31) >>> 5;

const ACTION_IDS = new Map(ACTIONS.map((action, id) => [action, id]));

/** The index of the (resource, action) rule: resources by route id, then actions in vocabulary order. */
function ruleIndex(routeId: number, actionId: number): number {
    return routeId * ACTIONS.length + actionId;
}

/**
 * The field key of a yes/no request about a data-model field and `update` (in any case), answered
 * like a vocabulary request; undefined for anything else (other spellings go through LIKE).
 */
export function fieldRequest(resource: string, action: string): string | undefined {
    if (action !== FIELD_ACTION && action.toLowerCase() !== FIELD_ACTION) return undefined;
    if (FIELD_IDS.has(resource)) return resource;
    // Lowercasing is Specify's folding only for ASCII (beyond it, `\u212a` lowercases to `k`).
    if (!isAscii(resource)) return undefined;
    const key = resource.toLowerCase();
    return FIELD_IDS.has(key) ? key : undefined;
}

const fieldExpansions = new Map<string, readonly number[]>();

/** The ids of the fields a stored resource pattern matches (LIKE, as Specify's SQL). */
function fieldsMatching(pattern: string): readonly number[] {
    let ids = fieldExpansions.get(pattern);
    if (!ids) {
        const matched: number[] = [];
        if (mayMatchAField(pattern)) FIELDS.forEach((field, id) => like(field, pattern) && matched.push(id));
        fieldExpansions.set(pattern, (ids = matched));
    }
    return ids;
}

/**
 * False only when the pattern's literal start (before any `%`, `_` or `\\`) is plain ASCII that
 * neither starts `/field/` nor is started by it: then it matches no field, and the fields are not
 * read one by one.
 */
function mayMatchAField(pattern: string): boolean {
    const literal = /^[^%_\\]*/.exec(pattern)![0].toLowerCase();
    if (!isAscii(literal)) return true;
    return literal.startsWith(FIELD_PREFIX) || FIELD_PREFIX.startsWith(literal);
}

/** Whether the `segment`-th row set of a probe grants a vocabulary resource (route id) and action (key). */
export function grantsAt(probe: GrantProbe, segment: number, routeId: number, action: string): boolean {
    const rule = ruleIndex(routeId, ACTION_IDS.get(action)!);
    return (probe.bits[probe.offsets[segment]! + (rule >>> 5)]! & (1 << (rule & 31))) !== 0;
}

/** Each row set's own grant bits in a probe (views, not copies), for `grants`. */
export function grantBitsOf(probe: GrantProbe): Uint32Array[] {
    return Array.from(probe.offsets, (offset) => probe.bits.subarray(offset, offset + WORDS));
}

/** Whether one row set's grant bits (`grantBitsOf`) grant a vocabulary resource (route id) and action (key). */
export function grants(bits: Uint32Array, routeId: number, action: string): boolean {
    const rule = ruleIndex(routeId, ACTION_IDS.get(action)!);
    return (bits[rule >>> 5]! & (1 << (rule & 31))) !== 0;
}

function grantMatcher(conditions: GrantConditions): MatchConditions {
    const word = conditions.rule >>> 5;
    const bit = 1 << (conditions.rule & 31);
    const test = (probe: GrantProbe): boolean => probe.holds(word, bit);
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
        FIELDS.forEach((field, id) => rules.push({ action: FIELD_ACTION, subject: field, conditions: { rule: VOCABULARY_RULES + id } }));
        shared = new Ability<[string, string | GrantProbe], GrantConditions>(rules, {
            conditionsMatcher: grantMatcher,
            detectSubjectType: (probe) => (probe as GrantProbe).resource
        });
        // CASL builds an entry's rule list on its first lookup: all of them now, once.
        for (const rule of rules) shared.possibleRulesFor(rule.action, rule.subject);
    }
    return shared;
}

/**
 * The grant bits of one engine's row-set shapes, one after another in one array (a question then
 * reads one array, not one per row set). When it grows, probes made before keep the old array,
 * which holds their row sets as well: bits never change once written.
 */
export class GrantStore {
    private bits = new Uint32Array(WORDS * 16);
    private used = 0;
    private readonly offsets = new Map<number, number>();

    /** The subject for questions over these row sets (shape ids from AbilityInterner, with their rows). */
    probe(rowSets: readonly { readonly shape: number; readonly rows: readonly StoredPolicy[] }[]): GrantProbe {
        const offsets = Int32Array.from(rowSets, ({ shape, rows }) => this.offsetOf(shape, rows));
        return new GrantProbe(this.bits, offsets);
    }

    private offsetOf(shape: number, rows: readonly StoredPolicy[]): number {
        let offset = this.offsets.get(shape);
        if (offset === undefined) {
            if (this.used + WORDS > this.bits.length) {
                const grown = new Uint32Array(this.bits.length * 2);
                grown.set(this.bits);
                this.bits = grown;
            }
            offset = this.used;
            this.used += WORDS;
            writeGrantBits(rows, this.bits, offset);
            this.offsets.set(shape, offset);
        }
        return offset;
    }
}

/** A row set's grant bits: one per (resource, action) rule its rows grant, expanded as `createPolicyAbility` expands them. */
function writeGrantBits(rows: readonly StoredPolicy[], bits: Uint32Array, offset: number): void {
    for (const row of rows) {
        const actionIds = vocabulary.actionsMatching(row.action).map((action) => ACTION_IDS.get(action)!);
        for (const resource of vocabulary.resourcesMatching(row.resource)) {
            const routeId = vocabulary.route(resource)!.id;
            for (const actionId of actionIds) {
                const rule = ruleIndex(routeId, actionId);
                bits[offset + (rule >>> 5)]! |= 1 << (rule & 31);
            }
        }
        if (!like(FIELD_ACTION, row.action)) continue;
        for (const id of fieldsMatching(row.resource)) {
            const rule = VOCABULARY_RULES + id;
            bits[offset + (rule >>> 5)]! |= 1 << (rule & 31);
        }
    }
}

/** Whether the row sets of `probe` grant `action` (a vocabulary action key) on `resource` (a route key). */
export function grantCan(probe: GrantProbe, action: string, resource: string): boolean {
    if (probe.count === 0) return false;
    probe.resource = resource;
    return grantAbility().can(action, probe);
}
