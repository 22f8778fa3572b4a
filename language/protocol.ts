/**
 * spol's own LSP messages: what the editor asks the language server beyond the standard protocol,
 * and the plain-JSON shapes of the answers. The server computes them with the same engine calls as
 * the CLI (language/spol-requests.ts); the VS Code client only shows them (extension/src/).
 *
 * This file is the contract between the two, so it imports nothing: the extension bundles it
 * without pulling in Langium or the engine. Positions are LSP's (zero-based line and character),
 * URIs are the documents' own (`file:///…`).
 */

// ---------------------------------------------------------------------------------------------
// Methods

export namespace SpolMethods {
    /** Request: every name a picker needs (users, collections, roles, library roles, divisions). */
    export const names = 'spol/names';
    /** Request: a user's permission profile in a collection or at institution level, with provenance. */
    export const profile = 'spol/profile';
    /** Request: every user allowed one action on one resource, with what granted it. */
    export const whoCan = 'spol/whoCan';
    /** Request: Specify's Export JSON (or REST bodies, or the whole institution folder) for some roles. */
    export const exportRoles = 'spol/export';
    /**
     * Notification from the server after every rebuild of the workspace: anything shown from an
     * earlier answer (a profile preview, a who-can list) should ask again.
     */
    export const workspaceChanged = 'spol/workspaceChanged';
}

// ---------------------------------------------------------------------------------------------
// Shared shapes

export interface SpolPosition {
    readonly line: number;
    readonly character: number;
}

export interface SpolRange {
    readonly start: SpolPosition;
    readonly end: SpolPosition;
}

/** A place in the workspace's text. */
export interface SpolLocation {
    readonly uri: string;
    readonly range: SpolRange;
}

/** Where a question is asked: in the collection a user is logged into, or at institution level. */
export type SpolWhere = { readonly collection: string; readonly institution?: undefined } | { readonly institution: true; readonly collection?: undefined };

/** One problem, as the Problems panel would show it. */
export interface ProblemView {
    readonly code: string;
    readonly severity: 'error' | 'warning' | 'info';
    readonly message: string;
    readonly location?: SpolLocation;
}

/**
 * The answers that are not an answer: the workspace has errors that make every decision
 * meaningless (syntax, unresolved names), or the question names something the workspace or
 * Specify does not know.
 */
export type NoAnswer =
    | {
          readonly kind: 'blocked';
          /** One sentence for the user. */
          readonly message: string;
          /** The blocking problems (at most 50), with their places. */
          readonly problems: readonly ProblemView[];
      }
    | {
          readonly kind: 'unknown';
          readonly message: string;
          /** Did-you-mean, best first. */
          readonly suggestions: readonly string[];
          /** A name declared more than once (`ambiguous-name`): every declaration, to go and fix. */
          readonly declarations?: readonly SpolLocation[];
      };

