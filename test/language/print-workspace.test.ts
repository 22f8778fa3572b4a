/**
 * A model printed as a workspace: one file per concern, users by division, `from library` and
 * `institution admin` found again; the printed files load with no syntax or reference errors and
 * give back exactly the model's stored rows (compared through `export --all`, which is every row
 * Specify stores, with the numbering), for the example museum read back from its export and for
 * random models.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportInstitution } from '../../engine/interchange/rest-shapes.js';
import { readInstitution } from '../../engine/interchange/read-institution.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { printWorkspace, type WorkspaceFile } from '../../language/print-workspace.js';
import { writtenAs } from '../../language/print-model.js';
import { loadWorkspace, loadWorkspaceFromTexts } from '../../language/workspace.js';
import { modelArbitrary } from '../engine/decision/decision-arbitraries.js';
import { allow, grant, libraryRole, model, role, user } from '../engine/decision/model-builders.js';
import { storedRowsOf } from './stored-rows.js';

const root = join(import.meta.dirname, '../..');
const MUSEUM = join(root, 'examples/natural-history-museum');
const AT = '/virtual/ws';

function files(model: PolicyModel): readonly WorkspaceFile[] {
    const printed = printWorkspace(model);
    if (!printed.ok) throw new Error(printed.problems.map((p) => p.message).join('\n'));
    return printed.files;
}

async function load(printed: readonly WorkspaceFile[]) {
    return loadWorkspaceFromTexts(printed.map((file) => ({ path: join(AT, file.path), text: file.text })));
}

function exported(model: PolicyModel): Map<string, string> {
    return new Map(exportInstitution(model).map((file) => [file.path, file.content]));
}

const BLOCKING = new Set(['syntax-error', 'unresolved-reference']);

describe('printWorkspace', () => {
    it('lays the museum read back from its export out as the example is laid out, and it exports the same bytes', async () => {
        const original = await loadWorkspace([MUSEUM]);
        const read = readInstitution(exported(original.model));
        if (!read.ok) throw new Error('read');
        const printed = files(read.model);
        expect(printed.map((f) => f.path)).toEqual([
            'institution.spol',
            'library.spol',
            'roles.spol',
            'users/all-divisions.spol',
            'users/botany.spol',
            'users/herpetology.spol',
            'users/ichthyology.spol'
        ]);
        const loaded = await load(printed);
        expect(loaded.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(original.diagnostics.map((d) => `${d.severity} ${d.code}`));
        expect(exported(loaded.model)).toEqual(exported(original.model));
        expect(storedRowsOf(loaded.model)).toEqual(storedRowsOf(original.model));

        const text = new Map(printed.map((f) => [f.path, f.text]));
        // The roles are made from the library again, as the example writes them.
        expect(text.get('roles.spol')).toContain('role CollectionManager "Collection Manager" in FishVoucher, FishTissue, HerpVoucher {');
        expect(text.get('roles.spol')).toContain('    from library CollectionAdmin, SecurityAdmin\n');
        expect(text.get('roles.spol')).toContain('    from library FullWorkBenchAccess, BulkAttachmentImport, RunQueries\n    allow /table/%: update\n');
        expect(text.get('roles.spol')).toContain('    from library FullDataAccess, EditTaxonTree, EditFormsAndGlobalPreferences, RunQueries\n');
        expect(text.get('users/all-divisions.spol')).toContain('user mokafor "Miriam Okafor" {\n    agent "Okafor, Miriam" in Ichthyology\n');
        expect(text.get('users/all-divisions.spol')).toContain('    institution admin\n');
        expect(text.get('institution.spol')).toContain('discipline Fish "Fishes" type fish {\n            collection FishVoucher "Fish Voucher Collection" code "NFMF"');
        for (const file of printed) expect(file.text.startsWith('// ')).toBe(true);
    });

    it('a role whose rows are a template\'s is written from library; %: % first at institution level is institution admin', async () => {
        const m = model({
            libraryRoles: [libraryRole('ReadOnly', allow('/table/%', 'read')), libraryRole('Reports', allow('/report', 'execute'), allow('/table/%', 'read'))],
            roles: [role('Reader', ['C'], { policies: [allow('/report', 'execute'), allow('/table/%', 'read', 'update')] })],
            users: [user('boss', { institution: [allow('%', '%', 'read'), allow('/x', 'y')] }), user('late', { institution: [allow('/x', 'y'), allow('%', '%')] })]
        });
        const printed = files(m);
        const roles = printed.find((f) => f.path === 'roles.spol')!.text;
        expect(roles).toContain('role Reader in C {\n    from library Reports\n    allow /table/%: update\n}');
        const users = printed.find((f) => f.path === 'users/all-divisions.spol')!.text;
        expect(users).toContain('user boss {\n    institution admin\n    institution {\n        allow %: read\n        allow /x: y\n    }\n}');
        // Not first: writing it `institution admin` would store the row first, so it stays as written.
        expect(users).toContain('user late {\n    institution {\n        allow /x: y\n        allow %: %\n    }\n}');
        expect(exported((await load(printed)).model)).toEqual(exported(m));
    });

    it('users out of division order get files numbered in their order', () => {
        const inst = {
            name: 'I',
            divisions: ['B', 'A'].map((d) => ({ name: d, disciplines: [{ name: `${d}s`, division: d, collections: [{ name: `${d}c`, division: d, discipline: `${d}s` }] }] }))
        };
        const m = model({ institutions: [inst], users: [user('b1', { grants: [grant('Bc')] }), user('a1', { grants: [grant('Ac')] }), user('b2', { grants: [grant('Bc')] })] });
        expect(files(m).map((f) => f.path)).toEqual(['institution.spol', 'users/01-b.spol', 'users/02-a.spol', 'users/03-b.spol']);
        const ordered = model({ institutions: [inst], users: [user('a1', { grants: [grant('Ac')] }), user('b1', { grants: [grant('Bc')] })] });
        expect(files(ordered).map((f) => f.path)).toEqual(['institution.spol', 'users/a.spol', 'users/b.spol']);
    });

    it('for random models, the printed workspace loads without syntax errors and stores the same rows', async () => {
        const printable = (value: string, what: 'resource' | 'action') => writtenAs(value, what) !== undefined;
        await fc.assert(
            fc.asyncProperty(modelArbitrary(printable, { writable: true }), async (m) => {
                const loaded = await load(files(m));
                expect(loaded.diagnostics.filter((d) => d.code === 'syntax-error')).toEqual([]);
                expect(storedRowsOf(loaded.model)).toEqual(storedRowsOf(m));
                expect(exported(loaded.model)).toEqual(exported(m));
            }),
            { numRuns: 60 }
        );
    }, 120_000);

    it('random models read back from their export print with no syntax or reference errors of their own', async () => {
        const printable = (value: string, what: 'resource' | 'action') => writtenAs(value, what) !== undefined;
        await fc.assert(
            fc.asyncProperty(modelArbitrary(printable, { writable: true }), async (m) => {
                const read = readInstitution(exported(m));
                if (!read.ok) throw new Error(read.problems[0]!.message);
                const loaded = await load(files(read.model));
                expect(loaded.diagnostics.filter((d) => BLOCKING.has(d.code))).toEqual([]);
                expect(exported(loaded.model)).toEqual(exported(m));
            }),
            { numRuns: 60 }
        );
    }, 120_000);
});
