/**
 * `spol diff` output: text for the terminal, Markdown for a pull-request comment, JSON for tools.
 * All three list users with an escalation first, and within each user the escalated gains first;
 * file names are relative to the side they come from (a gain's to the new side, a loss's to the
 * old). Text and Markdown put the cells of one place that changed alike (same sign, actions,
 * grants and escalations) on one line, naming a few resources and counting the rest; JSON has
 * every cell.
 */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { rowFields } from './format/rows.js';
import type { CellChange, EscalationKind, ModelDiff, PlaceDiff, UserDiff } from '../engine/diff/index.js';
import type { Source } from '../engine/model/policy-model.js';
import type { StoredPolicy } from '../engine/model/stored.js';
import type { Grant } from '../engine/profile/index.js';
import type { DiffSide } from './diff-sides.js';

/** Resources named on one grouped line before "and N more". */
const NAMED_PER_LINE = 4;

export interface DiffSides {
    readonly old: DiffSide;
    readonly new: DiffSide;
}

// ---------------------------------------------------------------- shared

/** `file:line` relative to the side's root (one-based line). */
function placeOfSource(source: Source | undefined, side: DiffSide): string {
    if (!source) return side.unsourced ?? '<workspace>';
    return `${fileOf(source, side.root)}:${source.range.start.line + 1}`;
}

function fileOf(source: Source, root: string): string {
    const path = source.file.startsWith('file:') ? fileURLToPath(source.file) : source.file;
    const inside = relative(root, path);
    return inside && !inside.startsWith('..') ? inside.split('\\').join('/') : path;
}

/** The side a change's grants come from: a gain's the new side, a loss's the old. */
function sideOf(change: CellChange, sides: DiffSides): DiffSide {
    return change.change === 'gained' ? sides.new : sides.old;
}

function grantsLine(grants: readonly Grant[], side: DiffSide): string {
    return grants.map((grant) => `${grant.label} ${placeOfSource(grant.source, side)}`).join('; ');
}

function where(place: PlaceDiff): string {
    return place.collection !== undefined ? `in ${place.collection}` : 'at institution level';
}

/** Cells of one place that read alike, in the order of their first cell. */
interface Line {
    readonly change: CellChange['change'];
    readonly actions: string;
    readonly resources: string[];
    readonly grants: string;
    readonly escalations: readonly EscalationKind[];
}

function linesOf(place: PlaceDiff, sides: DiffSides): Line[] {
    // First the actions of each resource, then resources whose actions, grants and escalations match.
    const perResource = new Map<string, { change: CellChange['change']; resource: string; actions: string[]; grants: string; escalations: readonly EscalationKind[] }>();
    for (const change of place.changes) {
        const grants = grantsLine(change.grants, sideOf(change, sides));
        const key = [change.change, change.resource, grants, change.escalations.join(',')].join('\u0000');
        const found = perResource.get(key);
        if (found) found.actions.push(change.action);
        else perResource.set(key, { change: change.change, resource: change.resource, actions: [change.action], grants, escalations: change.escalations });
    }
    const lines = new Map<string, Line>();
    for (const item of perResource.values()) {
        const actions = item.actions.join(' ');
        const key = [item.change, actions, item.grants, item.escalations.join(',')].join('\u0000');
        const found = lines.get(key);
        if (found) found.resources.push(item.resource);
        else lines.set(key, { change: item.change, actions, resources: [item.resource], grants: item.grants, escalations: item.escalations });
    }
    return [...lines.values()];
}

function resourcesText(resources: readonly string[], code: (text: string) => string = (t) => t): string {
    if (resources.length <= NAMED_PER_LINE + 1) return resources.map(code).join(', ');
    return `${resources.slice(0, NAMED_PER_LINE).map(code).join(', ')} and ${resources.length - NAMED_PER_LINE} more`;
}

function userNote(user: UserDiff): string {
    const notes: string[] = [];
    if (user.presence === 'added') notes.push('new user');
    if (user.presence === 'removed') notes.push('user removed');
    if (user.institutionAdmin === 'gained') notes.push('now Institution Admin');
    if (user.institutionAdmin === 'lost') notes.push('no longer Institution Admin');
    return notes.join(', ');
}

