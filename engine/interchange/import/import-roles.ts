/**
 * Imported roles → PolicyModel roles, and the comparison Specify's Import dialog makes.
 *
 * The model says what Specify would store after the import, written the way the file writes it:
 *
 * - an Export-file role keeps its policies in file order, `/tools/<name>` included (the model expands
 *   tools exactly as Specify's `decompressPolicies` does). Its other steps are made here: duplicate
 *   resources are merged (first place, actions concatenated); the resource `%` listing every action
 *   of `getAllActions('%')` becomes `%: %` (no other resource is collapsed); a `/tools/` resource
 *   written another way is written `/tools/<name>`; with a policy exactly `/system/sp7/collection`
 *   listing `access`, `/field/%` gets `%` (each of its actions then once), or `/field/%: %` is
 *   appended: what Specify adds, and nothing else. When two policies stand for one `/table/...` (a
 *   tool and its table, two tools), Specify keeps only the later one's actions; the role then takes
 *   `decompressPolicies`' server form, table by table, so that it stores what Specify would store;
 * - a REST role keeps the server's object as it is, duplicate actions included: it is what Specify
 *   stores, and Specify's UI never saw it, so nothing is added;
 * - either way the model then stores exactly those rows. The engine (stored.ts) adds `/field/%: %`
 *   after every other row of a set with collection access that lacks it, as Specify's UI does on
 *   save; so a last `/field/%: %` it would add back is left out of the text, and a role with access
 *   but no `/field/%: %` (a REST body, a database migration) says `without /field/%`.
 *
 * So export → import → export gives back the same bytes for every file that Specify's Export writes,
 * and a REST body imported and exported as REST gives back its rows.
 *
 * Identifiers: the Specify name in CamelCase (`Full Access - Legacy` → `FullAccessLegacy`), always a
 * valid spol ID, unique among the roles (or library roles) of the workspace and of the import; a role
 * whose Specify name matches a role of the target keeps that role's identifier, so the printed role
 * can replace it. The Specify name becomes the title.
 */
import type { LibraryRole, Policy, PolicyAction, PolicyModel, Range, Role, Source, WithoutFieldWildcard } from '../../model/policy-model.js';
import { fieldWildcardCause } from '../../model/stored.js';
import { exportCollectionRoles, exportLibraryRoles, type ExportedRole } from '../export-file.js';
import { numberModel, specifyName } from '../numbering.js';
import { decompressPolicies, processPolicies, type FilePolicy } from '../policy-converter.js';
import { getAllActions } from '../specify-actions.js';
import type { ImportedFileRole, ImportedRole, ImportedServerRole, PolicyLocation } from './read-roles.js';

/** Where imported roles go: a collection's roles, or the institution's role library. */
export type ImportTarget = { readonly collection: string } | { readonly library: true };

export interface ImportRolesOptions {
    readonly target: ImportTarget;
    /** The workspace the roles go into: identifiers stay unique against it, and matches keep theirs. */
    readonly existing?: PolicyModel;
    /** File name or URI the elements' sources name; without it the elements carry no sources. */
    readonly file?: string;
}

/** How the model's policies differ from the input's, in words (for the CLI's report). */
export type ImportNote =
    | { readonly kind: 'merged-duplicate'; readonly resource: string }
    | { readonly kind: 'collapsed-any'; readonly resource: '%' }
    | { readonly kind: 'dropped-field-wildcard' }
    | { readonly kind: 'without-field-wildcard' }
    | { readonly kind: 'canonical-tool'; readonly from: string; readonly to: string }
    | { readonly kind: 'tool-overlap-expanded' };

export interface ImportedElement {
    readonly imported: ImportedRole;
    /** The element's spol identifier. */
    readonly name: string;
    /** The identifier of the workspace role with the same Specify name in the target, which this one replaces. */
    readonly replaces?: string;
    readonly element: Role | LibraryRole;
    readonly notes: readonly ImportNote[];
}

export interface ImportRolesResult {
    /** Only `roles` (collection target) or only `libraryRoles` (library target) are filled. */
    readonly model: PolicyModel;
    /** One per imported role, in input order. */
    readonly elements: readonly ImportedElement[];
}

// ---------------------------------------------------------------- identifiers

/** The grammar's ID terminal (language/spol.langium). */
export const SPOL_ID = /^[_a-zA-Z][\w.-]*$/;

