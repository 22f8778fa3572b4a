/**
 * What Specify's Export → Import round trip changes in a role: the server policies go through
 * `processPolicies` (Export) and back through `decompressPolicies` (Import), and that is not the
 * identity (role-export-format.md, "Round-trip caveats"). Each finding names the role, its
 * collection (none for a library role), the stored resource and action concerned and the written
 * policy behind it, with its source.
 *
 * Kinds:
 * - `tool-widening`: a tool table holds an action that not every table of its tool holds; Export
 *   writes `/tools/<name>` and Import grants the action on all of the tool's tables.
 * - `catch-all-expanded`: a `%` action on a resource other than `%` is written as today's explicit
 *   actions; after Import the role no longer grants actions later Specify versions add, nor any other
 *   action string the `%` matched. Not reported on a table or tool: Specify checks tables only for
 *   read, create, update and delete, exactly the four written out.
 * - `catch-all-collapsed`: resource `%` listing every action of getAllActions('%') without `%`;
 *   Import collapses it to `%`, which also grants future and unknown actions.
 * - `field-wildcard-lost`, `field-wildcard-added`, `field-wildcard-changed`: `/field/%` is never
 *   exported and Import adds `/field/%: %` exactly when some policy is `/system/sp7/collection`
 *   with the action `access` (spelled so).
 * - `tool-resource-expanded`: a `/tools/<name>/…` resource stored literally, which Import turns into
 *   grants on the tool's tables.
 * - `ui-cannot-load`: a `/table/<name>` whose name is not a table; Specify's Security UI throws
 *   while loading the roles, so the collection (or library) cannot be exported at all.
 * - `import-fails`: a `/tools/<name>` that is not one of Specify's tool names (they are
 *   case-sensitive); Import throws.
 *
 * The findings read nothing of a row but its resource and action, so they are planned once per
 * distinct (resource, action) sequence (roles are mostly copies of the same templates) and then
 * tied to each copy's own rows, policies and sources. That keeps lint linear in the role copies.
 */
import { ContentMemo } from '../content-memo.js';
import type { LibraryRole, Policy, PolicyModel, Role, Source } from '../model/policy-model.js';
import { ModelIndex, type Derivation } from '../model/stored.js';
import { registry } from '../registry/registry.js';
import { serverPoliciesOf } from './export-file.js';
import {
    ANY,
    COLLECTION_ACCESS,
    decompressPolicies,
    FIELD_WILDCARD,
    PolicyConversionError,
    processPolicies,
    toolOfTableResource,
    type FilePolicy,
    type ServerPolicies
} from './policy-converter.js';
import { getAllActions } from './specify-actions.js';

export type LossyKind =
    | 'tool-widening'
    | 'catch-all-expanded'
    | 'catch-all-collapsed'
    | 'field-wildcard-lost'
    | 'field-wildcard-added'
    | 'field-wildcard-changed'
    | 'tool-resource-expanded'
    | 'ui-cannot-load'
    | 'import-fails';

/** The role whose copy is analysed: a collection role in one collection, or a library role. */
export type LossyHolder =
    | { readonly kind: 'role'; readonly role: string; readonly collection: string }
    | { readonly kind: 'library-role'; readonly role: string };

/** A stored row with what it came from; StoredPolicy and LibraryRolePolicy both fit. */
export interface LossyRow {
    readonly resource: string;
    readonly action: string;
    readonly policy?: Policy;
    readonly template?: string;
    readonly derivation?: Derivation;
    readonly source?: Source;
}

export interface LossyFinding {
    readonly kind: LossyKind;
    readonly holder: LossyHolder;
    /** The stored resource and action of the row concerned. */
    readonly resource: string;
    readonly action: string;
    /** The written policy the row comes from (a library role's policy for rows copied `from library`). */
    readonly policy?: Policy;
    /** The library role the policy was copied from, for role rows built with `from library`. */
    readonly template?: string;
    /** Where to point: the policy's resource, else the policy, else the row's own place. */
    readonly source?: Source;
    /** What changes, without the holder: the same for every holder of the same change. */
    readonly detail: string;
    /** One sentence: the holder and the detail. */
    readonly message: string;
}

export function describeHolder(holder: LossyHolder): string {
    return holder.kind === 'role' ? `role ${holder.role} in ${holder.collection}` : `library role ${holder.role}`;
}

const TABLE_PREFIX = '/table/';

function segments(resource: string): string[] {
    return resource.split('/').filter((part) => part.length > 0);
}

