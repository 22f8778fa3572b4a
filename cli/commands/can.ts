import type { Command } from 'commander';
import { compile, type Decision } from '../../engine/decision/index.js';
import { numberModel, specifyQueryResponse } from '../../engine/interchange/index.js';
import { describeOrigin, describeRow } from '../../engine/explain.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type StoredPolicy } from '../../engine/model/stored.js';
import { formatLocation } from '../format/location.js';
import { ExitCode, type Io } from '../io.js';
import { parseFormat } from '../options.js';
import { askEngine, loadDecidable, whereOf } from '../workspace.js';
import { rowJson } from '../format/rows.js';

interface CanOptions {
    in?: string;
    institution?: boolean;
    format: string;
    allowUnknown?: boolean;
}

export function registerCan(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('can')
        .description('may <user> do <action> on <resource> in a collection (or at institution level), and why?')
        .argument('<user>', 'user name as declared in the workspace')
        .argument('<action>', 'action, e.g. read, update, execute')
        .argument('<resource>', 'resource, e.g. /table/collectionobject')
        .argument('[paths...]', 'workspace folders or .spol files', ['.'])
        .option('-i, --in <collection>', 'the collection the user is logged into')
        .option('--institution', 'ask at institution level (no collection)')
        .option('-f, --format <format>', "output format: text, json, or specify (the body of Specify's POST /permissions/query/)", 'text')
        .option('--allow-unknown', 'answer a resource or action Specify 7 does not define (a newer Specify) instead of refusing it')
        .action(async (user: string, action: string, resource: string, paths: string[], options: CanOptions) => {
            const format = parseFormat(options.format, ['text', 'json', 'specify']);
            const where = whereOf(options);
            const workspace = await loadDecidable(paths, io);
            const engine = compile(workspace.model);
            const unknownNames = options.allowUnknown === true ? 'answer' : 'refuse';
            if (format === 'specify') {
                const response = askEngine(() =>
                    specifyQueryResponse(engine, numberModel(engine.index), { user, ...where, queries: [{ resource, actions: [action] }] }, { unknownNames })
                );
                io.out(`${JSON.stringify(response, null, 2)}\n`);
                done(response.allowed ? ExitCode.ok : ExitCode.failure);
                return;
            }
            const decision = askEngine(() => engine.decide({ user, action, resource, ...where }, { unknownNames }));
            io.out(format === 'json' ? formatDecisionJson(decision) : formatDecisionText(decision));
            done(decision.allowed ? ExitCode.ok : ExitCode.failure);
        });
}


function where(decision: Decision): string {
    return decision.query.collection !== undefined ? `in ${decision.query.collection}` : 'at institution level';
}

/** Each stored row once, then every other line that declares the same row under it. */
function rowLines(rows: readonly StoredPolicy[]): string[] {
    return rows.flatMap((row) => [
        `    ${describeRow(row)}  ← ${describeOrigin(row)}  (${formatLocation(row.source)})`,
        ...(row.also ?? []).map((also) => `      also ← ${describeOrigin({ ...also, origin: row.origin })}  (${formatLocation(also.source)})`)
    ]);
}

export function formatDecisionText(decision: Decision): string {
    const { user, action, resource } = decision.query;
    const lines: string[] = [];
    if (decision.allowed) {
        lines.push(`allowed: ${user} may ${action} ${resource} ${where(decision)}`);
    } else {
        const why =
            decision.reason === 'no-collection-access'
                ? `${user} cannot enter ${decision.query.collection ?? 'the collection'}`
                : 'no policy matches';
        lines.push(`denied: ${user} may not ${action} ${resource} ${where(decision)}: ${why}`);
    }
    if (decision.matches.length > 0) {
        lines.push(`  granted at ${decision.level} level by:`);
        lines.push(...rowLines(decision.matches));
    }
    const asksTheGate =
        decision.query.resource.toLowerCase() === COLLECTION_ACCESS_RESOURCE && decision.query.action.toLowerCase() === COLLECTION_ACCESS_ACTION;
    if (decision.collectionAccess && !asksTheGate) {
        const gate = decision.collectionAccess;
        lines.push(`  collection access (/system/sp7/collection access): ${gate.allowed ? 'yes' : 'no'}`);
        lines.push(...rowLines(gate.matches));
    }
    for (const note of decision.notes) lines.push(`  note: ${note}`);
    return lines.join('\n') + '\n';
}


export function formatDecisionJson(decision: Decision): string {
    return (
        JSON.stringify(
            {
                allowed: decision.allowed,
                reason: decision.reason,
                query: decision.query,
                level: decision.level,
                matches: decision.matches.map(rowJson),
                ...(decision.collectionAccess
                    ? {
                          collectionAccess: {
                              allowed: decision.collectionAccess.allowed,
                              matches: decision.collectionAccess.matches.map(rowJson)
                          }
                      }
                    : {}),
                notes: decision.notes
            },
            null,
            2
        ) + '\n'
    );
}
