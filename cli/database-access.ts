/**
 * What `pull`, `plan` and `apply` share to reach a database: the URL they were given (`--db`,
 * `env:NAME` or SPOL_DATABASE_URL), a connection, and every table read in one read-only snapshot.
 * A database problem (no URL, a bad one, a server that cannot be reached or read) is one line of
 * usage error that names the database without its password (database/connect.ts's DatabaseError).
 */
import { connect, databaseUrl, DatabaseError, redactUrl } from '../database/connect.js';
import { readTables } from '../database/read-tables.js';
import type { SpecifyTables } from '../database/specify-tables.js';
import { CliError, ExitCode } from './io.js';

export type DatabaseConnection = Awaited<ReturnType<typeof connect>>;

/** The URL of the database to use, from `--db` or the environment. */
export function databaseUrlOf(option: string | undefined): string {
    try {
        return databaseUrl(option);
    } catch (error) {
        throw asCliError(error);
    }
}

/** A connection to the database; the caller ends it. */
export async function connectTo(url: string): Promise<DatabaseConnection> {
    try {
        return await connect(url);
    } catch (error) {
        throw asCliError(error);
    }
}

/** Every table, from one read-only snapshot; the connection is closed whatever happens. */
export async function readDatabase(url: string): Promise<SpecifyTables> {
    const connection = await connectTo(url);
    try {
        return await readTables(connection);
    } catch (error) {
        throw asCliError(error, `cannot read ${redactUrl(url)}: `);
    } finally {
        await connection.end().catch(() => undefined);
    }
}

function asCliError(error: unknown, context = ''): unknown {
    return error instanceof DatabaseError ? new CliError(`${context}${error.message}${/[.!?]$/.test(error.message) ? '' : '.'}`, ExitCode.usage) : error;
}
