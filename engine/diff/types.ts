/**
 * The shapes of an effective-permission diff between two versions of a model: for every user and
 * place, the cells of Specify's permission profile (every resource × action, answered as `decide`
 * answers it in `enforce` mode) that one side allows and the other does not, each with the stored
 * rows of the side that allows it. Text never appears here: a reformatted, reordered or renamed
 * workspace that decides the same is an empty diff.
 */
import type { ProfileKind } from '../profile/catalog.js';
import type { Grant } from '../profile/grants.js';
import type { StoredPolicy } from '../model/stored.js';

/**
 * Why a gained cell deserves a reviewer's attention before the rest:
 * - `collection-access`: `/system/sp7/collection` `access` newly allowed (the user can now enter);
 * - `security`: a `/permissions/*` or `/admin/*` resource (who may change permissions and users);
 * - `wildcard-resource`: granted by a row whose resource is `%` (everything, present and future);
 * - `delete`: the `delete` action.
 */
export type EscalationKind = 'collection-access' | 'security' | 'wildcard-resource' | 'delete';

/** One profile cell that changed: allowed on the new side only (`gained`) or on the old side only (`lost`). */
export interface CellChange {
    readonly change: 'gained' | 'lost';
    readonly kind: ProfileKind;
    /** The registry's spelling. */
    readonly resource: string;
    readonly action: string;
    /** Where the policy check ran on the side that allows it (institution-checked resources: institution). */
    readonly level: 'collection' | 'institution';
    /** Gained cells only; empty when the change is not an escalation. */
    readonly escalations: readonly EscalationKind[];
    /** The rows that allow it: the new side's for a gain, the old side's for a loss (a tool: its tables' rows). */
    readonly matches: readonly StoredPolicy[];
    /** The same rows as an admin reads them: holder, template, policy and its place (`grantsOf`). */
    readonly grants: readonly Grant[];
}

/** The changes of one user in one place: a collection (the one logged into) or institution level. */
export interface PlaceDiff {
    readonly collection?: string;
    readonly institution?: true;
    /** Escalations first, then the other gains, then the losses; each group in profile order. */
    readonly changes: readonly CellChange[];
}

export interface UserDiff {
    readonly user: string;
    /** `added`: only the new side declares the user; `removed`: only the old side does. */
    readonly presence: 'both' | 'added' | 'removed';
    /**
     * Institution Admin (the institution-level row `%` / `%` that `Specifyuser.is_admin()` looks
     * for) held on the new side only (`gained`) or the old side only (`lost`). Gaining it is an escalation.
     */
    readonly institutionAdmin?: 'gained' | 'lost';
    /** Gained cells with an escalation, plus one when the user becomes Institution Admin. */
    readonly escalations: number;
    readonly gained: number;
    readonly lost: number;
    /** Institution level first, then collections (the new side's order, then the old side's others). */
    readonly places: readonly PlaceDiff[];
}

export interface DiffSummary {
    /** Users with any change. */
    readonly users: number;
    readonly usersAdded: number;
    readonly usersRemoved: number;
    readonly gained: number;
    readonly lost: number;
    /** Escalated gains, plus each new Institution Admin. */
    readonly escalations: number;
    readonly institutionAdminsGained: readonly string[];
    readonly institutionAdminsLost: readonly string[];
}

/** How much work the diff did: places whose held rows were identical on both sides were never asked. */
export interface DiffWork {
    /** Every (user, place) pair of either side. */
    readonly places: number;
    /** Pairs compared cell by cell (held rows differed and a gate was open on some side). */
    readonly computed: number;
}

export interface ModelDiff {
    /** Users with a change: new Institution Admins first, then those with another escalation, then the rest; by name within each. */
    readonly users: readonly UserDiff[];
    readonly summary: DiffSummary;
    readonly work: DiffWork;
}
