/**
 * `spol diff <old> <new> [paths…]`: what each user may now do, or no longer do, between two
 * versions of the policy (two folders, two git revisions, or one of each), with the grants that
 * make it so. Effective permissions, not text: a change that alters no decision prints
 * "no effective change". Exit 0, unless `--fail-on escalation|any` finds one (exit 1); 2 for bad
 * usage, an unknown revision, or a side with errors that make decisions meaningless.
 */
import type { Command } from 'commander';
import { blockingDiagnostics } from '../../engine/diagnostic.js';
import { diffModels } from '../../engine/diff/index.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText, type DiffSides } from '../diff-format.js';
import { loadSide, type DiffSide } from '../diff-sides.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { parseFormat } from '../options.js';
import { askEngine } from '../workspace.js';

interface DiffOptions {
    format: string;
    failOn?: string;
}

export function registerDiff(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('diff')
        .description('effective-permission changes between two versions (folders or git revisions): who gained or lost what, where, and why; escalations first')
        .argument('<old>', 'the version before: a folder, or a git revision (HEAD~1, main, a tag, a commit)')
        .argument('<new>', 'the version after: a folder or a git revision')
        .argument('[paths...]', 'only these .spol files or folders on both sides (relative to a folder side; for a revision, as git takes them)')
        .option('-f, --format <format>', 'output format: text, markdown (a pull-request comment) or json', 'text')
        .option('--fail-on <what>', 'exit 1 when there is an escalation (escalation) or any change (any)')
        .action(async (oldArgument: string, newArgument: string, paths: string[], options: DiffOptions) => {
            const format = parseFormat(options.format, ['text', 'markdown', 'json']);
            const failOn = options.failOn === undefined ? undefined : parseFailOn(options.failOn);
            const before = decidableSide(await loadSide(oldArgument, paths), 'old', io);
            const after = decidableSide(await loadSide(newArgument, paths), 'new', io);
            if (before.workspace.files.length === 0 && after.workspace.files.length === 0) {
                throw new CliError(`neither ${oldArgument} nor ${newArgument} holds .spol files${paths.length > 0 ? ` under ${paths.join(', ')}` : ''}.`);
            }
            const diff = askEngine(() => diffModels(before.workspace.model, after.workspace.model));
            const sides: DiffSides = { old: before, new: after };
            io.out(format === 'json' ? formatDiffJson(diff, sides) : format === 'markdown' ? formatDiffMarkdown(diff, sides) : formatDiffText(diff, sides));
            const failed = failOn === 'any' ? diff.users.length > 0 : failOn === 'escalation' ? diff.summary.escalations > 0 : false;
            done(failed ? ExitCode.failure : ExitCode.ok);
        });
}

function parseFailOn(value: string): 'escalation' | 'any' {
    if (value === 'escalation' || value === 'any') return value;
    throw new CliError(`unknown --fail-on '${value}': use escalation or any.`);
}

/** A side whose text did not parse or link cannot be decided on: its problems are printed, then exit 2. */
function decidableSide(side: DiffSide, which: 'old' | 'new', io: Io): DiffSide {
    const blocking = blockingDiagnostics(side.workspace.diagnostics);
    if (blocking.length > 0) {
        const at = side.kind === 'revision' ? ` at ${side.name} (${side.commit!.slice(0, 12)})` : ` in ${side.name}`;
        io.err(`the ${which} side${at}:\n`);
        io.err(formatDiagnosticsText(blocking, summarize(blocking, side.workspace.files.length)));
        throw new CliError(`the ${which} side (${side.name}) has errors that make a diff meaningless; fix them first.`);
    }
    return side;
}
