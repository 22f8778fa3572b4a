/**
 * compile(model) → PolicyEngine: decisions as Specify 7 makes them (semantics.md §2), evaluated
 * through CASL abilities that are built lazily per row set and shared between users whose row sets
 * have the same patterns. A session's yes/no asks the one ability every engine shares
 * (grant-ability.ts), with the session as the subject; a decision asks the row sets' own abilities,
 * only those whose grant bits hold the request, for the rows that grant it, once per row-set shape
 * and request (rule-rows.ts keeps the answer).
 */
import { ModelIndex, COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type StoredPolicy } from '../model/stored.js';
import type { PolicyModel, User } from '../model/policy-model.js';
import { registry } from '../registry/registry.js';
import { AbilityInterner } from './ability-interner.js';
import { FIELD_ACTION, fieldRequest, fieldRule, grantCan, GrantProbe, grantRule, grantsAt, GrantStore, type GrantQuestion, type ProbeParts } from './grant-ability.js';
import type { CollectionAccess, DecideOptions, Decision, DecisionMode, DecisionQuery } from './decision.js';
import { likeSubjectOf } from './like-buckets.js';
import type { LikeRequest } from './like-conditions-matcher.js';
import { offsetOf, type PolicyAbility } from './policy-ability.js';
import type { HeldRowsView, PolicyEngine, PolicySession } from './policy-engine.js';
import { QueryError } from './query-error.js';
import { RuleRows, type HeldSegments } from './rule-rows.js';
import { checkHeldNames, checkPlace, checkRequest, collectionNamed, userNamed } from './query-names.js';
import { RESERVED } from './reserved-names.js';
import { vocabulary, type ResourceRoute } from './vocabulary.js';

export function compile(model: PolicyModel | ModelIndex): PolicyEngine {
    return new CompiledPolicy(model instanceof ModelIndex ? model : new ModelIndex(model));
}

const NONE: readonly StoredPolicy[] = Object.freeze([]);

/**
 * The rows that count for one user at one level, and the (possibly shared) abilities over them. It
 * is itself the yes/no subject of these rows (a GrantProbe: the row sets' grant bits and their
 * combination), so that decide reads one object for both.
 */
class HeldRows extends GrantProbe implements HeldSegments, HeldRowsView {
    // What a decision reads comes first, next to the probe's fields, in the order it reads them:
    // the number of segments, the collection gate, the first three segments' shape ids and rows (as
    // the probe keeps the first row sets'; most sessions hold 1 to 3 here), and the rows at
    // institution level. A random decision meets this object cold, and these spare it reads of
    // arrays and maps elsewhere.
    readonly count: number;
    /** `access.allowed`, read here (the access object is elsewhere in memory). */
    gateOpen = false;
    /** The collection gate, computed once per user and collection. */
    access: CollectionAccess | undefined;
    private readonly s0: number;
    private readonly g0: readonly StoredPolicy[];
    private readonly s1: number;
    private readonly g1: readonly StoredPolicy[];
    private readonly s2: number;
    private readonly g2: readonly StoredPolicy[];
    /** In a collection, the same user's rows at institution level (for the resources checked there). */
    institution: HeldRows | undefined;
    /** Non-empty row sets in Specify's order. */
    readonly segments: readonly (readonly StoredPolicy[])[];
    /**
     * The fast-rule ability of each segment, shared by every row set with the same patterns: a role's
     * rows in one ability for all who hold it, so a few abilities answer most questions and stay warm.
     */
    readonly abilities: readonly PolicyAbility[];
    /** Each segment's shape id (AbilityInterner), by which RuleRows keeps the rows that grant a rule. */
    readonly shapes: Int32Array;
    /** One ability over all the segments (slots index the segments), built only when asked for. */
    combined: PolicyAbility | undefined;
    /** The slow-path ability of each segment, fetched on the first request outside the vocabulary. */
    private like: readonly PolicyAbility[] | undefined;
    /** Where the slow-path abilities come from. */
    private readonly interner: AbilityInterner;

