/**
 * A profile checked cell by cell against `decide`: every operation, table and preference cell must
 * be the decision itself (allowed, reason, level and the very same stored rows in the same order),
 * the gate must be the decision's gate, and every tool cell must be Specify's UI rule computed from
 * the tables' decisions. Returns one line per disagreement, so a failing test names them.
 */
import type { Decision, PolicyEngine } from '../../../engine/decision/index.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';
import { profileEntries, type PermissionProfile, type ProfileWhere, type ToolCell } from '../../../engine/profile/index.js';
import { registry } from '../../../engine/registry/registry.js';

export interface Checked {
    readonly mismatches: string[];
    readonly cells: number;
    readonly allowed: number;
}

function sameRows(a: readonly StoredPolicy[], b: readonly StoredPolicy[]): boolean {
    return a.length === b.length && a.every((row, i) => row === b[i]);
}

export function checkAgainstDecide(engine: PolicyEngine, where: ProfileWhere, answer: PermissionProfile): Checked {
    const mismatches: string[] = [];
    const at = where.collection !== undefined ? { collection: where.collection } : { institution: true as const };
    const ask = (resource: string, action: string): Decision => engine.decide({ user: where.user, resource, action, ...at });
    const label = `${where.user} ${where.collection ?? '(institution)'}`;
    let cells = 0;
    let allowed = 0;

    if (where.collection !== undefined) {
        const gate = ask('/system/sp7/collection', 'access').collectionAccess;
        if (answer.collectionAccess !== gate) mismatches.push(`${label}: gate differs from decide's`);
    } else if (answer.collectionAccess !== undefined) {
        mismatches.push(`${label}: institution profile has a gate`);
    }

    for (const entry of profileEntries(answer)) {
        for (const cell of entry.cells) {
            cells++;
            if (cell.allowed) allowed++;
            const where = `${label} ${entry.resource} ${cell.action}`;
            if (entry.kind === 'tool') {
                const tables = registry.tools.get(entry.resource.toLowerCase())!.tables;
                const parts = tables.map((table) => ask(table, cell.action));
                const union: StoredPolicy[] = [];
                for (const part of parts) for (const row of part.matches) if (!union.includes(row)) union.push(row);
                const expectAllowed = parts.every((p) => p.allowed);
                const missing = tables.filter((_, i) => parts[i]!.matches.length === 0);
                if (cell.allowed !== expectAllowed) mismatches.push(`${where}: tool allowed ${cell.allowed}, tables say ${expectAllowed}`);
                if (!sameRows(cell.matches, union)) mismatches.push(`${where}: tool rows differ from the tables' rows`);
                const { missingTables } = cell as ToolCell;
                if (missingTables.join() !== missing.join()) mismatches.push(`${where}: missing tables ${missingTables} vs ${missing}`);
                if (!expectAllowed && cell.reason !== parts.find((p) => !p.allowed)!.reason) mismatches.push(`${where}: tool reason ${cell.reason}`);
                continue;
            }
            const decision = ask(entry.resource, cell.action);
            if (cell.allowed !== decision.allowed) mismatches.push(`${where}: allowed ${cell.allowed}, decide ${decision.allowed}`);
            if (cell.reason !== decision.reason) mismatches.push(`${where}: reason ${cell.reason}, decide ${decision.reason}`);
            if (entry.level !== decision.level) mismatches.push(`${where}: level ${entry.level}, decide ${decision.level}`);
            if (!sameRows(cell.matches, decision.matches)) mismatches.push(`${where}: rows differ from decide's`);
        }
    }
    return { mismatches, cells, allowed };
}
