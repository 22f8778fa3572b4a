/**
 * The yes/no ability: one CASL ability, shared by every engine, that answers `can(action, resource)`
 * for any session over vocabulary requests, in the way CASL answers "may this user edit this article":
 * a rule per (resource, action) of the vocabulary, whose conditions say which row sets grant it,
 * and a subject that carries the row sets the session holds.
 *
 * Row sets are known by shape (AbilityInterner: the same patterns in the same order grant the
 * same things), and a session by the combination of row sets it holds, so a rule's condition is
 * "the subject holds a combination of row sets one of which grants this". It is kept per row set,
 * as the rules it grants (one bit per rule, the rows expanded over the vocabulary as
 * `createPolicyAbility` expands them), and per combination as the union of its row sets' bits, so
 * the ability's rules depend only on the vocabulary: it is built once and shared by every engine,
 * and a new row set never rebuilds it. A combination's bits are only those of the ability's rules,
 * numbered densely (the answer bits: 950 resource-action pairs in a row of 30 words, and the
 * fields' `update` apart), so that the rows a random question reads stay in the processor's cache. A question is then CASL's lookup of one rule in one small
 * ability that every session shares, and one bit test: the per-row-set abilities answer the same
 * question (the decision and its provenance come from them), but a random question meets a
 * different few of them each time, and their lookups miss the cache.
 */
import { Ability, type MatchConditions } from '@casl/ability';
import { isAscii } from '../collation.js';
import { innerMap } from '../inner-map.js';
import { like } from '../like.js';
import type { StoredPolicy } from '../model/stored.js';
import { registry } from '../registry/registry.js';
import { vocabulary } from './vocabulary.js';

/**
 * What a session holds, for the yes/no ability and for decide: its row sets and their grant bits,
 * and the combination of the row sets (the set, whatever its order) whose grant bits the matcher
 * reads: one word per question, as a bitset per session would read, wherever the rows came from.
 */
export class GrantProbe {
    /**
     * The first four row sets' grant bits, fields of the probe itself: decide reads them without going
     * through `bits` (an array, and its elements elsewhere), and most sessions hold 1 to 4.
     */
    private readonly b0: Uint32Array;
    private readonly b1: Uint32Array;
    private readonly b2: Uint32Array;
    private readonly b3: Uint32Array;

    constructor(
        readonly store: GrantStore,
        /** The grant bits of each row set held (`grants`), in Specify's order. */
        readonly bits: readonly Uint32Array[],
        /** The combination of the row sets held, by index in the store. */
        readonly combination: number
    ) {
        this.b0 = bits[0] ?? NO_BITS;
        this.b1 = bits[1] ?? NO_BITS;
        this.b2 = bits[2] ?? NO_BITS;
        this.b3 = bits[3] ?? NO_BITS;
    }

    /** The grant bits of the `segment`-th row set held. */
    bitsAt(segment: number): Uint32Array {
        switch (segment) {
            case 0:
                return this.b0;
            case 1:
                return this.b1;
            case 2:
                return this.b2;
            case 3:
                return this.b3;
            default:
                return this.bits[segment]!;
        }
    }
}

/** What a probe is made of (GrantStore.parts), for a class that is a probe and more. */
export interface ProbeParts {
    readonly bits: readonly Uint32Array[];
    readonly combination: number;
}

/**
 * What a rule's conditions are matched against: the engine's store and the combination of row sets
 * the asking session holds, at its own level and at institution level (for resources Specify
 * checks there). A session is one (compile.ts CompiledSession declares these fields first), and is
 * asked as it is: nothing is written per question.
 */
export interface GrantQuestion {
    readonly store: GrantStore;
    readonly combination: number;
    readonly institutionCombination: number;
}

/**
 * A rule's conditions: its answer bit (in a combination's row of resource-action pairs, or of
 * fields for a field's `update`), and where Specify checks it.
 */
interface GrantConditions {
    readonly answer: number;
    readonly field: boolean;
    readonly institutionLevel: boolean;
}

type GrantCaslAbility = Ability<[string, string], GrantConditions>;

const ACTIONS = vocabulary.actionsMatching('%');
/** How many (resource, action) rules the vocabulary has (`grantRule` numbers them from 0). */
export const VOCABULARY_RULES = vocabulary.size * ACTIONS.length;

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

