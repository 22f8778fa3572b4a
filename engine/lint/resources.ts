/**
 * What a written resource pattern stands for in the registry: the concrete resources it matches
 * (by SQL LIKE, as Specify matches), their actions, and where Specify checks them. Results are
 * cached per pattern: the same patterns recur across roles and users.
 */
import { like } from '../like.js';
import type { Policy, PolicyAction, PolicyModel } from '../model/policy-model.js';
import { registry, type ResourceInfo } from '../registry/registry.js';
import { writtenPolicies } from './policies.js';

const CACHE_LIMIT = 10_000;
const matchCache = new Map<string, readonly ResourceInfo[]>();
const actionCache = new Map<string, readonly string[]>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
    return value;
}

/**
 * True when the string must be LIKE-matched rather than looked up: it holds a wildcard or an escape,
 * or a character beyond ASCII, which Specify's collation may fold onto another (`é` is `e`).
 */
export function needsLike(pattern: string): boolean {
    return /[%_\\]|[^\x00-\x7f]/.test(pattern);
}

/**
 * Registry entries of every concrete resource the pattern matches (tables, operations, tools,
 * front-end entries, `/field/<table>/<field>`). Stale entries count as unknown: Specify never checks them.
 */
export function matchingResources(pattern: string): readonly ResourceInfo[] {
    const cached = matchCache.get(pattern);
    if (cached) return cached;
    let infos: ResourceInfo[];
    if (!needsLike(pattern)) {
        const info = registry.lookup(pattern);
        infos = info && info.kind !== 'stale' ? [info] : [];
    } else {
        infos = [];
        for (const resource of registry.concreteResources()) {
            if (!like(resource, pattern)) continue;
            const info = registry.lookup(resource);
            if (info) infos.push(info);
        }
    }
    return remember(matchCache, pattern, Object.freeze(infos));
}

/** The union of the actions of every resource the pattern matches, in registry order. */
export function actionsOfPattern(pattern: string): readonly string[] {
    const cached = actionCache.get(pattern);
    if (cached) return cached;
    const actions = new Set<string>();
    for (const info of matchingResources(pattern)) for (const action of info.actions) actions.add(action);
    return remember(actionCache, pattern, Object.freeze([...actions]));
}

/** True when the pattern matches every resource Specify knows, and so every resource it will add. */
export function matchesEveryResource(pattern: string): boolean {
    if (pattern === '%') return true;
    return matchingResources(pattern).length === registry.concreteResources().length;
}

/**
 * Resources that only an institution-level user policy can grant: the backend checks them with no
 * collection, so roles and collection-level policies never count (semantics.md §2.4). The UI-derived
 * `/permissions/institutional_policies/user` belongs here too: the UI computes it from
 * institution-level policies only.
 */
export function isInstitutionLevel(info: ResourceInfo): boolean {
    if (info.checkLevel === 'institution') return true;
    return info.institutionOnly && (info.checkLevel === 'none' || info.checkLevel === 'frontend');
}

/** Hidden by the UI as institution-only, yet checked per collection by the server (`/admin/user/agents`). */
export function isHiddenButCollectionChecked(info: ResourceInfo): boolean {
    return info.institutionOnly && (info.checkLevel === 'collection' || info.checkLevel === 'both');
}

let suggestionCandidates: readonly string[] | undefined;

/**
 * Spellings worth suggesting for a misspelt resource: every concrete resource, and every
 * last-segment pattern the UI itself writes (`/table/%`, `/tree/edit/%`, `/field/agent/%`, …).
 */
export function resourceCandidates(): readonly string[] {
    if (!suggestionCandidates) {
        const concrete = registry.concreteResources();
        const prefixes = new Set<string>();
        for (const resource of concrete) {
            const cut = resource.startsWith('/field/') ? resource.lastIndexOf('/') : -1;
            if (cut > 0) {
                prefixes.add(`${resource.slice(0, cut)}/%`);
                continue;
            }
            for (let i = resource.indexOf('/', 1); i > 0; i = resource.indexOf('/', i + 1)) prefixes.add(`${resource.slice(0, i)}/%`);
        }
        prefixes.add('/field/%');
        suggestionCandidates = Object.freeze([...prefixes, ...concrete]);
    }
    return suggestionCandidates;
}

/**
 * Every written action that matches no action of the resources its policy's resource matches
 * (policies on unknown resources are skipped: unknown-resource reports those), with the actions
 * that resource does have. unknown-action and unchecked-action split these between them.
 */
export function* unmatchedActions(model: PolicyModel): Generator<{ readonly policy: Policy; readonly action: PolicyAction; readonly valid: readonly string[] }> {
    for (const { policy } of writtenPolicies(model)) {
        if (matchingResources(policy.resource).length === 0) continue;
        const valid = actionsOfPattern(policy.resource);
        for (const action of policy.actions) {
            if (!valid.some((known) => like(known, action.name))) yield { policy, action, valid };
        }
    }
}
