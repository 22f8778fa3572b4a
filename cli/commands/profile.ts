import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { compile, type CollectionAccess } from '../../engine/decision/index.js';
import type { Source } from '../../engine/model/policy-model.js';
import {
    grantedByPolicy,
    grantsOf,
    profile,
    type Grant,
    type PermissionProfile,
    type ProfileCell,
    type ProfileEntry,
    type ProfileKind,
    type ToolCell
} from '../../engine/profile/index.js';
import { ExitCode, type Io } from '../io.js';
import { parseFormat } from '../options.js';
import { displayPath } from '../paths.js';
import { askEngine, loadDecidable, whereOf } from '../workspace.js';
import { rowJson } from '../format/rows.js';

interface ProfileOptions {
    in?: string;
    institution?: boolean;
    format: string;
    all?: boolean;
}

export function registerProfile(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('profile')
        .description("everything <user> may do in a collection (or at institution level), as Specify's permission profile shows it, and where each grant comes from")
        .argument('<user>', 'user name as declared in the workspace')
        .argument('[paths...]', 'workspace folders or .spol files', ['.'])
        .option('-i, --in <collection>', 'the collection the user is logged into')
        .option('--institution', 'at institution level (no collection)')
        .option('-f, --format <format>', 'output format: text or json', 'text')
        .option('-a, --all', 'text: list denied actions too (json always has every cell)')
        .action(async (user: string, paths: string[], options: ProfileOptions) => {
            const format = parseFormat(options.format, ['text', 'json']);
            const where = whereOf(options);
            const workspace = await loadDecidable(paths, io);
            const engine = compile(workspace.model);
            const answer = askEngine(() => profile(engine, { user, ...where }));
            io.out(format === 'json' ? formatProfileJson(answer) : formatProfileText(answer, { all: options.all === true, root: commonFolder(workspace.files) }));
            done(ExitCode.ok);
        });
}




// ---------------------------------------------------------------------------------------------
// Text

/** The folder that holds every file of the workspace: text output names files relative to it. */
export function commonFolder(files: readonly string[]): string | undefined {
    if (files.length === 0) return undefined;
    let common = dirname(files[0]!);
    for (const file of files) {
        while (relative(common, file).startsWith('..')) {
            const up = dirname(common);
            if (up === common) return undefined;
            common = up;
        }
    }
    return common;
}

/** `file:line` of a grant, short enough for a table row: relative to `root` when given. */
export function placeOf(source: Source | undefined, root?: string): string {
    if (!source) return '<workspace>';
    const path = source.file.startsWith('file:') ? fileURLToPath(source.file) : source.file;
    const shown = root !== undefined && !relative(root, path).startsWith('..') ? relative(root, path) : displayPath(path);
    return `${shown}:${source.range.start.line + 1}`;
}

/** Where file names in text output are relative to, said once. */
export function rootLine(root: string | undefined): string[] {
    return root === undefined ? [] : [`  (files relative to ${displayPath(root) || '.'})`];
}

/** "role R (from library T) library.spol:12 [read]; Institution Admin users.spol:3", actions only when partial. */
export function grantsText(grants: readonly Grant[], actionsOnLine: number, root?: string): string {
    return grants
        .map((grant) => {
            const which = grant.actions.length < actionsOnLine ? ` [${grant.actions.join(' ')}]` : '';
            return `${grant.label} ${placeOf(grant.source, root)}${which}`;
        })
        .join('; ');
}

const GROUPS: readonly { readonly kind: ProfileKind; readonly title: string }[] = [
    { kind: 'operation', title: 'operations' },
    { kind: 'tool', title: 'tools' },
    { kind: 'table', title: 'tables' },
    { kind: 'preference', title: 'preferences' }
];

function entriesOf(answer: PermissionProfile, kind: ProfileKind): readonly ProfileEntry[] {
    switch (kind) {
        case 'operation':
            return answer.operations;
        case 'tool':
            return answer.tools;
        case 'table':
            return answer.tables;
        case 'preference':
            return answer.preferences;
    }
}

export interface ProfileTextOptions {
    /** List denied actions too. */
    readonly all?: boolean;
    /** Name files relative to this folder (the workspace's). */
    readonly root?: string;
}

