/**
 * A deliberately naive evaluator of semantics.md, written apart from the engine so that the two can
 * be compared on random models. It reads the PolicyModel itself (not ModelIndex), matches with its
 * own LIKE (a table over code points, not regular expressions, not engine/like.ts), rebuilds every
 * stored row on every call, and scans all of them for every question. Slow on purpose: nothing here
 * is cached, indexed or precompiled, so nothing here can share a bug with the compiler.
 *
 * The registry facts it needs (tool tables, where the server checks a resource) are read straight
 * from the generated raw data, not through the Registry class.
 */
import { RAW_RESOURCES } from '../../../engine/registry/data.js';
import type { Policy, PolicyModel, Role, User } from '../../../engine/model/policy-model.js';

export interface ReferenceRow {
    readonly resource: string;
    readonly action: string;
    /** `institution-user|<user>|`, `collection-user|<user>|<collection>` or `role|<role>|<collection>`. */
    readonly holder: string;
    readonly template?: string;
    readonly derivation?: string;
    /** Later declarations of the same row by the same holder (template and derivation of each), in order. */
    readonly also?: readonly { readonly template?: string; readonly derivation?: string }[];
}

export interface ReferenceQuery {
    readonly user: string;
    readonly collection?: string;
    readonly institution?: boolean;
    readonly resource: string;
    readonly action: string;
}

export type ReferenceAnswer =
    | { readonly error: 'unknown-user' | 'unknown-collection' | 'ambiguous-name' | 'bad-query' }
    | {
          readonly error?: undefined;
          readonly allowed: boolean;
          readonly level: 'collection' | 'institution';
          readonly reason: 'granted' | 'no-matching-policy' | 'no-collection-access';
          readonly matches: readonly ReferenceRow[];
          readonly gate?: { readonly allowed: boolean; readonly matches: readonly ReferenceRow[] };
          /** Holders in the order Specify lists them: institution, the user in the collection, roles as held. */
          readonly holders: readonly string[];
          /** For a `/tools/<name>` request in enforce mode: the tool's tables that matched no row. */
          readonly missingTables?: readonly string[];
      };

// ---------------------------------------------------------------------------------------------
// LIKE, from semantics.md §2.2: % any run, _ one character, \ escapes, whole string, general_ci.

type Token = { readonly kind: 'any' } | { readonly kind: 'one' } | { readonly kind: 'char'; readonly char: string };

function tokens(pattern: string): Token[] {
    const chars = Array.from(pattern);
    const out: Token[] = [];
    for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (c === '%') out.push({ kind: 'any' });
        else if (c === '_') out.push({ kind: 'one' });
        else if (c === '\\' && i + 1 < chars.length) out.push({ kind: 'char', char: chars[++i]! });
        else out.push({ kind: 'char', char: c });
    }
    return out;
}

// Characters compare by their utf8mb4_general_ci weight (the facts listed in engine/collation.ts,
// restated here and computed another way): beyond the BMP everything weighs U+FFFD; ß weighs S and
// ϲ Σ; й keeps its breve; a letter whose case pair or decomposition is newer than MySQL's table
// keeps its own weight; any other letter weighs as its capital with the accents taken off.
const WEIGHS_AS: Readonly<Record<string, string>> = { 'ß': 'S', 'ϲ': 'Σ', 'й': 'Й', 'Й': 'Й' };
const KEEPS_OWN =
    /^[\u019e\u0220\u0234-\u024f\u0370-\u037f\u03cf\u03d7-\u03d9\u03f3-\u03ff\u04c0\u04c5\u04c6\u04c9\u04ca\u04cd-\u04cf\u04f6\u04f7\u04fa-\u052f\u13a0-\u13ff\u1c80-\u1cbf\u1efa-\u1eff\u2c00-\u2dff\ua640-\ua7ff\uab70-\uabbf]$/u;

function unaccented(text: string): string {
    return text.normalize('NFD').replace(/\p{Mn}/gu, '');
}

