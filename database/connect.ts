/**
 * A connection to a Specify database from a URL: `mysql://user:password@host:port/database` over
 * TCP, or `mysql://user@localhost/database?socket=/path/to/mysqld.sock` over a Unix socket (the
 * password may then be left out, or given as for TCP). `mariadb://` is accepted as well. The URL may
 * come from an environment variable instead of the command line (`databaseUrl`), so that a password
 * is neither typed where the shell history keeps it nor shown by `ps`.
 *
 * The password never appears in a message: every error names the URL as `redactUrl` shows it
 * (the password replaced by `***`), and errors from the driver are turned into a DatabaseError whose
 * message is the driver's with the password taken out, should the driver ever echo it.
 */
import type { Connection } from 'mysql2/promise';

/** The environment variable read when no URL is given. */
export const DATABASE_URL_VARIABLE = 'SPOL_DATABASE_URL';

/** Where to connect: what `parseDatabaseUrl` makes of a URL. */
export interface DatabaseTarget {
    readonly user: string;
    readonly password?: string;
    readonly database: string;
    readonly host?: string;
    readonly port?: number;
    /** A Unix socket path; host and port are then unused. */
    readonly socketPath?: string;
}

/** A URL that cannot be used, or a database that cannot be reached. The message holds no password. */
export class DatabaseError extends Error {
    constructor(
        message: string,
        /** The driver's error code (`ER_ACCESS_DENIED_ERROR`, `ECONNREFUSED`, ...), when there is one. */
        readonly code?: string
    ) {
        super(message);
        this.name = 'DatabaseError';
    }
}

/**
 * The URL to use: `value` when given; `env:NAME` reads the variable NAME; nothing reads
 * SPOL_DATABASE_URL. A variable that is unset or empty is an error naming it.
 */
export function databaseUrl(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
    const variable = value === undefined ? DATABASE_URL_VARIABLE : value.startsWith('env:') ? value.slice('env:'.length) : undefined;
    if (variable === undefined) return value!;
    const url = env[variable];
    if (url === undefined || url === '') {
        throw new DatabaseError(
            value === undefined
                ? `no database given: pass --db <url> or set ${DATABASE_URL_VARIABLE}.`
                : `the environment variable ${variable} is not set: it should hold the database URL.`
        );
    }
    return url;
}

/** The URL with its password replaced by `***`: safe to show, whether or not it parses. */
export function redactUrl(url: string): string {
    // Up to the last '@' before the path: a password may itself hold '@' when not percent-encoded.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^/?#]*@/i, '$1:***@');
}

const SCHEMES = new Set(['mysql:', 'mariadb:']);

/** Reads a database URL; a URL spol cannot use is a DatabaseError naming it (without its password). */
export function parseDatabaseUrl(url: string): DatabaseTarget {
    const shown = redactUrl(url);
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new DatabaseError(`'${shown}' is not a URL: write mysql://user:password@host:port/database.`);
    }
    if (!SCHEMES.has(parsed.protocol)) {
        throw new DatabaseError(`'${shown}' is not a mysql:// URL: write mysql://user:password@host:port/database.`);
    }
    const user = decode(parsed.username, shown);
    if (user === '') throw new DatabaseError(`'${shown}' names no user: write mysql://user:password@host:port/database.`);
    const database = decode(parsed.pathname.replace(/^\//, ''), shown);
    if (database === '' || database.includes('/')) {
        throw new DatabaseError(`'${shown}' names no database: write mysql://user:password@host:port/database.`);
    }
    for (const key of parsed.searchParams.keys()) {
        if (key !== 'socket') throw new DatabaseError(`'${shown}' has an unknown parameter '${key}': only ?socket=/path is read.`);
    }
    const password = parsed.password === '' ? undefined : decode(parsed.password, shown);
    const socketPath = parsed.searchParams.get('socket') ?? undefined;
    if (socketPath !== undefined) {
        if (socketPath === '') throw new DatabaseError(`'${shown}' has an empty socket path.`);
        return { user, database, socketPath, ...(password !== undefined && { password }) };
    }
    if (parsed.hostname === '') throw new DatabaseError(`'${shown}' names no host: write mysql://user:password@host:port/database.`);
    return {
        user,
        database,
        host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: parsed.port === '' ? 3306 : Number(parsed.port),
        ...(password !== undefined && { password })
    };
}

function decode(part: string, shown: string): string {
    try {
        return decodeURIComponent(part);
    } catch {
        throw new DatabaseError(`'${shown}' has a malformed %-escape.`);
    }
}

/** Where a target is, for messages: never the password. */
export function describeTarget(target: DatabaseTarget): string {
    const at = target.socketPath !== undefined ? `socket ${target.socketPath}` : `${target.host}:${target.port}`;
    return `database '${target.database}' as '${target.user}' at ${at}`;
}

/**
 * Opens a connection to the database a URL names. Fails with a DatabaseError that says what could
 * not be reached and why (the driver's reason), without the password.
 */
export async function connect(url: string, options: { readonly connectTimeoutMs?: number } = {}): Promise<Connection> {
    const target = parseDatabaseUrl(url);
    // The driver is loaded by the commands that connect, not by every command of the CLI.
    const { createConnection } = await import('mysql2/promise');
    try {
        return await createConnection({
            user: target.user,
            database: target.database,
            ...(target.password !== undefined && { password: target.password }),
            ...(target.socketPath !== undefined ? { socketPath: target.socketPath } : { host: target.host, port: target.port }),
            connectTimeout: options.connectTimeoutMs ?? 10_000,
            // Specify's ids and texts only: no dates or big numbers are read, so the defaults need no tuning.
            charset: 'utf8mb4'
        });
    } catch (error) {
        throw driverError(error, `cannot connect to ${describeTarget(target)}`, target.password);
    }
}

/**
 * A driver error as a DatabaseError: `context` then the driver's message, the password removed
 * from it in case the driver ever includes it.
 */
export function driverError(error: unknown, context: string, password?: string): DatabaseError {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
    const reason = error instanceof Error && error.message !== '' ? error.message : (code ?? String(error));
    return new DatabaseError(`${context}: ${withoutSecret(reason, password)}`, code);
}

function withoutSecret(text: string, secret: string | undefined): string {
    return secret === undefined || secret === '' ? text : text.split(secret).join('***');
}
