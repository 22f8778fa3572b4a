/**
 * PolicyModel: the engine's only input. Plain data, no AST types. The DSL (language/to-model.ts),
 * an imported Specify JSON file or a live database all become this same shape. Every element keeps
 * the place it came from so that lint results and decision provenance point back to the text.
 *
 * References between elements are by name (`Ref`); a name that resolves to nothing is legal here
 * (the language reports it; the engine skips it).
 */

/** Zero-based line and character, as in the Language Server Protocol. */
export interface Position {
    readonly line: number;
    readonly character: number;
}

export interface Range {
    readonly start: Position;
    readonly end: Position;
}

/** Where an element was written: a file (path or URI string) and a range in it. */
export interface Source {
    readonly file: string;
    readonly range: Range;
}

/** A by-name reference, with the place where the name was written. */
export interface Ref {
    readonly name: string;
    readonly source?: Source;
}

export interface PolicyAction {
    /** An action name or LIKE pattern (`%`, `_`), as written. */
    readonly name: string;
    readonly source?: Source;
}

/** A grant: a resource pattern and actions. Stored by Specify as one row per action. */
export interface Policy {
    /** A resource or LIKE pattern, as written (`/table/%`, `%`, `/tools/queryBuilder`). */
    readonly resource: string;
    readonly actions: readonly PolicyAction[];
    /** The whole policy. */
    readonly source?: Source;
    /** Just the resource pattern. */
    readonly resourceSource?: Source;
}

export interface Collection {
    readonly name: string;
    readonly title?: string;
    readonly code?: string;
    /** Names of the enclosing division and discipline. */
    readonly division: string;
    readonly discipline: string;
    readonly source?: Source;
    readonly nameSource?: Source;
}

export interface Discipline {
    readonly name: string;
    readonly title?: string;
    /** Specify discipline type, e.g. `fish`, `botany`. */
    readonly type?: string;
    readonly division: string;
    readonly collections: readonly Collection[];
    readonly source?: Source;
    readonly nameSource?: Source;
}

export interface Division {
    readonly name: string;
    readonly title?: string;
    readonly disciplines: readonly Discipline[];
    readonly source?: Source;
    readonly nameSource?: Source;
}

export interface Institution {
    readonly name: string;
    readonly title?: string;
    readonly divisions: readonly Division[];
    readonly source?: Source;
    readonly nameSource?: Source;
}

/**
 * `without /field/%` in a role, library role or collection grant: the policy set stores no
 * `/field/%` `%` beside its collection access, although Specify's UI adds that row whenever it saves
 * a set holding `/system/sp7/collection` `access` (stored.ts adds it likewise). It says what a
 * server holds that was not saved through the UI (a REST body, a migration). `resource` is as
 * written; only `/field/%` (any case) has an effect, and lint reports any other.
 */
export interface WithoutFieldWildcard {
    readonly resource: string;
    readonly source?: Source;
    readonly resourceSource?: Source;
}

/** A role template in the institution's library. Never evaluated (semantics.md §1). */
export interface LibraryRole {
    readonly name: string;
    /** The name Specify shows and exports; defaults to `name`. */
    readonly title?: string;
    readonly description?: string;
    readonly policies: readonly Policy[];
    /** `without /field/%`: no `/field/%` `%` is stored beside collection access. */
    readonly without?: WithoutFieldWildcard;
    readonly source?: Source;
    readonly nameSource?: Source;
}

/**
 * A collection role. Declared once for one or several collections; Specify holds one copy per
 * collection. Its policies are the templates' policies (copied, as Specify copies from the library)
 * followed by its own.
 */
export interface Role {
    readonly name: string;
    readonly title?: string;
    readonly description?: string;
    readonly collections: readonly Ref[];
    readonly templates: readonly Ref[];
    readonly policies: readonly Policy[];
    /** `without /field/%` written in the role itself (a template's does not carry over). */
    readonly without?: WithoutFieldWildcard;
    readonly source?: Source;
    readonly nameSource?: Source;
}

export interface Agent {
    /** Agent display name, e.g. "Martin, Robert". */
    readonly name: string;
    readonly division: Ref;
    readonly source?: Source;
}

/** What a user has in one collection. Several grants may name the same collection; they add up. */
export interface CollectionGrant {
    readonly collection: Ref;
    /** Present when the user may enter the collection (`/system/sp7/collection` access). */
    readonly access?: { readonly source?: Source };
    readonly roles: readonly Ref[];
    readonly policies: readonly Policy[];
    /** `without /field/%`: it holds for the user's whole policy set in the collection. */
    readonly without?: WithoutFieldWildcard;
    readonly source?: Source;
}

export interface Specify6Settings {
    readonly admin: boolean;
    /** Specify 6 user type / group: Manager, FullAccess, LimitedAccess, Guest. */
    readonly group?: string;
    readonly collections: readonly Ref[];
    readonly source?: Source;
}

export interface User {
    readonly name: string;
    readonly title?: string;
    readonly agents: readonly Agent[];
    /**
     * Present when `institution admin` is written: it stores the institution-level row `%`: `%`. Not
     * the test of admin-ness (an `allow %: %` stores the same row): ask `ModelIndex.isInstitutionAdmin`.
     */
    readonly institutionAdmin?: { readonly source?: Source };
    /** Institution-level user policies (collection NULL in Specify). */
    readonly institutionPolicies: readonly Policy[];
    readonly collections: readonly CollectionGrant[];
    readonly specify6?: Specify6Settings;
    readonly source?: Source;
    readonly nameSource?: Source;
}

export interface PolicyModel {
    /** Usually one; more than one is a lint error. */
    readonly institutions: readonly Institution[];
    readonly libraryRoles: readonly LibraryRole[];
    readonly roles: readonly Role[];
    readonly users: readonly User[];
}

/** An empty model, handy as a base in tests and importers. */
export function emptyModel(): PolicyModel {
    return { institutions: [], libraryRoles: [], roles: [], users: [] };
}
