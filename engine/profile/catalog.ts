/**
 * What Specify's "User's Permission Profile" preview asks about (semantics.md §5.1): every operation
 * resource with all its actions, every `/table/<t>` with read, create, update and delete, and the
 * front-end-only `/preferences/*` resources; the preview then shows the six `/tools/*` groups
 * computed from their tables. Built once from the registry, in registry order, with the CASL keys
 * that the compiled abilities use, so a profile only does lookups.
 */
import { vocabulary, type ResourceRoute } from '../decision/vocabulary.js';
import { registry, type ResourceInfo, type TableInfo, type ToolInfo } from '../registry/registry.js';

export type ProfileKind = 'operation' | 'tool' | 'table' | 'preference';

/** One resource of the preview and how to ask about it. */
export interface CatalogEntry {
    readonly kind: ProfileKind;
    readonly info: ResourceInfo;
    readonly route: ResourceRoute;
    /** The registry's spelling of each action. */
    readonly actions: readonly string[];
    /** The same actions as CASL action keys (lowercase). */
    readonly actionKeys: readonly string[];
    /** Specify's server checks it without a collection (semantics.md §2.4). */
    readonly institutionChecked: boolean;
    /** Dense number from 0 over operations, tables and preferences, for per-entry tables kept by callers. */
    readonly position: number;
    /** Its first cell's number: cells are numbered from 0 over those entries, action by action. */
    readonly firstCell: number;
    /** Entries with the same actions in the same order have the same number. */
    readonly actionsId: number;
}

export interface ToolCatalogEntry {
    readonly info: ResourceInfo;
    readonly tool: ToolInfo;
    /** Positions of the tool's tables in `Catalog.tables`, in the tool's order. */
    readonly tableIndexes: readonly number[];
    readonly actions: readonly string[];
    /** Per action, per table of the tool: where the action is among the table's actions (-1: it has none such). */
    readonly actionInTable: readonly (readonly number[])[];
}

export interface Catalog {
    readonly operations: readonly CatalogEntry[];
    readonly tables: readonly (CatalogEntry & { readonly table: TableInfo })[];
    readonly preferences: readonly CatalogEntry[];
    readonly tools: readonly ToolCatalogEntry[];
    /** Those entries by position. */
    readonly entries: readonly CatalogEntry[];
    /** How many operation, table and preference entries there are; positions run from 0 below this. */
    readonly size: number;
    /** How many cells those entries have; cell numbers run from 0 below this. */
    readonly cells: number;
}

const KIND_OF: Partial<Record<ResourceInfo['kind'], ProfileKind>> = {
    operation: 'operation',
    table: 'table',
    'frontend-only': 'preference'
};

function buildCatalog(): Catalog {
    const operations: CatalogEntry[] = [];
    const tables: (CatalogEntry & { table: TableInfo })[] = [];
    const preferences: CatalogEntry[] = [];
    const toolInfos: ResourceInfo[] = [];
    const actionLists = new Map<string, number>();
    for (const info of registry.resources.values()) {
        if (info.kind === 'frontend-virtual-tool') {
            toolInfos.push(info);
            continue;
        }
        const kind = KIND_OF[info.kind];
        if (!kind) continue;
        const route = vocabulary.route(info.resource);
        if (!route) throw new Error(`registry resource ${info.resource} is missing from the decision vocabulary`);
        const actionsKey = info.actions.join('\u0000');
        let actionsId = actionLists.get(actionsKey);
        if (actionsId === undefined) actionLists.set(actionsKey, (actionsId = actionLists.size));
        const entry: CatalogEntry = {
            position: -1,
            firstCell: -1,
            actionsId,
            kind,
            info,
            route,
            actions: info.actions,
            actionKeys: info.actions.map((action) => {
                const key = vocabulary.action(action);
                if (key === undefined) throw new Error(`registry action ${action} is missing from the decision vocabulary`);
                return key;
            }),
            institutionChecked: route.checkLevel === 'institution'
        };
        if (kind === 'operation') operations.push(entry);
        else if (kind === 'preference') preferences.push(entry);
        else if (info.table) tables.push({ ...entry, table: info.table });
    }
    const tablePosition = new Map(tables.map((entry, i) => [entry.info.resource.toLowerCase(), i]));
    const tools = toolInfos.map((info): ToolCatalogEntry => {
        const tool = info.tool;
        if (!tool) throw new Error(`tool resource ${info.resource} has no tool definition`);
        const tableIndexes = tool.tables.map((table) => {
            const position = tablePosition.get(table.toLowerCase());
            if (position === undefined) throw new Error(`${info.resource} names ${table}, which is not a table`);
            return position;
        });
        const actionInTable = info.actions.map((action) => tableIndexes.map((i) => tables[i]!.actions.indexOf(action)));
        return { info, tool, tableIndexes, actions: info.actions, actionInTable };
    });
    let size = 0;
    let cells = 0;
    const numbered = <E extends CatalogEntry>(entries: readonly E[]): E[] =>
        entries.map((entry) => {
            const firstCell = cells;
            cells += entry.actions.length;
            return { ...entry, position: size++, firstCell };
        });
    // In this order: positions and cells count operations, then tables, then preferences.
    const byPosition = { operations: numbered(operations), tables: numbered(tables), preferences: numbered(preferences) };
    const entries = [...byPosition.operations, ...byPosition.tables, ...byPosition.preferences];
    return { ...byPosition, entries, tools, size, cells };
}

let built: Catalog | undefined;

/** The preview's resources, built on first use. */
export function catalog(): Catalog {
    return (built ??= buildCatalog());
}
