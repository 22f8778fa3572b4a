/**
 * `spol plan --db <url> [paths…] [--out plan.json]`: what applying the workspace would change in a
 * Specify database. Reads the database's rows in one read-only snapshot, makes the plan
 * (database/plan.ts), and prints what it changes in effect (as `spol diff` shows it, escalations
 * first), then the roles and rows it creates, renames and deletes; "no changes" when the database
 * already holds exactly the workspace's rows. `--out` saves the plan as JSON with the digest of the
 * rows read, for `spol apply`. `--db` may be left out when SPOL_DATABASE_URL is set, or be
 * `env:NAME`; the password never appears. Exit 0 with a plan; 1 when the plan is refused (a user or
 * collection the database lacks, or a change Specify's server would refuse); 2 for bad usage, a
 * workspace with errors, or a database that cannot be read.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { redactUrl } from '../../database/connect.js';
import { literalModel } from '../../database/literal-model.js';
import { planToJson } from '../../database/plan-json.js';
import { planChanges, PlanRefusal } from '../../database/plan.js';
import { diffModels } from '../../engine/diff/index.js';
import { databaseUrlOf, readDatabase } from '../database-access.js';
import { formatDiffText } from '../diff-format.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { formatPlanText } from '../plan-format.js';
import { writeFilesAtomic } from '../write-atomic.js';
import { askEngine, loadDecidable } from '../workspace.js';

interface PlanOptions {
    db?: string;
    out?: string;
}

export function registerPlan(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('plan')
        .description('what applying the workspace would change in a Specify database: rows to insert and delete, roles to create, rename or delete; escalations first')
        .argument('[paths...]', '.spol files or folders (default: the current folder)')
        .option('--db <url>', 'the database: mysql://user:password@host:port/database, or env:NAME (default: $SPOL_DATABASE_URL)')
        .option('-o, --out <file>', 'also write the plan as JSON, with the digest of the rows it was computed from, for spol apply')
        .action(async (paths: string[], options: PlanOptions) => {
            const url = databaseUrlOf(options.db);
            const workspace = await loadDecidable(paths, io, 'a plan');
            const tables = await readDatabase(url);
            let result;
            try {
                result = planChanges(tables, workspace.model);
            } catch (error) {
                if (!(error instanceof PlanRefusal)) throw error;
                throw new CliError(`cannot plan against ${redactUrl(url)}:\n${error.reasons.map((reason) => `  - ${reason}`).join('\n')}`, ExitCode.failure);
            }
            const { plan, matching } = result;
            const diff = askEngine(() => diffModels(literalModel(tables, matching), workspace.model));
            const root = process.cwd();
            const effect = formatDiffText(diff, {
                // The database's rows have no place in a file: say where they are.
                old: { name: 'database', kind: 'folder', root, workspace, unsourced: '<database>' },
                new: { name: 'workspace', kind: 'folder', root, workspace }
            });
            io.out(formatPlanText(plan, effect));
            if (options.out !== undefined) {
                const notes = await writeFilesAtomic([{ path: resolve(options.out), content: planToJson(plan, url) }]);
                for (const note of notes) io.err(`${note}\n`);
                io.err(`wrote the plan to ${options.out}\n`);
            }
            done(ExitCode.ok);
        });
}