/** The grant bits of no row set: a probe's fields for the row sets it does not hold (never read). */
const NO_BITS = new Uint32Array(WORDS);

const ACTION_IDS = new Map(ACTIONS.map((action, id) => [action, id]));

/**
 * The resource-action pairs the yes/no ability has a rule for (each resource's own actions; not
 * tool groups or derived resources), by answer bit: the rule index of each. Fields have their own
 * row, answer bit = field id.
 */
const PAIR_RULES: readonly number[] = (() => {
    const pairs: number[] = [];
    for (const resource of vocabulary.resourcesMatching('%')) {
        const route = vocabulary.route(resource)!;
        if (route.toolTables || route.derivedFrom) continue;
        ACTIONS.forEach((action, actionId) => {
            if (route.actions.has(action)) pairs.push(ruleIndex(route.id, actionId));
        });
    }
    return pairs;
})();
const PAIR_WORDS = (PAIR_RULES.length + 31) >>> 5;
const FIELD_WORDS = (FIELDS.length + 31) >>> 5;

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

/** The rule of a vocabulary resource (route id) and action (key), for `grantsAt` (and the profile's cell table, rule-cells.ts). */
export function grantRule(routeId: number, action: string): number {
    return ruleIndex(routeId, ACTION_IDS.get(action)!);
}

/** The rule of a field's `update` (a key from `fieldRequest`), for `grantsAt`. */
export function fieldRule(field: string): number {
    return VOCABULARY_RULES + FIELD_IDS.get(field)!;
}

/**
 * Whether the `segment`-th row set of a probe grants a rule (`grantRule`, `fieldRule`): one word of
 * that row set's grant bits (the bits of a role's row set, which many sessions share, stay warm).
 */
export function grantsAt(probe: GrantProbe, segment: number, rule: number): boolean {
    return ((probe.bitsAt(segment)[rule >>> 5]! >>> (rule & 31)) & 1) !== 0;
}

function grantMatcher(conditions: GrantConditions): MatchConditions {
    const word = conditions.answer >>> 5;
    const bit = conditions.answer & 31;
    const { field, institutionLevel } = conditions;
    // One function for every rule (only what it closes over differs), so that V8 can inline it where CASL calls it.
    const test = (question: GrantQuestion): boolean =>
        field
            ? ((question.store.combinationFieldBits[question.combination * FIELD_WORDS + word]! >>> bit) & 1) !== 0
            : ((question.store.combinationBits[(institutionLevel ? question.institutionCombination : question.combination) * PAIR_WORDS + word]! >>> bit) & 1) !== 0;
    return test as MatchConditions;
}

let shared: GrantCaslAbility | undefined;

/**
 * The one yes/no ability: its rules depend only on the vocabulary, so every engine shares it: a
 * rule per resource and each action Specify defines for it (the questions Specify asks; a few
 * thousand small objects that a question walks through, so no more than those), and per field's
 * `update`. Tool groups and derived resources have no rule (Specify answers them from other
 * resources: `decide` does), nor do other spellings of a resource or action (the caller looks up
 * the vocabulary's key), nor an action the resource does not define (`decide` answers it, from the
 * same grant bits: they cover every action of the vocabulary).
 */
function grantAbility(): GrantCaslAbility {
    if (!shared) {
        const rules: { action: string; subject: string; conditions: GrantConditions }[] = [];
        for (const resource of vocabulary.resourcesMatching('%')) {
            const route = vocabulary.route(resource)!;
            if (route.toolTables || route.derivedFrom) continue;
            const institutionLevel = route.checkLevel === 'institution';
            ACTIONS.forEach((action, actionId) => {
                // Answer bits in PAIR_RULES' order, which walks the same pairs.
                if (route.actions.has(action)) rules.push({ action, subject: resource, conditions: { answer: rules.length, field: false, institutionLevel } });
            });
        }
        FIELDS.forEach((field, id) => rules.push({ action: FIELD_ACTION, subject: field, conditions: { answer: id, field: true, institutionLevel: false } }));
        shared = new Ability<[string, string], GrantConditions>(rules, { conditionsMatcher: grantMatcher });
        // CASL builds an entry's rule list on its first lookup: all of them now, once.
        for (const rule of rules) shared.possibleRulesFor(rule.action, rule.subject);
    }
    return shared;
}