function counts(user: UserDiff): string {
    const parts = [`${user.gained} gained`, `${user.lost} lost`];
    if (user.escalations > 0) parts.push(`${user.escalations} escalation${user.escalations === 1 ? '' : 's'}`);
    return parts.join(', ');
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(diff: ModelDiff, sides: DiffSides): string {
    const { summary } = diff;
    const between = `${sides.old.name} → ${sides.new.name}`;
    if (diff.users.length === 0) return `no effective change (${between})`;
    return (
        `${between}: ${plural(summary.users, 'user')} changed, ${summary.gained} permission${summary.gained === 1 ? '' : 's'} gained, ` +
        `${summary.lost} lost, ${plural(summary.escalations, 'escalation')}`
    );
}

// ---------------------------------------------------------------- text

/**
 * Per user: `user (notes): counts`, then one line per alike change, escalations marked first:
 * `  ESCALATION + delete /table/agent in FishVoucher  ← role DataEntry roles.spol:12  [delete]`
 * `  + read /table/agent in FishVoucher  ← role DataEntry (from library RunQueries) library.spol:112`
 * and a summary line last.
 */
export function formatDiffText(diff: ModelDiff, sides: DiffSides): string {
    const out: string[] = [];
    for (const user of diff.users) {
        const note = userNote(user);
        out.push(`${user.user}${note ? ` (${note})` : ''}: ${counts(user)}`);
        if (user.institutionAdmin === 'gained') out.push('  ESCALATION + Institution Admin (institution-level %: %)');
        if (user.institutionAdmin === 'lost') out.push('  - Institution Admin (institution-level %: %)');
        for (const place of user.places) {
            for (const line of linesOf(place, sides)) {
                const mark = line.escalations.length > 0 ? 'ESCALATION ' : '';
                const sign = line.change === 'gained' ? '+' : '-';
                const why = line.escalations.length > 0 ? `  [${line.escalations.join(', ')}]` : '';
                out.push(`  ${mark}${sign} ${line.actions} ${resourcesText(line.resources)} ${where(place)}  ← ${line.grants}${why}`);
            }
        }
        out.push('');
    }
    out.push(summaryLine(diff, sides));
    return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- markdown

/** Lines per user block and escalation list before the rest is counted; GitHub caps a comment near 65,536 characters. */
const MARKDOWN_LINES = 60;
const MARKDOWN_BUDGET = 60_000;

function md(text: string): string {
    return text.replace(/[\\`*_[\]<>|#~]/g, (ch) => `\\${ch}`);
}

function code(text: string): string {
    return `\`${text.replace(/`/g, "'")}\``;
}

function markdownLine(line: Line, place: PlaceDiff): string {
    const sign = line.change === 'gained' ? '➕' : '➖';
    const why = line.escalations.length > 0 ? ` **(${line.escalations.join(', ')})**` : '';
    const actions = line.actions.split(' ').map(code).join(' ');
    return `${sign} ${actions} ${resourcesText(line.resources, code)} ${md(where(place))} ← ${md(line.grants)}${why}`;
}

/**
 * A pull-request comment: a title, a summary table, the escalations (each user, place and line),
 * then one collapsed `<details>` block per user.
 */
export function formatDiffMarkdown(diff: ModelDiff, sides: DiffSides): string {
    const { summary } = diff;
    const out: string[] = [`## spol diff: ${code(sides.old.name)} → ${code(sides.new.name)}`, ''];
    if (diff.users.length === 0) {
        out.push('No effective change: every user may do exactly what they could before.');
        return out.join('\n') + '\n';
    }
    out.push(
        '| users changed | permissions gained | permissions lost | escalations |',
        '|---:|---:|---:|---:|',
        `| ${summary.users} | ${summary.gained} | ${summary.lost} | ${summary.escalations} |`,
        ''
    );
    let size = out.join('\n').length;
    const push = (line: string): void => {
        out.push(line);
        size += line.length + 1;
    };

    if (summary.escalations > 0) {
        push('### ⚠️ Escalations');
        push('');
        const escalations: string[] = [];
        for (const user of diff.users) {
            if (user.institutionAdmin === 'gained') escalations.push(`- **${md(user.user)}** is now Institution Admin (institution-level ${code('%: %')})`);
            for (const place of user.places) {
                for (const line of linesOf(place, sides)) {
                    if (line.escalations.length > 0) escalations.push(`- **${md(user.user)}** ${markdownLine(line, place)}`);
                }
            }
        }
        escalations.slice(0, MARKDOWN_LINES).forEach(push);
        if (escalations.length > MARKDOWN_LINES) push(`- … and ${escalations.length - MARKDOWN_LINES} more escalation lines (run \`spol diff\` for all)`);
        push('');
    }

    push('### Changes by user');
    push('');
    let shown = 0;
    for (const user of diff.users) {
        const lines: string[] = [];
        if (user.institutionAdmin) lines.push(`- ${user.institutionAdmin === 'gained' ? '➕' : '➖'} Institution Admin`);
        for (const place of user.places) for (const line of linesOf(place, sides)) lines.push(`- ${markdownLine(line, place)}`);
        const kept = lines.slice(0, MARKDOWN_LINES);
        if (lines.length > MARKDOWN_LINES) kept.push(`- … and ${lines.length - MARKDOWN_LINES} more lines (run \`spol diff\` for all)`);
        const note = userNote(user);
        const flag = user.escalations > 0 ? '⚠️ ' : '';
        const block = [
            `<details><summary>${flag}<b>${html(user.user)}</b>${note ? ` (${html(note)})` : ''}: ${html(counts(user))}</summary>`,
            '',
            ...kept,
            '',
            '</details>',
            ''
        ];
        const length = block.join('\n').length;
        if (size + length > MARKDOWN_BUDGET && shown > 0) break;
        block.forEach(push);
        shown++;
    }
    if (shown < diff.users.length) push(`… and ${plural(diff.users.length - shown, 'more user')} (run \`spol diff\` for all).`);
    return out.join('\n') + '\n';
}

function html(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------- json

function location(source: Source | undefined, root: string): Record<string, unknown> {
    if (!source) return { file: null };
    const { start, end } = source.range;
    return { file: fileOf(source, root), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function rowJson(row: StoredPolicy, root: string): Record<string, unknown> {
    return { ...rowFields(row), ...location(row.source, root) };
}

function sideJson(side: DiffSide): Record<string, unknown> {
    return {
        name: side.name,
        kind: side.kind,
        ...(side.commit ? { commit: side.commit } : {}),
        root: side.root,
        files: side.workspace.files.map((file) => relative(side.root, file).split('\\').join('/'))
    };
}

/**
 * `{ old, new, summary, users }`: `old`/`new` say what was read (`name`, `kind` folder|revision,
 * `commit`, `root`, `files`); `users[]` are `{ user, presence, institutionAdmin?, gained, lost,
 * escalations, places[] }`, a place `{ collection } | { institution: true }` with `changes[]`,
 * each `{ change, kind, resource, action, level, escalations[], grants[], rows[] }`; a grant is
 * `{ label, file, line, column, endLine, endColumn, actions }`, a row the stored row with its
 * origin and place. Files are relative to the root of the side the change comes from.
 */
export function formatDiffJson(diff: ModelDiff, sides: DiffSides): string {
    const users = diff.users.map((user) => ({
        user: user.user,
        presence: user.presence,
        ...(user.institutionAdmin ? { institutionAdmin: user.institutionAdmin } : {}),
        gained: user.gained,
        lost: user.lost,
        escalations: user.escalations,
        places: user.places.map((place) => ({
            ...(place.collection !== undefined ? { collection: place.collection } : { institution: true }),
            changes: place.changes.map((change) => {
                const root = sideOf(change, sides).root;
                return {
                    change: change.change,
                    kind: change.kind,
                    resource: change.resource,
                    action: change.action,
                    level: change.level,
                    escalations: change.escalations,
                    grants: change.grants.map((grant) => ({ label: grant.label, ...location(grant.source, root), actions: grant.actions })),
                    rows: change.matches.map((row) => rowJson(row, root))
                };
            })
        }))
    }));
    return JSON.stringify({ old: sideJson(sides.old), new: sideJson(sides.new), summary: diff.summary, users }, null, 2) + '\n';
}
