import { ContentMemo } from '../../content-memo.js';
import type { LibraryRole, Policy, Role, Source, User } from '../../model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, isAdminPolicy, toolTablesOf } from '../../model/stored.js';
import { likeContains } from '../like-contains.js';
import { describePolicy, policyKey } from '../policies.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** Something that grants (resource, action) pairs in a place: a written policy or a keyword. */
interface Grantor {
    /** The written policy behind it (also for a template's policy copied into a role), else none: a keyword. */
    readonly written?: Policy;
    /** Appended to the written policy's description (` from library T`), or the keyword's whole description. */
    readonly label: string;
    readonly source?: Source;
    readonly pairs: readonly (readonly [string, string])[];
    /** Present when the grantor is a policy written in this place, and so may itself be reported. */
    readonly policy?: Policy;
}

/** What a report says the grantor is; built only for the few grantors named in a report. */
function describe(g: Grantor): string {
    return g.written ? `${describePolicy(g.written)}${g.label}` : g.label;
}

/** (resource, action) pairs of a policy as Specify stores them: `/tools/...` becomes its tables. */
function pairsOf(policy: Policy): [string, string][] {
    const resources = toolTablesOf(policy.resource) ?? [policy.resource];
    return resources.flatMap((resource) => policy.actions.map((action): [string, string] => [resource, action.name]));
}

function grantor(policy: Policy, suffix = '', reportable = true): Grantor {
    const source = firstSource(policy.source, policy.resourceSource);
    return {
        written: policy,
        label: suffix,
        ...(source ? { source } : {}),
        pairs: pairsOf(policy),
        ...(reportable ? { policy } : {})
    };
}

function covers(by: Grantor, [resource, action]: readonly [string, string]): boolean {
    return by.pairs.some(([r, a]) => likeContains(action, a) && likeContains(resource, r));
}

/** Positions of the policies that can be dropped, each with the positions of its coverers. */
type Answer = readonly (readonly [number, readonly number[]])[];

/**
 * Which grantors of a place may cover a pair, by the pair's resource: a grantor with a plain
 * resource (no wildcard) covers only that resource in another case (likeContains), so it is filed
 * under the lowercased resource; a grantor with any pattern resource may cover anything.
 */
class Coverers {
    private readonly byResource = new Map<string, number[]>();
    private readonly patterns: number[] = [];

    constructor(place: readonly Grantor[]) {
        place.forEach((g, j) => {
            for (const [resource] of g.pairs) {
                let list: number[] | undefined;
                if (isPattern(resource)) list = this.patterns;
                else if (!(list = this.byResource.get(resource.toLowerCase()))) this.byResource.set(resource.toLowerCase(), (list = []));
                if (list.at(-1) !== j) list.push(j);
            }
        });
    }

    /** Grantors (ascending place order) that may cover a pair with this resource; no other can. */
    *of(resource: string): Generator<number> {
        const named = this.byResource.get(resource.toLowerCase()) ?? [];
        const patterns = this.patterns;
        let a = 0;
        let b = 0;
        while (a < named.length || b < patterns.length) {
            const x = named[a] ?? Infinity;
            const y = patterns[b] ?? Infinity;
            if (x <= y) a++;
            if (y <= x) b++;
            yield Math.min(x, y);
        }
    }
}

/** `%`, `_` or `\\`: the resource is a LIKE pattern, not one name. */
function isPattern(resource: string): boolean {
    return resource.includes('%') || resource.includes('_') || resource.includes('\\');
}

/**
 * The written policies of one place that can all be dropped at once without losing a grant, each
 * with the grantors that cover it (by position in the place). Later policies are tried first, so of
 * two equal policies the later one is reported; a policy found redundant stops covering others, so
 * what remains still covers everything dropped. Each pair is covered by the first grantor that
 * covers it; Coverers only leaves out grantors that cannot.
 */
function redundantIn(place: readonly Grantor[]): Answer {
    const dropped = new Map<number, number[]>();
    const coverers = new Coverers(place);
    for (let i = place.length - 1; i >= 0; i--) {
        const candidate = place[i]!;
        if (!candidate.policy || candidate.pairs.length === 0) continue;
        const by: number[] = [];
        let all = true;
        for (const pair of candidate.pairs) {
            let coverer = -1;
            for (const j of coverers.of(pair[0])) {
                if (j !== i && !dropped.has(j) && covers(place[j]!, pair)) {
                    coverer = j;
                    break;
                }
            }
            if (coverer < 0) {
                all = false;
                break;
            }
            if (!by.includes(coverer)) by.push(coverer);
        }
        if (all) dropped.set(i, by);
    }
    return [...dropped];
}

