/**
 * Reading back an `export --all` folder: for the example museum and for random models, the model
 * read exports to the same bytes, file for file; bad folders are refused with the file, line and
 * column of the first problem.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportInstitution } from '../../../../engine/interchange/rest-shapes.js';
import { readInstitution } from '../../../../engine/interchange/read-institution.js';
import type { PolicyModel } from '../../../../engine/model/policy-model.js';
import { loadWorkspace } from '../../../../language/workspace.js';
import { modelArbitrary } from '../../decision/decision-arbitraries.js';

const root = join(import.meta.dirname, '../../../..');

function folderOf(model: PolicyModel): Map<string, string> {
    return new Map(exportInstitution(model).map((file) => [file.path, file.content]));
}

function read(files: ReadonlyMap<string, string>): PolicyModel {
    const result = readInstitution(files);
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    return result.model;
}

function withFile(files: ReadonlyMap<string, string>, path: string, content: string | undefined): Map<string, string> {
    const copy = new Map(files);
    if (content === undefined) copy.delete(path);
    else copy.set(path, content);
    return copy;
}

describe('readInstitution', () => {
    it('reads the example museum back: export → read → export gives the same files', async () => {
        const { model } = await loadWorkspace([join(root, 'examples/natural-history-museum')]);
        const files = folderOf(model);
        const back = read(files);
        expect(folderOf(back)).toEqual(files);
        // What the export alone could not say comes from the manifest's workspace details.
        expect(back.institutions.map((i) => [i.name, i.title])).toEqual([['NHM', 'Northfield Museum of Natural History']]);
        expect(back.institutions[0]!.divisions[0]!.disciplines[0]).toMatchObject({ name: 'Fish', title: 'Fishes', type: 'fish' });
        expect(back.institutions[0]!.divisions[0]!.disciplines[0]!.collections[0]).toMatchObject({ name: 'FishVoucher', code: 'NFMF' });
        const mokafor = back.users.find((u) => u.name === 'mokafor')!;
        expect(mokafor.institutionAdmin).toEqual({});
        expect(mokafor.agents.map((a) => `${a.name} in ${a.division.name}`)).toEqual([
            'Okafor, Miriam in Ichthyology',
            'Okafor, Miriam in Herpetology',
            'Okafor, Miriam in Botany'
        ]);
        expect(back.users.find((u) => u.name === 'tnguyen')!.specify6).toEqual({
            admin: false,
            group: 'Manager',
            collections: [{ name: 'FishVoucher' }, { name: 'FishTissue' }]
        });
        // One role declared in several collections is one role again.
        expect(back.roles.find((r) => r.name === 'Registrar')!.collections.map((c) => c.name)).toEqual([
            'FishVoucher',
            'FishTissue',
            'HerpVoucher',
            'Herbarium',
            'Fungarium'
        ]);
        expect(back.users.find((u) => u.name === 'jdoe')!.collections).toEqual([
            { collection: { name: 'FishVoucher' }, access: {}, roles: [{ name: 'DataEntry' }], policies: [] }
        ]);
    });

    it('for random models, export → read → export gives the same files', () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const files = folderOf(model);
                expect(folderOf(read(files))).toEqual(files);
            }),
            { numRuns: 300 }
        );
    });

    it('reads a manifest without workspace details (older spol), saying what it lacks', async () => {
        const { model } = await loadWorkspace([join(root, 'examples/natural-history-museum')]);
        const files = folderOf(model);
        const manifest = JSON.parse(files.get('manifest.json')!) as Record<string, unknown>;
        delete manifest['workspace'];
        const result = readInstitution(withFile(files, 'manifest.json', JSON.stringify(manifest, null, 2)));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.notes.join(' ')).toMatch(/no workspace details/);
        expect(result.model.institutions[0]!.divisions.map((d) => d.disciplines.map((s) => s.name))).toEqual([['Fish'], ['Herps'], ['Plants', 'Fungi']]);
        // Every body still reads the same.
        const again = folderOf(result.model);
        for (const [path, content] of files) if (path !== 'manifest.json') expect(again.get(path), path).toBe(content);
    });
});

describe('readInstitution refuses a folder it cannot read, at the place', () => {
    const small = (): Map<string, string> =>
        folderOf({
            institutions: [{ name: 'I', divisions: [{ name: 'D', disciplines: [{ name: 'S', division: 'D', collections: [{ name: 'C', division: 'D', discipline: 'S' }] }] }] }],
            libraryRoles: [],
            roles: [{ name: 'R', collections: [{ name: 'C' }], templates: [], policies: [{ resource: '/table/%', actions: [{ name: 'read' }] }] }],
            users: [{ name: 'u', agents: [], institutionPolicies: [], collections: [{ collection: { name: 'C' }, access: {}, roles: [{ name: 'R' }], policies: [] }] }]
        });

    function problem(files: ReadonlyMap<string, string>) {
        const result = readInstitution(files);
        expect(result.ok).toBe(false);
        if (result.ok) throw new Error('read');
        expect(result.problems).toHaveLength(1);
        const [first] = result.problems;
        return { code: first!.code, file: first!.source?.file, line: first!.source!.range.start.line + 1, column: first!.source!.range.start.character + 1, message: first!.message };
    }

    it('no manifest', () => {
        expect(problem(withFile(small(), 'manifest.json', undefined))).toMatchObject({ code: 'missing-manifest', file: 'manifest.json' });
    });

    it('a manifest of something else', () => {
        expect(problem(withFile(small(), 'manifest.json', '{\n  "format": "other"\n}\n'))).toMatchObject({ code: 'not-an-export', line: 2, column: 13 });
    });

    it('a file that is not JSON: where it stops being JSON', () => {
        expect(problem(withFile(small(), 'users/u/C/policies.json', '{\n  "/report": ["execute",]\n}\n'))).toMatchObject({
            code: 'json-syntax',
            file: 'users/u/C/policies.json',
            line: 2,
            column: 24
        });
    });

    it('a value of the wrong type', () => {
        expect(problem(withFile(small(), 'users/u/C/policies.json', '{\n  "/report": "execute"\n}\n'))).toMatchObject({
            code: 'wrong-type',
            file: 'users/u/C/policies.json',
            line: 2,
            column: 14
        });
    });

    it('a role copy id the numbering does not hold', () => {
        expect(problem(withFile(small(), 'users/u/C/roles.json', '[\n  { "id": 7 }\n]\n'))).toMatchObject({ code: 'unknown-id', line: 2, column: 11 });
    });

    it('a listed file the folder lacks: at its entry in the manifest', () => {
        const result = problem(withFile(small(), 'users/u/C/roles.json', undefined));
        expect(result).toMatchObject({ code: 'missing-file', file: 'manifest.json' });
        expect(result.message).toMatch(/users\/u\/C\/roles\.json/);
    });

    it('a role body renamed by hand', () => {
        const files = small();
        const text = files.get('collections/C/roles.rest.json')!.replace('"name": "R"', '"name": "S"');
        expect(problem(withFile(files, 'collections/C/roles.rest.json', text))).toMatchObject({ code: 'mismatch', line: 3, column: 13 });
    });
});
