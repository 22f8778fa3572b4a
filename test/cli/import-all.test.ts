/**
 * `spol import --all`: the folder `spol export --all` wrote becomes a workspace again. For the
 * example museum and for random workspaces, export → import → export gives the same bytes, file for
 * file, and the workspace passes `spol check` with the findings of the original; a folder it cannot
 * read is refused with the file, line and column, a non-zero exit, and nothing written.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportInstitution } from '../../engine/interchange/rest-shapes.js';
import { writtenAs } from '../../language/print-model.js';
import { loadWorkspace } from '../../language/workspace.js';
import { modelArbitrary } from '../engine/decision/decision-arbitraries.js';
import { root, runSpol, spolInProcess } from './run-binary.js';
import { folderTree } from './folder-tree.js';

const MUSEUM = join(root, 'examples', 'natural-history-museum');
const FIXTURES = join(root, 'test', 'fixtures', 'interchange', 'import-all');

function temp(): string {
    return mkdtempSync(join(tmpdir(), 'spol-import-all-'));
}

describe('spol import --all', () => {
    it('the example museum: export → import → export gives the same files, and the workspace checks as the original does', () => {
        const dir = temp();
        expect(runSpol(['export', '--all', '-o', join(dir, 'a'), MUSEUM]).status).toBe(0);
        const imported = runSpol(['import', '--all', join(dir, 'a'), '-o', join(dir, 'ws')]);
        expect(imported.status, imported.stderr).toBe(0);
        expect(imported.stderr).toMatch(/^wrote 7 files to /m);
        expect(Object.keys(folderTree(join(dir, 'ws'))).sort()).toEqual(
            ['institution.spol', 'library.spol', 'roles.spol', 'users/all-divisions.spol', 'users/botany.spol', 'users/herpetology.spol', 'users/ichthyology.spol'].map((p) =>
                p.split('/').join(process.platform === 'win32' ? '\\' : '/')
            )
        );
        expect(runSpol(['export', '--all', '-o', join(dir, 'b'), join(dir, 'ws')]).status).toBe(0);
        expect(folderTree(join(dir, 'b'))).toEqual(folderTree(join(dir, 'a')));

        // The same findings, in other files and lines.
        const strip = (text: string) => text.replace(/^\S+:\d+:\d+ /gm, '').replace(/\d+ files? checked/, 'N checked');
        const original = runSpol(['check', MUSEUM]);
        const check = runSpol(['check', join(dir, 'ws')]);
        expect(check.status).toBe(original.status);
        expect(strip(check.stdout)).toBe(strip(original.stdout));
    });

    it('without -o prints the workspace, each file under its path', () => {
        const result = runSpol(['import', '--all', join(FIXTURES, 'valid')]);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/^\/\/ ---- institution\.spol\n/);
        expect(result.stdout).toContain('// ---- users/zoology.spol\n// Users of the division "Zoology".\n\nuser admin {');
        expect(result.stdout).toContain('user ann "Ann Example" {\n    agent "Example, Ann" in Zoology\n    in Voucher {\n        access\n        roles Reader\n');
        expect(result.stdout).toContain('user admin {\n    agent "Admin, Demo" in Zoology\n    institution admin\n}');
    });

    it('random models: their export, imported from disk, gives a workspace that exports the same files', async () => {
        // Random models rarely pass spol check (no agents, no admin), and export --all refuses those:
        // their export is made by the engine and written here, as export --all would write it.
        const printable = (value: string, what: 'resource' | 'action') => writtenAs(value, what) !== undefined;
        await fc.assert(
            fc.asyncProperty(modelArbitrary(printable, { writable: true }), async (model) => {
                const dir = temp();
                const files = exportInstitution(model);
                for (const file of files) {
                    mkdirSync(dirname(join(dir, 'a', file.path)), { recursive: true });
                    writeFileSync(join(dir, 'a', file.path), file.content);
                }
                const imported = await spolInProcess('import', '--all', join(dir, 'a'), '-o', join(dir, 'ws'));
                expect(imported.code, imported.stderr).toBe(0);
                expect(imported.stderr).not.toMatch(/does not export to the same/);
                const back = await loadWorkspace([join(dir, 'ws')]);
                expect(exportInstitution(back.model)).toEqual(files);
            }),
            { numRuns: 25 }
        );
    }, 300_000);
});

describe('spol import --all on a folder edited by hand', () => {
    it('says which file the workspace would not export the same way, and writes it', async () => {
        const dir = temp();
        cpSync(join(FIXTURES, 'valid'), join(dir, 'a'), { recursive: true });
        // Specify stores an action once per resource: the repeated one is one row in the workspace.
        const policies = join(dir, 'a', 'users', 'ann', 'Voucher', 'policies.json');
        writeFileSync(policies, readFileSync(policies, 'utf8').replace('"execute"', '"execute", "execute"'));
        const result = await spolInProcess('import', '--all', join(dir, 'a'), '-o', join(dir, 'ws'));
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toMatch(/^note: the workspace does not export to the same users\/ann\/Voucher\/policies\.json as .* holds \(was the folder edited by hand\?\)\.$/m);
        expect(readFileSync(join(dir, 'ws', 'users', 'zoology.spol'), 'utf8')).toContain('        allow /report: execute, execute\n');
    });
});

describe('spol import --all refuses what it cannot read, writing nothing', () => {
    const refused = (fixture: string) => {
        const out = join(temp(), 'ws');
        const result = runSpol(['import', '--all', join(FIXTURES, fixture), '-o', out]);
        expect(result.status).toBe(1);
        expect(existsSync(out)).toBe(false);
        expect(result.stderr).toMatch(/nothing was written\.$/m);
        return result.stderr;
    };

    it('a folder without manifest.json', () => {
        expect(refused('missing-manifest')).toMatch(/manifest\.json:1:1 error missing-manifest The folder has no manifest\.json/);
    });

    it('a file that is not JSON: its line and column', () => {
        expect(refused('malformed')).toMatch(/malformed\/users\/ann\/Voucher\/policies\.json:6:14 error json-syntax /);
    });

    it('a role id the numbering does not hold: its line and column', () => {
        expect(refused('unknown-role-id')).toMatch(/unknown-role-id\/users\/ann\/Voucher\/roles\.json:3:11 error unknown-id /);
    });

    it('a folder that is not there', () => {
        const result = runSpol(['import', '--all', join(FIXTURES, 'no-such-folder')]);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/cannot read '.*no-such-folder'/);
    });

    it('a workspace folder that is not empty', () => {
        const out = temp();
        writeFileSync(join(out, 'mine.spol'), '// mine\n');
        const result = runSpol(['import', '--all', join(FIXTURES, 'valid'), '-o', out]);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/is not empty/);
        expect(readdirSync(out)).toEqual(['mine.spol']);
    });

    it('--all with options of a one-file import', () => {
        const result = runSpol(['import', '--all', join(FIXTURES, 'valid'), '--collection', 'Voucher']);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/--all .* takes no --collection/);
    });
});