function weight(ch: string): string {
    if (ch.codePointAt(0)! > 0xffff) return '\ufffd';
    if (WEIGHS_AS[ch]) return WEIGHS_AS[ch];
    if (KEEPS_OWN.test(ch)) return ch;
    const bare = unaccented(ch) || ch;
    if (Array.from(bare).length !== 1 || bare.codePointAt(0)! > 0xffff) return ch;
    if (WEIGHS_AS[bare]) return WEIGHS_AS[bare];
    if (KEEPS_OWN.test(bare)) return bare;
    const capital = unaccented(bare.toUpperCase());
    return Array.from(capital).length === 1 && !KEEPS_OWN.test(capital) && capital.codePointAt(0)! <= 0xffff ? capital : bare;
}

function sameLetter(a: string, b: string): boolean {
    return a === b || weight(a) === weight(b);
}

/** `value LIKE pattern`: can[j] says whether the tokens so far can consume the first j characters. */
export function referenceLike(value: string, pattern: string): boolean {
    const chars = Array.from(value);
    let can: boolean[] = chars.map(() => false).concat(false);
    can[0] = true;
    for (const token of tokens(pattern)) {
        const next: boolean[] = can.map(() => false);
        for (let j = 0; j <= chars.length; j++) {
            if (token.kind === 'any') {
                next[j] = can[j]! || (j > 0 && next[j - 1]!);
            } else if (j > 0 && can[j - 1]) {
                next[j] = token.kind === 'one' || sameLetter(chars[j - 1]!, token.char);
            }
        }
        can = next;
    }
    return can[chars.length]!;
}

// ---------------------------------------------------------------------------------------------
// Stored rows, as Specify would store the model (semantics.md §1, §3, §6).

const TOOLS = RAW_RESOURCES.filter((r) => r.kind === 'frontend-virtual-tool');

/** Specify's UI saves /tools/<name> as its tables; /tools/% as every tool's tables. */
function toolTables(resource: string): readonly string[] | undefined {
    const lower = resource.toLowerCase();
    if (!lower.startsWith('/tools/')) return undefined;
    if (lower === '/tools/%') return TOOLS.flatMap((tool) => tool.expandsTo ?? []);
    const tool = TOOLS.find((t) => t.resource.toLowerCase() === lower);
    return tool ? (tool.expandsTo ?? []) : undefined;
}

function rowsOfPolicy(policy: Policy, holder: string, template?: string): ReferenceRow[] {
    const rows: ReferenceRow[] = [];
    const tables = toolTables(policy.resource);
    for (const action of policy.actions) {
        const extra = template === undefined ? {} : { template };
        if (tables) for (const table of tables) rows.push({ resource: table, action: action.name, holder, derivation: 'tool-expansion', ...extra });
        else rows.push({ resource: policy.resource, action: action.name, holder, ...extra });
    }
    return rows;
}

/**
 * A policy set holding collection access is saved with /field/% % as well, unless it has it or the
 * set is written `without /field/%` (rows a server holds that the UI did not save).
 */
function addFieldWildcard(rows: ReferenceRow[], holder: string, without: { readonly resource: string } | undefined): ReferenceRow[] {
    if (without !== undefined && without.resource.toLowerCase() === '/field/%') return rows;
    const hasAccess = rows.some((r) => r.resource.toLowerCase() === '/system/sp7/collection' && r.action.toLowerCase() === 'access');
    const hasField = rows.some((r) => r.resource.toLowerCase() === '/field/%' && r.action === '%');
    return hasAccess && !hasField ? [...rows, { resource: '/field/%', action: '%', holder, derivation: 'field-wildcard' }] : rows;
}

/** Two patterns stored as one row: the same text exactly (Specify stores what it is sent, case and all). */
function samePattern(a: string, b: string): boolean {
    return a === b;
}

/**
 * One row per resource and action per holder, as Specify's panel saves a policy set: the first
 * declaration stays and the later ones are listed in its `also`.
 */
