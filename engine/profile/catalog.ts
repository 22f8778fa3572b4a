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
}

export interface ToolCatalogEntry {
    readonly info: ResourceInfo;
    readonly tool: ToolInfo;
    /** Positions of the tool's tables in `Catalog.tables`, in the tool's order. */
    readonly tableIndexes: readonly number[];
    readonly actions: readonly string[];
}

export interface Catalog {
    readonly operations: readonly CatalogEntry[];
    readonly tables: readonly (CatalogEntry & { readonly table: TableInfo })[];
    readonly preferences: readonly CatalogEntry[];
    readonly tools: readonly ToolCatalogEntry[];
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
    for (const info of registry.resources.values()) {
        if (info.kind === 'frontend-virtual-tool') {
            toolInfos.push(info);
            continue;
        }
        const kind = KIND_OF[info.kind];
        if (!kind) continue;
        const route = vocabulary.route(info.resource);
        if (!route) throw new Error(`registry resource ${info.resource} is missing from the decision vocabulary`);
        const entry: CatalogEntry = {
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
        return { info, tool, tableIndexes, actions: info.actions };
    });
    return { operations, tables, preferences, tools };
}

let built: Catalog | undefined;

/** The preview's resources, built on first use. */
export function catalog(): Catalog {
    return (built ??= buildCatalog());
}
