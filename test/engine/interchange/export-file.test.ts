/**
 * The Export file: Specify's defaults byte for byte, the library roles as Specify's Export would
 * write them, and the file shape for small models (names, descriptions, ids, several collections).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterCollectionRoleFixes, freshCollectionRolesExport, freshLibraryRoles } from '../../fixtures/interchange/fresh-database.js';
import { loadWorkspace } from '../../../language/workspace.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import {
    exportCollectionRoles,
    exportLibraryRoles,
    exportRole,
    roleServerPolicies,
    serverPoliciesOf,
    stringifyExport
} from '../../../engine/interchange/export-file.js';
import { processPolicies, type ServerPolicies } from '../../../engine/interchange/policy-converter.js';
import { libraryRole, policy, role, world } from '../lint/builders.js';

const root = join(import.meta.dirname, '../../..');
const fixtures = join(root, 'test/fixtures/interchange');
let defaults: PolicyModel;

beforeAll(async () => {
    defaults = (await loadWorkspace([join(root, 'examples/specify-defaults')])).model;
});

describe('examples/specify-defaults', () => {
    it("exports Mammals' three default roles byte for byte as a fresh database's Export: the example, and Full Access - Legacy's migration row", () => {
        const example = readFileSync(join(fixtures, 'collection-roles-export.example.json'), 'utf8');
        const library = JSON.parse(readFileSync(join(fixtures, 'library-roles-backend-api.example.json'), 'utf8')) as Array<{ name: string; policies: ServerPolicies }>;
        const expected = freshCollectionRolesExport(example, library, processPolicies);
        expect(stringifyExport(exportCollectionRoles(defaults, 'Mammals'))).toBe(expected);
        const fullAccess = (JSON.parse(expected) as Array<{ name: string; policies: Array<{ resource: string; actions: string[] }> }>)[1]!;
        expect(fullAccess.name).toBe('Full Access - Legacy');
        expect(fullAccess.policies).toContainEqual({ resource: '/preferences/statistics', actions: ['edit'] });
    });

    it('exports every library role as the processPolicies of its server policies', () => {
        const backend = freshLibraryRoles(
            JSON.parse(readFileSync(join(fixtures, 'library-roles-backend-api.example.json'), 'utf8')) as Array<{
                id: number;
                name: string;
                description: string;
                policies: ServerPolicies;
            }>
        );
        const exported = exportLibraryRoles(defaults);
        expect(exported.map((r) => r.name)).toEqual(backend.map((r) => r.name));
        expect(exported.map((r) => r.id)).toEqual(backend.map((_, i) => i + 1));
        exported.forEach((role, i) => {
            const server = backend[i]!;
            expect({ name: role.name, description: role.description, policies: role.policies }, server.name).toEqual({
                name: server.name,
                description: server.description,
                policies: processPolicies(server.policies)
            });
        });
    });

    it('stores each default role copy exactly as the server shape of its library role, after the startup fixes', () => {
        const backend = JSON.parse(readFileSync(join(fixtures, 'library-roles-backend-api.example.json'), 'utf8')) as Array<{ name: string; policies: ServerPolicies }>;
        for (const copy of defaults.roles) {
            const server = backend.find((r) => r.name === copy.title)!;
            expect(JSON.stringify(roleServerPolicies(defaults, copy, 'Mammals')), copy.name).toBe(JSON.stringify(afterCollectionRoleFixes(server.name, server.policies)));
        }
    });
});

describe('the Export file shape', () => {
    const R = role('DataEntry', ['FishVoucher'], {
        title: 'Data Entry',
        policies: [policy('/table/collectionobject', ['read', 'update']), policy('/tools/queryBuilder', ['read'])]
    });
    const S = role('Viewer', ['Herbarium', 'FishVoucher'], { policies: [policy('/table/%', ['read'])] });
    const withDescription = { ...S, description: 'Looks only.' };
    const model = world({
        libraryRoles: [libraryRole('Reader', [policy('/table/%', ['read'])], { title: 'Read Everything' })],
        roles: [R, withDescription]
    });

    it('keys in Specify order; name is the title, description defaults to ""', () => {
        const [first] = exportCollectionRoles(model, 'FishVoucher');
        expect(Object.keys(first!)).toEqual(['id', 'name', 'description', 'policies']);
        expect(first).toEqual({
            id: 1,
            name: 'Data Entry',
            description: '',
            policies: [
                { resource: '/table/collectionobject', actions: ['read', 'update'] },
                { resource: '/tools/queryBuilder', actions: ['read'] }
            ]
        });
        expect(Object.keys(first!.policies[0]!)).toEqual(['resource', 'actions']);
    });

    it('a role declared for several collections is exported once per collection, each with its own id', () => {
        // Copies: DataEntry@FishVoucher 1, Viewer@Herbarium 2, Viewer@FishVoucher 3.
        expect(exportCollectionRoles(model, 'FishVoucher').map((r) => [r.id, r.name])).toEqual([
            [1, 'Data Entry'],
            [3, 'Viewer']
        ]);
        expect(exportCollectionRoles(model, 'Herbarium').map((r) => [r.id, r.name, r.description])).toEqual([[2, 'Viewer', 'Looks only.']]);
        expect(exportCollectionRoles(model, 'FishTissue')).toEqual([]);
    });

    it('the single-role page: one copy, all copies, or the library role', () => {
        expect(exportRole(model, withDescription, 'FishVoucher').map((r) => r.id)).toEqual([3]);
        expect(exportRole(model, withDescription).map((r) => r.id)).toEqual([2, 3]);
        expect(exportRole(model, withDescription, 'FishTissue')).toEqual([]);
        expect(exportRole(model, model.libraryRoles[0]!)).toEqual([
            { id: 1, name: 'Read Everything', description: '', policies: [{ resource: '/table/%', actions: ['read'] }] }
        ]);
    });

    it('is written with tabs and no trailing newline', () => {
        const text = stringifyExport(exportLibraryRoles(model));
        expect(text).toBe(
            '[\n\t{\n\t\t"id": 1,\n\t\t"name": "Read Everything",\n\t\t"description": "",\n\t\t"policies": [\n\t\t\t{\n\t\t\t\t"resource": "/table/%",\n\t\t\t\t"actions": [\n\t\t\t\t\t"read"\n\t\t\t\t]\n\t\t\t}\n\t\t]\n\t}\n]'
        );
        expect(stringifyExport([])).toBe('[]');
    });

    it('the server policies group stored rows by resource, first-seen, actions not de-duplicated', () => {
        const rows = [
            { resource: '/table/agent', action: 'read' },
            { resource: '/report', action: 'execute' },
            { resource: '/table/agent', action: 'read' },
            { resource: '/Table/Agent', action: 'update' }
        ];
        const server = serverPoliciesOf(rows);
        expect(Object.keys(server)).toEqual(['/table/agent', '/report', '/Table/Agent']);
        expect(server['/table/agent']).toEqual(['read', 'read']);
    });

    it('stores templates first, /tools/ expanded and /field/% added with access, then exports the UI form', () => {
        const m = world({
            libraryRoles: [libraryRole('Q', [policy('/tools/queryBuilder', ['read'])])],
            roles: [role('R', ['FishVoucher'], { templates: ['Q'], policies: [policy('/system/sp7/collection', ['access']), policy('/table/agent', ['%'])] })]
        });
        const server = roleServerPolicies(m, m.roles[0]!, 'FishVoucher');
        expect(server).toEqual({
            '/table/spquery': ['read'],
            '/table/spqueryfield': ['read'],
            '/system/sp7/collection': ['access'],
            '/table/agent': ['%'],
            '/field/%': ['%']
        });
        expect(exportCollectionRoles(m, 'FishVoucher')[0]!.policies).toEqual([
            { resource: '/system/sp7/collection', actions: ['access'] },
            { resource: '/table/agent', actions: ['read', 'create', 'update', 'delete'] },
            { resource: '/tools/queryBuilder', actions: ['read'] }
        ]);
    });
});
