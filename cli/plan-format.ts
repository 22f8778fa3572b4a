/**
 * `spol plan` output: first what the plan changes in effect (`spol diff`'s text between the
 * database and the workspace: users with an escalation first, escalated gains first within each),
 * then the roles created, renamed or deleted, then every row inserted or deleted, grouped by
 * holder (each user at institution level and in each collection, then each role copy, then each
 * library role), and a count line. A plan that changes nothing prints "no changes".
 */
import type { Plan, RoleRef } from '../database/plan-types.js';
import { isEmptyPlan, planCounts } from '../database/plan-types.js';

export function formatPlanText(plan: Plan, effect: string): string {
    if (isEmptyPlan(plan)) return 'no changes\n';
    const out: string[] = ['Effective changes (database → workspace):', ...indent(effect.trimEnd().split('\n')), ''];

    const roleLines: string[] = [];
    for (const create of plan.roles.create) roleLines.push(`  + create role "${create.name}" in ${create.collection}`);
    for (const update of plan.roles.update) roleLines.push(`  ~ role "${update.from.name}" in ${update.collection}: ${updateText(update)} (id ${update.id})`);
    for (const gone of plan.roles.delete) roleLines.push(`  - delete role "${gone.row.name}" in ${gone.collection} (id ${gone.row.id})`);
    for (const create of plan.libraryRoles.create) roleLines.push(`  + create library role "${create.name}"`);
    for (const update of plan.libraryRoles.update) roleLines.push(`  ~ library role "${update.from.name}": ${updateText(update)} (id ${update.id})`);
    for (const gone of plan.libraryRoles.delete) roleLines.push(`  - delete library role "${gone.row.name}" (id ${gone.row.id})`);
    if (roleLines.length > 0) out.push('Roles:', ...roleLines, '');

    const groups = new Map<string, { rank: string; lines: string[] }>();
    const add = (rank: string, title: string, line: string) => {
        let group = groups.get(title);
        if (!group) groups.set(title, (group = { rank, lines: [] }));
        group.lines.push(line);
    };
    const userTitle = (user: string | undefined, collection: string | undefined) =>
        [`0\u0000${user}\u0000${collection === undefined ? '' : `1${collection}`}`, `user ${user} ${collection === undefined ? 'at institution level' : `in ${collection}`}`] as const;
    for (const row of plan.insert.spuserpolicy) add(...userTitle(row.user, row.collection), `+ spuserpolicy ${row.resource} ${row.action}`);
    for (const item of plan.delete.spuserpolicy) add(...userTitle(item.user, item.collection), `- spuserpolicy ${item.row.resource} ${item.row.action} (id ${item.row.id})`);
    for (const row of plan.insert.spuserrole) add(...userTitle(row.user, row.collection), `+ spuserrole ${row.role} ${refText(row.role_id)}`);
    for (const item of plan.delete.spuserrole) add(...userTitle(item.user, item.collection), `- spuserrole ${item.role} (id ${item.row.id})`);
    const roleTitle = (role: string | undefined, collection: string | undefined) => [`1\u0000${role}\u0000${collection}`, `role ${role} in ${collection}`] as const;
    for (const row of plan.insert.sprolepolicy) add(...roleTitle(row.role, row.collection), `+ sprolepolicy ${row.resource} ${row.action} ${refText(row.role_id)}`);
    for (const item of plan.delete.sprolepolicy) add(...roleTitle(item.role, item.collection), `- sprolepolicy ${item.row.resource} ${item.row.action} (id ${item.row.id})`);
    const libraryTitle = (role: string | undefined) => [`2\u0000${role}`, `library role ${role}`] as const;
    for (const row of plan.insert.splibraryrolepolicy) add(...libraryTitle(row.libraryRole), `+ splibraryrolepolicy ${row.resource} ${row.action} ${refText(row.role_id)}`);
    for (const item of plan.delete.splibraryrolepolicy) add(...libraryTitle(item.libraryRole), `- splibraryrolepolicy ${item.row.resource} ${item.row.action} (id ${item.row.id})`);
    if (groups.size > 0) {
        out.push('Rows:');
        const sorted = [...groups].sort(([, a], [, b]) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
        for (const [title, group] of sorted) out.push(`  ${title}`, ...group.lines.map((line) => `    ${line}`));
        out.push('');
    }
    const counts = planCounts(plan);
    out.push(
        `Plan: ${counts.insert} row${counts.insert === 1 ? '' : 's'} to insert, ${counts.delete} to delete, ${counts.update} role${counts.update === 1 ? '' : 's'} to rename or describe anew (rows read: sha256 ${plan.digest.slice(0, 12)}…)`
    );
    return out.join('\n') + '\n';
}

function updateText(update: Plan['roles']['update'][number]): string {
    const parts: string[] = [];
    if (update.from.name !== update.to.name) parts.push(`renamed "${update.to.name}"`);
    if (update.from.description !== update.to.description) parts.push('new description');
    return parts.join(', ');
}

function refText(ref: RoleRef): string {
    return 'id' in ref ? `(role id ${ref.id})` : `(new ${ref.new})`;
}

function indent(lines: readonly string[]): string[] {
    return lines.map((line) => (line === '' ? '' : `  ${line}`));
}