function onePerPattern(rows: readonly ReferenceRow[]): ReferenceRow[] {
    const out: ReferenceRow[] = [];
    for (const row of rows) {
        const i = out.findIndex((kept) => samePattern(kept.resource, row.resource) && samePattern(kept.action, row.action));
        if (i < 0) {
            out.push(row);
            continue;
        }
        const also = { ...(row.template === undefined ? {} : { template: row.template }), ...(row.derivation === undefined ? {} : { derivation: row.derivation }) };
        out[i] = { ...out[i]!, also: [...(out[i]!.also ?? []), also] };
    }
    return out;
}

function institutionRows(user: User): ReferenceRow[] {
    const holder = `institution-user|${user.name}|`;
    const rows: ReferenceRow[] = [];
    if (user.institutionAdmin) rows.push({ resource: '%', action: '%', holder, derivation: 'institution-admin' });
    for (const policy of user.institutionPolicies) rows.push(...rowsOfPolicy(policy, holder));
    return onePerPattern(rows);
}

/** Specify's `is_admin()`: an institution-level row that is exactly `%` / `%`, whoever wrote it how. */
export function referenceIsAdmin(user: User): boolean {
    return institutionRows(user).some((row) => row.resource === '%' && row.action === '%');
}

function collectionUserRows(user: User, collection: string): ReferenceRow[] {
    const holder = `collection-user|${user.name}|${collection}`;
    const rows: ReferenceRow[] = [];
    for (const grant of user.collections.filter((g) => g.collection.name === collection)) {
        if (grant.access) rows.push({ resource: '/system/sp7/collection', action: 'access', holder, derivation: 'collection-access' });
        for (const policy of grant.policies) rows.push(...rowsOfPolicy(policy, holder));
    }
    // `without` in any block naming the collection holds for the user's whole set there.
    const without = user.collections.find((g) => g.collection.name === collection && g.without !== undefined)?.without;
    return onePerPattern(addFieldWildcard(rows, holder, without));
}

function declaredFor(role: Role, collection: string): boolean {
    return role.collections.some((c) => c.name === collection);
}

/** Specify keeps one copy of a role per collection; a copy exists only where the role is declared. */
function roleRows(model: PolicyModel, role: Role, collection: string): ReferenceRow[] {
    if (!declaredFor(role, collection)) return [];
    const holder = `role|${role.name}|${collection}`;
    const rows: ReferenceRow[] = [];
    for (const ref of role.templates) {
        const template = model.libraryRoles.find((l) => l.name === ref.name);
        if (template) for (const policy of template.policies) rows.push(...rowsOfPolicy(policy, holder, template.name));
    }
    for (const policy of role.policies) rows.push(...rowsOfPolicy(policy, holder));
    return onePerPattern(addFieldWildcard(rows, holder, role.without));
}

/** Roles a user holds in a collection: declared there, first declaration of a name, once each. */
function rolesHeld(model: PolicyModel, user: User, collection: string): Role[] {
    const held: Role[] = [];
    for (const grant of user.collections.filter((g) => g.collection.name === collection)) {
        for (const ref of grant.roles) {
            const role = model.roles.find((r) => r.name === ref.name);
            if (role && declaredFor(role, collection) && !held.includes(role)) held.push(role);
        }
    }
    return held;
}

const declaredTwice = (list: readonly { name: string }[], name: string) => new Set(list.filter((x) => x.name === name)).size > 1;

/**
 * In a collection, a name the question depends on that the model declares more than once: the
 * collection, every role the user is given there, and the library roles copied into those of them
 * declared for it.
 */
function dependsOnTwiceDeclared(model: PolicyModel, user: User, collection: string): boolean {
    const collections = model.institutions.flatMap((i) => i.divisions.flatMap((d) => d.disciplines.flatMap((s) => s.collections)));
    if (declaredTwice(collections, collection)) return true;
    for (const grant of user.collections.filter((g) => g.collection.name === collection)) {
        for (const ref of grant.roles) {
            if (declaredTwice(model.roles, ref.name)) return true;
            const role = model.roles.find((r) => r.name === ref.name);
            if (role && declaredFor(role, collection) && role.templates.some((t) => declaredTwice(model.libraryRoles, t.name))) return true;
        }
    }
    return false;
}

