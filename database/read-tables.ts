/**
 * Reads every row spol needs from a Specify database (specify-tables.ts): the institution tree,
 * the users and their agents, the Specify 6 principals, and every permission-table row. All of it
 * comes from one consistent snapshot, in a read-only transaction (`START TRANSACTION WITH
 * CONSISTENT SNAPSHOT, READ ONLY` at REPEATABLE READ): a role saved by Specify while spol reads
 * cannot show up with half its policies, and the read can write nothing, even by mistake. The
 * transaction is ended (COMMIT, or ROLLBACK after an error) before the answer is returned.
 *
 * It takes a session rather than a URL so that the caller decides how to connect (connect.ts) and
 * when to close.
 */
import { driverError } from './connect.js';
import { SPECIFY_TABLE_NAMES, SPECIFY_TABLES, type SpecifyTableName, type SpecifyTables } from './specify-tables.js';

/** What readTables needs of a connection: mysql2's promise Connection is one. */
export interface SqlSession {
    query(sql: string): Promise<[unknown, unknown]>;
}

export async function readTables(session: SqlSession): Promise<SpecifyTables> {
    await run(session, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', 'cannot start a read-only transaction');
    await run(session, 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY', 'cannot start a read-only transaction');
    try {
        const tables: Partial<Record<SpecifyTableName, readonly unknown[]>> = {};
        for (const table of SPECIFY_TABLE_NAMES) tables[table] = await readTable(session, table);
        await run(session, 'COMMIT', 'cannot end the read-only transaction');
        return tables as SpecifyTables;
    } catch (error) {
        await session.query('ROLLBACK').catch(() => undefined);
        throw error;
    }
}

async function readTable(session: SqlSession, table: SpecifyTableName): Promise<readonly unknown[]> {
    const read = SPECIFY_TABLES[table] as { columns: readonly string[]; where?: string; orderBy: readonly string[] };
    const sql =
        `SELECT ${read.columns.map(quote).join(', ')} FROM ${quote(table)}` +
        (read.where ? ` WHERE ${read.where}` : '') +
        ` ORDER BY ${read.orderBy.map(quote).join(', ')}`;
    const [rows] = await run(session, sql, `cannot read table ${table}`);
    if (!Array.isArray(rows)) throw driverError(new Error('the answer is not a list of rows'), `cannot read table ${table}`);
    // Plain objects with exactly the columns read, in order (the driver's rows are its own class).
    return rows.map((row: Record<string, unknown>) => Object.fromEntries(read.columns.map((column) => [column, row[column]])));
}

async function run(session: SqlSession, sql: string, context: string): Promise<[unknown, unknown]> {
    try {
        return await session.query(sql);
    } catch (error) {
        throw driverError(error, context);
    }
}

function quote(identifier: string): string {
    return `\`${identifier}\``;
}