/**
 * The grant bits of one engine's row sets (by shape) and of the combinations of row sets its
 * sessions hold, each laid out for the question that reads it:
 * - a combination's bits (the union of its row sets': users who hold the same roles share one, so a
 *   few thousand cover tens of thousands of sessions) are a row in one flat table, as a bitset per
 *   session is, holding only the answer bits of the ability's rules (PAIR_WORDS words), and the
 *   fields' `update` in a second table (FIELD_WORDS words): a yes/no reads one word of its
 *   combination's row, a table of a few hundred kilobytes that stays in cache; a new combination is
 *   appended whole;
 * - and one array per row set (WORDS words, every rule of the vocabulary and every field), for
 *   decide, which asks which of a session's few row sets grant one rule, and for the profile, which
 *   reads every rule of one row set. (They were once also kept rule by rule, a bit per row set, so
 *   that a session's row sets were a word apart: writing a new row set's thousands of bits across
 *   that table cost a new user more than decide gained.)
 */
export class GrantStore {
    /** Per combination, the answer bits of the ability's resource-action rules (PAIR_WORDS words each). */
    combinationBits = new Uint32Array(PAIR_WORDS * 16);
    /** Per combination, the answer bits of the fields' `update` rules (FIELD_WORDS words each). */
    combinationFieldBits = new Uint32Array(FIELD_WORDS * 16);
    private readonly rowSets = new Map<number, number>();
    private readonly bits: Uint32Array[] = [];
    /** By the sorted indexes of their row sets. */
    private readonly combinations = new Map<string, number>();
    /** The block new row sets' grant bits are taken from, and how many it holds. */
    private block = new Uint32Array(0);
    private blockUsed = ROW_SETS_PER_BLOCK;

    /** The empty combination, whose bits grant nothing. */
    nothing(): number {
        return this.parts([]).combination;
    }

    /** What the probe of these row sets is made of (shape ids from AbilityInterner, with their rows). */
    parts(rowSets: readonly { readonly shape: number; readonly rows: readonly StoredPolicy[] }[]): ProbeParts {
        const indexes = Int32Array.from(rowSets, ({ shape, rows }) => this.indexOf(shape, rows));
        const bits = Array.from(indexes, (index) => this.bits[index]!);
        return { bits, combination: this.combinationOf(indexes, bits) };
    }

    private indexOf(shape: number, rows: readonly StoredPolicy[]): number {
        let index = this.rowSets.get(shape);
        if (index === undefined) {
            index = this.bits.length;
            const bits = this.newRowSetBits();
            writeGrantBits(rows, bits);
            this.bits.push(bits);
            this.rowSets.set(shape, index);
        }
        return index;
    }

    /** Zeroed room for a row set's grant bits (WORDS words): a view of a block shared by 32 row sets, one allocation for many new row sets. */
    private newRowSetBits(): Uint32Array {
        if (this.blockUsed === ROW_SETS_PER_BLOCK) {
            this.block = new Uint32Array(WORDS * ROW_SETS_PER_BLOCK);
            this.blockUsed = 0;
        }
        const start = WORDS * this.blockUsed++;
        return this.block.subarray(start, start + WORDS);
    }

    /** The combination of these row sets, its grant bits set on first sight from their union. */
    private combinationOf(indexes: Int32Array, bits: readonly Uint32Array[]): number {
        const sorted = Int32Array.from(indexes).sort();
        let key = '';
        for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) key += `${sorted[i]},`;
        let combination = this.combinations.get(key);
        if (combination === undefined) {
            combination = this.combinations.size;
            const union = UNION.fill(0);
            for (const rowSetBits of bits) for (let w = 0; w < WORDS; w++) union[w]! |= rowSetBits[w]!;
            // Written in place, in a row of zeros (each combination's row is written once).
            const pairs = (this.combinationBits = withRoom(this.combinationBits, combination, PAIR_WORDS));
            const pairsAt = combination * PAIR_WORDS;
            for (let answer = 0; answer < PAIR_RULES.length; answer++) {
                const rule = PAIR_RULES[answer]!;
                if ((union[rule >>> 5]! >>> (rule & 31)) & 1) pairs[pairsAt + (answer >>> 5)]! |= 1 << (answer & 31);
            }
            // The fields' rules are the last ones, in field order: their bits, shifted to start at bit 0.
            const fields = (this.combinationFieldBits = withRoom(this.combinationFieldBits, combination, FIELD_WORDS));
            const fieldsAt = combination * FIELD_WORDS;
            const first = VOCABULARY_RULES >>> 5;
            const shift = VOCABULARY_RULES & 31;
            for (let w = 0; w < FIELD_WORDS; w++) {
                const low = union[first + w]! >>> shift;
                fields[fieldsAt + w] = shift === 0 ? low : low | ((union[first + w + 1] ?? 0) << (32 - shift));
            }
            this.combinations.set(key, combination);
        }
        return combination;
    }
}

