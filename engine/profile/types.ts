/**
 * The shapes of a permission profile (every resource and action of Specify's preview for one user,
 * with provenance) and of a who-can answer (every user allowed one action on one resource).
 */
import type { CollectionAccess, Decision, DecisionReason } from '../decision/index.js';
import type { StoredPolicy } from '../model/stored.js';
import type { TableScope } from '../registry/registry.js';
import type { ProfileKind } from './catalog.js';

export type { ProfileKind } from './catalog.js';

/** Whose profile, and where: in a collection (the one the user logs into) or at institution level. */
export type ProfileWhere =
    | { readonly user: string; readonly collection: string; readonly institution?: undefined }
    | { readonly user: string; readonly institution: true; readonly collection?: undefined };

export interface ProfileOptions {
    /** Only these groups (default all four). Tools are computed from their tables either way. */
    readonly kinds?: readonly ProfileKind[];
}

/** One resource × action, answered as `decide` answers it in `enforce` mode. */
export interface ProfileCell {
    readonly action: string;
    readonly allowed: boolean;
    readonly reason: DecisionReason;
    /** Every stored row that matched the policy check, in Specify's order (Decision.matches). */
    readonly matches: readonly StoredPolicy[];
}

/** A `/tools/*` action: allowed only when every table of the tool allows it (Specify's UI rule). */
export interface ToolCell extends ProfileCell {
    /** The tool's tables (`/table/<t>`) that no stored row grants the action on. */
    readonly missingTables: readonly string[];
}

interface EntryBase<K extends ProfileKind, C extends ProfileCell> {
    readonly kind: K;
    /** The registry's spelling. */
    readonly resource: string;
    readonly description: string;
    /** Where the policy check ran: institution-checked resources run at institution level. */
    readonly level: 'collection' | 'institution';
    /** Specify's UI hides it from roles and collection policies (semantics.md §2.4). */
    readonly institutionOnly: boolean;
    /** One per action, in the registry's order. */
    readonly cells: readonly C[];
}

export type OperationEntry = EntryBase<'operation', ProfileCell>;
export type PreferenceEntry = EntryBase<'preference', ProfileCell>;

export interface TableEntry extends EntryBase<'table', ProfileCell> {
    /** Lowercase table name, as in `/table/<name>`. */
    readonly table: string;
    /** Specify's model name, e.g. `CollectionObject`. */
    readonly model: string;
    /** How widely its records are shared; permissions are still checked in the logged-in collection. */
    readonly scope: TableScope;
    /** System tables (and hidden ones) are under "Advanced tables" in Specify's preview. */
    readonly system: boolean;
    readonly tree: boolean;
    /** The `/tools/<name>` group that holds it, if any. */
    readonly tool?: string;
}

export interface ToolEntry extends EntryBase<'tool', ToolCell> {
    /** camelCase tool name, e.g. `queryBuilder`. */
    readonly tool: string;
    /** Its `/table/<t>` resources. */
    readonly tables: readonly string[];
}

export type ProfileEntry = OperationEntry | ToolEntry | TableEntry | PreferenceEntry;

export interface KindSummary {
    readonly resources: number;
    /** Resources with at least one allowed action. */
    readonly resourcesAllowed: number;
    readonly cells: number;
    readonly allowed: number;
    /** Cells a policy grants but the collection gate refuses (the user cannot enter the collection). */
    readonly blocked: number;
}

export interface ProfileSummary extends KindSummary {
    /** Per group. Tools are counted on their own although they are computed from tables. */
    readonly byKind: Readonly<Record<ProfileKind, KindSummary>>;
}

export interface PermissionProfile {
    readonly user: string;
    readonly collection?: string;
    readonly institution?: true;
    /** The `/system/sp7/collection` `access` gate, once for the whole profile (collection profiles only). */
    readonly collectionAccess?: CollectionAccess;
    readonly operations: readonly OperationEntry[];
    readonly tools: readonly ToolEntry[];
    readonly tables: readonly TableEntry[];
    readonly preferences: readonly PreferenceEntry[];
    readonly summary: ProfileSummary;
}

/** Who may do one action on one resource, in a collection or at institution level. */
export type WhoCanQuery =
    | { readonly action: string; readonly resource: string; readonly collection: string; readonly institution?: undefined }
    | { readonly action: string; readonly resource: string; readonly institution: true; readonly collection?: undefined };

export interface WhoCanOptions {
    /** Also list the users a policy grants it to but who cannot enter the collection. */
    readonly blocked?: boolean;
    /**
     * A resource or action Specify 7 does not define: `refuse` (the default; QueryError
     * `unknown-resource` / `unknown-action` with the closest names) or `answer` as `decide` does
     * (a name from a newer Specify).
     */
    readonly unknownNames?: 'refuse' | 'answer';
}

export interface WhoCanEntry {
    readonly user: string;
    /** The user's decision, with every stored row that granted it. */
    readonly decision: Decision;
}

export interface WhoCanAnswer {
    readonly query: WhoCanQuery;
    /** The registry's spelling of the resource asked. */
    readonly resource: string;
    /** Where the policy check ran. */
    readonly level: 'collection' | 'institution';
    /** How many users the workspace declares (each was asked). */
    readonly users: number;
    /** Allowed users, in declaration order. */
    readonly allowed: readonly WhoCanEntry[];
    /** With `blocked: true`: users granted by policy but refused at the collection gate. */
    readonly blocked?: readonly WhoCanEntry[];
    /** One short sentence each, e.g. why the check ran at institution level. */
    readonly notes: readonly string[];
}