    constructor(
        store: GrantStore,
        parts: ProbeParts,
        segments: readonly (readonly StoredPolicy[])[],
        abilities: readonly PolicyAbility[],
        shapes: Int32Array,
        interner: AbilityInterner
    ) {
        super(store, parts.bits, parts.combination);
        this.count = segments.length;
        this.s0 = shapes[0] ?? 0;
        this.s1 = shapes[1] ?? 0;
        this.s2 = shapes[2] ?? 0;
        this.g0 = segments[0] ?? NONE;
        this.g1 = segments[1] ?? NONE;
        this.g2 = segments[2] ?? NONE;
        this.segments = segments;
        this.abilities = abilities;
        this.shapes = shapes;
        this.interner = interner;
    }

    shapeAt(segment: number): number {
        return segment === 0 ? this.s0 : segment === 1 ? this.s1 : segment === 2 ? this.s2 : this.shapes[segment]!;
    }

    rowsAt(segment: number): readonly StoredPolicy[] {
        return segment === 0 ? this.g0 : segment === 1 ? this.g1 : segment === 2 ? this.g2 : this.segments[segment]!;
    }

    /** One ability over all the segments, built on first read: a profile reads the segments' own abilities, which other holders share. */
    get ability(): PolicyAbility {
        return (this.combined ??= this.interner.abilityFor(this.segments));
    }

    abilityAt(segment: number): PolicyAbility {
        return this.abilities[segment]!;
    }

    likeAbilityAt(segment: number): PolicyAbility {
        return this.likeAbilities()[segment]!;
    }

    /** The slow-path ability of each segment, shared by row sets of one shape. */
    likeAbilities(): readonly PolicyAbility[] {
        return (this.like ??= this.segments.map((rows) => this.interner.likeAbilityFor(rows)));
    }
}

const NO_NOTES: readonly string[] = Object.freeze([]);
const accessRoute = vocabulary.route(COLLECTION_ACCESS_RESOURCE);

class CompiledPolicy implements PolicyEngine {
    private readonly interner = new AbilityInterner();
    /** The grant bits of each row-set shape met (grant-ability.ts). */
    private readonly grantStore = new GrantStore();
    /** The rows of each row-set shape that grant a rule (a vocabulary request, a field's update), found through its abilities once. */
    private readonly ruleRows = new RuleRows();
    private readonly institutionHeld = new Map<User, HeldRows>();
    private readonly collectionHeld = new Map<User, Map<string, HeldRows>>();
    /** By user name, then collection name ('' at institution level: no collection is named ''). */
    private readonly sessions = new Map<string, Map<string, CompiledSession>>();

    constructor(readonly index: ModelIndex) {}

    session(userName: string, collection?: string): PolicySession {
        return this.sessionFor(userName, collection);
    }

    can(query: DecisionQuery, options?: DecideOptions): boolean {
        if (options !== undefined) return this.decide(query, options).allowed;
        checkShape(query);
        return this.sessionFor(query.user, query.collection).can(query.resource, query.action);
    }

    private sessionFor(userName: string, collection: string | undefined): CompiledSession {
        let byPlace = this.sessions.get(userName);
        let session = byPlace?.get(collection ?? '');
        if (session) return session;
        if (typeof userName !== 'string') throw new QueryError('bad-query', 'A session needs a user name as a string.');
        checkPlace(collection === undefined ? { institution: true } : { collection }, 'a session');
        const user = userNamed(this.index, userName);
        const institution = this.institutionRows(user);
        const inCollection = collection === undefined ? undefined : this.collectionRows(user, collectionNamed(this.index, collection));
        session = new CompiledSession(this, user, collection, institution, inCollection);
        if (!byPlace) this.sessions.set(userName, (byPlace = new Map()));
        byPlace.set(collection ?? '', session);
        return session;
    }