/** Row sets whose grant bits share one allocation (GrantStore.newRowSetBits). */
const ROW_SETS_PER_BLOCK = 32;

/** The union of a new combination's row sets' grant bits, reused (JavaScript runs one call at a time). */
const UNION = new Uint32Array(WORDS);

/** The table, or a copy twice as long when it has no room for row `index` of `width` words (rows past those written are zeros). */
function withRoom(table: Uint32Array<ArrayBuffer>, index: number, width: number): Uint32Array<ArrayBuffer> {
    if ((index + 1) * width <= table.length) return table;
    const grown = new Uint32Array(Math.max(table.length * 2, (index + 1) * width));
    grown.set(table);
    return grown;
}

/** A row set's grant bits: the union of its rows' (`rowGrantBits`). */
function writeGrantBits(rows: readonly StoredPolicy[], bits: Uint32Array): void {
    for (const row of rows) {
        const words = rowGrantBits(row.resource, row.action);
        for (let i = 0; i < words.length; i += 2) bits[words[i]!]! |= words[i + 1]!;
    }
}

/**
 * By resource pattern, then action pattern (as stored): the grant bits one row with these patterns
 * sets, as the words that are not zero, each as its index and its bits. A pure function of the two
 * strings and the registry, kept for the process as the vocabulary keeps its expansions: roles of
 * Specify's library and their customised copies share most patterns, so a new row set (a new
 * user's own rows, a role's rows in another shape) is mostly a few words or'ed in per row, not its
 * patterns expanded over the vocabulary again.
 */
const rowBits = new Map<string, Map<string, Uint32Array>>();

function rowGrantBits(resource: string, action: string): Uint32Array {
    const byAction = innerMap(rowBits, resource);
    let words = byAction.get(action);
    if (!words) {
        words = nonZeroWords(expandedGrantBits(resource, action));
        byAction.set(action, words);
    }
    return words;
}

/** One row's grant bits: one per (resource, action) rule it grants, expanded as `createPolicyAbility` expands it. */
function expandedGrantBits(resource: string, action: string): Uint32Array {
    const bits = new Uint32Array(WORDS);
    const actionIds = vocabulary.actionsMatching(action).map((name) => ACTION_IDS.get(name)!);
    for (const name of vocabulary.resourcesMatching(resource)) {
        const routeId = vocabulary.route(name)!.id;
        for (const actionId of actionIds) {
            const rule = ruleIndex(routeId, actionId);
            bits[rule >>> 5]! |= 1 << (rule & 31);
        }
    }
    if (like(FIELD_ACTION, action)) {
        for (const id of fieldsMatching(resource)) {
            const rule = VOCABULARY_RULES + id;
            bits[rule >>> 5]! |= 1 << (rule & 31);
        }
    }
    return bits;
}

/** The words of `bits` that are not zero, as pairs: index, bits. */
function nonZeroWords(bits: Uint32Array): Uint32Array {
    let count = 0;
    for (let w = 0; w < bits.length; w++) if (bits[w] !== 0) count++;
    const words = new Uint32Array(count * 2);
    let at = 0;
    for (let w = 0; w < bits.length; w++) {
        if (bits[w] === 0) continue;
        words[at++] = w;
        words[at++] = bits[w]!;
    }
    return words;
}

/**
 * Whether the question's combination of row sets grants `action` on `resource`, as CASL's `can`
 * finds it: the rule CASL indexes under the action and the resource (its subject type), and whether
 * its conditions match the question (GrantQuestion: the institution combination is read for
 * resources Specify checks at institution level). Undefined when the ability has no rule under
 * these exact keys (another spelling, a tool group, a derived resource, a name Specify does not
 * define): the caller decides those another way.
 */
export function grantCan(question: GrantQuestion, action: string, resource: string): boolean | undefined {
    const rules = grantAbility().possibleRulesFor(action, resource);
    return rules.length === 0 ? undefined : rules[0]!.matchesConditions(question as never);
}
