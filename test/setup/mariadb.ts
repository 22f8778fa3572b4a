/**
 * A private MariaDB server for the database tests: vitest's global setup of the `db` project
 * (vitest.config.ts), so it starts only when a test under test/db/ is in the run, once per run.
 *
 * It initialises a datadir in a fresh temporary folder (about a second: no fsync, small InnoDB
 * files), starts `mariadbd` on a socket in that folder with networking off and no option files
 * read (--no-defaults: nothing of the machine's own MariaDB configuration, and nothing of its
 * server, is touched), waits for the server to accept connections, and hands the socket path to
 * the tests (`inject('mariadb')`, test/db/server.ts). At the end it stops the server by its pid and
 * removes the folder, whether the tests passed or not; should vitest itself exit first, an exit
 * hook does the same.
 *
 * When MariaDB is missing, or does not start, the tests get the reason instead of a socket and
 * fail with it: `npm test` always exercises the real database or says why it could not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findMariadb } from './find-mariadb.js';

/** What the tests are given: the server's socket, or why there is no server. */
export type MariadbInfo = { readonly socket: string } | { readonly error: string };

declare module 'vitest' {
    export interface ProvidedContext {
        mariadb: MariadbInfo;
    }
}

/** Server options for speed over durability: a test database is thrown away. */
const FAST = ['--innodb-log-file-size=4M', '--innodb-buffer-pool-size=16M', '--innodb-flush-method=nosync', '--innodb-doublewrite=0', '--innodb-flush-log-at-trx-commit=0'];

const START_TIMEOUT_MS = 30_000;

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
    const programs = findMariadb(process.env['PATH']);
    if ('error' in programs) {
        project.provide('mariadb', { error: programs.error });
        return undefined;
    }
    const folder = mkdtempSync(join(tmpdir(), 'spol-mariadb-'));
    const socket = join(folder, 'mariadbd.sock');
    const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
    let server: ChildProcess | undefined;
    const stop = (): void => {
        if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
        rmSync(folder, { recursive: true, force: true });
    };
    process.once('exit', stop);
    try {
        const install = spawnSync(
            programs.installDb,
            ['--no-defaults', `--datadir=${join(folder, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot, ...FAST],
            { encoding: 'utf8', timeout: START_TIMEOUT_MS }
        );
        if (install.status !== 0) throw new Error(`${programs.installDb} failed: ${(install.stderr || install.stdout || String(install.error)).trim()}`);
        server = spawn(
            programs.server,
            [
                '--no-defaults',
                `--datadir=${join(folder, 'data')}`,
                `--socket=${socket}`,
                `--pid-file=${join(folder, 'mariadbd.pid')}`,
                `--log-error=${join(folder, 'error.log')}`,
                '--skip-networking',
                '--skip-name-resolve',
                '--character-set-server=utf8mb4',
                '--collation-server=utf8mb4_general_ci',
                ...asRoot,
                ...FAST
            ],
            { stdio: 'ignore' }
        );
        await ready(server, socket, join(folder, 'error.log'));
    } catch (error) {
        stop();
        process.removeListener('exit', stop);
        project.provide('mariadb', { error: `The private MariaDB server did not start: ${error instanceof Error ? error.message : String(error)}` });
        return undefined;
    }
    project.provide('mariadb', { socket });
    const running = server;
    return async () => {
        const exited = new Promise<void>((resolve) => (running.exitCode !== null || running.signalCode !== null ? resolve() : running.once('exit', () => resolve())));
        // The data is thrown away: no clean shutdown needed.
        running.kill('SIGKILL');
        await exited;
        stop();
        process.removeListener('exit', stop);
    };
}

/** Resolves once the socket exists and answers; rejects if the server exits or takes too long. */
async function ready(server: ChildProcess, socket: string, log: string): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    const { createConnection } = await import('mysql2/promise');
    for (;;) {
        if (server.exitCode !== null || server.signalCode !== null) throw new Error(`mariadbd exited: ${tail(log)}`);
        if (existsSync(socket)) {
            try {
                const connection = await createConnection({ socketPath: socket, user: 'root' });
                await connection.end();
                return;
            } catch {
                // not accepting connections yet
            }
        }
        if (Date.now() > deadline) throw new Error(`mariadbd did not accept connections within ${START_TIMEOUT_MS / 1000} s: ${tail(log)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
}

function tail(log: string): string {
    try {
        return readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n');
    } catch {
        return '(no error log)';
    }
}
