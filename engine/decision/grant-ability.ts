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
 * The subject of a yes/no question: the resource asked about and the row sets held, by their index
 * in the engine's GrantStore. The first four are also fields of their own, so that the matcher
 * reads the probe and the store, and no array between them (most sessions hold 1 to 4).
 */
export class GrantProbe {
    readonly count: number;
    private readonly r0: number;
    private readonly r1: number;
    private readonly r2: number;
    private readonly r3: number;

    constructor(
        readonly store: GrantStore,
        /** The row sets held, by index in the store, in Specify's order. */
        readonly rowSets: Int32Array,
        /** The grant bits of each row set held (`grants`), in the same order. */
        readonly bits: readonly Uint32Array[]
    ) {
        this.count = rowSets.length;
        this.r0 = rowSets[0] ?? 0;
        this.r1 = rowSets[1] ?? 0;
        this.r2 = rowSets[2] ?? 0;
        this.r3 = rowSets[3] ?? 0;
    }

    /** Whether a row set held grants the rule. */
    holds(rule: number): boolean {
        const { holders, width } = this.store;
        const base = rule * width;
        const count = this.count;
        if (count === 0) return false;
        if (has(holders, base, this.r0)) return true;
        if (count === 1) return false;
        if (has(holders, base, this.r1)) return true;
        if (count === 2) return false;
        if (has(holders, base, this.r2)) return true;
        if (count === 3) return false;
        if (has(holders, base, this.r3)) return true;
        for (let i = 4; i < count; i++) if (has(holders, base, this.rowSets[i]!)) return true;
        return false;
    }
}

function has(holders: Uint32Array, base: number, rowSet: number): boolean {
    return (holders[base + (rowSet >>> 5)]! & (1 << (rowSet & 31))) !== 0;
}

/**
 * What CASL is handed as the subject: the resource asked about (its subject type) and the probe.
 * One object is reused for every question (CASL reads it only during the call, and JavaScript
 * runs one call at a time), so that a question writes nothing into the session's memory.
 */
interface GrantQuestion {
    resource: string;
    probe: GrantProbe;
}

/** A rule's conditions: the rule's index into every row set's grant bits. */
interface GrantConditions {
    readonly rule: number;
}

type GrantCaslAbility = Ability<[string, string | GrantQuestion], GrantConditions>;

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
const RULES = VOCABULARY_RULES + FIELDS.length;
const WORDS = (RULES + 31) >>> 5;

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

/** The rule of a vocabulary resource (route id) and action (key), for `grantsAt`. */
export function grantRule(routeId: number, action: string): number {
    return ruleIndex(routeId, ACTION_IDS.get(action)!);
}

/** The rule of a field's `update` (a key from `fieldRequest`), for `grantsAt`. */
export function fieldRule(field: string): number {
    return VOCABULARY_RULES + FIELD_IDS.get(field)!;
}

/** Whether the `segment`-th row set of a probe grants a rule (`grantRule`, `fieldRule`). */
export function grantsAt(probe: GrantProbe, segment: number, rule: number): boolean {
    return hasRule(probe.bits[segment]!, rule);
}

/** Whether one row set's grant bits (`GrantProbe.bits`) grant a vocabulary resource (route id) and action (key). */
export function grants(bits: Uint32Array, routeId: number, action: string): boolean {
    return hasRule(bits, grantRule(routeId, action));
}

function hasRule(bits: Uint32Array, rule: number): boolean {
    return (bits[rule >>> 5]! & (1 << (rule & 31))) !== 0;
}

function grantMatcher(conditions: GrantConditions): MatchConditions {
    const rule = conditions.rule;
    const test = (question: GrantQuestion): boolean => question.probe.holds(rule);
    return test as MatchConditions;
}

let shared: GrantCaslAbility | undefined;
let question: GrantQuestion | undefined;

