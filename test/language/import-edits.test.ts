import { describe, expect, it } from 'vitest';
import { compareWithWorkspace, importRoles, readRoles } from '../../engine/interchange/index.js';
import type { PolicyModel, Role } from '../../engine/model/policy-model.js';
import { applyEdits, planImport } from '../../language/import-edits.js';

const at = (line: number, character: number, endLine: number, endCharacter: number) => ({
    file: 'file:///w/roles.spol',
    range: { start: { line, character }, end: { line: endLine, character: endCharacter } }
});

const collection = (name: string) => ({ name, division: 'D', discipline: 'F' });

function workspaceWith(role: Role): PolicyModel {
    const institution = {
        name: 'I',
        divisions: [{ name: 'D', disciplines: [{ name: 'F', division: 'D', collections: ['A', 'B', 'C'].map(collection) }] }]
    };
    return { institutions: [institution], libraryRoles: [], roles: [role], users: [] };
}

const shared: Role = {
    name: 'Viewer',
    title: 'Viewer',
    description: 'old',
    collections: [{ name: 'A' }, { name: 'B' }],
    templates: [],
    policies: [{ resource: '/table/%', actions: [{ name: 'read' }] }],
    source: at(0, 0, 3, 1)
};

function plan(workspace: PolicyModel, json: string, collection = 'A') {
    const read = readRoles(json);
    if (!read.ok) throw new Error('invalid test input');
    const target = { collection };
    const comparisons = compareWithWorkspace(workspace, target, read.roles);
    const { elements } = importRoles(read.roles, { target, existing: workspace });
    return planImport({ workspace, target, comparisons, elements, defaultFile: 'file:///w/new.spol' });
}

const changedViewer = JSON.stringify([{ name: 'Viewer', description: 'new', policies: [{ resource: '/table/%', actions: ['read'] }] }]);

describe('planImport', () => {
    it('refuses to rewrite a changed role shared by several collections', () => {
        const result = plan(workspaceWith(shared), changedViewer);
        expect(result.edits).toEqual([]);
        expect(result.problems).toHaveLength(1);
        expect(result.problems[0]).toMatch(/Viewer is declared for A, B/);
    });

    it('replaces a changed single-collection role at its range, keeping its identifier', () => {
        const single: Role = { ...shared, collections: [{ name: 'A' }] };
        const result = plan(workspaceWith(single), changedViewer);
        expect(result.problems).toEqual([]);
        expect(result.edits).toHaveLength(1);
        expect(result.edits[0]!.range).toEqual(single.source!.range);
        expect(result.edits[0]!.newText).toMatch(/^role Viewer "Viewer" in A \{\n {4}description "new"/);
    });

    it('appends new roles beside the target collection\'s roles, or to the default file', () => {
        const other = JSON.stringify([{ name: 'Cataloger', description: '', policies: [{ resource: '/table/agent', actions: ['read'] }] }]);
        expect(plan(workspaceWith({ ...shared, collections: [{ name: 'A' }] }), other).edits[0]).toMatchObject({ file: 'file:///w/roles.spol' });
        expect(plan(workspaceWith(shared), other, 'C').edits[0]).toMatchObject({ file: 'file:///w/new.spol' });
        expect(plan(workspaceWith(shared), other, 'C').edits[0]!.range).toBeUndefined();
    });
});

describe('applyEdits', () => {
    const text = 'role A in X {\n}\n\nrole B in X {\n}\n';

    it('replaces ranges back to front and appends at the end with one blank line', () => {
        const result = applyEdits(text, [
            { file: 'f', range: { start: { line: 0, character: 0 }, end: { line: 1, character: 1 } }, newText: 'role A2 in X {\n}' },
            { file: 'f', range: { start: { line: 3, character: 0 }, end: { line: 4, character: 1 } }, newText: 'role B2 in X {\n}' },
            { file: 'f', newText: 'role C in X {\n}' }
        ]);
        expect(result).toBe('role A2 in X {\n}\n\nrole B2 in X {\n}\n\nrole C in X {\n}\n');
    });

    it('creates the text of a new file', () => {
        expect(applyEdits('', [{ file: 'f', newText: 'role C in X {\n}' }])).toBe('role C in X {\n}\n');
    });
});