    decide(query: DecisionQuery, options?: DecideOptions): Decision {
        const mode = modeOf(options);
        checkShape(query);
        // A session made earlier for this user and place has checked their names and holds their
        // rows: asked by two names, as `can` asks it, instead of resolving user, collection and
        // held rows again (five lookups, each a likely cache miss in a large institution).
        const session = this.sessions.get(query.user)?.get(query.collection ?? '');
        if (session) {
            if (options?.unknownNames === 'refuse') checkRequest(query.resource, query.action);
            return session.decideQuery(query, mode);
        }
        const user = userNamed(this.index, query.user);
        const collection = query.collection === undefined ? undefined : collectionNamed(this.index, query.collection);
        if (options?.unknownNames === 'refuse') checkRequest(query.resource, query.action);
        return this.decideFor(query, user, collection, collection === undefined ? undefined : this.collectionRows(user, collection), mode);
    }

    /** A checked query about resolved names; `inCollection` is the user's held rows in `collection`. */
    decideFor(query: DecisionQuery, user: User, collection: string | undefined, inCollection: HeldRows | undefined, mode: DecisionMode): Decision {
        const enforce = mode === 'enforce';
        const route = vocabulary.route(query.resource);
        const action = vocabulary.action(query.action);
        if (enforce && route?.toolTables) return this.decideTool(query, user, collection, route, route.toolTables, action);
        const derivedFrom = enforce ? route?.derivedFrom : undefined;
        const atInstitution = collection === undefined || derivedFrom !== undefined || (enforce && route?.checkLevel === 'institution');
        const held = !atInstitution ? inCollection! : (inCollection?.institution ?? this.institutionRows(user));
        const matches = derivedFrom
            ? this.check(held, derivedFrom, derivedFrom.resource, query.action, action)
            : this.check(held, route, query.resource, query.action, action);
        const granted = matches.length > 0;
        const notes = notesFor(query, route, action, enforce, collection !== undefined);
        const level = atInstitution ? 'institution' : 'collection';
        if (!enforce || !inCollection) {
            return { allowed: granted, query, level, matches, reason: granted ? 'granted' : 'no-matching-policy', notes };
        }
        const access = this.collectionAccess(inCollection);
        const reason = !inCollection.gateOpen ? 'no-collection-access' : granted ? 'granted' : 'no-matching-policy';
        return { allowed: reason === 'granted', query, level, matches, collectionAccess: access, reason, notes };
    }

    /**
     * A `/tools/<name>` request in `enforce` mode, as Specify's UI answers it (`hasToolPermission`):
     * the action on every table of the tool, each where the server checks that table; allowed only
     * when all allow it and the gate passes. Matches are the tables' rows, table by table, each row once.
     */
    private decideTool(
        query: DecisionQuery,
        user: User,
        collection: string | undefined,
        route: ResourceRoute,
        tables: readonly ResourceRoute[],
        action: string | undefined
    ): Decision {
        const inCollection = collection === undefined ? undefined : this.collectionRows(user, collection);
        let matches: StoredPolicy[] | undefined;
        let missing: string[] | undefined;
        let atCollection = false;
        for (const table of tables) {
            const atInstitution = !inCollection || table.checkLevel === 'institution';
            if (!atInstitution) atCollection = true;
            const held = atInstitution ? (inCollection?.institution ?? this.institutionRows(user)) : inCollection!;
            const granting = this.check(held, table, table.key, query.action, action);
            if (granting.length === 0) (missing ??= []).push(table.resource);
            for (const row of granting) if (!matches?.includes(row)) (matches ??= []).push(row);
        }
        const notes = toolNotes(query, route, tables, missing);
        const level = atCollection ? 'collection' : 'institution';
        const policyReason = missing ? 'no-matching-policy' : 'granted';
        if (!inCollection) return { allowed: !missing, query, level, matches: matches ?? NONE, reason: policyReason, notes };
        const access = this.collectionAccess(inCollection);
        const reason = access.allowed ? policyReason : 'no-collection-access';
        return { allowed: reason === 'granted', query, level, matches: matches ?? NONE, collectionAccess: access, reason, notes };
    }

    abilityFor(userName: string, collection?: string): PolicyAbility {
        return this.heldRows(userName, collection).ability;
    }

    heldRows(userName: string, collection?: string): HeldRowsView {
        const user = userNamed(this.index, userName);
        // The held rows are their own view: nothing is made per call.
        return collection === undefined ? this.institutionRows(user) : this.collectionRows(user, collectionNamed(this.index, collection));
    }

