/**
 * catalogEntries(filter?) → every resource Specify 7 knows, for a person who does not know its
 * names by heart: its actions, where it is checked, what it covers, and for a table its data scope,
 * whether it is a system table and the `/tools/*` group that holds it. In registry order, grouped
 * by kind: operations, tools, tables, preferences, the derived front-end resource, then fields.
 *
 * Fields are one `/field/<table>/<field>` row, except when the filter starts with `/field/`: then
 * every field whose resource contains it (`/field/agent/` lists the fields of agent). Stale
 * registry entries (Specify no longer checks them) are left out.
 */
import { registry, type ResourceInfo, type TableScope } from './registry.js';

export type CatalogKind = 'operation' | 'tool' | 'table' | 'preference' | 'derived' | 'field';

/**
 * Where Specify checks it: in the collection asked, at institution level (roles never count), in
 * both, or only in its UI (`/tools/*`, `/preferences/*`: the server never sees them).
 */
export type CheckedAt = 'collection' | 'institution' | 'both' | 'ui';

/** One resource. Every key is present in every entry (null where it does not apply), so the JSON is stable. */
export interface ResourceCatalogEntry {
    readonly kind: CatalogKind;
    readonly resource: string;
    readonly actions: readonly string[];
    readonly checked: CheckedAt;
    /** Specify's UI hides it from roles and collection policies: grant it as an institution-level user policy. */
    readonly institutionOnly: boolean;
    readonly description: string;
    readonly actionDescriptions: Readonly<Record<string, string>>;
    /** Tables and fields: the model name as Specify's data model spells it. */
    readonly model: string | null;
    /** Tables: whose records it holds (collection, discipline, division, institution or global). */
    readonly scope: TableScope | null;
    /** Tables: a system table (Specify's preview lists them apart). */
    readonly system: boolean | null;
    /** Tables: a tree table (taxon, geography, storage, …). */
    readonly tree: boolean | null;
    /** Tables: the `/tools/<name>` group of Specify's UI that holds it. */
    readonly tool: string | null;
    /** Tools: the `/table/<t>` resources it stands for. */
    readonly tables: readonly string[] | null;
}

const KIND_ORDER: readonly CatalogKind[] = ['operation', 'tool', 'table', 'preference', 'derived', 'field'];

const KIND_OF: Partial<Record<ResourceInfo['kind'], CatalogKind>> = {
    operation: 'operation',
    'frontend-virtual-tool': 'tool',
    table: 'table',
    'frontend-only': 'preference',
    'frontend-derived': 'derived'
};

const FIELD_PATTERN = '/field/<table>/<field>';

let all: readonly ResourceCatalogEntry[] | undefined;

/** Every resource (fields as one row), or those whose resource, description or an action contains `filter` (any case). */
export function catalogEntries(filter?: string): readonly ResourceCatalogEntry[] {
    all ??= Object.freeze(build());
    const needle = filter?.trim().toLowerCase() ?? '';
    if (needle === '') return all;
    const matching = all.filter((entry) => matches(entry, needle));
    if (!needle.startsWith('/field/')) return matching;
    return [...matching.filter((entry) => entry.kind !== 'field'), ...fieldEntries(needle)];
}

function matches(entry: ResourceCatalogEntry, needle: string): boolean {
    return (
        entry.resource.toLowerCase().includes(needle) ||
        entry.description.toLowerCase().includes(needle) ||
        entry.actions.some((action) => action.toLowerCase().includes(needle)) ||
        Object.values(entry.actionDescriptions).some((text) => text.toLowerCase().includes(needle))
    );
}

function build(): ResourceCatalogEntry[] {
    const entries: ResourceCatalogEntry[] = [];
    for (const info of registry.resources.values()) {
        const kind = KIND_OF[info.kind];
        if (kind) entries.push(entryOf(kind, info));
    }
    entries.push(fieldPattern());
    return entries.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

function checkedOf(kind: CatalogKind, info: ResourceInfo): CheckedAt {
    if (kind === 'tool' || kind === 'preference') return 'ui';
    // Specify's UI computes it from institution-level user policies only (semantics.md §2.4).
    if (kind === 'derived') return 'institution';
    return info.checkLevel === 'institution' || info.checkLevel === 'both' ? info.checkLevel : 'collection';
}

function entryOf(kind: CatalogKind, info: ResourceInfo): ResourceCatalogEntry {
    const table = info.table;
    return {
        kind,
        resource: info.resource,
        actions: info.actions,
        checked: checkedOf(kind, info),
        institutionOnly: info.institutionOnly,
        description: info.description,
        actionDescriptions: info.actionDescriptions,
        model: table?.model ?? null,
        scope: table?.scope ?? null,
        system: table ? table.system : null,
        tree: table ? table.isTree : null,
        tool: table?.tool ?? null,
        tables: info.tool?.tables ?? null
    };
}

const NO_TABLE = { model: null, scope: null, system: null, tree: null, tool: null, tables: null } as const;

function fieldPattern(): ResourceCatalogEntry {
    return {
        kind: 'field',
        resource: FIELD_PATTERN,
        actions: ['update'],
        checked: 'collection',
        institutionOnly: false,
        description:
            "Changing a field of a record checks /field/<table>/<field> update in the collection; Specify's UI stores /field/% % with collection access, so every user may. `spol resources /field/<table>/` lists a table's fields.",
        actionDescriptions: {},
        ...NO_TABLE
    };
}

/** Every `/field/<table>/<field>` whose resource contains `needle` (lowercase), table by table. */
function fieldEntries(needle: string): ResourceCatalogEntry[] {
    const entries: ResourceCatalogEntry[] = [];
    for (const table of registry.tables.values()) {
        if (!`/field/${table.name}/`.startsWith(needle) && !needle.startsWith(`/field/${table.name}/`)) continue;
        for (const field of [...table.fields, ...table.relationships]) {
            const resource = `/field/${table.name}/${field.toLowerCase()}`;
            if (!resource.includes(needle)) continue;
            const info = registry.lookup(resource);
            if (!info) continue;
            entries.push({ ...entryOf('field', info), model: table.model });
        }
    }
    return entries;
}
