/**
 * applyPlan(session, plan): makes a plan (plan.ts) true in the database, in one transaction:
 *
 * 1. START TRANSACTION (REPEATABLE READ), then read every table again with locking reads: the
 *    permission tables `FOR UPDATE`, the others (institution tree, users, agents, Specify 6
 *    principals) `LOCK IN SHARE MODE`. A locking read sees the latest committed rows, not an old
 *    snapshot, and holds them until the end: nothing the plan depends on can change under it.
 * 2. Refuse (StalePlanError, after ROLLBACK) when those rows' digest (plan-digest.ts) is not the
 *    plan's: the database changed since the plan was made, so the plan may no longer say what it
 *    would do. The plan is also checked again as plan.ts checks it (plan-invariants.ts), so that a
 *    plan file edited by hand cannot pass what `spol plan` would refuse.
 * 3. Delete, update, create and insert, only in the six permission tables (spuserpolicy, sprole,
 *    sprolepolicy, spuserrole, splibraryrole, splibraryrolepolicy): a user, an agent or a
 *    collection is never written. Each delete and update must touch exactly one row, else the
 *    whole apply fails. Rows of a role the plan creates get the id the database gives it.
 * 4. COMMIT. On any error, ROLLBACK: nothing is changed. A connection lost before COMMIT is rolled
 *    back by the server itself, as InnoDB does for every transaction whose session ends.
 *
 * No audit-log rows are written: Specify 7.12's permission API writes none (its models'
 * custom_save is commented out; database/schema/specify-7.12.sql, spauditlog).
 */
import { driverError } from './connect.js';
import { PlanRefusal } from './plan.js';
import { tablesDigest } from './plan-digest.js';
import { checkInvariants } from './plan-invariants.js';
import { planCounts, type Plan, type RoleRef } from './plan-types.js';
import { SPECIFY_TABLE_NAMES, SPECIFY_TABLES, type SpecifyTableName, type SpecifyTables } from './specify-tables.js';

/** What applyPlan needs of a connection: mysql2's promise Connection is one. */
export interface WriteSession {
    query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
}

/** The database no longer holds the rows the plan was computed from. */
export class StalePlanError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'StalePlanError';
    }
}

const PERMISSION_TABLES = new Set<SpecifyTableName>(['spuserpolicy', 'sprole', 'sprolepolicy', 'spuserrole', 'splibraryrole', 'splibraryrolepolicy']);