    /** Institution level: only the user's institution rows (Specify's `collection_id = NULL` never matches). */
    private institutionRows(user: User): HeldRows {
        let held = this.institutionHeld.get(user);
        if (!held) {
            held = this.hold(this.index.institutionRows(user));
            this.institutionHeld.set(user, held);
        }
        return held;
    }

    /** In a collection: institution rows, the user's rows there, and the rows of the roles held there. */
    private collectionRows(user: User, collection: string): HeldRows {
        let byCollection = this.collectionHeld.get(user);
        if (!byCollection) {
            byCollection = new Map();
            this.collectionHeld.set(user, byCollection);
        }
        let held = byCollection.get(collection);
        if (!held) {
            // Checked until it passes: nothing is cached for a question that is refused.
            checkHeldNames(this.index, user, collection);
            held = this.hold(
                this.index.institutionRows(user),
                this.index.collectionUserRows(user, collection),
                ...this.index.rolesHeld(user, collection).map((role) => this.index.roleRows(role, collection))
            );
            held.institution = this.institutionRows(user);
            byCollection.set(collection, held);
        }
        return held;
    }

    private hold(...sets: (readonly StoredPolicy[])[]): HeldRows {
        const segments = sets.filter((rows) => rows.length > 0);
        const abilities = segments.map((rows) => this.interner.segmentAbility(rows));
        const shapes = Int32Array.from(segments, (rows) => this.interner.shapeId(rows));
        const parts = this.grantStore.parts(segments.map((rows, segment) => ({ shape: shapes[segment]!, rows })));
        return new HeldRows(this.grantStore, parts, segments, abilities, shapes, this.interner);
    }

    /** The gate, from the rows held in the collection; computed once per user and collection. */
    collectionAccess(held: HeldRows): CollectionAccess {
        if (!held.access) {
            // Shared by every decision in this collection, so nobody may change it.
            const matches = this.check(held, accessRoute, COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_ACTION);
            held.access = Object.freeze({ allowed: matches.length > 0, matches: Object.freeze(matches) });
            held.gateOpen = held.access.allowed;
        }
        return held.access;
    }

    /**
     * `resource LIKE pattern AND action LIKE pattern` over the held rows, through CASL: vocabulary
     * requests look up their exact rules, any other request is the subject of the LIKE rules.
     * CASL lists rules last-defined first, so walking backwards gives Specify's row order. The
     * rows that match, in that order; none when the request is not granted (a granting row set has
     * a rule for it, and every rule has its row).
     */
    private check(held: HeldRows, route: ResourceRoute | undefined, resource: string, action: string, actionKey: string | undefined): readonly StoredPolicy[] {
        let matches: StoredPolicy[] | undefined;
        if (route && actionKey !== undefined) {
            const rule = grantRule(route.id, actionKey);
            const count = held.count;
            for (let segment = 0; segment < count; segment++) {
                // A segment whose rows do not grant it has no rule for the request: its ability is not asked.
                if (!grantsAt(held, segment, rule)) continue;
                // Fast rules have no conditions: every rule CASL has for the request matches it. Which
                // rows those are is the same for every row set of the segment's shape: kept by RuleRows.
                matches = this.ruleRows.push(matches, held, segment, rule, actionKey, route.key);
            }
            return matches ?? NONE;
        }
        // Outside the vocabulary: each row set's LIKE rules, row sets in Specify's order. A field's
        // update skips the row sets whose grant bits say they have no row for it, and the rows of
        // those that grant it are, like a vocabulary request's, the same for every row set of a shape.
        const request: LikeRequest = { resource, action };
        const field = fieldRequest(resource, action);
        if (field !== undefined) {
            const rule = fieldRule(field);
            const count = held.count;
            for (let segment = 0; segment < count; segment++) {
                if (grantsAt(held, segment, rule)) matches = this.ruleRows.pushField(matches, held, segment, rule, request);
            }
            return matches ?? NONE;
        }
        const { segments } = held;
        const subject = likeSubjectOf(resource);
        const likeAbilities = held.likeAbilities();
        for (let segment = 0; segment < likeAbilities.length; segment++) {
            // What `can` would ask: the rules for the request's subject, and whether one matches
            // (none is inverted); each is asked once, and every match kept.
            const rules = likeAbilities[segment]!.rulesFor(RESERVED.likeAction, subject);
            const rows = segments[segment]!;
            for (let i = rules.length - 1; i >= 0; i--) {
                const rule = rules[i]!;
                if (!rule.matchesConditions(request)) continue;
                (matches ??= []).push(rows[offsetOf(rule.origin)]!);
            }
        }
        return matches ?? NONE;
    }
}