/**
 * The Specify name in CamelCase: words of ASCII letters and digits (accents dropped), each with a
 * capital first letter; `Role` in front when it would start with a digit or be empty. Keywords are
 * all lowercase, so the result is never one.
 */
export function spolIdentifier(specifyName: string): string {
    const words = specifyName
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .split(/[^A-Za-z0-9]+/)
        .filter((word) => word.length > 0);
    const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
    return joined === '' || /^[0-9]/.test(joined) ? `Role${joined}` : joined;
}

/** `base`, else `base2`, `base3`, … : the first not in `taken` (compared case-sensitively, as names resolve). */
export function uniqueIdentifier(base: string, taken: ReadonlySet<string>): string {
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) {
        const candidate = `${base}${n}`;
        if (!taken.has(candidate)) return candidate;
    }
}

// ---------------------------------------------------------------- import

const ANY = '%';
const FIELD_WILDCARD = '/field/%';
const COLLECTION_ACCESS = '/system/sp7/collection';

/** Turns read roles into model roles for the target; see the module comment. */
export function importRoles(roles: readonly ImportedRole[], options: ImportRolesOptions): ImportRolesResult {
    const { target, existing, file } = options;
    const library = 'library' in target;
    const existingElements: readonly (Role | LibraryRole)[] = library ? (existing?.libraryRoles ?? []) : (existing?.roles ?? []);
    const taken = new Set(existingElements.map((element) => element.name));
    // Specify names of the target's roles → identifier of the first (Import matches the first).
    const inTarget = new Map<string, string>();
    for (const element of existingElements) {
        if (!library && !(element as Role).collections.some((ref) => ref.name === (target as { collection: string }).collection)) continue;
        const key = specifyName(element);
        if (!inTarget.has(key)) inTarget.set(key, element.name);
    }
    const reused = new Set<string>();

    const elements = roles.map((imported): ImportedElement => {
        const match = inTarget.get(imported.name);
        let name: string;
        let replaces: string | undefined;
        if (match !== undefined && !reused.has(match)) {
            name = match;
            replaces = match;
            reused.add(match);
        } else {
            name = uniqueIdentifier(spolIdentifier(imported.name), taken);
        }
        taken.add(name);
        const { policies, without, notes } = imported.form === 'file' ? filePolicies(imported, file) : serverPolicies(imported, file);
        const common = {
            name,
            title: imported.name,
            description: imported.description,
            policies,
            ...(without ? { without } : {}),
            ...(file ? { source: source(file, imported.range), nameSource: source(file, imported.nameRange) } : {})
        };
        const element: Role | LibraryRole = library
            ? common
            : { ...common, collections: [{ name: (target as { collection: string }).collection }], templates: [] };
        return { imported, name, ...(replaces !== undefined ? { replaces } : {}), element, notes };
    });

    const model: PolicyModel = {
        institutions: [],
        libraryRoles: library ? elements.map((e) => e.element as LibraryRole) : [],
        roles: library ? [] : elements.map((e) => e.element as Role),
        users: []
    };
    return { model, elements };
}

function source(file: string, range: Range): Source {
    return { file, range };
}

interface Draft {
    resource: string;
    actions: PolicyAction[];
    source?: Source;
    resourceSource?: Source;
}

function draftOf(resource: string, actions: readonly string[], location: PolicyLocation | undefined, file: string | undefined): Draft {
    return {
        resource,
        actions: actions.map((action, i) => {
            const range = location?.actionRanges[i];
            return file && range ? { name: action, source: source(file, range) } : { name: action };
        }),
        ...(file && location ? { source: source(file, location.range), resourceSource: source(file, location.resourceRange) } : {})
    };
}

function toPolicy(draft: Draft): Policy {
    return {
        resource: draft.resource,
        actions: draft.actions,
        ...(draft.source ? { source: draft.source } : {}),
        ...(draft.resourceSource ? { resourceSource: draft.resourceSource } : {})
    };
}

function segmentsOf(resource: string): string[] {
    return resource.split('/').filter((part) => part.length > 0);
}

/** `/tools/<name>` for a resource Specify reads as a tool, else undefined. */
function canonicalTool(resource: string): string | undefined {
    const parts = segmentsOf(resource);
    if (parts[0] !== 'tools' || parts[1] === undefined) return undefined;
    return `/tools/${parts[1]}`;
}

/** The server keys decompressPolicies makes of one file resource: a tool's tables, else itself. */
function producedKeys(resource: string): string[] {
    if (segmentsOf(resource)[0] !== 'tools') return [resource];
    return Object.keys(decompressPolicies([{ resource, actions: [] }]));
}

