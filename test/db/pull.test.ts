/**
 * `spol pull` against a real MariaDB seeded with the example museum: the pulled workspace loads,
 * `spol check` finds what it finds in the example, it stores exactly the seeded rows (seeding a
 * second database from it gives the same tables, ids and all), and what the model cannot say is
 * reported, not dropped in silence. The password of the URL appears nowhere.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTables } from '../../database/read-tables.js';
import type { SpecifyTables } from '../../database/specify-tables.js';
import { viewOfModel, viewOfTables } from '../../database/stored-view.js';
import { tablesToModel } from '../../database/tables-to-model.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { loadWorkspace } from '../../language/workspace.js';
import { spolInProcess } from '../cli/run-binary.js';
import { seed } from './seed.js';
import { freshDatabase, mariadbSocket, type TestDatabase } from './server.js';
import { folderTree } from '../cli/folder-tree.js';

const example = resolve(import.meta.dirname, '..', '..', 'examples', 'natural-history-museum');

let model: PolicyModel;
let db: TestDatabase;
let connection: Connection;
let seeded: SpecifyTables;
const made: TestDatabase[] = [];

beforeAll(async () => {
    model = (await loadWorkspace([example], { lint: false })).model;
    db = await freshDatabase('pull');
    connection = await db.connect();
    seeded = await seed(connection, model);
});

afterAll(async () => {
    await connection?.end();
    await db?.drop();
    for (const other of made) await other.drop();
});

function temp(): string {
    return mkdtempSync(join(tmpdir(), 'spol-pull-'));
}

describe('spol pull on the seeded example museum', () => {
    let ws: string;
    let pulled: Awaited<ReturnType<typeof spolInProcess>>;

    beforeAll(async () => {
        ws = join(temp(), 'ws');
        pulled = await spolInProcess('pull', '--db', db.url, '-o', ws);
    });

    it('writes a tidy workspace, one file per concern', () => {
        expect(pulled.code, pulled.stderr).toBe(0);
        expect(pulled.stderr).not.toMatch(/^note: .*left out/m);
        expect(pulled.stderr).toMatch(/^wrote 7 files to /m);
        const files = folderTree(ws);
        expect(Object.keys(files).sort()).toEqual(['institution.spol', 'library.spol', 'roles.spol', 'users/all-divisions.spol', 'users/divisionofbotany.spol', 'users/divisionofherpetology.spol', 'users/divisionofichthyology.spol']);
        // An equal role in several collections is declared once, a library copy says `from library`,
        // the Institution Admin is `institution admin`.
        expect(files['roles.spol']).toMatch(/^role Registrar in \w+, \w+, \w+, \w+, \w+ \{$/m);
        expect(files['roles.spol']).toMatch(/^\s+from library /m);
        expect(files['users/all-divisions.spol']).toMatch(/^user mokafor \{\n(.*\n)*?\s+institution admin$/m);
        expect(files['institution.spol']).toMatch(/^institution NHM "Northfield Museum of Natural History" \{$/m);
        expect(files['institution.spol']).toMatch(/discipline Fishes type fish \{/);
    });

    it('passes spol check with the findings the example has', async () => {
        const original = await spolInProcess('check', '--format', 'json', example);
        const check = await spolInProcess('check', '--format', 'json', ws);
        expect(check.code).toBe(original.code);
        const codes = (text: string) => (JSON.parse(text) as { diagnostics?: { code: string; severity: string }[] }).diagnostics?.map((d) => `${d.severity} ${d.code}`).sort();
        expect(codes(check.stdout)).toEqual(codes(original.stdout));
        expect(codes(original.stdout)!.length).toBeGreaterThan(0);
    });

    it('stores exactly the seeded rows: a database seeded from it holds the same tables, ids and all', async () => {
        const back = (await loadWorkspace([ws], { lint: false })).model;
        expect(viewOfModel(back)).toEqual(viewOfTables(seeded));
        const second = await freshDatabase('pull_again');
        made.push(second);
        const c = await second.connect();
        try {
            await seed(c, back);
            expect(await readTables(c)).toEqual(seeded);
        } finally {
            await c.end();
        }
    });

    it('gives the same model the conversion gives, with no findings', async () => {
        const { model: converted, findings, kept } = tablesToModel(await readTables(connection));
        expect(findings).toEqual([]);
        expect(kept).toEqual(seeded);
        expect(viewOfModel(converted)).toEqual(viewOfTables(seeded));
    });

    it('prints the workspace without -o', async () => {
        const printed = await spolInProcess('pull', '--db', db.url);
        expect(printed.code, printed.stderr).toBe(0);
        expect(printed.stdout).toMatch(/^\/\/ ---- institution\.spol\n/);
        expect(printed.stdout).toContain('// ---- users/divisionofbotany.spol\n');
    });

    it('refuses a folder that is not empty, and writes nothing there', async () => {
        const again = await spolInProcess('pull', '--db', db.url, '-o', ws);
        expect(again.code).not.toBe(0);
        expect(again.stderr).toMatch(/is not empty.*nothing was written\.$/m);
    });
});

describe('spol pull: the URL and its password', () => {
    const password = 'Pw-7fQ!x:z@9';
    // A user of its own: users are server-wide, and other test files make theirs in parallel.
    const account = `spol_pull_${process.pid}`;
    let reader: string;

    beforeAll(async () => {
        // The read-only user the README tells an admin to make.
        await connection.query(`CREATE USER IF NOT EXISTS '${account}'@'localhost' IDENTIFIED BY ?`, [password]);
        await connection.query(`GRANT SELECT ON \`${db.name}\`.* TO '${account}'@'localhost'`);
        reader = `mysql://${account}:${encodeURIComponent(password)}@localhost/${db.name}?socket=${encodeURIComponent(mariadbSocket())}`;
    });

    afterAll(async () => {
        await connection.query(`DROP USER IF EXISTS '${account}'@'localhost'`);
    });

    const secretIn = (text: string) => text.includes(password) || text.includes(encodeURIComponent(password));

    it('pulls as a user who may only read, and the password is in no output and no file', async () => {
        const ws = join(temp(), 'ws');
        const result = await spolInProcess('pull', '--db', reader, '-o', ws);
        expect(result.code, result.stderr).toBe(0);
        expect(secretIn(result.stdout + result.stderr)).toBe(false);
        for (const text of Object.values(folderTree(ws))) expect(secretIn(text)).toBe(false);
    });

    it('reads the URL from SPOL_DATABASE_URL when --db is left out, or from env:NAME', async () => {
        const saved = { url: process.env['SPOL_DATABASE_URL'], other: process.env['PULL_TEST_URL'] };
        try {
            process.env['SPOL_DATABASE_URL'] = reader;
            const fromDefault = await spolInProcess('pull');
            expect(fromDefault.code, fromDefault.stderr).toBe(0);
            expect(fromDefault.stdout).toContain('// ---- institution.spol');
            delete process.env['SPOL_DATABASE_URL'];
            process.env['PULL_TEST_URL'] = reader;
            const fromNamed = await spolInProcess('pull', '--db', 'env:PULL_TEST_URL');
            expect(fromNamed.code, fromNamed.stderr).toBe(0);
            expect(secretIn(fromDefault.stdout + fromDefault.stderr + fromNamed.stdout + fromNamed.stderr)).toBe(false);
            const none = await spolInProcess('pull');
            expect(none.code).toBe(2);
            expect(none.stderr).toBe('spol: no database given: pass --db <url> or set SPOL_DATABASE_URL.\n');
        } finally {
            for (const [name, value] of [['SPOL_DATABASE_URL', saved.url], ['PULL_TEST_URL', saved.other]] as const) {
                if (value === undefined) delete process.env[name];
                else process.env[name] = value;
            }
        }
    });

    it('a wrong password is refused without showing it, and nothing is written', async () => {
        const ws = join(temp(), 'ws');
        const wrong = 'Not-the-Pw-31';
        const result = await spolInProcess('pull', '--db', reader.replace(encodeURIComponent(password), wrong), '-o', ws);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^spol: cannot connect to database '\w+' as 'spol_pull_\d+' at socket .*: Access denied/);
        expect(result.stderr + result.stdout).not.toContain(wrong);
        expect(() => readdirSync(ws)).toThrow();
    });
});

describe('spol pull: rows the model cannot say', () => {
    it('reports a policy row for every user and a row stored twice, and writes the rest exactly', async () => {
        const odd = await freshDatabase('pull_odd');
        made.push(odd);
        const c = await odd.connect();
        try {
            const tables = await seed(c, model);
            const user = tables.specifyuser[1]!.SpecifyUserID;
            const collection = tables.collection[0]!.UserGroupScopeId;
            await c.query('INSERT INTO spuserpolicy (collection_id, specifyuser_id, resource, action) VALUES (?, NULL, ?, ?)', [collection, '/table/agent', 'read']);
            await c.query('INSERT INTO spuserpolicy (collection_id, specifyuser_id, resource, action) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [
                collection, user, '/report', 'execute',
                collection, user, '/report', 'execute'
            ]);
            const ws = join(temp(), 'ws');
            const result = await spolInProcess('pull', '--db', odd.url, '-o', ws);
            expect(result.code, result.stderr).toBe(0);
            expect(result.stderr).toMatch(/^note: spuserpolicy \d+ \("\/table\/agent" "read"\) holds for every user \(specifyuser_id NULL\), which spol cannot write; it is left out\.$/m);
            expect(result.stderr).toMatch(/^note: spuserpolicy \d+ \("\/report" "execute"\) of user "\w+" in \w+ repeats an earlier row of the same holder, which spol stores once; it is left out\.$/m);
            expect(result.stderr).toMatch(/^note: 2 rows or values of the database are not in the workspace as stored/m);
            const back = (await loadWorkspace([ws], { lint: false })).model;
            const { kept } = tablesToModel(await readTables(c));
            expect(viewOfModel(back)).toEqual(viewOfTables(kept));
            expect(viewOfTables(kept)).not.toEqual(viewOfTables(await readTables(c)));
        } finally {
            await c.end();
        }
    });

    it('refuses a database it cannot write as spol (a user with an empty name), and writes nothing', async () => {
        const odd = await freshDatabase('pull_unwritable');
        made.push(odd);
        const c = await odd.connect();
        try {
            await seed(c, model);
            await c.query("UPDATE specifyuser SET Name = '' WHERE Name = 'jdoe'");
            const ws = join(temp(), 'ws');
            const result = await spolInProcess('pull', '--db', odd.url, '-o', ws);
            expect(result.code).toBe(1);
            expect(result.stderr).toMatch(/^note: user \d+ has an empty name, which spol cannot write\.$/m);
            expect(result.stderr).toMatch(/^spol: cannot write this database as spol: .*Nothing was written\.$/m);
            expect(() => readdirSync(ws)).toThrow();
        } finally {
            await c.end();
        }
    });
});