/**
 * A session answers vocabulary requests (a registry resource and action, not a tool group or a
 * derived resource) from its abilities directly, after the collection gate; anything else, and any
 * question with options, goes through the engine's `decide`.
 *
 * The session is itself the subject the yes/no ability's rules are matched against (a
 * GrantQuestion: the store and its combinations), so a question writes nothing.
 * What a yes/no reads is declared first, so that it lies right after the object's header, which
 * the call reads anyway: a random question's one unavoidable cache miss is its session object. (The
 * fields are declared and assigned one by one: TypeScript emits a constructor's parameter
 * properties before the class's own fields, which had put them last, across a cache line.)
 */
class CompiledSession implements PolicySession, GrantQuestion {
    readonly store: GrantStore;
    /**
     * The combination of row sets the session asks at (GrantProbe.combination): its collection's
     * rows, or the institution's; a session whose collection gate is closed asks the empty
     * combination, which grants nothing, as decide says of every question there.
     */
    readonly combination: number;
    /** The same for resources Specify checks at institution level. */
    readonly institutionCombination: number;
    /** Who and where, for decide. */
    private readonly engine: CompiledPolicy;
    private readonly declared: User;
    readonly user: string;
    readonly collection: string | undefined;
    private readonly inCollection: HeldRows | undefined;

    constructor(engine: CompiledPolicy, declared: User, collection: string | undefined, institution: GrantProbe, inCollection: HeldRows | undefined) {
        const store = institution.store;
        const open = inCollection === undefined || engine.collectionAccess(inCollection).allowed;
        const closed = open ? 0 : store.nothing();
        this.store = store;
        this.combination = open ? (inCollection ?? institution).combination : closed;
        this.institutionCombination = open ? institution.combination : closed;
        this.engine = engine;
        this.declared = declared;
        this.user = declared.name;
        this.collection = collection;
        this.inCollection = inCollection;
    }

    can(resource: string, action: string, options?: DecideOptions): boolean {
        if (options === undefined && typeof resource === 'string' && typeof action === 'string') {
            const exact = grantCan(this, action, resource);
            if (exact !== undefined) return exact;
            // Another spelling of a vocabulary request or a field's update: asked by its keys.
            const route = vocabulary.route(resource);
            const key = route && !route.toolTables && !route.derivedFrom ? vocabulary.action(action) : undefined;
            const asked = key === undefined ? undefined : grantCan(this, key, route!.key);
            if (asked !== undefined) return asked;
            const field = fieldRequest(resource, action);
            if (field !== undefined) return grantCan(this, FIELD_ACTION, field) === true;
        }
        return this.decide(resource, action, options).allowed;
    }

    /** The engine's `decide` of a checked query about this session's user and place. */
    decideQuery(query: DecisionQuery, mode: DecisionMode): Decision {
        const { engine, declared, collection, inCollection } = this;
        return engine.decideFor(query, declared, collection, inCollection, mode);
    }

    decide(resource: string, action: string, options?: DecideOptions): Decision {
        const mode = modeOf(options);
        // The user and the place are the session's own, checked when it was made: only the request's
        // shape is new (reading the user's name again would be a cache miss on most random decisions).
        if (typeof resource !== 'string' || typeof action !== 'string') throw new QueryError('bad-query', 'A query needs user, resource and action as strings.');
        const { engine, declared, user, collection, inCollection } = this;
        const query: DecisionQuery = collection === undefined ? { user, institution: true, resource, action } : { user, collection, resource, action };
        if (options?.unknownNames === 'refuse') checkRequest(resource, action);
        return engine.decideFor(query, declared, collection, inCollection, mode);
    }
}

