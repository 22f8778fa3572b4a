import type { Command } from 'commander';
import { compile } from '../../engine/decision/index.js';
import { grantsOf, whoCan, type WhoCanAnswer, type WhoCanEntry } from '../../engine/profile/index.js';
import { ExitCode, type Io } from '../io.js';
import { parseFormat } from '../options.js';
import { commonFolder, grantsText, rootLine } from './profile.js';
import { askEngine, loadDecidable, whereOf } from '../workspace.js';
import { rowJson } from '../format/rows.js';

interface WhoCanOptions {
    in?: string;
    institution?: boolean;
    format: string;
    allowUnknown?: boolean;
}

export function registerWhoCan(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('who-can')
        .description('every user who may do <action> on <resource> in a collection (or at institution level), and what granted it')
        .argument('<action>', 'action, e.g. read, delete, execute')
        .argument('<resource>', 'resource, e.g. /table/collectionobject or /tools/queryBuilder')
        .argument('[paths...]', 'workspace folders or .spol files', ['.'])
        .option('-i, --in <collection>', 'the collection the users are logged into')
        .option('--institution', 'ask at institution level (no collection)')
        .option('-f, --format <format>', 'output format: text or json', 'text')
        .option('--allow-unknown', 'answer a resource or action Specify 7 does not define (a newer Specify) instead of refusing it')
        .action(async (action: string, resource: string, paths: string[], options: WhoCanOptions) => {
            const format = parseFormat(options.format, ['text', 'json']);
            const where = whereOf(options);
            const workspace = await loadDecidable(paths, io);
            const engine = compile(workspace.model);
            const answer = askEngine(() =>
                whoCan(engine, { action, resource, ...where }, { blocked: true, unknownNames: options.allowUnknown === true ? 'answer' : 'refuse' })
            );
            io.out(format === 'json' ? formatWhoCanJson(answer) : formatWhoCanText(answer, commonFolder(workspace.files)));
            done(ExitCode.ok);
        });
}

function userLines(entries: readonly WhoCanEntry[], root: string | undefined): string[] {
    const width = Math.max(...entries.map((e) => e.user.length));
    return entries.map(({ user, decision }) => {
        const grants = grantsOf([{ action: decision.query.action, matches: decision.matches }]);
        return `  ${user.padEnd(width)}  ← ${grantsText(grants, 1, root)}`;
    });
}

/** One user per line with what granted it; file names relative to `root` when given. */
export function formatWhoCanText(answer: WhoCanAnswer, root?: string): string {
    const { query } = answer;
    const where = query.collection !== undefined ? `in ${query.collection}` : 'at institution level';
    const who = answer.allowed.length === 0 ? 'nobody' : `${answer.allowed.length}`;
    const lines = [`who may ${query.action} ${answer.resource} ${where}: ${who} of ${answer.users} user${answer.users === 1 ? '' : 's'}`];
    lines.push(...userLines(answer.allowed, root));
    const blocked = answer.blocked ?? [];
    if (blocked.length > 0) {
        lines.push(`granted by policy but refused because they cannot enter ${query.collection ?? 'the collection'}:`);
        lines.push(...userLines(blocked, root));
    }
    for (const note of answer.notes) lines.push(`note: ${note}`);
    if (answer.allowed.length + blocked.length > 0) lines.push(...rootLine(root).map((line) => line.trim()));
    return lines.join('\n') + '\n';
}

function entryJson({ user, decision }: WhoCanEntry): Record<string, unknown> {
    const gate = decision.collectionAccess;
    return {
        user,
        level: decision.level,
        reason: decision.reason,
        matches: decision.matches.map(rowJson),
        ...(gate ? { collectionAccess: { allowed: gate.allowed, matches: gate.matches.map(rowJson) } } : {})
    };
}

export function formatWhoCanJson(answer: WhoCanAnswer): string {
    return (
        JSON.stringify(
            {
                query: answer.query,
                resource: answer.resource,
                level: answer.level,
                users: answer.users,
                allowed: answer.allowed.map(entryJson),
                blocked: (answer.blocked ?? []).map(entryJson),
                notes: answer.notes
            },
            null,
            2
        ) + '\n'
    );
}