export async function applyPlan(session: WriteSession, plan: Plan): Promise<ReturnType<typeof planCounts>> {
    await run(session, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', [], 'cannot start the transaction');
    await run(session, 'START TRANSACTION', [], 'cannot start the transaction');
    try {
        const tables = await readLocked(session);
        const digest = tablesDigest(tables);
        if (digest !== plan.digest) {
            throw new StalePlanError('the database changed since the plan was made (its rows no longer match the plan’s digest): run spol plan again.');
        }
        const violations = checkInvariants(tables, plan);
        if (violations.length > 0) throw new PlanRefusal(violations);
        await write(session, plan);
        await run(session, 'COMMIT', [], 'cannot commit');
        return planCounts(plan);
    } catch (error) {
        await session.query('ROLLBACK').catch(() => undefined);
        throw error;
    }
}

async function readLocked(session: WriteSession): Promise<SpecifyTables> {
    const tables: Partial<Record<SpecifyTableName, readonly unknown[]>> = {};
    for (const table of SPECIFY_TABLE_NAMES) {
        const read = SPECIFY_TABLES[table] as { columns: readonly string[]; where?: string; orderBy: readonly string[] };
        const sql =
            `SELECT ${read.columns.map(quote).join(', ')} FROM ${quote(table)}` +
            (read.where ? ` WHERE ${read.where}` : '') +
            ` ORDER BY ${read.orderBy.map(quote).join(', ')}` +
            (PERMISSION_TABLES.has(table) ? ' FOR UPDATE' : ' LOCK IN SHARE MODE');
        const [rows] = await run(session, sql, [], `cannot read table ${table}`);
        if (!Array.isArray(rows)) throw driverError(new Error('the answer is not a list of rows'), `cannot read table ${table}`);
        tables[table] = rows.map((row: Record<string, unknown>) => Object.fromEntries(read.columns.map((column) => [column, row[column]])));
    }
    return tables as SpecifyTables;
}

async function write(session: WriteSession, plan: Plan): Promise<void> {
    const one = async (sql: string, values: readonly unknown[], what: string) => {
        const [result] = await run(session, sql, values, `cannot ${what}`);
        const affected = (result as { affectedRows?: number }).affectedRows;
        if (affected !== 1) throw new Error(`cannot ${what}: ${affected ?? 0} rows changed instead of one.`);
        return (result as { insertId?: number }).insertId ?? 0;
    };
    const del = (table: SpecifyTableName, id: number) => one(`DELETE FROM ${quote(table)} WHERE id = ?`, [id], `delete ${table} row ${id}`);

    // Rows that point at a role go before the role.
    for (const item of plan.delete.spuserrole) await del('spuserrole', item.row.id);
    for (const item of plan.delete.sprolepolicy) await del('sprolepolicy', item.row.id);
    for (const item of plan.roles.delete) await del('sprole', item.row.id);
    for (const item of plan.delete.splibraryrolepolicy) await del('splibraryrolepolicy', item.row.id);
    for (const item of plan.libraryRoles.delete) await del('splibraryrole', item.row.id);
    for (const item of plan.delete.spuserpolicy) await del('spuserpolicy', item.row.id);

    // mysql2 connects with CLIENT_FOUND_ROWS: an update counts the row it matched, even when a
    // case-insensitive collation finds the new name equal to the old.
    for (const update of plan.roles.update) {
        await one('UPDATE `sprole` SET `name` = ?, `description` = ? WHERE id = ?', [update.to.name, update.to.description, update.id], `update sprole row ${update.id}`);
    }
    for (const update of plan.libraryRoles.update) {
        await one('UPDATE `splibraryrole` SET `name` = ?, `description` = ? WHERE id = ?', [update.to.name, update.to.description, update.id], `update splibraryrole row ${update.id}`);
    }

    const roles = new Map<string, number>();
    for (const create of plan.roles.create) {
        roles.set(create.key, await one('INSERT INTO `sprole` (`name`, `collection_id`, `description`) VALUES (?, ?, ?)', [create.name, create.collection_id, create.description], `create role ${create.key}`));
    }
    const library = new Map<string, number>();
    for (const create of plan.libraryRoles.create) {
        library.set(create.key, await one('INSERT INTO `splibraryrole` (`name`, `description`) VALUES (?, ?)', [create.name, create.description], `create ${create.key}`));
    }
    const id = (ref: RoleRef, created: ReadonlyMap<string, number>): number => {
        if ('id' in ref) return ref.id;
        const made = created.get(ref.new);
        if (made === undefined) throw new Error(`the plan inserts a row of '${ref.new}', which it does not create.`);
        return made;
    };
    for (const row of plan.insert.sprolepolicy) {
        await one('INSERT INTO `sprolepolicy` (`resource`, `action`, `role_id`) VALUES (?, ?, ?)', [row.resource, row.action, id(row.role_id, roles)], 'insert an sprolepolicy row');
    }
    for (const row of plan.insert.splibraryrolepolicy) {
        await one('INSERT INTO `splibraryrolepolicy` (`resource`, `action`, `role_id`) VALUES (?, ?, ?)', [row.resource, row.action, id(row.role_id, library)], 'insert an splibraryrolepolicy row');
    }
    for (const row of plan.insert.spuserrole) {
        await one('INSERT INTO `spuserrole` (`role_id`, `specifyuser_id`) VALUES (?, ?)', [id(row.role_id, roles), row.specifyuser_id], 'insert an spuserrole row');
    }
    for (const row of plan.insert.spuserpolicy) {
        await one(
            'INSERT INTO `spuserpolicy` (`resource`, `action`, `collection_id`, `specifyuser_id`) VALUES (?, ?, ?, ?)',
            [row.resource, row.action, row.collection_id, row.specifyuser_id],
            'insert an spuserpolicy row'
        );
    }
}

async function run(session: WriteSession, sql: string, values: readonly unknown[], context: string): Promise<[unknown, unknown]> {
    try {
        return await session.query(sql, values.length > 0 ? [...values] : undefined);
    } catch (error) {
        throw driverError(error, context);
    }
}

function quote(identifier: string): string {
    return `\`${identifier}\``;
}