/** The mode asked for, refusing anything but `enforce` and `query`. */
function modeOf(options: DecideOptions | undefined): DecisionMode {
    const mode = options?.mode ?? 'enforce';
    if (mode !== 'enforce' && mode !== 'query') throw new QueryError('bad-query', `Unknown decision mode ${String(mode)}.`);
    return mode;
}

/** Refuses malformed queries before any name is looked up. */
function checkShape(query: DecisionQuery): void {
    if (typeof query !== 'object' || query === null) throw new QueryError('bad-query', 'A query must be an object.');
    if (typeof query.user !== 'string' || typeof query.resource !== 'string' || typeof query.action !== 'string') {
        throw new QueryError('bad-query', 'A query needs user, resource and action as strings.');
    }
    checkPlace(query);
}

/** Why the answer may surprise: the level it ran at, or a name Specify does not know. */
function notesFor(
    query: DecisionQuery,
    route: ResourceRoute | undefined,
    action: string | undefined,
    enforce: boolean,
    inCollection: boolean
): readonly string[] {
    // A data-model field's update is a resource and action Specify defines: no note, and no registry entry built.
    if (!route) return fieldRequest(query.resource, query.action) !== undefined ? NO_NOTES : unknownResourceNotes(query);
    const levelNotes = routeNotes(route, enforce, inCollection);
    if (action !== undefined && route.actions.has(action)) return levelNotes;
    return [...levelNotes, `${route.resource} has no action ${query.action} in Specify 7.`];
}

/** The tool rule of Specify's UI, naming the tables that do not allow the action; and an unknown action. */
function toolNotes(query: DecisionQuery, route: ResourceRoute, tables: readonly ResourceRoute[], missing: readonly string[] | undefined): string[] {
    const names = tables.map((table) => table.resource).join(', ');
    const lacking = missing ? `; ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not.` : '.';
    const notes = [`Specify's UI grants ${route.resource} ${query.action} only when every one of its tables (${names}) allows it${lacking}`];
    if (!route.actions.has(query.action.toLowerCase())) notes.push(`${route.resource} has no action ${query.action} in Specify 7.`);
    return notes;
}

/** By route id, mode and level: four slots per route. */
const routeNoteCache: (readonly string[] | undefined)[] = new Array(vocabulary.size * 4);

/** Notes that depend only on the resource, the mode and the level asked; built once each. */
function routeNotes(route: ResourceRoute, enforce: boolean, inCollection: boolean): readonly string[] {
    const slot = route.id * 4 + (enforce ? 2 : 0) + (inCollection ? 1 : 0);
    let notes = routeNoteCache[slot];
    if (!notes) {
        const list: string[] = [];
        if (route.derivedFrom) {
            list.push(
                enforce
                    ? `${route.resource} is never stored: Specify's UI grants it when ${route.derivedFrom.resource} is granted at institution level.`
                    : `${route.resource} is never stored, so the raw query matches it only against wildcard patterns.`
            );
        } else if (route.checkLevel === 'institution' && inCollection) {
            list.push(
                enforce
                    ? `${route.resource} is checked at institution level (Specify asks with no collection), so roles and collection policies do not count.`
                    : `Specify's raw query counts roles and collection policies for ${route.resource}, but its server checks it at institution level (issue #1291).`
            );
        } else if (route.checkLevel === 'collection' && !inCollection) {
            list.push(`Specify checks ${route.resource} in a collection; at institution level only institution-level policies count.`);
        }
        notes = list.length > 0 ? Object.freeze(list) : NO_NOTES;
        routeNoteCache[slot] = notes;
    }
    return notes;
}

function unknownResourceNotes(query: DecisionQuery): readonly string[] {
    const info = registry.lookup(query.resource);
    if (!info) return [`${query.resource} is not a resource Specify 7 defines; it is matched against the stored patterns as written.`];
    if (!info.actions.some((a) => a.toLowerCase() === query.action.toLowerCase())) return [`${info.resource} has no action ${query.action} in Specify 7.`];
    return NO_NOTES;
}