/** Does decompressPolicies make one `/table/...` of two different resources (so that the later one wins)? */
function hasOverlap(file: readonly FilePolicy[]): boolean {
    const seen = new Set<string>();
    for (const resource of new Set(file.map((p) => p.resource))) {
        for (const key of producedKeys(resource)) {
            if (seen.has(key)) return true;
            seen.add(key);
        }
    }
    return false;
}

/**
 * Specify's decompressPolicies, step 4, on drafts already merged: when a policy is exactly
 * `/system/sp7/collection` and lists exactly `access`, the policy exactly `/field/%` gets `%` added
 * to its actions, each action then once; without one, `/field/%: %` is appended.
 */
function withSpecifyFieldWildcard(drafts: Draft[]): Draft[] {
    if (!drafts.some((d) => d.resource === COLLECTION_ACCESS && d.actions.some((a) => a.name === 'access'))) return drafts;
    const index = drafts.findIndex((d) => d.resource === FIELD_WILDCARD);
    if (index === -1) return [...drafts, { resource: FIELD_WILDCARD, actions: [{ name: ANY }] }];
    const current = drafts[index]!;
    const seen = new Set<string>();
    const actions = [...current.actions, { name: ANY }].filter((a) => !seen.has(a.name) && seen.add(a.name));
    return drafts.map((draft, i) => (i === index ? { ...current, actions } : draft));
}

function rowsOf(drafts: readonly Draft[]): { resource: string; action: string }[] {
    return drafts.flatMap((d) => d.actions.map((a) => ({ resource: d.resource, action: a.name })));
}

/**
 * The drafts (in the order Specify stores them) as model policies that make exactly those rows:
 * stored.ts adds `/field/%: %` after every other row when the set holds collection access and lacks
 * it (`fieldWildcardCause`). So a last `/field/%: %` that the engine would add back is left out,
 * and a set the engine would add it to though Specify holds none says `without /field/%`.
 */
function asEngineStores(drafts: Draft[], notes: ImportNote[], file: string | undefined): { drafts: Draft[]; without?: WithoutFieldWildcard } {
    const last = drafts.at(-1);
    if (last && last.resource === FIELD_WILDCARD && last.actions.length === 1 && last.actions[0]!.name === ANY) {
        const rest = drafts.slice(0, -1);
        if (fieldWildcardCause(rowsOf(rest))) {
            notes.push({ kind: 'dropped-field-wildcard' });
            return { drafts: rest };
        }
    }
    if (!fieldWildcardCause(rowsOf(drafts))) return { drafts };
    notes.push({ kind: 'without-field-wildcard' });
    const access = drafts.find((d) => d.resource.toLowerCase() === COLLECTION_ACCESS);
    const place = access?.resourceSource ?? access?.source;
    return { drafts, without: { resource: FIELD_WILDCARD, ...(file && place ? { source: place } : {}) } };
}

interface ImportedPolicies {
    policies: Policy[];
    without?: WithoutFieldWildcard;
    notes: ImportNote[];
}

function finish(drafts: Draft[], notes: ImportNote[], file: string | undefined): ImportedPolicies {
    const stored = asEngineStores(drafts, notes, file);
    return { policies: stored.drafts.map(toPolicy), ...(stored.without ? { without: stored.without } : {}), notes };
}

function filePolicies(role: ImportedFileRole, file: string | undefined): ImportedPolicies {
    const notes: ImportNote[] = [];
    if (hasOverlap(role.policies)) {
        // Specify keeps one policy per table; its server form is what it stores.
        notes.push({ kind: 'tool-overlap-expanded' });
        const server = decompressPolicies(role.policies);
        const drafts = Object.entries(server).map(([resource, actions]) => {
            const draft = draftOf(resource, actions, undefined, file);
            return file ? { ...draft, source: source(file, role.range) } : draft;
        });
        return finish(drafts, notes, file);
    }
    const merged = new Map<string, Draft>();
    role.policies.forEach((policy, index) => {
        const location = role.policyLocations[index];
        const tool = canonicalTool(policy.resource);
        const resource = tool ?? policy.resource;
        if (tool !== undefined && tool !== policy.resource) notes.push({ kind: 'canonical-tool', from: policy.resource, to: tool });
        const draft = draftOf(resource, policy.actions, location, file);
        const earlier = merged.get(resource);
        if (earlier) {
            earlier.actions.push(...draft.actions);
            notes.push({ kind: 'merged-duplicate', resource });
        } else {
            merged.set(resource, draft);
        }
    });
    const all = getAllActions(ANY);
    const drafts = [...merged.values()].map((draft) => {
        if (draft.resource !== ANY) return draft;
        const names = new Set(draft.actions.map((a) => a.name));
        if (!all.every((action) => names.has(action))) return draft;
        if (draft.actions.length === 1 && draft.actions[0]!.name === ANY) return draft;
        notes.push({ kind: 'collapsed-any', resource: ANY });
        return { ...draft, actions: [draft.source ? { name: ANY, source: draft.source } : { name: ANY }] };
    });
    return finish(withSpecifyFieldWildcard(drafts), notes, file);
}