function list(items: readonly string[]): string {
    return items.join(', ');
}

/** `/table/<t>` (lowercased) whose `<t>` Specify's UI looks up and does not find. */
function isUnknownTable(lower: string): boolean {
    if (!lower.startsWith(TABLE_PREFIX)) return false;
    const parts = segments(lower);
    if (parts.at(-1) === ANY) return false;
    const table = parts[1];
    return table === undefined || !registry.tables.has(table);
}

/** Union of the actions of every key that is `/field/%` in any case. */
function fieldWildcardActions(server: ServerPolicies): string[] {
    return Object.entries(server)
        .filter(([resource]) => resource.toLowerCase() === FIELD_WILDCARD)
        .flatMap(([, actions]) => actions);
}

/** Same grant for the field wildcard: both hold `%`, or the same actions (case-insensitive). */
function sameFieldGrant(before: readonly string[], after: readonly string[]): boolean {
    if (before.includes(ANY) && after.includes(ANY)) return true;
    const a = new Set(before.map((x) => x.toLowerCase()));
    const b = new Set(after.map((x) => x.toLowerCase()));
    return a.size === b.size && [...a].every((x) => b.has(x));
}

/** The file policies Import can convert, and the resources it would throw on. */
function importable(file: readonly FilePolicy[]): { readonly server: ServerPolicies; readonly failing: ReadonlySet<string> } {
    const failing = new Set<string>();
    for (const policy of file) {
        // Only a `/tools/...` resource can throw (decompressPolicies names no other failure).
        if (segments(policy.resource)[0] !== 'tools') continue;
        try {
            decompressPolicies([policy]);
        } catch (error) {
            if (!(error instanceof PolicyConversionError)) throw error;
            failing.add(policy.resource);
        }
    }
    return { server: decompressPolicies(failing.size === 0 ? file : file.filter((policy) => !failing.has(policy.resource))), failing };
}

/** A finding before it is tied to rows: the kind, the index of its row, and the detail. */
interface PlannedFinding {
    readonly kind: LossyKind;
    readonly at: number;
    readonly detail: string;
}

/**
 * The findings of a (resource, action) sequence, in report order, one per row index, kind and
 * detail. The round trip reads nothing of a row but its resource and action, so this is a function
 * of the sequence alone; lossyConversions ties it to each copy's own rows.
 */