/**
 * redundantIn by the place's full content (each grantor's pairs, and whether it may be reported):
 * the answer reads nothing else, and users and roles built alike repeat the same places, in one run
 * and in the editor's next. A cheap hash picks a bucket; an answer is used only for a place equal to
 * the one it was made from, pair for pair. Only the pair lists are kept (strings, never a model's
 * objects); a template's copied grantors share theirs, so most comparisons are by identity.
 */
type Pairs = Grantor['pairs'];

interface Known {
    readonly reportable: readonly boolean[];
    readonly pairs: readonly Pairs[];
}

const answers = new ContentMemo<readonly Grantor[], Known, Answer>(
    10_000,
    hashOf,
    (place) => ({ reportable: place.map((g) => g.policy !== undefined), pairs: place.map((g) => g.pairs) }),
    sameContent
);
const NOTHING: Answer = Object.freeze([]);

function hashOf(place: readonly Grantor[]): number {
    let hash = place.length;
    for (const g of place) {
        hash = (Math.imul(hash, 31) + (g.policy ? 1 : 2) * g.pairs.length) | 0;
        for (const [resource, action] of g.pairs) {
            hash = (Math.imul(hash, 31) + resource.length) | 0;
            hash = (Math.imul(hash, 31) + (resource.charCodeAt(resource.length - 1) || 0)) | 0;
            hash = (Math.imul(hash, 31) + action.length) | 0;
        }
    }
    return hash;
}

function samePairs(a: Pairs, b: Pairs): boolean {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
    return true;
}

function sameContent(known: Known, place: readonly Grantor[]): boolean {
    if (known.pairs.length !== place.length) return false;
    for (let i = 0; i < place.length; i++) {
        if (known.reportable[i] !== (place[i]!.policy !== undefined) || !samePairs(known.pairs[i]!, place[i]!.pairs)) return false;
    }
    return true;
}

function redundantInPlace(place: readonly Grantor[]): Answer {
    // With fewer than two grantors nothing can cover a policy that grants anything.
    if (place.length < 2) return NOTHING;
    return answers.get(place, redundantIn);
}

/** A place: its keyword grantors first, then each of the policies once (by policyKey), in order. */
function placeOf(keywords: readonly Grantor[], policies: readonly Policy[]): Grantor[] {
    const place = [...keywords];
    const seen = new Set<unknown>();
    for (const policy of policies) {
        const key = policyKey(policy);
        if (seen.has(key)) continue;
        seen.add(key);
        place.push(grantor(policy));
    }
    return place;
}

/** A keyword that grants one pair (`institution admin`, `access`), at its own place. */
function keyword(label: string, source: Source | undefined, pair: readonly [string, string]): Grantor {
    return source ? { label, source, pairs: [pair] } : { label, pairs: [pair] };
}

/** What one place says of a written policy in it: its key, and the grantors covering it when it can be dropped. */
interface Counted {
    readonly key: unknown;
    readonly policy: Policy;
    readonly by: readonly Grantor[] | undefined;
}

/** Each written policy of a place (its grantors with a policy), in place order, with whether it can be dropped and by what. */
function countedIn(place: readonly Grantor[]): Counted[] {
    const answer = redundantInPlace(place);
    const dropped = answer.length === 0 ? undefined : new Map(answer.map(([at, by]) => [place[at]!, by.map((j) => place[j]!)] as const));
    const out: Counted[] = [];
    for (const g of place) if (g.policy) out.push({ key: policyKey(g.policy), policy: g.policy, by: dropped?.get(g) });
    return out;
}

const NONE: readonly Counted[] = Object.freeze([]);

/**
 * Places counted once per element, as users are (countedForUser): a library role's place reads the
 * library role alone; a role's reads the role and the library roles its names resolve to, so it is
 * counted again when they resolve to other objects.
 */
const libraryCounts = new WeakMap<LibraryRole, readonly Counted[]>();
const roleCounts = new WeakMap<Role, { readonly templates: readonly (LibraryRole | undefined)[]; readonly counted: readonly Counted[] }>();
/** A template's policies as copied into a role: the same grantors for every role that uses it. */
const copies = new WeakMap<LibraryRole, readonly Grantor[]>();

function countedForLibraryRole(template: LibraryRole): readonly Counted[] {
    let counted = libraryCounts.get(template);
    if (!counted) libraryCounts.set(template, (counted = countedIn(placeOf([], template.policies))));
    return counted;
}

