/**
 * spol export and spol import through the binary: what Specify's Import button would see, the
 * folder export, malformed input, and writing into a workspace atomically.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processPolicies, type ExportedRole } from '../../engine/interchange/index.js';
import { freshCollectionRolesExport, freshLibraryRoles } from '../fixtures/interchange/fresh-database.js';
import { root, runSpol } from './run-binary.js';

const defaults = join(root, 'examples', 'specify-defaults');
const fixtures = join(root, 'test', 'fixtures', 'interchange');

function temp(): string {
    return mkdtempSync(join(tmpdir(), 'spol-interchange-'));
}

function copyOfDefaults(): string {
    const dir = temp();
    cpSync(defaults, dir, { recursive: true });
    return dir;
}

/** What Export writes for Mammals' default roles in a fresh 7.12 database (fresh-database.ts). */
function freshMammalsExport(): string {
    const library = JSON.parse(readFileSync(join(fixtures, 'library-roles-backend-api.example.json'), 'utf8')) as Array<{ name: string; policies: Record<string, string[]> }>;
    return freshCollectionRolesExport(readFileSync(join(fixtures, 'collection-roles-export.example.json'), 'utf8'), library, processPolicies);
}

/** Specify's Import dialog: unchanged when JSON.stringify without id is equal. */
function withoutId({ id: _id, ...rest }: ExportedRole): string {
    return JSON.stringify(rest);
}

describe('spol export', () => {
    it('--library on specify-defaults: every role "unchanged" against a fresh Specify database', () => {
        const out = join(temp(), 'library.json');
        const result = runSpol(['export', '--library', '-o', out, defaults]);
        expect(result.status, result.stderr).toBe(0);
        const exported = JSON.parse(readFileSync(out, 'utf8')) as ExportedRole[];
        const shipped = JSON.parse(readFileSync(join(fixtures, 'library-roles-backend-api.example.json'), 'utf8')) as Array<{
            name: string;
            description: string;
            policies: Record<string, string[]>;
        }>;
        const fresh = freshLibraryRoles(shipped);
        expect(exported).toHaveLength(fresh.length);
        for (const role of exported) {
            const existing = fresh.find((r) => r.name === role.name)!;
            expect(existing, role.name).toBeDefined();
            expect(withoutId(role), role.name).toBe(
                JSON.stringify({ name: existing.name, description: existing.description, policies: processPolicies(existing.policies) })
            );
        }
        const text = readFileSync(out, 'utf8');
        expect(text.endsWith(']')).toBe(true);
        expect(text).toContain('\n\t{\n\t\t"id": 1,');
    });

    it('--collection writes the default roles byte-identical to what Specify exports', () => {
        const out = join(temp(), 'mammals.json');
        expect(runSpol(['export', '--collection', 'Mammals', '-o', out, defaults]).status).toBe(0);
        expect(readFileSync(out, 'utf8')).toBe(freshMammalsExport());
    });

    it('--role exports one role; --rest gives the server bodies', () => {
        const one = runSpol(['export', '--role', 'CollectionAdmin', '--collection', 'Mammals', defaults]);
        expect(one.status).toBe(0);
        const parsed = JSON.parse(one.stdout) as ExportedRole[];
        expect(parsed.map((r) => r.name)).toEqual(['Collection Admin']);
        const rest = runSpol(['export', '--collection', 'Mammals', '--rest', defaults]);
        const bodies = JSON.parse(rest.stdout) as Array<{ name: string; policies: Record<string, string[]> }>;
        expect(bodies.find((b) => b.name === 'Collection Admin')!.policies).toEqual({ '%': ['%'] });
    });

    it('--all writes a folder with a manifest, every file parseable', () => {
        const out = join(temp(), 'institution');
        const result = runSpol(['export', '--all', '-o', out, join(root, 'examples', 'natural-history-museum')]);
        expect(result.status, result.stderr).toBe(0);
        const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
        expect(manifest.files.length).toBeGreaterThan(10);
        for (const file of manifest.files) {
            expect(() => JSON.parse(readFileSync(join(out, ...file.path.split('/')), 'utf8')), file.path).not.toThrow();
        }
        expect(readdirSync(out).some((name) => name.endsWith('.spol-tmp'))).toBe(false);
    });

    it('warns, on standard error, about what Specify will change', () => {
        const result = runSpol(['export', '--library', defaults]);
        expect(result.status).toBe(0);
        expect(result.stderr).toMatch(/library\.spol:\d+:\d+ warning lossy-export In library role ReadOnlyLegacy: /);
    });

    it('refuses a workspace with errors, writing nothing (exit 1)', () => {
        const out = join(temp(), 'x.json');
        const result = runSpol(['export', '--collection', 'FishVoucher', '-o', out, join(root, 'examples', 'broken')]);
        expect(result.status).toBe(1);
        expect(existsSync(out)).toBe(false);
        expect(result.stderr).toMatch(/^spol: the workspace has errors/m);
    });

    it('says what to export, and names unknown collections with a suggestion (exit 2)', () => {
        expect(runSpol(['export', defaults]).status).toBe(2);
        const unknown = runSpol(['export', '--collection', 'Mamals', defaults]);
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toMatch(/^spol: There is no collection Mamals\. Did you mean Mammals\?$/m);
    });
});