/** The one yes/no ability: its rules depend only on the vocabulary, so every engine shares it. */
function grantAbility(): GrantCaslAbility {
    if (!shared) {
        const rules: { action: string; subject: string; conditions: GrantConditions }[] = [];
        for (const resource of vocabulary.resourcesMatching('%')) {
            const routeId = vocabulary.route(resource)!.id;
            ACTIONS.forEach((action, actionId) => rules.push({ action, subject: resource, conditions: { rule: ruleIndex(routeId, actionId) } }));
        }
        FIELDS.forEach((field, id) => rules.push({ action: FIELD_ACTION, subject: field, conditions: { rule: VOCABULARY_RULES + id } }));
        shared = new Ability<[string, string | GrantQuestion], GrantConditions>(rules, {
            conditionsMatcher: grantMatcher,
            detectSubjectType: (question) => (question as GrantQuestion).resource
        });
        // CASL builds an entry's rule list on its first lookup: all of them now, once.
        for (const rule of rules) shared.possibleRulesFor(rule.action, rule.subject);
    }
    return shared;
}

/**
 * The grant bits of one engine's row sets (by shape), kept two ways: each row set's own bits over
 * the rules (what decide and the profile ask of one row set), and, for the yes/no ability, each
 * rule's holders: a bit per row set, the rule's words side by side. A question reads the words of
 * one rule, a few cache lines that the same question from any session reads again, instead of a
 * line in each row set's bits. When the row sets outgrow the rule's words, the holders are laid
 * out again, twice as wide.
 */
export class GrantStore {
    /** Per rule, `width` words of row-set bits. */
    holders = new Uint32Array(RULES * 1);
    width = 1;
    private readonly rowSets = new Map<number, number>();
    private readonly bits: Uint32Array[] = [];

    /** The subject for questions over these row sets (shape ids from AbilityInterner, with their rows). */
    probe(rowSets: readonly { readonly shape: number; readonly rows: readonly StoredPolicy[] }[]): GrantProbe {
        const indexes = Int32Array.from(rowSets, ({ shape, rows }) => this.indexOf(shape, rows));
        return new GrantProbe(this, indexes, Array.from(indexes, (index) => this.bits[index]!));
    }

    private indexOf(shape: number, rows: readonly StoredPolicy[]): number {
        let index = this.rowSets.get(shape);
        if (index === undefined) {
            index = this.bits.length;
            if (index >= this.width * 32) this.widen();
            const bits = new Uint32Array(WORDS);
            writeGrantBits(rows, bits);
            const word = index >>> 5;
            const bit = 1 << (index & 31);
            for (let w = 0; w < WORDS; w++) {
                let granted = bits[w]!;
                while (granted !== 0) {
                    const low = granted & -granted;
                    const rule = w * 32 + (31 - Math.clz32(low));
                    this.holders[rule * this.width + word]! |= bit;
                    granted ^= low;
                }
            }
            this.bits.push(bits);
            this.rowSets.set(shape, index);
        }
        return index;
    }

    private widen(): void {
        const width = this.width * 2;
        const holders = new Uint32Array(RULES * width);
        for (let rule = 0; rule < RULES; rule++) holders.set(this.holders.subarray(rule * this.width, (rule + 1) * this.width), rule * width);
        this.holders = holders;
        this.width = width;
    }
}

/** A row set's grant bits: one per (resource, action) rule its rows grant, expanded as `createPolicyAbility` expands them. */
function writeGrantBits(rows: readonly StoredPolicy[], bits: Uint32Array): void {
    for (const row of rows) {
        const actionIds = vocabulary.actionsMatching(row.action).map((action) => ACTION_IDS.get(action)!);
        for (const resource of vocabulary.resourcesMatching(row.resource)) {
            const routeId = vocabulary.route(resource)!.id;
            for (const actionId of actionIds) {
                const rule = ruleIndex(routeId, actionId);
                bits[rule >>> 5]! |= 1 << (rule & 31);
            }
        }
        if (!like(FIELD_ACTION, row.action)) continue;
        for (const id of fieldsMatching(row.resource)) {
            const rule = VOCABULARY_RULES + id;
            bits[rule >>> 5]! |= 1 << (rule & 31);
        }
    }
}

/** Whether the row sets of `probe` grant `action` (a vocabulary action key) on `resource` (a route key). */
export function grantCan(probe: GrantProbe, action: string, resource: string): boolean {
    if (probe.count === 0) return false;
    const ability = grantAbility();
    if (question) {
        question.resource = resource;
        question.probe = probe;
    } else question = { resource, probe };
    return ability.can(action, question);
}
