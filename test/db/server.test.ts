/**
 * The private MariaDB server of the database tests, and Specify's schema in it: the server runs on
 * its own socket, the schema file loads, and the tables keep Specify's keys, NOT NULL columns,
 * foreign keys and unique constraints.
 */
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECIFY_TABLE_NAMES } from '../../database/specify-tables.js';
import { freshDatabase, rootConnection, type TestDatabase } from './server.js';

let db: TestDatabase;
let connection: Connection;

beforeAll(async () => {
    db = await freshDatabase('schema');
    connection = await db.connect();
});

afterAll(async () => {
    await connection?.end();
    await db?.drop();
});

async function column(table: string, name: string): Promise<{ IS_NULLABLE: string; COLUMN_TYPE: string; COLUMN_KEY: string }> {
    const [rows] = await connection.query(
        'SELECT IS_NULLABLE, COLUMN_TYPE, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?',
        [db.name, table, name]
    );
    const found = (rows as { IS_NULLABLE: string; COLUMN_TYPE: string; COLUMN_KEY: string }[])[0];
    if (!found) throw new Error(`no column ${table}.${name}`);
    return found;
}

describe('the private MariaDB server', () => {
    it('is a MariaDB reached over its private socket, with networking off', async () => {
        const root = await rootConnection();
        try {
            const [rows] = await root.query('SELECT VERSION() AS version, @@skip_networking AS offline, @@socket AS socket');
            const [row] = rows as { version: string; offline: number; socket: string }[];
            expect(row!.version).toMatch(/MariaDB/);
            expect(row!.offline).toBe(1);
            expect(row!.socket).toMatch(/spol-mariadb-[^/]+\/mariadbd\.sock$/);
        } finally {
            await root.end();
        }
    });
});

describe("Specify's schema", () => {
    it('creates every table read-tables reads, and the audit log', async () => {
        const [rows] = await connection.query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [db.name]);
        expect((rows as { name: string }[]).map((row) => row.name)).toEqual([...SPECIFY_TABLE_NAMES, 'spauditlog'].sort());
    });

    it('keeps the permission tables as the Django migrations define them', async () => {
        expect(await column('spuserpolicy', 'collection_id')).toMatchObject({ IS_NULLABLE: 'YES' });
        expect(await column('spuserpolicy', 'specifyuser_id')).toMatchObject({ IS_NULLABLE: 'YES' });
        expect(await column('spuserpolicy', 'resource')).toMatchObject({ IS_NULLABLE: 'NO', COLUMN_TYPE: 'varchar(1024)' });
        expect(await column('sprole', 'collection_id')).toMatchObject({ IS_NULLABLE: 'NO' });
        expect(await column('sprole', 'description')).toMatchObject({ IS_NULLABLE: 'NO', COLUMN_TYPE: 'longtext' });
        expect(await column('spuserrole', 'specifyuser_id')).toMatchObject({ IS_NULLABLE: 'NO' });
        expect(await column('splibraryrolepolicy', 'id')).toMatchObject({ COLUMN_KEY: 'PRI' });
    });

    it('enforces foreign keys: a role policy needs its role, a role its collection', async () => {
        await expect(connection.query("INSERT INTO sprolepolicy (role_id, resource, action) VALUES (999, '/table/%', 'read')")).rejects.toMatchObject({
            code: 'ER_NO_REFERENCED_ROW_2'
        });
        await expect(connection.query("INSERT INTO sprole (collection_id, name, description) VALUES (999, 'R', '')")).rejects.toMatchObject({
            code: 'ER_NO_REFERENCED_ROW_2'
        });
    });

    it('makes user names unique and NOT NULL columns required', async () => {
        const user = "INSERT INTO specifyuser (TimestampCreated, IsLoggedIn, IsLoggedInReport, Name, Password) VALUES (NOW(), 0, 0, 'ann', 'x')";
        await connection.query(user);
        await expect(connection.query(user)).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' });
        await expect(connection.query("INSERT INTO specifyuser (IsLoggedIn, IsLoggedInReport, Name, Password) VALUES (0, 0, 'bob', 'x')")).rejects.toMatchObject({
            code: 'ER_NO_DEFAULT_FOR_FIELD'
        });
    });

    it('is case-insensitive in comparisons, as Specify databases are', async () => {
        await connection.query("INSERT INTO spuserpolicy (collection_id, specifyuser_id, resource, action) VALUES (NULL, NULL, '/table/%', 'read')");
        const [rows] = await connection.query("SELECT COUNT(*) AS matched FROM spuserpolicy WHERE '/Table/CollectionObject' LIKE resource AND 'READ' LIKE action");
        expect((rows as { matched: number }[])[0]!.matched).toBe(1);
    });
});