describe('spol import', () => {
    it('rejects a malformed file with its pointer and line:col, exit 1, nothing written', () => {
        const dir = copyOfDefaults();
        const before = readFileSync(join(dir, 'roles.spol'), 'utf8');
        const result = runSpol(['import', join(fixtures, 'malformed', 'missing-description.json'), '--collection', 'Mammals', '--write', dir]);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/missing-description\.json:\d+:\d+ error /);
        expect(result.stderr).toMatch(/missing-description\.json:2:2 error missing-key .* \(at \/0\)$/m);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(readFileSync(join(dir, 'roles.spol'), 'utf8')).toBe(before);
    });

    it('rejects non-JSON and empty files the same way', () => {
        for (const name of ['yaml-not-json.json', 'empty.json', 'trailing-comma.json']) {
            const result = runSpol(['import', join(fixtures, 'malformed', name), '--library', defaults]);
            expect(result.status, name).toBe(1);
            expect(result.stderr, name).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+ error `));
        }
    });

    it('compares with the workspace as Specify does: its own export is all unchanged', () => {
        const exported = join(temp(), 'library.json');
        runSpol(['export', '--library', '-o', exported, defaults]);
        const result = runSpol(['import', exported, '--library', defaults]);
        expect(result.status).toBe(0);
        expect(result.stderr).toMatch(/Export\/Import file/);
        expect(result.stderr.match(/^ {2}unchanged: /gm)).toHaveLength(18);
        expect(result.stderr).not.toMatch(/^ {2}(changed|new): /m);
    });

    it('prints new roles as spol, and --write appends them; its export then re-imports unchanged', () => {
        const dir = copyOfDefaults();
        const file = join(fixtures, 'valid', 'minimal-importable-roles.json');
        const dry = runSpol(['import', file, '--collection', 'Mammals', dir]);
        expect(dry.status).toBe(0);
        expect(dry.stderr).toMatch(/^ {2}new: Cataloger$/m);
        expect(dry.stdout).toMatch(/^role Cataloger "Cataloger" in Mammals \{/m);
        const write = runSpol(['import', file, '--collection', 'Mammals', '--write', dir]);
        expect(write.status, write.stderr).toBe(0);
        expect(readFileSync(join(dir, 'roles.spol'), 'utf8')).toContain('role Cataloger "Cataloger" in Mammals {');
        expect(runSpol(['check', dir]).status).toBe(0);
        // Specify itself reports the hand-written file as changed on a second import: its Export moves
        // /tools/ resources to the end, and the dialog compares policy order. So does spol.
        const again = runSpol(['import', file, '--collection', 'Mammals', dir]);
        expect(again.stderr).toMatch(/^ {2}changed: Cataloger \(policies\)$/m);
        const exported = join(temp(), 'mammals.json');
        expect(runSpol(['export', '--collection', 'Mammals', '-o', exported, dir]).status).toBe(0);
        const roundTrip = runSpol(['import', exported, '--collection', 'Mammals', dir]);
        expect(roundTrip.stderr.match(/^ {2}unchanged: /gm)).toHaveLength(4);
    });

    it('replaces a changed role in place, keeping its identifier for the users who hold it', () => {
        const dir = copyOfDefaults();
        const exported = JSON.parse(freshMammalsExport()) as ExportedRole[];
        const admin = exported.find((r) => r.name === 'Collection Admin')!;
        admin.description = 'Changed in Specify';
        const file = join(temp(), 'changed.json');
        writeFileSync(file, JSON.stringify(exported, null, '\t'));
        const result = runSpol(['import', file, '--collection', 'Mammals', '--write', dir]);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toMatch(/^ {2}changed: Collection Admin \(description\)$/m);
        const text = readFileSync(join(dir, 'roles.spol'), 'utf8');
        expect(text).toMatch(/role CollectionAdmin "Collection Admin" in Mammals \{\n {4}description "Changed in Specify"/);
        expect(runSpol(['check', dir]).status).toBe(0);
        const again = runSpol(['import', file, '--collection', 'Mammals', dir]);
        expect(again.stderr.match(/^ {2}unchanged: /gm)).toHaveLength(3);
        // export → import → export is byte-identical
        const reexported = join(temp(), 'again.json');
        expect(runSpol(['export', '--collection', 'Mammals', '-o', reexported, dir]).status).toBe(0);
        expect(readFileSync(reexported, 'utf8')).toBe(JSON.stringify(exported, null, '\t'));
    });

    it('needs a target and a readable file (exit 2)', () => {
        expect(runSpol(['import', join(fixtures, 'valid', 'minimal-importable-roles.json'), defaults]).status).toBe(2);
        const missing = runSpol(['import', '/nonexistent/roles.json', '--library', defaults]);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toMatch(/^spol: cannot read/);
    });
});

describe('spol can --format specify', () => {
    it("prints the body of Specify's POST /permissions/query/ with the documented numbering", () => {
        const result = runSpol(['can', 'kwright', 'read', '/table/agent', '--in', 'Mammals', '--format', 'specify', defaults]);
        expect(result.status, result.stderr).toBe(0);
        const body = JSON.parse(result.stdout);
        expect(Object.keys(body)).toEqual(['allowed', 'details']);
        expect(body.details[0]).toMatchObject({ resource: '/table/agent', action: 'read', allowed: true, matching_user_policies: [] });
        expect(body.details[0].matching_role_policies[0]).toMatchObject({ rolename: 'Collection Admin', resource: '%', action: '%' });
    });
});

describe('spol import on every malformed fixture', () => {
    const malformed = join(fixtures, 'malformed');
    for (const name of readdirSync(malformed).filter((n) => n.endsWith('.json'))) {
        it(`${name}: one-line diagnostics, no stack trace, nothing written`, async () => {
            const { main } = await import('../../cli/main.js');
            const dir = copyOfDefaults();
            const before = readFileSync(join(dir, 'roles.spol'), 'utf8');
            let stdout = '';
            let stderr = '';
            const code = await main(['import', join(malformed, name), '--collection', 'Mammals', '--write', dir], {
                out: (t) => void (stdout += t),
                err: (t) => void (stderr += t)
            });
            expect([0, 1], stderr).toContain(code);
            expect(stderr).not.toMatch(/\n\s+at /);
            expect(stderr).not.toMatch(/internal error/);
            if (code === 1) {
                // Refused: the file is not importable, or what it would write does not pass spol check.
                expect(stderr).toMatch(new RegExp(`${name.replace(/\./g, '\\.')}:\\d+:\\d+ error |would not pass spol check`));
                expect(readFileSync(join(dir, 'roles.spol'), 'utf8')).toBe(before);
            }
            expect(readdirSync(dir).some((n) => n.endsWith('.spol-tmp'))).toBe(false);
            expect(stdout).toBe('');
        });
    }
});