/** The server's rows exactly: every key and action as the body lists them, duplicates included. */
function serverPolicies(role: ImportedServerRole, file: string | undefined): ImportedPolicies {
    const drafts = Object.entries(role.policies).map(([resource, actions], i) => draftOf(resource, actions, role.policyLocations[i], file));
    return finish(drafts, [], file);
}

// ---------------------------------------------------------------- the Import dialog's comparison

export type ComparisonStatus = 'unchanged' | 'changed' | 'created';

export interface RoleComparison {
    readonly imported: ImportedRole;
    /** The Specify name matched on. */
    readonly name: string;
    readonly status: ComparisonStatus;
    /** The target's role with that exact name (the first, in id order), for `unchanged` and `changed`. */
    readonly existing?: {
        readonly element: Role | LibraryRole;
        /** The model's stand-in for Specify's role id. */
        readonly id: number;
        /** What Specify's Export shows for it. */
        readonly exported: ExportedRole;
    };
    /** For `changed`: what differs (`description`, `policies`, `name`, an extra or missing key, or `key order`). */
    readonly differences: readonly string[];
}

function withoutId(object: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
        if (key === 'id') continue;
        Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return copy;
}

/**
 * What the dialog compares for an imported role: the role without its id. A REST-shape role is
 * compared as the Export would show it (policies through processPolicies), since the dialog only
 * ever sees the file shape.
 */
function comparable(imported: ImportedRole): Record<string, unknown> {
    const copy = withoutId(imported.json);
    if (imported.form === 'server') copy['policies'] = processPolicies(imported.policies);
    return copy;
}

function differencesOf(existing: Record<string, unknown>, imported: Record<string, unknown>): string[] {
    const out: string[] = [];
    for (const key of Object.keys(imported)) if (!(key in existing)) out.push(`extra key ${key}`);
    for (const key of Object.keys(existing)) {
        if (!(key in imported)) out.push(`missing key ${key}`);
        else if (JSON.stringify(existing[key]) !== JSON.stringify(imported[key])) out.push(key);
    }
    return out.length > 0 ? out : ['key order'];
}

/**
 * For each imported role, what Specify's Import dialog would do with it in the target: `created` when
 * no role there has exactly its name, else `unchanged` when `JSON.stringify` of the existing role's
 * export without id equals that of the imported role without id (key order and policy order count),
 * else `changed`.
 */
export function compareWithWorkspace(model: PolicyModel, target: ImportTarget, imported: readonly ImportedRole[]): RoleComparison[] {
    const numbering = numberModel(model);
    const existing: { element: Role | LibraryRole; id: number; exported: ExportedRole }[] = [];
    if ('library' in target) {
        const exported = exportLibraryRoles(model, numbering);
        numbering.libraryRoles.forEach(({ id, role }, i) => existing.push({ element: role, id, exported: exported[i]! }));
    } else {
        const exported = exportCollectionRoles(model, target.collection, numbering);
        numbering.roleCopiesIn(target.collection).forEach(({ id, role }, i) => existing.push({ element: role, id, exported: exported[i]! }));
    }
    return imported.map((role): RoleComparison => {
        const match = existing.find((entry) => entry.exported.name === role.name);
        if (!match) return { imported: role, name: role.name, status: 'created', differences: [] };
        const before = withoutId(match.exported as unknown as Record<string, unknown>);
        const after = comparable(role);
        const same = JSON.stringify(before) === JSON.stringify(after);
        return {
            imported: role,
            name: role.name,
            status: same ? 'unchanged' : 'changed',
            existing: match,
            differences: same ? [] : differencesOf(before, after)
        };
    });
}