export function formatProfileText(answer: PermissionProfile, options: ProfileTextOptions = {}): string {
    const all = options.all === true;
    const { root } = options;
    const { summary } = answer;
    const where = answer.collection !== undefined ? `in ${answer.collection}` : 'at institution level';
    const counts = GROUPS.map(({ kind, title }) => `${title} ${summary.byKind[kind].allowed}/${summary.byKind[kind].cells}`).join(', ');
    const lines = [`${answer.user} ${where}: ${summary.allowed} of ${summary.cells} allowed (${counts})`];
    if (answer.collectionAccess) lines.push(gateLine(answer, answer.collectionAccess, root));
    else lines.push('  only institution-level user policies count here; roles and collection policies never do');
    lines.push(...rootLine(root));

    for (const { kind, title } of GROUPS) {
        const entries = entriesOf(answer, kind);
        if (kind === 'table') {
            lines.push('', title, ...entryLines(answer, entries.filter((e) => e.kind === 'table' && !e.system), all, root));
            lines.push('', 'system tables', ...entryLines(answer, entries.filter((e) => e.kind === 'table' && e.system), all, root));
        } else {
            lines.push('', title, ...entryLines(answer, entries, all, root));
        }
    }
    return lines.join('\n') + '\n';
}

function gateLine(answer: PermissionProfile, gate: CollectionAccess, root: string | undefined): string {
    if (gate.allowed) return `  collection access: yes  ← ${grantsText(grantsOf([{ action: 'access', matches: gate.matches }]), 1, root)}`;
    const blocked = answer.summary.blocked;
    const would = blocked > 0 ? `; policies grant ${blocked} of them, shown as blocked` : '';
    return `  collection access: NO: ${answer.user} cannot enter ${answer.collection}, so every request there is refused${would}`;
}

function entryLines(answer: PermissionProfile, entries: readonly ProfileEntry[], all: boolean, root: string | undefined): string[] {
    const rows: { resource: string; scope: string; text: string }[] = [];
    for (const entry of entries) {
        const cells: readonly ProfileCell[] = entry.cells;
        const allowed = cells.filter((c) => c.allowed);
        const blocked = cells.filter((c) => !c.allowed && c.reason === 'no-collection-access' && grantedByPolicy(c));
        const denied = cells.filter((c) => !c.allowed && !blocked.includes(c));
        if (allowed.length === 0 && blocked.length === 0 && !all) continue;
        const parts: string[] = [];
        if (allowed.length > 0) parts.push(allowed.map((c) => c.action).join(' '));
        if (blocked.length > 0) parts.push(`blocked: ${blocked.map((c) => c.action).join(' ')}`);
        if (all && denied.length > 0) parts.push(`denied: ${denied.map((c) => deniedText(c)).join(' ')}`);
        if (answer.collection !== undefined && entry.level === 'institution') parts.push('(institution level)');
        const explained = [...allowed, ...blocked];
        const grants = grantsOf(explained);
        const from = grants.length > 0 ? `  ← ${grantsText(grants, explained.length, root)}` : '';
        rows.push({ resource: entry.resource, scope: entry.kind === 'table' ? entry.scope : '', text: parts.join('  ') + from });
    }
    if (rows.length === 0) return [all ? '  (none)' : '  (nothing allowed)'];
    const width = Math.min(40, Math.max(...rows.map((r) => r.resource.length)));
    const scopeWidth = Math.max(...rows.map((r) => r.scope.length));
    return rows.map((r) => {
        const scope = scopeWidth > 0 ? `${r.scope.padEnd(scopeWidth)}  ` : '';
        return `  ${r.resource.padEnd(width)}  ${scope}${r.text}`;
    });
}

function deniedText(cell: ProfileCell): string {
    const missing = (cell as Partial<ToolCell>).missingTables;
    if (!missing || missing.length === 0 || cell.matches.length === 0) return cell.action;
    return `${cell.action} (not on ${missing.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// JSON


function cellJson(cell: ProfileCell): Record<string, unknown> {
    const missing = (cell as Partial<ToolCell>).missingTables;
    return {
        action: cell.action,
        allowed: cell.allowed,
        reason: cell.reason,
        matches: cell.matches.map(rowJson),
        ...(missing ? { missingTables: missing } : {})
    };
}

function entryJson(entry: ProfileEntry): Record<string, unknown> {
    const { cells, ...rest } = entry;
    return { ...rest, cells: (cells as readonly ProfileCell[]).map(cellJson) };
}

export function formatProfileJson(answer: PermissionProfile): string {
    const gate = answer.collectionAccess;
    return (
        JSON.stringify(
            {
                user: answer.user,
                ...(answer.collection !== undefined ? { collection: answer.collection } : { institution: true }),
                ...(gate ? { collectionAccess: { allowed: gate.allowed, matches: gate.matches.map(rowJson) } } : {}),
                summary: answer.summary,
                operations: answer.operations.map(entryJson),
                tools: answer.tools.map(entryJson),
                tables: answer.tables.map(entryJson),
                preferences: answer.preferences.map(entryJson)
            },
            null,
            2
        ) + '\n'
    );
}
