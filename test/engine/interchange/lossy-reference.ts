/**
 * The plain definition of lossy.ts's findings, as it read before findings were planned once per
 * (resource, action) sequence: the whole round trip recomputed for every role copy, rows found by
 * object identity, tools found by scanning the registry. lossy-plan.test.ts holds the fast version
 * to it.
 */
import type { LossyFinding, LossyHolder, LossyKind, LossyRow } from '../../../engine/interchange/lossy.js';
import { describeHolder } from '../../../engine/interchange/lossy.js';
import { serverPoliciesOf } from '../../../engine/interchange/export-file.js';
import {
    ANY,
    COLLECTION_ACCESS,
    decompressPolicies,
    FIELD_WILDCARD,
    PolicyConversionError,
    processPolicies,
    type FilePolicy,
    type ServerPolicies
} from '../../../engine/interchange/policy-converter.js';
import { getAllActions } from '../../../engine/interchange/specify-actions.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import { ModelIndex } from '../../../engine/model/stored.js';
import { registry } from '../../../engine/registry/registry.js';

const TABLE_PREFIX = '/table/';

function segments(resource: string): string[] {
    return resource.split('/').filter((part) => part.length > 0);
}

/** toolOfTableResource by its definition: the table's tool, found by scanning every tool. */
export function referenceToolOf(resource: string): { readonly name: string; readonly resource: string } | undefined {
    if (!resource.startsWith(TABLE_PREFIX)) return undefined;
    const parts = segments(resource);
    if (parts.at(-1) === ANY) return undefined;
    const table = parts[1];
    if (table === undefined) return undefined;
    const toolName = registry.tables.get(table)?.tool;
    if (!toolName) return undefined;
    const tool = [...registry.tools.values()].find((info) => info.name === toolName);
    return tool ? { name: tool.name, resource: tool.resource } : undefined;
}

function list(items: readonly string[]): string {
    return items.join(', ');
}

function isUnknownTable(lower: string): boolean {
    if (!lower.startsWith(TABLE_PREFIX)) return false;
    const parts = segments(lower);
    if (parts.at(-1) === ANY) return false;
    const table = parts[1];
    return table === undefined || !registry.tables.has(table);
}

function fieldWildcardActions(server: ServerPolicies): string[] {
    return Object.entries(server)
        .filter(([resource]) => resource.toLowerCase() === FIELD_WILDCARD)
        .flatMap(([, actions]) => actions);
}

function sameFieldGrant(before: readonly string[], after: readonly string[]): boolean {
    if (before.includes(ANY) && after.includes(ANY)) return true;
    const a = new Set(before.map((x) => x.toLowerCase()));
    const b = new Set(after.map((x) => x.toLowerCase()));
    return a.size === b.size && [...a].every((x) => b.has(x));
}

function importable(file: readonly FilePolicy[]): { readonly server: ServerPolicies; readonly failing: ReadonlySet<string> } {
    const failing = new Set<string>();
    for (const policy of file) {
        try {
            decompressPolicies([policy]);
        } catch (error) {
            if (!(error instanceof PolicyConversionError)) throw error;
            failing.add(policy.resource);
        }
    }
    return { server: decompressPolicies(file.filter((policy) => !failing.has(policy.resource))), failing };
}

