/**
 * The requests that compile to exact CASL rules: every registry resource except the thousands of
 * `/field/<table>/<field>` ones, crossed with every registry action name. A stored pattern is
 * expanded over this vocabulary once; requests outside it take the LIKE slow path.
 */
import { like } from '../like.js';
import { registry, type CheckLevel, type Registry } from '../registry/registry.js';

/**
 * Front-end resources that are never stored but computed from another one at institution level
 * (semantics.md §2.4: the UI grants `/permissions/institutional_policies/user` exactly when an
 * institution-level user policy grants `/permissions/policies/user`).
 */
const DERIVED_FROM: Readonly<Record<string, string>> = {
    '/permissions/institutional_policies/user': '/permissions/policies/user'
};

export interface ResourceRoute {
    /** Dense number from 0, for per-resource tables kept by callers. */
    readonly id: number;
    /** Lowercase name: the CASL subject type. */
    readonly key: string;
    /** The registry's spelling, for notes. */
    readonly resource: string;
    readonly checkLevel: CheckLevel;
    /** Lowercase actions Specify defines for it. */
    readonly actions: ReadonlySet<string>;
    /** For a derived front-end resource, the route of the resource it is computed from. */
    readonly derivedFrom?: ResourceRoute;
    /** For a `/tools/<name>` group of Specify's UI, the routes of its tables in the tool's order. */
    readonly toolTables?: readonly ResourceRoute[];
}

export class Vocabulary {
    /** Keyed by the lowercase and by the registry spelling, so the usual requests cost one lookup. */
    private readonly routes = new Map<string, ResourceRoute>();
    private readonly actionKeys = new Map<string, string>();
    private readonly resourceKeys: readonly string[];
    private readonly actionNames: readonly string[];
    private readonly resourceExpansions = new Map<string, readonly string[]>();
    private readonly actionExpansions = new Map<string, readonly string[]>();

    constructor(source: Registry) {
        const keys: string[] = [];
        for (const name of source.concreteResources()) {
            const key = name.toLowerCase();
            if (key.startsWith('/field/') || this.routes.has(key)) continue;
            const info = source.resources.get(key);
            if (!info) continue;
            const route: ResourceRoute = {
                id: keys.length,
                key,
                resource: info.resource,
                checkLevel: info.checkLevel,
                actions: new Set(info.actions.map((a) => a.toLowerCase()))
            };
            this.routes.set(key, route);
            this.routes.set(info.resource, route);
            keys.push(key);
        }
        for (const [derived, base] of Object.entries(DERIVED_FROM)) {
            const route = this.routes.get(derived);
            const from = this.routes.get(base);
            if (route && from) {
                const withSource = { ...route, derivedFrom: from };
                this.routes.set(derived, withSource);
                this.routes.set(route.resource, withSource);
            }
        }
        for (const tool of source.tools.values()) {
            const route = this.routes.get(tool.resource.toLowerCase());
            const tables = tool.tables.map((table) => this.routes.get(table.toLowerCase()));
            if (!route || !tables.every((table) => table !== undefined)) continue;
            const withTables: ResourceRoute = { ...route, toolTables: Object.freeze(tables as ResourceRoute[]) };
            this.routes.set(route.key, withTables);
            this.routes.set(route.resource, withTables);
        }
        const actions: string[] = [];
        for (const action of source.actions) {
            const key = action.toLowerCase();
            if (actions.includes(key)) continue;
            actions.push(key);
            this.actionKeys.set(key, key);
        }
        this.resourceKeys = Object.freeze(keys);
        this.actionNames = Object.freeze(actions);
    }

    /** How many routes there are; ids run from 0 below this. */
    get size(): number {
        return this.resourceKeys.length;
    }

    /** The route of a request resource (any case), or undefined when it is outside the vocabulary. */
    route(resource: string): ResourceRoute | undefined {
        // Exact spellings first: lowercasing costs more than the lookup it saves.
        return this.routes.get(resource) ?? this.routes.get(resource.toLowerCase());
    }

    /** The vocabulary spelling of a request action (any case), or undefined. */
    action(action: string): string | undefined {
        return this.actionKeys.get(action) ?? this.actionKeys.get(action.toLowerCase());
    }

    /** Vocabulary resources that a stored resource pattern matches, in registry order. */
    resourcesMatching(pattern: string): readonly string[] {
        return expand(this.resourceExpansions, this.resourceKeys, pattern);
    }

    /** Vocabulary actions that a stored action pattern matches. */
    actionsMatching(pattern: string): readonly string[] {
        return expand(this.actionExpansions, this.actionNames, pattern);
    }
}

function expand(cache: Map<string, readonly string[]>, names: readonly string[], pattern: string): readonly string[] {
    let expanded = cache.get(pattern);
    if (!expanded) {
        expanded = Object.freeze(names.filter((name) => like(name, pattern)));
        cache.set(pattern, expanded);
    }
    return expanded;
}

/** The vocabulary of this registry, shared by every compiled model so expansions are cached once. */
export const vocabulary = new Vocabulary(registry);