function plan(rows: readonly LossyRow[]): readonly PlannedFinding[] {
    const planned: PlannedFinding[] = [];
    const reported = new Set<string>();
    const report = (kind: LossyKind, at: number, detail: string): void => {
        const key = `${kind}\u0000${at}\u0000${detail}`;
        if (reported.has(key)) return;
        reported.add(key);
        planned.push({ kind, at, detail });
    };

    const server = serverPoliciesOf(rows);
    const file = processPolicies(server);

    // Rows Specify's UI cannot even load: no Export at all.
    rows.forEach((row, i) => {
        const lower = row.resource.toLowerCase();
        if (isUnknownTable(lower)) {
            report('ui-cannot-load', i, `${row.resource} names no table, so Specify's Security UI fails while loading the roles and cannot export them.`);
        }
    });

    const { server: back, failing } = importable(file);
    rows.forEach((row, i) => {
        const lower = row.resource.toLowerCase();
        if (failing.has(lower)) {
            report('import-fails', i, `${row.resource} is exported as ${lower}, which is not one of Specify's (case-sensitive) tool names, so Import fails.`);
        } else if (segments(lower)[0] === 'tools') {
            const tables = Object.keys(decompressPolicies([{ resource: lower, actions: [row.action] }]));
            report('tool-resource-expanded', i, `${row.resource} is stored as written, but Import turns it into ${list(tables)} ${row.action}.`);
        }
    });

    // Tool widening: an action on some tables of a tool but not on all of them.
    const byTool = new Map<string, { readonly tables: readonly string[]; readonly toolResource: string; readonly rows: number[] }>();
    rows.forEach((row, i) => {
        const tool = toolOfTableResource(row.resource.toLowerCase());
        if (!tool) return;
        let entry = byTool.get(tool.name);
        if (!entry) {
            entry = { tables: registry.tools.get(tool.resource.toLowerCase())?.tables ?? [], toolResource: tool.resource, rows: [] };
            byTool.set(tool.name, entry);
        }
        entry.rows.push(i);
    });
    for (const { tables, toolResource, rows: toolRows } of byTool.values()) {
        const covers = (table: string, action: string): boolean =>
            toolRows.some((at) => {
                const r = rows[at]!;
                return r.resource.toLowerCase() === table && (r.action === ANY || r.action.toLowerCase() === action.toLowerCase());
            });
        for (const at of toolRows) {
            const row = rows[at]!;
            const missing = tables.filter((table) => !covers(table, row.action));
            if (missing.length === 0) continue;
            const granted = row.action === ANY ? list(getAllActions(toolResource)) : row.action;
            report(
                'tool-widening',
                at,
                `Export writes ${row.resource} ${row.action} as ${toolResource} ${row.action}, and Import grants ${granted} on every table of the tool, adding ${list(missing)}.`
            );
        }
    }

    // `%` actions written out as today's list, or explicit lists collapsed into `%`.
    rows.forEach((row, i) => {
        const lower = row.resource.toLowerCase();
        if (row.resource === FIELD_WILDCARD) return; // never exported: see the field wildcard below
        if (row.action === ANY && lower !== ANY) {
            const fileResource = toolOfTableResource(lower)?.resource ?? lower;
            // A table (or tool) has exactly read, create, update and delete: Specify's table checks
            // use no other action, so writing them out loses nothing there.
            const kind = registry.lookup(fileResource)?.kind;
            if (kind === 'table' || kind === 'frontend-virtual-tool') return;
            const actions = getAllActions(fileResource);
            if (actions.length > 0) {
                report(
                    'catch-all-expanded',
                    i,
                    `% on ${row.resource} is exported as ${list(actions)}; after Import it no longer grants actions that later Specify versions add, nor other action names % matched.`
                );
            }
        }
    });
    const anyActions = server[ANY] ?? [];
    if (anyActions.length > 0 && !anyActions.includes(ANY) && back[ANY]?.includes(ANY)) {
        rows.forEach((row, i) => {
            if (row.resource.toLowerCase() === ANY) {
                report('catch-all-collapsed', i, `% with every action Specify lists is imported as %: %, which also grants actions later Specify versions add.`);
            }
        });
    }

    // The field wildcard: dropped on Export, re-added on Import only with collection access.
    const before = fieldWildcardActions(server);
    const after = fieldWildcardActions(back);
    if (!sameFieldGrant(before, after)) {
        const indices = (resource: string): number[] => rows.flatMap((row, i) => (row.resource.toLowerCase() === resource ? [i] : []));
        const fieldRows = indices(FIELD_WILDCARD);
        if (after.length === 0) {
            for (const at of fieldRows) {
                const row = rows[at]!;
                report(
                    'field-wildcard-lost',
                    at,
                    `${row.resource} ${row.action} is never exported, and Import adds /field/% back only with ${COLLECTION_ACCESS} access, which the role lacks: field updates are lost.`
                );
            }
        } else if (before.length === 0) {
            for (const at of indices(COLLECTION_ACCESS)) {
                const row = rows[at]!;
                report('field-wildcard-added', at, `${row.resource} ${row.action} is exported as access, so Import also adds /field/% %, which the role does not have.`);
            }
        } else {
            for (const at of fieldRows) {
                const row = rows[at]!;
                report('field-wildcard-changed', at, `${row.resource} ${row.action} is not exported as is; Import stores /field/% ${list(after)} instead.`);
            }
        }
    }
    return Object.freeze(planned);
}

/**
 * Plans by the full (resource, action) sequence: roles are mostly copies of the same templates in
 * many collections, so a large model has many copies but few distinct sequences. A cheap hash of a
 * few characters per row picks a bucket; within it a plan is used only for a sequence equal to the
 * one it was made from, string for string (copies of one role share their strings, so this is
 * mostly identity). Only strings are kept, never rows, so no model is held; the registry never changes.
 */
interface PlanKey {
    readonly resources: readonly string[];
    readonly actions: readonly string[];
}

const plans = new ContentMemo<readonly LossyRow[], PlanKey, readonly PlannedFinding[]>(
    10_000,
    sequenceHash,
    (rows) => ({ resources: rows.map((row) => row.resource), actions: rows.map((row) => row.action) }),
    madeFrom
);

