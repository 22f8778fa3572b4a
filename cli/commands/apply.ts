/**
 * `spol apply --db <url> --plan plan.json`: makes a saved plan (`spol plan --out`) true in the
 * database, in one transaction (database/apply-plan.ts): it reads the rows again under lock,
 * refuses when they are no longer those the plan was computed from, writes only the permission
 * tables, and commits; on any error nothing is changed. `--db` may be left out when
 * SPOL_DATABASE_URL is set, or be `env:NAME`; the password never appears. Exit 0 applied; 1 the
 * plan is stale or refused; 2 bad usage, an unreadable plan file, or a database error (nothing
 * changed).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { applyPlan, StalePlanError } from '../../database/apply-plan.js';
import { redactUrl } from '../../database/connect.js';
import { planFromJson, PlanFileError } from '../../database/plan-json.js';
import { PlanRefusal } from '../../database/plan.js';
import { connectTo, databaseUrlOf } from '../database-access.js';
import { CliError, ExitCode, type Io } from '../io.js';

interface ApplyOptions {
    db?: string;
    plan: string;
}

export function registerApply(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('apply')
        .description('apply a plan saved by spol plan --out, in one transaction; refused when the database changed since')
        .requiredOption('--plan <file>', 'the plan file that spol plan --out wrote')
        .option('--db <url>', 'the database: mysql://user:password@host:port/database, or env:NAME (default: $SPOL_DATABASE_URL)')
        .action(async (options: ApplyOptions) => {
            const url = databaseUrlOf(options.db);
            let text: string;
            try {
                text = await readFile(options.plan, 'utf8');
            } catch (error) {
                throw new CliError(`cannot read the plan ${options.plan}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
            }
            let plan;
            try {
                plan = planFromJson(text, options.plan).plan;
            } catch (error) {
                if (error instanceof PlanFileError) throw new CliError(error.message);
                throw error;
            }
            const connection = await connectTo(url);
            try {
                const counts = await applyPlan(connection, plan);
                io.out(`applied to ${redactUrl(url)}: ${counts.insert} row${counts.insert === 1 ? '' : 's'} inserted, ${counts.delete} deleted, ${counts.update} role${counts.update === 1 ? '' : 's'} renamed or described anew\n`);
                done(ExitCode.ok);
            } catch (error) {
                if (error instanceof StalePlanError) throw new CliError(`nothing applied: ${error.message}`, ExitCode.failure);
                if (error instanceof PlanRefusal) throw new CliError(`nothing applied: ${error.reasons.join(' ')}`, ExitCode.failure);
                if (error instanceof Error) throw new CliError(`nothing applied (the transaction was rolled back): ${error.message}`);
                throw error;
            } finally {
                await connection.end().catch(() => undefined);
            }
        });
}
