/** Shapes of the generated registry data (see scripts/generate-registry.mjs). */

/** How Specify knows a resource: a backend operation, a table, a UI-only or virtual entry. */
export type ResourceKind =
    | 'operation'
    | 'table'
    | 'frontend-only'
    | 'frontend-derived'
    | 'frontend-virtual-tool'
    | 'field-pattern'
    | 'stale';

export interface RawResource {
    readonly resource: string;
    readonly actions: readonly string[];
    /** Specify's UI hides it from roles and collection policies (semantics.md §2.4). */
    readonly institutionOnly: boolean;
    readonly kind: ResourceKind;
    /** Where the backend checks it: 'institution', 'collection', 'both' or a note. */
    readonly backendCheckLevel: string | null;
    readonly description: string;
    readonly actionDescriptions?: Readonly<Record<string, string>>;
    readonly enforcedAt?: string;
    readonly expandsTo?: readonly string[];
    readonly note?: string;
    readonly table?: string;
    readonly uiGroup?: string;
}

export type TableScope = 'collection' | 'discipline' | 'division' | 'institution' | 'global';

export interface RawTable {
    /** Lowercase name used in `/table/<name>`. */
    readonly name: string;
    readonly dbTable: string;
    readonly model: string;
    readonly tableId: number;
    readonly system: boolean;
    readonly isTree: boolean;
    readonly scope: TableScope;
    readonly backendScope: string;
    readonly fields: readonly string[];
    readonly relationships: readonly string[];
}