function declaredCollections(model: PolicyModel): string[] {
    return model.institutions.flatMap((i) => i.divisions.flatMap((d) => d.disciplines.flatMap((s) => s.collections.map((c) => c.name))));
}

// ---------------------------------------------------------------------------------------------
// Decisions (semantics.md §2, §2.3, §2.4).

/** Resources Specify's server checks with collection None. */
function checkedAtInstitution(resource: string): boolean {
    return RAW_RESOURCES.some((r) => r.backendCheckLevel === 'institution' && r.resource.toLowerCase() === resource.toLowerCase());
}

const DERIVED = '/permissions/institutional_policies/user';
const DERIVED_FROM = '/permissions/policies/user';

export function referenceDecide(model: PolicyModel, query: ReferenceQuery, mode: 'enforce' | 'query' = 'enforce'): ReferenceAnswer {
    const inCollection = query.collection !== undefined;
    if (inCollection === (query.institution === true)) return { error: 'bad-query' };
    const user = model.users.find((u) => u.name === query.user);
    if (!user) return { error: 'unknown-user' };
    if (declaredTwice(model.users, user.name)) return { error: 'ambiguous-name' };
    const collection = query.collection;
    if (collection !== undefined && !declaredCollections(model).includes(collection)) return { error: 'unknown-collection' };
    if (collection !== undefined && dependsOnTwiceDeclared(model, user, collection)) return { error: 'ambiguous-name' };

    const enforce = mode === 'enforce';
    const derived = enforce && query.resource.toLowerCase() === DERIVED;
    const resource = derived ? DERIVED_FROM : query.resource;
    const atInstitution = collection === undefined || derived || (enforce && checkedAtInstitution(query.resource));

    const institution = institutionRows(user);
    const held = collection === undefined ? [] : rolesHeld(model, user, collection);
    const inC = collection === undefined ? [] : [...institution, ...collectionUserRows(user, collection), ...held.flatMap((role) => roleRows(model, role, collection))];
    const matching = (rows: readonly ReferenceRow[], asked: string) => rows.filter((row) => referenceLike(asked, row.resource) && referenceLike(query.action, row.action));

    // Specify's UI (hasToolPermission): a tool action is the action on every one of the tool's tables.
    const tool = enforce ? TOOLS.find((t) => t.resource.toLowerCase() === query.resource.toLowerCase()) : undefined;
    let level: 'collection' | 'institution' = atInstitution ? 'institution' : 'collection';
    let matches: ReferenceRow[];
    let missingTables: string[] | undefined;
    if (tool) {
        matches = [];
        missingTables = [];
        level = 'institution';
        for (const table of tool.expandsTo ?? []) {
            const tableAtInstitution = collection === undefined || checkedAtInstitution(table);
            if (!tableAtInstitution) level = 'collection';
            const found = matching(tableAtInstitution ? institution : inC, table);
            if (found.length === 0) missingTables.push(table);
            for (const row of found) if (matches.indexOf(row) < 0) matches.push(row);
        }
    } else {
        matches = matching(atInstitution ? institution : inC, resource);
    }
    const policyAllows = missingTables ? missingTables.length === 0 : matches.length > 0;
    const gateMatches =
        enforce && collection !== undefined
            ? inC.filter((row) => referenceLike('/system/sp7/collection', row.resource) && referenceLike('access', row.action))
            : undefined;
    const gate = gateMatches ? { allowed: gateMatches.length > 0, matches: gateMatches } : undefined;
    const reason = gate && !gate.allowed ? 'no-collection-access' : policyAllows ? 'granted' : 'no-matching-policy';
    return {
        allowed: reason === 'granted',
        level,
        ...(missingTables ? { missingTables } : {}),
        reason,
        matches,
        ...(gate ? { gate } : {}),
        holders: [
            `institution-user|${user.name}|`,
            ...(collection === undefined ? [] : [`collection-user|${user.name}|${collection}`, ...held.map((r) => `role|${r.name}|${collection}`)])
        ]
    };
}
