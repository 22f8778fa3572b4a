/**
 * spol import and the workspace it goes into (issue 12): with no path it uses the folder it runs in,
 * as its help says; `--write` never writes a workspace that `spol check` then rejects; and a file it
 * edits keeps its line endings and byte-order mark.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runSpol } from './run-binary.js';

const defaults = join(root, 'examples', 'specify-defaults');
const fixtures = join(root, 'test', 'fixtures', 'interchange');
const minimal = join(fixtures, 'valid', 'minimal-importable-roles.json');

function copyOfDefaults(): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-import-'));
    cpSync(defaults, dir, { recursive: true });
    return dir;
}

function snapshot(dir: string): Record<string, string> {
    return Object.fromEntries(
        readdirSync(dir)
            .filter((name) => name.endsWith('.spol'))
            .map((name) => [name, readFileSync(join(dir, name), 'utf8')])
    );
}

describe('spol import with no workspace path', () => {
    it('--help says the default is this folder', () => {
        const help = runSpol(['import', '--help']);
        expect(help.stdout).toMatch(/default: this folder/);
    });

    it('compares with the .spol files of the folder it runs in', () => {
        const dir = copyOfDefaults();
        const result = runSpol(['import', join(fixtures, 'collection-roles-export.example.json'), '--collection', 'Mammals'], dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toMatch(/^ {2}unchanged: Collection Admin$/m);
    });

    it('names an unknown collection of the folder it runs in (exit 2)', () => {
        const dir = copyOfDefaults();
        const result = runSpol(['import', minimal, '--collection', 'Mamals'], dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/Did you mean Mammals\?/);
    });

    it('--write writes into the folder it runs in', () => {
        const dir = copyOfDefaults();
        const result = runSpol(['import', minimal, '--collection', 'Mammals', '--write'], dir);
        expect(result.status, result.stderr).toBe(0);
        expect(readFileSync(join(dir, 'roles.spol'), 'utf8')).toContain('role Cataloger "Cataloger" in Mammals {');
        expect(runSpol(['check', dir]).status).toBe(0);
    });

    it('without .spol files here, prints the roles (exit 0); --write says there is no workspace (exit 2)', () => {
        const empty = mkdtempSync(join(tmpdir(), 'spol-import-empty-'));
        const dry = runSpol(['import', minimal, '--collection', 'Mammals'], empty);
        expect(dry.status, dry.stderr).toBe(0);
        expect(dry.stdout).toMatch(/^role Cataloger "Cataloger" in Mammals \{/m);
        const write = runSpol(['import', minimal, '--collection', 'Mammals', '--write'], empty);
        expect(write.status).toBe(2);
        expect(write.stderr).toMatch(/^spol: .*holds no \.spol files/m);
        expect(readdirSync(empty)).toEqual([]);
    });
});

describe('spol import --write never writes what spol check rejects', () => {
    // Specify stores resources and actions it does not know; spol check rejects them as errors.
    const unknown = join(fixtures, 'malformed', 'unknown-resource-and-action.json');

    it('refuses (exit 1) with the file:line:col of each error, writing nothing', () => {
        const dir = copyOfDefaults();
        const before = snapshot(dir);
        expect(runSpol(['check', dir]).status).toBe(0);
        const result = runSpol(['import', unknown, '--collection', 'Mammals', '--write', dir]);
        expect(result.status, result.stderr).toBe(1);
        expect(result.stderr).toMatch(/roles\.spol:\d+:\d+ error unknown-resource Specify knows no resource matching \/reprot/);
        expect(result.stderr).toMatch(/roles\.spol:\d+:\d+ error unknown-action \/table\/agent has no action raed/);
        expect(result.stderr).toMatch(/^spol: the imported roles would not pass spol check \(2 errors above\); nothing was written\./m);
        expect(snapshot(dir)).toEqual(before);
        expect(readdirSync(dir).some((name) => name.endsWith('.spol-tmp'))).toBe(false);
        expect(runSpol(['check', dir]).status).toBe(0);
    });

    it("judges as spol check does, with the workspace's spol.yaml (here: unknown names turned off)", () => {
        const dir = copyOfDefaults();
        writeFileSync(join(dir, 'spol.yaml'), 'rules:\n  unknown-resource: off\n  unknown-action: off\n');
        const result = runSpol(['import', unknown, '--collection', 'Mammals', '--write', dir]);
        expect(result.status, result.stderr).toBe(0);
        expect(runSpol(['check', dir]).status).toBe(0);
    });

    it('still prints the roles without --write (exit 0), so they can be mended by hand', () => {
        const result = runSpol(['import', unknown, '--collection', 'Mammals', defaults]);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/allow \/reprot: execute/);
    });

    it('refuses a role that would take a name already declared for something else', () => {
        const dir = copyOfDefaults();
        // A new collection role whose spol name is that of a library role: duplicate-name.
        writeFileSync(join(dir, 'clash.json'), JSON.stringify([{ name: 'Full Access Legacy', description: 'x', policies: [{ resource: '/report', actions: ['execute'] }] }]));
        const before = snapshot(dir);
        const result = runSpol(['import', join(dir, 'clash.json'), '--collection', 'Mammals', '--write', dir]);
        if (result.status === 0) {
            // The printer chose a fresh name: then the result must check clean.
            expect(runSpol(['check', dir]).status).toBe(0);
        } else {
            expect(result.status, result.stderr).toBe(1);
            expect(snapshot(dir)).toEqual(before);
        }
    });
});

describe('spol import --write keeps the layout of the file it edits', () => {
    it('a CRLF file with a byte-order mark stays so on every line', () => {
        const dir = copyOfDefaults();
        const original = readFileSync(join(dir, 'roles.spol'), 'utf8');
        writeFileSync(join(dir, 'roles.spol'), `\uFEFF${original.replace(/\n/g, '\r\n')}`);
        const result = runSpol(['import', minimal, '--collection', 'Mammals', '--write', dir]);
        expect(result.status, result.stderr).toBe(0);
        const written = readFileSync(join(dir, 'roles.spol'), 'utf8');
        expect(written.startsWith('\uFEFF')).toBe(true);
        expect(written).toContain('role Cataloger "Cataloger" in Mammals {\r\n');
        expect(written.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        expect(runSpol(['fmt', '--check', dir]).stdout).not.toMatch(/roles\.spol/);
    });
});

describe('spol import keeps exactly the rows the file holds (issue 13)', () => {
    const workspace = {
        'institution.spol': 'institution I {\n    division D {\n        discipline F type fish {\n            collection C\n        }\n    }\n}\n',
        'roles.spol': 'role Entry "Entry" in C {\n    allow /system/sp7/collection: access\n    allow /table/collectionobject: read\n}\n',
        'users.spol': 'user admin {\n    agent "Admin" in D\n    institution admin\n}\n\nuser u {\n    agent "U" in D\n    in C {\n        roles Entry\n    }\n}\n'
    };

    function smallWorkspace(): string {
        const dir = mkdtempSync(join(tmpdir(), 'spol-import-rows-'));
        for (const [name, text] of Object.entries(workspace)) writeFileSync(join(dir, name), text);
        return dir;
    }

    it('a REST role with collection access but no /field/% gains none: spol can then denies field updates, as Specify does', () => {
        const dir = smallWorkspace();
        expect(runSpol(['check', dir]).status).toBe(0);
        const body = { name: 'Entry', description: '', policies: { '/system/sp7/collection': ['access'], '/table/collectionobject': ['read', 'update'] } };
        writeFileSync(join(dir, 'entry.json'), JSON.stringify(body));
        const result = runSpol(['import', join(dir, 'entry.json'), '--collection', 'C', '--write', dir]);
        expect(result.status, result.stderr).toBe(0);
        expect(readFileSync(join(dir, 'roles.spol'), 'utf8')).toContain('    allow /table/collectionobject: read, update\n    without /field/%\n}');
        expect(runSpol(['check', dir]).status).toBe(0);
        expect(runSpol(['can', 'u', 'update', '/table/collectionobject', '--in', 'C', dir]).status).toBe(0);
        const field = runSpol(['can', 'u', 'update', '/field/collectionobject/catalognumber', '--in', 'C', dir]);
        expect(field.status, field.stdout).toBe(1);
        // And exported as REST again, the role is the body that was imported.
        const out = mkdtempSync(join(tmpdir(), 'spol-import-rows-out-'));
        expect(runSpol(['export', '--all', '-o', out, dir]).status).toBe(0);
        expect(JSON.parse(readFileSync(join(out, 'collections', 'C', 'roles.rest.json'), 'utf8'))).toEqual([body]);
    });

    it('accepts a row Specify stores but never checks (/preferences/statistics edit) with a warning, and --write writes it', () => {
        const dir = copyOfDefaults();
        const result = runSpol(['import', join(fixtures, 'malformed', 'unchecked-action.json'), '--collection', 'Mammals', '--write', dir]);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toMatch(/warning unchecked-action \/preferences\/statistics edit is never checked/);
        expect(readFileSync(join(dir, 'roles.spol'), 'utf8')).toContain('allow /preferences/statistics: edit');
        const check = runSpol(['check', dir]);
        expect(check.status).toBe(0);
        expect(check.stdout).toMatch(/warning unchecked-action/);
    });
});
