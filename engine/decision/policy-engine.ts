import type { ModelIndex, StoredPolicy } from '../model/stored.js';
import type { DecideOptions, Decision, DecisionQuery } from './decision.js';
import type { PolicyAbility } from './policy-ability.js';

/** A model compiled for decisions. Abilities are built on first use and cached. */
export interface PolicyEngine {
    /** Decides a query; throws QueryError for unknown names or a malformed query. */
    decide(query: DecisionQuery, options?: DecideOptions): Decision;
    /**
     * The CASL ability behind the policy check of a user in a collection (or at institution level
     * when no collection is given): the union of the rows that count there, without the collection
     * gate or the institution-level redirect. It answers vocabulary requests, e.g.
     * `can('read', '/table/agent')` (lowercase names); requests outside the vocabulary are matched
     * by each row set's LIKE rules (`createLikeAbility`), which `decide` asks. Users with identical
     * row patterns share one ability.
     */
    abilityFor(user: string, collection?: string): PolicyAbility;
    /**
     * The same ability with the rows it was built from: the non-empty row sets that count for the
     * user there, in Specify's order (institution rows, the user's collection rows, each role's
     * rows). A rule's `slotOf(rule.origin)` indexes into `segments`, which turns CASL's answer back
     * into the user's own stored rows (abilities are shared, rows are not).
     */
    heldRows(user: string, collection?: string): HeldRowsView;
    /**
     * Yes or no, exactly `decide(query, options).allowed`, without building the answer's
     * provenance: the question a server asks on every request.
     */
    can(query: DecisionQuery, options?: DecideOptions): boolean;
    /**
     * A user logged into a collection (or at institution level): its names resolved and checked
     * once (throws QueryError as decide does), then questions about resources and actions only.
     * Sessions are cached: asking again for the same user and place gives the same object.
     */
    session(user: string, collection?: string): PolicySession;
    readonly index: ModelIndex;
}

/** One user in one place; every answer equals the engine's `decide` for the same question. */
export interface PolicySession {
    readonly user: string;
    /** Undefined at institution level. */
    readonly collection: string | undefined;
    /** `decide(resource, action, options).allowed`, evaluated by CASL without provenance. */
    can(resource: string, action: string, options?: DecideOptions): boolean;
    /** The decision with every stored row that made it, as `PolicyEngine.decide` gives it. */
    decide(resource: string, action: string, options?: DecideOptions): Decision;
}

export interface HeldRowsView {
    /** One ability over all the segments (slots index the segments), built on first read. */
    readonly ability: PolicyAbility;
    readonly segments: readonly (readonly StoredPolicy[])[];
    /**
     * Each segment's own ability (its rules' slots have segment 0), shared by every row set with the
     * same patterns, so it is usually built already.
     */
    readonly abilities: readonly PolicyAbility[];
}
