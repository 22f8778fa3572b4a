/**
 * connect.ts: URLs over a socket or TCP, from the command line or an environment variable, and
 * errors that say what failed without ever showing the password (checked in the message and in
 * everything an error prints, against a real server that refuses a wrong password).
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, databaseUrl, DatabaseError, parseDatabaseUrl, redactUrl } from '../../database/connect.js';
import { freshDatabase, mariadbSocket, rootConnection, type TestDatabase } from './server.js';

const PASSWORD = 'S3cret:p@ss/word?#';
const WRONG = 'Wr0ng-hunter2';

let db: TestDatabase;

beforeAll(async () => {
    db = await freshDatabase('connect');
    const root = await rootConnection();
    try {
        await root.query(`CREATE USER IF NOT EXISTS 'spol_reader'@'localhost' IDENTIFIED BY ?`, [PASSWORD]);
        await root.query(`GRANT SELECT ON \`${db.name}\`.* TO 'spol_reader'@'localhost'`);
    } finally {
        await root.end();
    }
});

afterAll(async () => {
    await db?.drop();
});

function socketUrl(user: string, password: string | undefined, database: string): string {
    const secret = password === undefined ? '' : `:${encodeURIComponent(password)}`;
    return `mysql://${user}${secret}@localhost/${database}?socket=${encodeURIComponent(mariadbSocket())}`;
}

/** Everything an error shows: its message, its stack and its inspection. */
function shown(error: unknown): string {
    return `${String(error)}\n${(error as Error).stack}\n${inspect(error)}`;
}

describe('connect', () => {
    it('connects over a socket with a password, percent-encoded characters and all', async () => {
        const connection = await connect(socketUrl('spol_reader', PASSWORD, db.name));
        try {
            const [rows] = await connection.query('SELECT CURRENT_USER() AS who, DATABASE() AS db');
            expect(rows).toEqual([{ who: 'spol_reader@localhost', db: db.name }]);
        } finally {
            await connection.end();
        }
    });

    it('refuses a wrong password with a clear error that shows neither password', async () => {
        const error = await connect(socketUrl('spol_reader', WRONG, db.name)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DatabaseError);
        expect((error as DatabaseError).message).toMatch(
            new RegExp(`^cannot connect to database '${db.name}' as 'spol_reader' at socket .*: Access denied for user 'spol_reader'@'localhost' \\(using password: YES\\)$`)
        );
        expect((error as DatabaseError).code).toBe('ER_ACCESS_DENIED_ERROR');
        expect(shown(error)).not.toContain(WRONG);
        expect(shown(error)).not.toContain(encodeURIComponent(WRONG));
    });

    it('says when the server cannot be reached, without the password', async () => {
        const error = await connect(`mysql://reader:${WRONG}@127.0.0.1:1/specify`, { connectTimeoutMs: 2000 }).catch((e: unknown) => e);
        expect((error as DatabaseError).message).toMatch(/^cannot connect to database 'specify' as 'reader' at 127\.0\.0\.1:1: .*ECONNREFUSED/);
        expect(shown(error)).not.toContain(WRONG);
        const missing = await connect(`mysql://reader:${WRONG}@localhost/specify?socket=/nonexistent/mysqld.sock`).catch((e: unknown) => e);
        expect((missing as DatabaseError).message).toMatch(/^cannot connect to database 'specify' as 'reader' at socket \/nonexistent\/mysqld\.sock: .*ENOENT/);
        expect(shown(missing)).not.toContain(WRONG);
    });

    it('names a database that does not exist', async () => {
        const error = await connect(socketUrl('root', undefined, 'no_such_db')).catch((e: unknown) => e);
        expect((error as DatabaseError).message).toMatch(/: Unknown database 'no_such_db'$/);
    });
});

describe('parseDatabaseUrl', () => {
    it('reads TCP and socket URLs', () => {
        expect(parseDatabaseUrl('mysql://reader:pw@db.example.org:3307/specify')).toEqual({
            user: 'reader',
            password: 'pw',
            database: 'specify',
            host: 'db.example.org',
            port: 3307
        });
        expect(parseDatabaseUrl('mariadb://reader@localhost/specify')).toEqual({ user: 'reader', database: 'specify', host: 'localhost', port: 3306 });
        expect(parseDatabaseUrl('mysql://reader@localhost/specify?socket=/run/mysqld/mysqld.sock')).toEqual({
            user: 'reader',
            database: 'specify',
            socketPath: '/run/mysqld/mysqld.sock'
        });
    });

    it.each([
        ['not a url', /^'not a url' is not a URL: write mysql:\/\//],
        ['postgres://u:TopSecret@h/db', /^'postgres:\/\/u:\*\*\*@h\/db' is not a mysql:\/\/ URL/],
        ['mysql://h/db', /^'mysql:\/\/h\/db' names no user/],
        ['mysql://u:TopSecret@h', /^'mysql:\/\/u:\*\*\*@h' names no database/],
        ['mysql://u:TopSecret@h/db?ssl=1', /^'mysql:\/\/u:\*\*\*@h\/db\?ssl=1' has an unknown parameter 'ssl'/],
        ['mysql://u:Top%Secret@h/db', /^'mysql:\/\/u:\*\*\*@h\/db' has a malformed %-escape/],
        ['mysql://u:TopSecret@h:99999/db', /^'mysql:\/\/u:\*\*\*@h:99999\/db' is not a URL/]
    ])('refuses %s, naming it without its password', (url, message) => {
        const error = (() => {
            try {
                parseDatabaseUrl(url);
            } catch (e) {
                return e;
            }
            return undefined;
        })();
        expect(error).toBeInstanceOf(DatabaseError);
        expect((error as Error).message).toMatch(message);
        expect(shown(error)).not.toContain('TopSecret');
    });

    it('redacts the password of any URL, parsable or not', () => {
        expect(redactUrl('mysql://u:pa:ss@w@h:1/db')).toBe('mysql://u:***@h:1/db');
        expect(redactUrl('mysql://u@h/db')).toBe('mysql://u@h/db');
        expect(redactUrl('mysql://h:3306/db')).toBe('mysql://h:3306/db');
    });
});

describe('databaseUrl', () => {
    it('takes the URL given, else SPOL_DATABASE_URL, or the variable named by env:NAME', () => {
        const env = { SPOL_DATABASE_URL: 'mysql://a@h/one', OTHER: 'mysql://b@h/two' };
        expect(databaseUrl('mysql://c@h/three', env)).toBe('mysql://c@h/three');
        expect(databaseUrl(undefined, env)).toBe('mysql://a@h/one');
        expect(databaseUrl('env:OTHER', env)).toBe('mysql://b@h/two');
    });

    it('says which variable is missing', () => {
        expect(() => databaseUrl(undefined, {})).toThrow(/^no database given: pass --db <url> or set SPOL_DATABASE_URL\.$/);
        expect(() => databaseUrl('env:SPECIFY_DB', {})).toThrow(/^the environment variable SPECIFY_DB is not set: it should hold the database URL\.$/);
    });
});