export function referenceLossyConversions(rows: readonly LossyRow[], holder: LossyHolder): LossyFinding[] {
    const findings: LossyFinding[] = [];
    const reported = new Set<string>();
    const position = new Map(rows.map((row, i) => [row, i] as const));
    const report = (kind: LossyKind, row: LossyRow, detail: string): void => {
        const key = `${kind}\u0000${position.get(row)}\u0000${detail}`;
        if (reported.has(key)) return;
        reported.add(key);
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
    };

    const server = serverPoliciesOf(rows);
    const file = processPolicies(server);
    for (const row of rows) {
        if (isUnknownTable(row.resource.toLowerCase())) {
            report('ui-cannot-load', row, `${row.resource} names no table, so Specify's Security UI fails while loading the roles and cannot export them.`);
        }
    }
    const { server: back, failing } = importable(file);
    for (const row of rows) {
        const lower = row.resource.toLowerCase();
        if (failing.has(lower)) {
            report('import-fails', row, `${row.resource} is exported as ${lower}, which is not one of Specify's (case-sensitive) tool names, so Import fails.`);
        } else if (segments(lower)[0] === 'tools') {
            const tables = Object.keys(decompressPolicies([{ resource: lower, actions: [row.action] }]));
            report('tool-resource-expanded', row, `${row.resource} is stored as written, but Import turns it into ${list(tables)} ${row.action}.`);
        }
    }
    const byTool = new Map<string, { readonly tables: readonly string[]; readonly toolResource: string; readonly rows: LossyRow[] }>();
    for (const row of rows) {
        const tool = referenceToolOf(row.resource.toLowerCase());
        if (!tool) continue;
        let entry = byTool.get(tool.name);
        if (!entry) {
            entry = { tables: registry.tools.get(tool.resource.toLowerCase())?.tables ?? [], toolResource: tool.resource, rows: [] };
            byTool.set(tool.name, entry);
        }
        entry.rows.push(row);
    }
    for (const { tables, toolResource, rows: toolRows } of byTool.values()) {
        const covers = (table: string, action: string): boolean =>
            toolRows.some((r) => r.resource.toLowerCase() === table && (r.action === ANY || r.action.toLowerCase() === action.toLowerCase()));
        for (const row of toolRows) {
            const missing = tables.filter((table) => !covers(table, row.action));
            if (missing.length === 0) continue;
            const granted = row.action === ANY ? list(getAllActions(toolResource)) : row.action;
            report(
                'tool-widening',
                row,
                `Export writes ${row.resource} ${row.action} as ${toolResource} ${row.action}, and Import grants ${granted} on every table of the tool, adding ${list(missing)}.`
            );
        }
    }
    for (const row of rows) {
        const lower = row.resource.toLowerCase();
        if (row.resource === FIELD_WILDCARD) continue;
        if (row.action === ANY && lower !== ANY) {
            const fileResource = referenceToolOf(lower)?.resource ?? lower;
            const kind = registry.lookup(fileResource)?.kind;
            if (kind === 'table' || kind === 'frontend-virtual-tool') continue;
            const actions = getAllActions(fileResource);
            if (actions.length > 0) {
                report(
                    'catch-all-expanded',
                    row,
                    `% on ${row.resource} is exported as ${list(actions)}; after Import it no longer grants actions that later Specify versions add, nor other action names % matched.`
                );
            }
        }
    }
    const anyActions = server[ANY] ?? [];
    if (anyActions.length > 0 && !anyActions.includes(ANY) && back[ANY]?.includes(ANY)) {
        for (const row of rows) {
            if (row.resource.toLowerCase() === ANY) {
                report('catch-all-collapsed', row, `% with every action Specify lists is imported as %: %, which also grants actions later Specify versions add.`);
            }
        }
    }
    const before = fieldWildcardActions(server);
    const after = fieldWildcardActions(back);
    if (!sameFieldGrant(before, after)) {
        const fieldRows = rows.filter((row) => row.resource.toLowerCase() === FIELD_WILDCARD);
        if (after.length === 0) {
            for (const row of fieldRows) {
                report(
                    'field-wildcard-lost',
                    row,
                    `${row.resource} ${row.action} is never exported, and Import adds /field/% back only with ${COLLECTION_ACCESS} access, which the role lacks: field updates are lost.`
                );
            }
        } else if (before.length === 0) {
            for (const row of rows.filter((r) => r.resource.toLowerCase() === COLLECTION_ACCESS)) {
                report('field-wildcard-added', row, `${row.resource} ${row.action} is exported as access, so Import also adds /field/% %, which the role does not have.`);
            }
        } else {
            for (const row of fieldRows) {
                report('field-wildcard-changed', row, `${row.resource} ${row.action} is not exported as is; Import stores /field/% ${list(after)} instead.`);
            }
        }
    }
    return findings;
}

/** lossyFindings by the plain definition: every library role and role copy analysed on its own. */
export function referenceLossyFindings(model: PolicyModel): LossyFinding[] {
    const index = new ModelIndex(model);
    const findings: LossyFinding[] = [];
    for (const role of model.libraryRoles) findings.push(...referenceLossyConversions(index.libraryRoleRows(role), { kind: 'library-role', role: role.name }));
    for (const role of model.roles) {
        const done = new Set<string>();
        for (const ref of role.collections) {
            if (done.has(ref.name) || !index.collections.has(ref.name)) continue;
            done.add(ref.name);
            findings.push(...referenceLossyConversions(index.roleRows(role, ref.name), { kind: 'role', role: role.name, collection: ref.name }));
        }
    }
    return findings;
}
