/**
 * The database tests' way to the private MariaDB server that test/setup/mariadb.ts starts once per
 * run: connections as root over its socket, and fresh databases holding Specify's schema
 * (database/schema/specify-7.12.sql), one per test file or per test, so files running in parallel
 * never see each other's rows. When there is no server, every call fails with the reason
 * (MariaDB not installed, or it did not start): the tests fail, they are not skipped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { inject } from 'vitest';
import type {} from '../setup/mariadb.js';

export const SCHEMA_FILE = resolve(import.meta.dirname, '..', '..', 'database', 'schema', 'specify-7.12.sql');

/** The server's socket; throws the reason when there is no server. */
export function mariadbSocket(): string {
    const info = inject('mariadb');
    if ('error' in info) throw new Error(info.error);
    return info.socket;
}

/** A root connection over the socket, to `database` when given; several statements per query allowed. */
export async function rootConnection(database?: string): Promise<Connection> {
    return createConnection({ socketPath: mariadbSocket(), user: 'root', multipleStatements: true, ...(database !== undefined && { database }) });
}

export interface TestDatabase {
    readonly name: string;
    /** A spol URL for it: root over the socket. */
    readonly url: string;
    /** A new root connection to it (close it when done). */
    connect(): Promise<Connection>;
    drop(): Promise<void>;
}

let made = 0;

/**
 * A new database on the server, with Specify's schema unless `schema` is false. Its name is unique
 * in the run: the prefix, the worker's pid and a counter.
 */
export async function freshDatabase(prefix: string, options: { readonly schema?: boolean } = {}): Promise<TestDatabase> {
    const name = `${prefix}_${process.pid}_${++made}`.replace(/[^A-Za-z0-9_]/g, '_');
    const root = await rootConnection();
    try {
        // Specify databases use a case-insensitive *_general_ci collation (semantics.md §2.2).
        await root.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
        if (options.schema !== false) {
            await root.query(`USE \`${name}\``);
            await root.query(readFileSync(SCHEMA_FILE, 'utf8'));
        }
    } finally {
        await root.end();
    }
    return {
        name,
        url: `mysql://root@localhost/${name}?socket=${encodeURIComponent(mariadbSocket())}`,
        connect: () => rootConnection(name),
        async drop() {
            const connection = await rootConnection();
            try {
                await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
            } finally {
                await connection.end();
            }
        }
    };
}
