/**
 * `spol pull --db <url> -o <folder>`: a Specify database's institution tree, users and permission
 * rows (database/read-tables.ts, one read-only snapshot) as a tidy workspace
 * (database/tables-to-model.ts, language/print-workspace.ts), written atomically to a new or empty
 * folder, or to standard output without `-o`. `--db` may be left out when SPOL_DATABASE_URL holds
 * the URL, and `--db env:NAME` reads it from the variable NAME; the password is never shown.
 *
 * Before anything is written, the printed files are loaded back from memory as `spol check` loads
 * them: they must parse and link, and the rows they store must be the database's rows
 * (database/stored-view.ts), or nothing is written. What the model cannot say (a policy row for
 * every user, a row stored twice, ...) is reported, one line each, and left out of that
 * comparison. Lint findings are the database's own, and are counted, not fixed.
 */
import type { Command } from 'commander';
import { viewDifference, viewOfModel, viewOfTables } from '../../database/stored-view.js';
import { tablesToModel } from '../../database/tables-to-model.js';
import { databaseUrlOf, readDatabase } from '../database-access.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { deliverWorkspace, noteFindings, printedWorkspace } from '../workspace-from-model.js';

interface PullOptions {
    readonly db?: string;
    readonly output?: string;
}

export function registerPull(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('pull')
        .description('read the institution, users and permissions of a Specify database (read-only) into a new workspace')
        .option('--db <url>', 'mysql://user:password@host:port/database, or env:NAME to read it from a variable (default: $SPOL_DATABASE_URL)')
        .option('-o, --output <folder>', 'the new or empty folder to write the workspace to (atomically); without it the workspace is printed')
        .action(async (options: PullOptions) => {
            done(await pull(options, io));
        });
}

export async function pull(options: PullOptions, io: Io): Promise<number> {
    const tables = await readDatabase(databaseUrlOf(options.db));
    const { model, findings, kept } = tablesToModel(tables);
    for (const finding of findings) io.err(`note: ${finding.message}\n`);

    const workspace = await printedWorkspace(model, SOURCE, options.output, io);
    const difference = viewDifference(viewOfTables(kept), viewOfModel(workspace.model));
    if (difference !== undefined) {
        throw new CliError(`the pulled workspace does not store what the database stores (a defect of spol: please report it): ${difference}; nothing was written.`, ExitCode.failure);
    }
    noteFindings(io, workspace, "the database's");
    if (findings.length > 0) io.err(`note: ${findings.length} row${findings.length === 1 ? '' : 's'} or value${findings.length === 1 ? '' : 's'} of the database ${findings.length === 1 ? 'is' : 'are'} not in the workspace as stored (see above).\n`);
    return deliverWorkspace(io, workspace, options.output, SOURCE);
}

const SOURCE = { what: 'this database', made: 'pulled', command: 'pull' };
