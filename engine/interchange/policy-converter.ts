/**
 * Specify's two role-policy conversions (role-export-format.md), reimplemented from the spec:
 *
 * - `processPolicies`: server (REST) shape → the UI/Export file shape. Runs when the Security UI
 *   loads roles, so it is what the Export button writes.
 * - `decompressPolicies`: UI/Import file shape → server shape. Runs when a role is saved or imported.
 *
 * The round trip is not the identity; `lossy.ts` says what it changes for a given role.
 */
import { registry, type ToolInfo } from '../registry/registry.js';
import { getAllActions } from './specify-actions.js';

/** One policy of the Export/Import file: `{resource, actions}` (key order as Specify writes it). */
export interface FilePolicy {
    resource: string;
    actions: string[];
}

/** Server shape: resource → actions. Insertion-ordered like the JSON Specify sends and receives. */
export type ServerPolicies = Record<string, string[]>;

export const ANY = '%';
/** Hidden by the UI: dropped on load, added back on save when the set has collection access. */
export const FIELD_WILDCARD = '/field/%';
export const COLLECTION_ACCESS = '/system/sp7/collection';
const TABLE_PREFIX = '/table/';
const TOOL_SEGMENT = 'tools';

/** Thrown by `decompressPolicies` where Specify's own conversion throws (an unknown `/tools/<name>`). */
export class PolicyConversionError extends Error {
    constructor(
        message: string,
        readonly resource: string
    ) {
        super(message);
        this.name = 'PolicyConversionError';
    }
}

interface Row {
    readonly resource: string;
    readonly action: string;
}

function segments(resource: string): string[] {
    return resource.split('/').filter((part) => part.length > 0);
}

type ToolRef = { readonly name: string; readonly resource: string };

let toolsByName: ReadonlyMap<string, ToolInfo> | undefined;

/** The tool of a case-sensitive name (the registry is fixed, so the map is built once). */
function toolNamed(name: string): ToolInfo | undefined {
    if (!toolsByName) {
        const map = new Map<string, ToolInfo>();
        for (const info of registry.tools.values()) if (!map.has(info.name)) map.set(info.name, info);
        toolsByName = map;
    }
    return toolsByName.get(name);
}

/** toolOfTableResource by resource: the same few table resources recur in every role. */
const toolOfTableCache = new Map<string, ToolRef | null>();
const TOOL_CACHE_LIMIT = 10_000;

/**
 * The tool (camelCase name and `/tools/<name>` resource) that a lowercased `/table/...` resource is
 * folded into by Specify's tool compression: the table is the second segment; `/table/%` never
 * folds. Undefined for non-tool tables and for names that are not tables (Specify's UI throws on
 * those; here they stay ordinary policies and lossy.ts reports them).
 */
export function toolOfTableResource(resource: string): ToolRef | undefined {
    if (!resource.startsWith(TABLE_PREFIX)) return undefined;
    const cached = toolOfTableCache.get(resource);
    if (cached !== undefined) return cached ?? undefined;
    const parts = segments(resource);
    let found: ToolRef | null = null;
    const table = parts[1];
    if (parts.at(-1) !== ANY && table !== undefined) {
        const toolName = registry.tables.get(table)?.tool;
        const tool = toolName ? toolNamed(toolName) : undefined;
        if (tool) found = Object.freeze({ name: tool.name, resource: tool.resource });
    }
    if (toolOfTableCache.size >= TOOL_CACHE_LIMIT) toolOfTableCache.clear();
    toolOfTableCache.set(resource, found);
    return found ?? undefined;
}

/** Groups rows by resource in first-seen order, actions concatenated (not de-duplicated). */
function groupRows(rows: readonly Row[]): FilePolicy[] {
    const groups = new Map<string, string[]>();
    for (const { resource, action } of rows) {
        const actions = groups.get(resource);
        if (actions) actions.push(action);
        else groups.set(resource, [action]);
    }
    return [...groups].map(([resource, actions]) => ({ resource, actions }));
}

/**
 * Server → Export/UI form: drop `/field/%` (exact), lowercase resources, fold tool tables into
 * `/tools/<name>` (appended after the other rows, tools in first-seen order, each action once per
 * tool), expand `%` actions with getAllActions (kept when unknown), group by resource.
 */