function sequenceHash(rows: readonly LossyRow[]): number {
    let hash = rows.length;
    for (const { resource, action } of rows) {
        hash = (Math.imul(hash, 31) + resource.length) | 0;
        hash = (Math.imul(hash, 31) + (resource.charCodeAt(resource.length >> 1) || 0)) | 0;
        hash = (Math.imul(hash, 31) + (resource.charCodeAt(resource.length - 1) || 0)) | 0;
        hash = (Math.imul(hash, 31) + action.length) | 0;
        hash = (Math.imul(hash, 31) + (action.charCodeAt(0) || 0)) | 0;
    }
    return hash;
}

function madeFrom(entry: PlanKey, rows: readonly LossyRow[]): boolean {
    if (entry.resources.length !== rows.length) return false;
    for (let i = 0; i < rows.length; i++) {
        if (entry.resources[i] !== rows[i]!.resource || entry.actions[i] !== rows[i]!.action) return false;
    }
    return true;
}

function planOf(rows: readonly LossyRow[]): readonly PlannedFinding[] {
    return plans.get(rows, plan);
}

/**
 * lossyConversions by row set, for frozen row sets (ModelIndex hands out one frozen array per role
 * copy and library role, and the editor's next lint takes over the arrays of every role it left
 * alone): the findings read nothing but the rows and the holder, so a row set seen before is not
 * planned, hashed or compared again. Weakly held: a row set no index holds is dropped with its findings.
 */
const conversions = new WeakMap<readonly LossyRow[], Map<string, readonly LossyFinding[]>>();

/**
 * Findings for one role copy (or library role) from its stored rows, in row order; one finding per
 * row and kind at most. A row object listed twice counts as one row, at its last place.
 */
export function lossyConversions(rows: readonly LossyRow[], holder: LossyHolder): LossyFinding[] {
    if (!Object.isFrozen(rows)) return convert(rows, holder);
    let byHolder = conversions.get(rows);
    if (!byHolder) conversions.set(rows, (byHolder = new Map()));
    const key = holder.kind === 'role' ? `${holder.role}\u0000${holder.collection}` : `${holder.role}\u0001`;
    let findings = byHolder.get(key);
    if (!findings) byHolder.set(key, (findings = convert(rows, holder)));
    return [...findings];
}

function convert(rows: readonly LossyRow[], holder: LossyHolder): LossyFinding[] {
    const planned = planOf(rows);
    if (planned.length === 0) return [];
    const repeated = new Set(rows).size !== rows.length;
    const position = repeated ? new Map(rows.map((row, i) => [row, i] as const)) : undefined;
    const reported = new Set<string>();
    const findings: LossyFinding[] = [];
    for (const { kind, at, detail } of planned) {
        const row = rows[at]!;
        if (position) {
            const key = `${kind}\u0000${position.get(row)}\u0000${detail}`;
            if (reported.has(key)) continue;
            reported.add(key);
        }
        const source = row.policy?.resourceSource ?? row.policy?.source ?? row.source;
        findings.push({
            kind,
            holder,
            resource: row.resource,
            action: row.action,
            ...(row.policy ? { policy: row.policy } : {}),
            ...(row.template ? { template: row.template } : {}),
            ...(source ? { source } : {}),
            detail,
            message: `In ${describeHolder(holder)}: ${detail}`
        });
    }
    return findings;
}

function indexOf(model: PolicyModel | ModelIndex): ModelIndex {
    return model instanceof ModelIndex ? model : new ModelIndex(model);
}

/** Findings for the copy of a collection role in one collection. */
export function lossyRoleCopy(model: PolicyModel | ModelIndex, role: Role, collection: string): LossyFinding[] {
    return lossyConversions(indexOf(model).roleRows(role, collection), { kind: 'role', role: role.name, collection });
}

/** Findings for a library role (the institution page's Export and Import). */
export function lossyLibraryRole(model: PolicyModel | ModelIndex, role: LibraryRole): LossyFinding[] {
    return lossyConversions(indexOf(model).libraryRoleRows(role), { kind: 'library-role', role: role.name });
}

/**
 * Findings for every library role and every role copy (each role in each collection it is
 * declared for that the model holds, once), in declaration order.
 */
export function lossyFindings(model: PolicyModel | ModelIndex): LossyFinding[] {
    const index = indexOf(model);
    const findings: LossyFinding[] = [];
    for (const role of index.model.libraryRoles) findings.push(...lossyLibraryRole(index, role));
    for (const role of index.model.roles) {
        const done = new Set<string>();
        for (const ref of role.collections) {
            if (done.has(ref.name) || !index.collections.has(ref.name)) continue;
            done.add(ref.name);
            findings.push(...lossyRoleCopy(index, role, ref.name));
        }
    }
    return findings;
}
