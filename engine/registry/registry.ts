/**
 * The registry: every resource Specify 7 knows, its actions and where it is checked, and every table
 * with its scope and fields. Built once from the generated data module; lookups are case-insensitive
 * because Specify's matching is (semantics.md §2.2).
 */
import { collationFold } from '../collation.js';
import { like } from '../like.js';
import { RAW_RESOURCES, RAW_TABLES } from './data.js';
import { UNCHECKED_ACTIONS, type UncheckedAction } from './unchecked-actions.js';
import type { RawResource, RawTable, ResourceKind, TableScope } from './types.js';

export type { ResourceKind, TableScope } from './types.js';
export type { UncheckedAction } from './unchecked-actions.js';

/** Where the backend evaluates a check on this resource (semantics.md §2.4). */
export type CheckLevel = 'collection' | 'institution' | 'both' | 'frontend' | 'none';

export interface TableInfo {
    /** Lowercase `/table/<name>` name. */
    readonly name: string;
    readonly model: string;
    readonly tableId: number;
    readonly system: boolean;
    readonly isTree: boolean;
    readonly scope: TableScope;
    readonly fields: readonly string[];
    readonly relationships: readonly string[];
    /** The `/tools/<name>` group that holds this table in Specify's UI, if any. */
    readonly tool?: string;
}

export interface ToolInfo {
    /** camelCase tool name, e.g. `queryBuilder`. */
    readonly name: string;
    /** `/tools/<name>`, camelCase kept as Specify writes it. */
    readonly resource: string;
    /** `/table/<t>` resources that the tool stands for, in Specify's order. */
    readonly tables: readonly string[];
}

export interface ResourceInfo {
    /** Canonical spelling (lowercase except `/tools/<camelCase>`). */
    readonly resource: string;
    readonly actions: readonly string[];
    /** Hidden by Specify's UI from roles and collection-level policies. */
    readonly institutionOnly: boolean;
    readonly kind: ResourceKind;
    readonly checkLevel: CheckLevel;
    readonly description: string;
    readonly actionDescriptions: Readonly<Record<string, string>>;
    readonly enforcedAt?: string;
    readonly note?: string;
    readonly table?: TableInfo;
    readonly tool?: ToolInfo;
    /** For `/field/<table>/<field>`: the field name as Specify's data model spells it. */
    readonly field?: string;
}

function checkLevelOf(raw: RawResource): CheckLevel {
    const level = raw.backendCheckLevel ?? '';
    if (level === 'institution' || level === 'collection' || level === 'both') return level;
    if (level.startsWith('none')) return 'frontend';
    return 'none';
}

const TABLE_ACTIONS = Object.freeze(['read', 'create', 'update', 'delete']);
const FIELD_ACTIONS = Object.freeze(['update']);
const NON_ASCII = /[^\x00-\x7f]/;

export class Registry {
    /** Keyed by lowercase resource. Holds operations, tables, tools, front-end entries; not fields. */
    readonly resources: ReadonlyMap<string, ResourceInfo>;
    /** Keyed by lowercase table name. */
    readonly tables: ReadonlyMap<string, TableInfo>;
    /** Keyed by lowercase `/tools/<name>`. */
    readonly tools: ReadonlyMap<string, ToolInfo>;
    /** Every action name any resource has, in first-seen registry order. */
    readonly actions: readonly string[];
    private readonly fieldsByTable: ReadonlyMap<string, ReadonlyMap<string, string>>;
    private concreteCache?: readonly string[];
    private weightCache?: ReadonlyMap<string, ResourceInfo>;