function copiesOf(t: LibraryRole): readonly Grantor[] {
    let list = copies.get(t);
    if (!list) copies.set(t, (list = t.policies.map((p) => grantor(p, ` from library ${t.name}`, false))));
    return list;
}

/** The role's place: its templates (resolved, each once, in order) then its own policies. */
function countedForRole(role: Role, templates: readonly (LibraryRole | undefined)[]): readonly Counted[] {
    const known = roleCounts.get(role);
    if (known && known.templates.length === templates.length && known.templates.every((t, i) => t === templates[i])) return known.counted;
    const counted = countedIn(placeOf(templates.flatMap((t) => (t ? copiesOf(t) : [])), role.policies));
    roleCounts.set(role, { templates, counted });
    return counted;
}

/**
 * A user's places, counted: the institution block, then each collection with a written policy.
 * They read the user alone, so they are counted once per user object (users are never mutated),
 * and the editor's next lint, which shares every user but the one edited, counts only that one.
 * Most users write no policy: they are answered without being remembered.
 */
const userCounts = new WeakMap<User, readonly Counted[]>();

function countedForUser(user: User): readonly Counted[] {
    // A place without a written policy has nothing to report or count: most users only hold roles.
    const grants = user.collections;
    if (user.institutionPolicies.length === 0 && !grants.some((g) => g.policies.length > 0)) return NONE;
    let counted = userCounts.get(user);
    if (!counted) userCounts.set(user, (counted = countUser(user)));
    return counted;
}

function countUser(user: User): readonly Counted[] {
    const grants = user.collections;
    const out: Counted[] = [];
    if (user.institutionPolicies.length > 0) {
        // `institution admin` next to a written `allow %: %` is institution-admin-twice's to report;
        // the written policy then covers what the keyword would, without reporting itself.
        const admin = user.institutionAdmin && !user.institutionPolicies.some(isAdminPolicy) ? [keyword('institution admin', user.institutionAdmin.source, ['%', '%'])] : [];
        out.push(...countedIn(placeOf(admin, user.institutionPolicies)));
    }
    if (!grants.some((g) => g.policies.length > 0)) return out;
    if (grants.length === 1) {
        // One grant: the common case, without grouping grants by collection.
        const access = grants[0]!.access;
        out.push(...countedIn(placeOf(access ? [keyword('access', access.source, [COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION])] : [], grants[0]!.policies)));
        return out;
    }
    for (const collection of new Set(grants.map((g) => g.collection.name))) {
        const here = grants.filter((g) => g.collection.name === collection);
        if (!here.some((g) => g.policies.length > 0)) continue;
        const access = here.find((g) => g.access)?.access;
        out.push(...countedIn(placeOf(access ? [keyword('access', access.source, [COLLECTION_ACCESS_RESOURCE, COLLECTION_ACCESS_ACTION])] : [], here.flatMap((g) => g.policies))));
    }
    return out;
}

/**
 * A policy whose every (resource, action) is already granted by another policy of the same place:
 * a role with its templates, a library role, a user's institution block, a user's policies in one
 * collection. Template policies cover but are never reported (they are shared with other roles).
 */
export const redundantPolicy = createRule({
    code: 'redundant-policy',
    severity: 'warning',
    description: 'A policy whose every resource and action another policy in the same place already grants.',
    check(context) {
        const { model, index } = context;
        // A policy written once for several collections is reported only if redundant in each of them.
        const tally = new Map<unknown, { policy: Policy; places: number; redundant: number; by: readonly Grantor[] }>();
        const count = (counted: readonly Counted[]): void => {
            for (const { key, policy, by } of counted) {
                const entry = tally.get(key) ?? { policy, places: 0, redundant: 0, by: [] };
                entry.places++;
                if (by) {
                    entry.redundant++;
                    if (entry.by.length === 0) entry.by = by;
                }
                tally.set(key, entry);
            }
        };
        for (const template of new Set(model.libraryRoles)) count(countedForLibraryRole(template));
        for (const role of new Set(model.roles)) count(countedForRole(role, [...new Set(role.templates.map((ref) => index.libraryRoles.get(ref.name)))]));
        for (const user of new Set(model.users)) count(countedForUser(user));
        for (const { policy, places, redundant, by } of tally.values()) {
            if (redundant === 0 || redundant !== places) continue;
            const more = by.length > 1 ? ` and ${by.length - 1} more` : '';
            context.report({
                message: `${describePolicy(policy)} is already granted by ${describe(by[0]!)}${more}.`,
                source: firstSource(policy.source, policy.resourceSource),
                data: { coveredBy: by.map((g) => ({ description: describe(g), ...(g.source ? { source: g.source } : {}) })) }
            });
        }
    }
});