export function processPolicies(server: ServerPolicies): FilePolicy[] {
    const rows: Row[] = [];
    for (const [resource, actions] of Object.entries(server)) {
        if (resource === FIELD_WILDCARD) continue;
        const lower = resource.toLowerCase();
        for (const action of actions) rows.push({ resource: lower, action });
    }

    const plain: Row[] = [];
    // Specify keys tool rows by tool, then by action, in plain JS objects; null-prototype records
    // keep the same key order (including JS's integer-key-first rule) without prototype keys.
    const tools: Record<string, Record<string, Row>> = Object.create(null) as Record<string, Record<string, Row>>;
    for (const row of rows) {
        const tool = toolOfTableResource(row.resource);
        if (!tool) {
            plain.push(row);
            continue;
        }
        const byAction = (tools[tool.name] ??= Object.create(null) as Record<string, Row>);
        byAction[row.action] = { resource: tool.resource, action: row.action };
    }
    const compressed = [...plain, ...Object.values(tools).flatMap((byAction) => Object.values(byAction))];

    const expanded = compressed.flatMap((row) => {
        if (row.action !== ANY) return [row];
        const actions = getAllActions(row.resource);
        return actions.length === 0 ? [row] : actions.map((action) => ({ resource: row.resource, action }));
    });
    return groupRows(expanded);
}

/** The `/table/<t>` resources a `/tools/...` file resource stands for, or undefined if not a tool resource. */
function toolTablesFor(resource: string): readonly string[] | undefined {
    const parts = segments(resource);
    if (parts[0] !== TOOL_SEGMENT) return undefined;
    if (parts[1] === ANY) return [...registry.tools.values()].flatMap((tool) => tool.tables);
    const tool = parts[1] === undefined ? undefined : toolNamed(parts[1]);
    if (!tool) {
        throw new PolicyConversionError(
            `Specify's Security UI cannot save '${resource}': '${parts[1] ?? ''}' is not a tool name (they are case-sensitive: ${[...registry.tools.values()].map((t) => t.name).join(', ')}).`,
            resource
        );
    }
    return tool.tables;
}

/**
 * UI/Import form → server: merge duplicate resources, expand `/tools/<name>` (and `/tools/%`) into
 * their tables, collapse resource `%` to `["%"]` when it lists every action of getAllActions('%'),
 * add `/field/%: ["%"]` when some policy is `/system/sp7/collection` with `access`, and build the
 * object. As with `Object.fromEntries`, a resource produced twice (a tool table also listed on its
 * own) keeps its first position and its last actions. Throws PolicyConversionError for an unknown
 * `/tools/<name>`, where Specify's UI throws.
 */
export function decompressPolicies(file: readonly FilePolicy[]): ServerPolicies {
    const merged = new Map<string, string[]>();
    for (const { resource, actions } of file) {
        const existing = merged.get(resource);
        if (existing) existing.push(...actions);
        else merged.set(resource, [...actions]);
    }

    const allActions = getAllActions(ANY);
    let policies: FilePolicy[] = [...merged].flatMap(([resource, actions]): FilePolicy[] => {
        const tables = toolTablesFor(resource);
        if (tables) return tables.map((table) => ({ resource: table, actions: [...actions] }));
        if (resource === ANY && allActions.every((action) => actions.includes(action))) {
            return [{ resource: ANY, actions: [ANY] }];
        }
        return [{ resource, actions }];
    });

    if (policies.some(({ resource, actions }) => resource === COLLECTION_ACCESS && actions.includes('access'))) {
        const index = policies.findIndex(({ resource }) => resource === FIELD_WILDCARD);
        if (index === -1) {
            policies = [...policies, { resource: FIELD_WILDCARD, actions: [ANY] }];
        } else {
            const current = policies[index]!;
            policies = policies.map((policy, i) =>
                i === index ? { resource: current.resource, actions: [...new Set([...current.actions, ANY])] } : policy
            );
        }
    }

    const server = new Map<string, string[]>();
    for (const { resource, actions } of policies) server.set(resource, actions);
    return Object.fromEntries(server) as ServerPolicies;
}