    constructor(rawResources: readonly RawResource[], rawTables: readonly RawTable[]) {
        const tools = new Map<string, ToolInfo>();
        const toolOfTable = new Map<string, string>();
        for (const raw of rawResources) {
            if (raw.kind !== 'frontend-virtual-tool') continue;
            const name = raw.resource.slice('/tools/'.length);
            const info: ToolInfo = { name, resource: raw.resource, tables: raw.expandsTo ?? [] };
            tools.set(raw.resource.toLowerCase(), info);
            for (const table of info.tables) toolOfTable.set(table.slice('/table/'.length), name);
        }
        const tables = new Map<string, TableInfo>();
        const fieldsByTable = new Map<string, Map<string, string>>();
        for (const raw of rawTables) {
            const name = raw.name.toLowerCase();
            const tool = toolOfTable.get(name);
            tables.set(name, {
                name,
                model: raw.model,
                tableId: raw.tableId,
                system: raw.system,
                isTree: raw.isTree,
                scope: raw.scope,
                fields: raw.fields,
                relationships: raw.relationships,
                ...(tool ? { tool } : {})
            });
            fieldsByTable.set(name, new Map([...raw.fields, ...raw.relationships].map((f) => [f.toLowerCase(), f])));
        }
        const resources = new Map<string, ResourceInfo>();
        const actions: string[] = [];
        for (const raw of rawResources) {
            if (raw.kind === 'field-pattern') continue;
            const key = raw.resource.toLowerCase();
            const table = raw.kind === 'table' ? tables.get(key.slice('/table/'.length)) : undefined;
            const tool = raw.kind === 'frontend-virtual-tool' ? tools.get(key) : undefined;
            resources.set(key, {
                resource: raw.resource,
                actions: raw.actions,
                institutionOnly: raw.institutionOnly,
                kind: raw.kind,
                checkLevel: checkLevelOf(raw),
                description: raw.description,
                actionDescriptions: raw.actionDescriptions ?? {},
                ...(raw.enforcedAt ? { enforcedAt: raw.enforcedAt } : {}),
                ...(raw.note ? { note: raw.note } : {}),
                ...(table ? { table } : {}),
                ...(tool ? { tool } : {})
            });
            for (const action of raw.actions) if (!actions.includes(action)) actions.push(action);
        }
        this.resources = resources;
        this.tables = tables;
        this.tools = tools;
        this.actions = actions;
        this.fieldsByTable = fieldsByTable;
    }

    /**
     * The registry entry for a concrete resource (case-insensitive), including `/field/<table>/<field>`.
     * Returns undefined for unknown resources and for patterns that are not themselves registry entries.
     */
    lookup(resource: string): ResourceInfo | undefined {
        const key = resource.toLowerCase();
        // Beyond ASCII, Specify's collation also ignores accents (collation.ts): `/table/agént` is `/table/agent`.
        const known = this.resources.get(key) ?? (NON_ASCII.test(key) ? this.byWeight().get(collationFold(key)) : undefined);
        if (known) return known;
        const field = /^\/field\/([^/]+)\/([^/]+)$/.exec(key);
        if (!field) return undefined;
        const table = this.tables.get(field[1]!);
        const fieldName = this.fieldsByTable.get(field[1]!)?.get(field[2]!);
        if (!table || !fieldName) return undefined;
        return {
            resource: key,
            actions: FIELD_ACTIONS,
            institutionOnly: false,
            kind: 'field-pattern',
            checkLevel: 'collection',
            description: `Update the field ${table.model}.${fieldName}.`,
            actionDescriptions: { update: `Change ${table.model}.${fieldName} when updating a record.` },
            table,
            field: fieldName
        };
    }

    /** The actions Specify defines for a concrete resource; empty when unknown. */
    actionsOf(resource: string): readonly string[] {
        return this.lookup(resource)?.actions ?? [];
    }

    /** Resources keyed by their general_ci fold, built on the first lookup that needs it. */
    private byWeight(): ReadonlyMap<string, ResourceInfo> {
        if (!this.weightCache) {
            const map = new Map<string, ResourceInfo>();
            for (const [key, info] of this.resources) if (!map.has(collationFold(key))) map.set(collationFold(key), info);
            this.weightCache = map;
        }
        return this.weightCache;
    }

    /**
     * Every concrete resource string a request can name: operations, front-end entries, tables, tools
     * and every `/field/<table>/<field>` (lowercase). Stale entries are left out.
     */
    concreteResources(): readonly string[] {
        if (!this.concreteCache) {
            const all: string[] = [];
            for (const info of this.resources.values()) {
                if (info.kind === 'stale') continue;
                all.push(info.kind === 'frontend-virtual-tool' ? info.resource : info.resource.toLowerCase());
            }
            for (const [table, fields] of this.fieldsByTable) {
                for (const field of fields.keys()) all.push(`/field/${table}/${field}`);
            }
            this.concreteCache = Object.freeze(all);
        }
        return this.concreteCache;
    }

    /**
     * Rows Specify stores but never checks (unchecked-actions.ts) that a written resource pattern
     * and action pattern stand for, matched by LIKE as Specify matches.
     */
    uncheckedActions(resourcePattern: string, actionPattern: string): readonly UncheckedAction[] {
        return UNCHECKED_ACTIONS.filter((fact) => like(fact.resource, resourcePattern) && like(fact.action, actionPattern));
    }

    /** Table CRUD actions, shared by `/table/<t>` and `/tools/<name>`. */
    get tableActions(): readonly string[] {
        return TABLE_ACTIONS;
    }
}

/** The registry of Specify 7.12.0.7, built once. */
export const registry = new Registry(RAW_RESOURCES, RAW_TABLES);