/** A place a permission comes from, as an admin reads it: the holder and the line. */
export interface GrantView {
    /** "role DataEntry (from library RunQueries)", "Institution Admin", "user policy in FishVoucher", … */
    readonly label: string;
    /** The policy's line (or the `institution admin` / `access` keyword). */
    readonly location?: SpolLocation;
    /** The actions, of those shown beside it, that it grants. */
    readonly actions: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// spol/names

export interface NamedView {
    readonly name: string;
    readonly title?: string;
    readonly location?: SpolLocation;
}

export interface UserView extends NamedView {
    /** The collections the user has anything in (access, roles or policies), in declaration order. */
    readonly collections: readonly string[];
    /** Every role the user holds, with the collection where. */
    readonly roles: readonly { readonly role: string; readonly collection: string }[];
    readonly institutionAdmin: boolean;
}

export interface CollectionView extends NamedView {
    readonly division: string;
    readonly discipline: string;
}

export interface RoleView extends NamedView {
    readonly collections: readonly string[];
    readonly templates: readonly string[];
}

export interface NamesResult {
    readonly users: readonly UserView[];
    readonly collections: readonly CollectionView[];
    readonly roles: readonly RoleView[];
    readonly libraryRoles: readonly NamedView[];
    readonly divisions: readonly NamedView[];
    /** Every resource Specify defines (registry spelling) with its actions, for pickers. */
    readonly resources: readonly { readonly resource: string; readonly actions: readonly string[]; readonly description: string }[];
}

// ---------------------------------------------------------------------------------------------
// spol/profile

export type ProfileParams = { readonly user: string } & SpolWhere;

export type ProfileGroupKind = 'operation' | 'tool' | 'table' | 'system-table' | 'preference';

export interface CellView {
    readonly action: string;
    readonly allowed: boolean;
    /** The engine's reason (`allowed`, `no-matching-policy`, `no-collection-access`, …). */
    readonly reason: string;
    /** A policy grants it but the user cannot enter the collection. */
    readonly blocked: boolean;
    /** Tools: the tables that do not allow the action. */
    readonly missingTables?: readonly string[];
    /** What granted it (for allowed and blocked cells); empty when denied. */
    readonly grants: readonly GrantView[];
}

export interface EntryView {
    readonly resource: string;
    readonly description: string;
    /** Where Specify checks it. */
    readonly level: 'collection' | 'institution';
    readonly institutionOnly: boolean;
    /** Tables: how widely the records are shared (`collection`, `discipline`, `division`, `institution`, `global`). */
    readonly scope?: string;
    /** Tables: Specify's model name. */
    readonly model?: string;
    readonly cells: readonly CellView[];
}

export interface ProfileGroupView {
    readonly kind: ProfileGroupKind;
    /** As Specify's preview titles it. */
    readonly title: string;
    readonly entries: readonly EntryView[];
}

export interface ProfileView {
    readonly user: string;
    readonly userTitle?: string;
    readonly userLocation?: SpolLocation;
    readonly collection?: string;
    readonly institution?: true;
    /** The `/system/sp7/collection` `access` gate (collection profiles only). */
    readonly collectionAccess?: { readonly allowed: boolean; readonly grants: readonly GrantView[] };
    readonly summary: { readonly cells: number; readonly allowed: number; readonly blocked: number };
    readonly groups: readonly ProfileGroupView[];
}

export type ProfileResult = { readonly kind: 'profile'; readonly profile: ProfileView; readonly warnings: number } | NoAnswer;

// ---------------------------------------------------------------------------------------------
// spol/whoCan

export type WhoCanParams = { readonly action: string; readonly resource: string } & SpolWhere;

export interface WhoCanUserView {
    readonly user: string;
    readonly title?: string;
    readonly location?: SpolLocation;
    readonly grants: readonly GrantView[];
}

export type WhoCanResult =
    | {
          readonly kind: 'answer';
          readonly action: string;
          /** The registry's spelling. */
          readonly resource: string;
          readonly where: SpolWhere;
          /** Where the policy check ran. */
          readonly level: 'collection' | 'institution';
          /** How many users were asked. */
          readonly users: number;
          readonly allowed: readonly WhoCanUserView[];
          /** Granted by a policy but refused at the collection gate. */
          readonly blocked: readonly WhoCanUserView[];
          readonly notes: readonly string[];
      }
    | NoAnswer;

// ---------------------------------------------------------------------------------------------
// spol/export

export type ExportTargetParams =
    | { readonly collection: string; readonly rest?: boolean }
    | { readonly library: true; readonly rest?: boolean }
    | { readonly role: string; readonly collection?: string }
    | { readonly all: true };

export interface ExportedFile {
    /** A file name (single targets: a suggested name) or, for `all`, a `/`-separated path inside the folder. */
    readonly path: string;
    readonly content: string;
}

export type ExportResult =
    | {
          readonly kind: 'files';
          /** One file for a single target; the folder's files for `all`. */
          readonly files: readonly ExportedFile[];
          /** `lossy-export` warnings: where Specify's own conversion will change a role. */
          readonly warnings: readonly ProblemView[];
      }
    | NoAnswer;

// ---------------------------------------------------------------------------------------------
// spol/workspaceChanged

export interface WorkspaceChangedParams {
    /** Grows with every rebuild. */
    readonly version: number;
    /** Errors that make decisions meaningless (syntax, unresolved names). */
    readonly blockingErrors: number;
}

// ---------------------------------------------------------------------------------------------
// Commands that the server's code lenses name (the client registers them).

export namespace SpolCommands {
    /** Arguments: `user: string`, then optionally `where: SpolWhere`. */
    export const showProfile = 'spol.showProfile';
    /** Arguments: `role: string`, optionally `collection: string`. */
    export const exportRole = 'spol.exportRole';
    /** Arguments: `role: string`. Shows who holds the role where. */
    export const showRoleHolders = 'spol.showRoleHolders';
}
