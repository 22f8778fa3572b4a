import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../../../engine/decision/index.js';
import { exportFor } from '../../../engine/interchange/index.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import { loadWorkspace } from '../../../language/workspace.js';
import { processPolicies, type ServerPolicies } from '../../../engine/interchange/policy-converter.js';
import { freshCollectionRolesExport } from '../../fixtures/interchange/fresh-database.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
let defaults: PolicyModel;

beforeAll(async () => {
    defaults = (await loadWorkspace([join(root, 'examples', 'specify-defaults')])).model;
});

function queryError(run: () => unknown): QueryError {
    try {
        run();
    } catch (error) {
        if (error instanceof QueryError) return error;
        throw error;
    }
    throw new Error('expected a QueryError');
}

describe('exportFor', () => {
    it("gives a collection's Export file and the findings of exactly its roles", () => {
        const result = exportFor(defaults, { collection: 'Mammals' });
        const fixtures = join(root, 'test', 'fixtures', 'interchange');
        const library = JSON.parse(readFileSync(join(fixtures, 'library-roles-backend-api.example.json'), 'utf8')) as Array<{ name: string; policies: ServerPolicies }>;
        expect(result.content).toBe(freshCollectionRolesExport(readFileSync(join(fixtures, 'collection-roles-export.example.json'), 'utf8'), library, processPolicies));
        expect(result.findings.length).toBeGreaterThan(0);
        expect(result.findings.every((f) => f.holder.kind === 'role' && f.holder.collection === 'Mammals')).toBe(true);
    });

    it('gives REST bodies with a trailing newline', () => {
        const result = exportFor(defaults, { library: true, rest: true });
        expect(result.content.endsWith('\n')).toBe(true);
        expect((JSON.parse(result.content) as unknown[]).length).toBe(18);
        expect(result.findings.every((f) => f.holder.kind === 'library-role')).toBe(true);
    });

    it('exports one collection role copy or one library role', () => {
        const copy = JSON.parse(exportFor(defaults, { role: 'CollectionAdmin', collection: 'Mammals' }).content) as Array<{ name: string }>;
        expect(copy.map((r) => r.name)).toEqual(['Collection Admin']);
        const library = JSON.parse(exportFor(defaults, { role: 'SecurityAdmin' }).content) as Array<{ name: string }>;
        expect(library.map((r) => r.name)).toEqual(['Security Admin']);
    });

    it('refuses unknown collections and roles with suggestions', () => {
        expect(queryError(() => exportFor(defaults, { collection: 'Mamals' }))).toMatchObject({ code: 'unknown-collection', suggestions: ['Mammals'] });
        expect(queryError(() => exportFor(defaults, { role: 'CollectionAdmn' }))).toMatchObject({ code: 'unknown-role', suggestions: ['CollectionAdmin'] });
    });
});
