/**
 * How the database tests get their MariaDB: .ci/run installs Debian's package when the server is
 * missing, test/setup/find-mariadb.ts finds its programs, and a machine without them gets a message
 * that says what to install (the tests then fail with it rather than skip).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { findMariadb, MARIADB_MISSING } from '../setup/find-mariadb.js';
import setup, { type MariadbInfo } from '../setup/mariadb.js';
import { mariadbSocket } from './server.js';

const root = resolve(import.meta.dirname, '..', '..');

describe('.ci/run', () => {
    it('installs mariadb-server when mariadbd is missing, before npm test', () => {
        const lines = readFileSync(join(root, '.ci', 'run'), 'utf8').split('\n');
        const guard = lines.findIndex((line) => /^if ! command -v mariadbd\b/.test(line));
        const install = lines.findIndex((line) => /apt-get install -y .*\bmariadb-server\b/.test(line));
        const end = lines.findIndex((line, i) => i > guard && line === 'fi');
        const test = lines.indexOf('npm test');
        expect(guard).toBeGreaterThan(0);
        expect(install).toBeGreaterThan(guard);
        expect(end).toBeGreaterThan(install);
        expect(test).toBeGreaterThan(end);
    });
});

describe('findMariadb', () => {
    it('finds the server and the datadir initialiser on PATH', () => {
        const folder = mkdtempSync(join(tmpdir(), 'spol-find-mariadb-'));
        try {
            for (const name of ['mariadbd', 'mariadb-install-db']) {
                writeFileSync(join(folder, name), '#!/bin/sh\n');
                chmodSync(join(folder, name), 0o755);
            }
            expect(findMariadb(folder, [])).toEqual({ server: join(folder, 'mariadbd'), installDb: join(folder, 'mariadb-install-db') });
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });

    it('says what to install when MariaDB is missing', () => {
        expect(findMariadb('', [])).toEqual({ error: MARIADB_MISSING });
        expect(MARIADB_MISSING).toMatch(/apt-get install -y mariadb-server/);
    });

    it('finds this machine\'s MariaDB, and the tests have its socket', () => {
        expect(findMariadb(process.env['PATH'])).not.toHaveProperty('error');
        expect(mariadbSocket()).toMatch(/mariadbd\.sock$/);
    });
});

describe('the global setup', () => {
    it('starts a server of its own, and at teardown stops it by its pid and removes its folder', async () => {
        const provided = new Map<string, MariadbInfo>();
        // The one part of vitest's TestProject the setup uses.
        const project = { provide: (key: string, value: MariadbInfo) => provided.set(key, value) } as unknown as TestProject;
        const teardown = await setup(project);
        const info = provided.get('mariadb')!;
        if ('error' in info) throw new Error(info.error);
        expect(info.socket).not.toBe(mariadbSocket());
        const folder = dirname(info.socket);
        const pid = Number(readFileSync(join(folder, 'mariadbd.pid'), 'utf8'));
        const connection = await createConnection({ socketPath: info.socket, user: 'root' });
        await connection.end();
        expect(teardown).toBeTypeOf('function');
        await teardown!();
        expect(existsSync(folder)).toBe(false);
        expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    });
});
