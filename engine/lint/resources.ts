/**
 * What a written resource pattern stands for in the registry: the concrete resources it matches
 * (by SQL LIKE, as Specify matches), their actions, and where Specify checks them. Results are
 * cached per pattern: the same patterns recur across roles and users.
 */
import { isAscii } from '../collation.js';
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
        const { upper, ascii } = foldedConcrete();
        const concrete = registry.concreteResources();
        // The literal text before the first wildcard or escape: an ASCII value folds by upper-casing,
        // so it can match only if it starts with that text upper-cased, and when nothing but `%`
        // follows, that is the whole test. Other values (none today) go through like() as they are.
        const found = pattern.search(/[%_\\]/);
        const cut = found < 0 ? pattern.length : found;
        const prefix = pattern.slice(0, cut);
        const asciiPrefix = isAscii(prefix);
        const upperPrefix = prefix.toUpperCase();
        const prefixOnly = asciiPrefix && /^%+$/.test(pattern.slice(cut));
        for (let i = 0; i < concrete.length; i++) {
            const resource = concrete[i]!;
            if (ascii[i] && asciiPrefix) {
                if (!upper[i]!.startsWith(upperPrefix)) continue;
                if (!prefixOnly && !like(resource, pattern)) continue;
            } else if (!like(resource, pattern)) {
                continue;
            }
            const info = concreteInfo(i);
            if (info) infos.push(info);
        }
    }
    return remember(matchCache, pattern, Object.freeze(infos));
}

/** registry.lookup of each concrete resource, by position, asked once: a `/field/%` pattern matches thousands. */
const concreteInfos: (ResourceInfo | null)[] = [];

function concreteInfo(i: number): ResourceInfo | undefined {
    let info = concreteInfos[i];
    if (info === undefined) concreteInfos[i] = info = registry.lookup(registry.concreteResources()[i]!) ?? null;
    return info ?? undefined;
}

let folded: { readonly upper: readonly string[]; readonly ascii: readonly boolean[] } | undefined;

/** The concrete resources upper-cased, and which are ASCII: the registry is fixed, so built once. */
function foldedConcrete(): { readonly upper: readonly string[]; readonly ascii: readonly boolean[] } {
    if (!folded) {
        const concrete = registry.concreteResources();
        folded = { upper: concrete.map((resource) => resource.toUpperCase()), ascii: concrete.map(isAscii) };
    }
    return folded;
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

/** A written action that matches no action of its policy's resources, and the actions they have. */
export interface UnmatchedAction {
    readonly policy: Policy;
    readonly action: PolicyAction;
    readonly valid: readonly string[];
}

/** Answers of matchesSome by action list (frozen, from actionsOfPattern) and action pattern. */
const someMatches = new WeakMap<readonly string[], Map<string, boolean>>();

/** Whether the action pattern matches some action of the list: asked once per list and pattern. */
function matchesSome(actions: readonly string[], pattern: string): boolean {
    let answers = someMatches.get(actions);
    if (!answers) someMatches.set(actions, (answers = new Map()));
    let answer = answers.get(pattern);
    if (answer === undefined) {
        answer = actions.some((known) => like(known, pattern));
        answers.set(pattern, answer);
    }
    return answer;
}

/** unmatchedActions by model: the model is immutable, and two rules of one lint run read the list. */
const unmatched = new WeakMap<PolicyModel, readonly UnmatchedAction[]>();

/**
 * Every written action that matches no action of the resources its policy's resource matches
 * (policies on unknown resources are skipped: unknown-resource reports those), with the actions
 * that resource does have. unknown-action and unchecked-action split these between them.
 */
export function unmatchedActions(model: PolicyModel): readonly UnmatchedAction[] {
    let list = unmatched.get(model);
    if (!list) {
        const out: UnmatchedAction[] = [];
        for (const { policy } of writtenPolicies(model)) {
            if (policy.actions.length === 0 || matchingResources(policy.resource).length === 0) continue;
            const valid = actionsOfPattern(policy.resource);
            for (const action of policy.actions) {
                if (!matchesSome(valid, action.name)) out.push({ policy, action, valid });
            }
        }
        list = Object.freeze(out);
        unmatched.set(model, list);
    }
    return list;
}
