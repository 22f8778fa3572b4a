/**
 * Imported roles → model roles: identifiers, what the model keeps of the file, that the model stores
 * exactly what Specify's decompressPolicies would (property test against the converter), that
 * export → import → export gives back the same bytes, and the Import dialog's
 * unchanged / changed / created comparison against a workspace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportCollectionRoles, exportLibraryRoles, serverPoliciesOf, stringifyExport } from '../../../../engine/interchange/export-file.js';
import {
    compareWithWorkspace,
    importRoles,
    spolIdentifier,
    uniqueIdentifier,
    type ImportTarget
} from '../../../../engine/interchange/import/import-roles.js';
import { readRoles, type ImportedFileRole, type ImportedRole } from '../../../../engine/interchange/import/read-roles.js';
import { decompressPolicies, processPolicies, type FilePolicy } from '../../../../engine/interchange/policy-converter.js';
import { getAllActions } from '../../../../engine/interchange/specify-actions.js';
import type { Institution, PolicyModel, Role } from '../../../../engine/model/policy-model.js';
import { ModelIndex } from '../../../../engine/model/stored.js';
import { registry } from '../../../../engine/registry/registry.js';

const VALID = join(import.meta.dirname, '../../../fixtures/interchange/valid');

function readValid(name: string, target: 'collection' | 'library' = 'collection'): { text: string; roles: readonly ImportedRole[] } {
    const text = readFileSync(join(VALID, name), 'utf8');
    const result = readRoles(text, { target });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return { text, roles: result.roles };
}

function readText(text: string): readonly ImportedRole[] {
    const result = readRoles(text);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.roles;
}

const MAMMALS: Institution = {
    name: 'Museum',
    divisions: [
        {
            name: 'Vertebrates',
            disciplines: [
                {
                    name: 'Mammalogy',
                    division: 'Vertebrates',
                    collections: [
                        { name: 'Mammals', division: 'Vertebrates', discipline: 'Mammalogy' },
                        { name: 'Birds', division: 'Vertebrates', discipline: 'Mammalogy' }
                    ]
                }
            ]
        }
    ]
};

function workspace(parts: Partial<PolicyModel>): PolicyModel {
    return { institutions: [MAMMALS], libraryRoles: [], roles: [], users: [], ...parts };
}

const TO_MAMMALS: ImportTarget = { collection: 'Mammals' };

/**
 * The rows of a server object in order, each (resource, action) once ignoring case. The server
 * stores one row per listed action, so a resource with no actions leaves nothing; whether the
 * model keeps a repeated row twice is stored.ts's business, not the import's.
 */
function distinctRows(server: Readonly<Record<string, readonly string[]>>): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const [resource, actions] of Object.entries(server)) {
        for (const action of actions) {
            const key = `${resource.toLowerCase()} ${action.toLowerCase()}`;
            if (!seen.has(key)) {
                seen.add(key);
                out.push(key);
            }
        }
    }
    return out;
}

/** A model role's policies as `resource: actions` lines. */
function lines(role: { readonly policies: Role['policies'] }): string[] {
    return role.policies.map((p) => `${p.resource}: ${p.actions.map((a) => a.name).join(', ')}`);
}

// ---------------------------------------------------------------- identifiers

describe('identifiers', () => {
    it.each([
        ['Full Access - Legacy', 'FullAccessLegacy'],
        ['Full WorkBench access', 'FullWorkBenchAccess'],
        ['Read-Only Access', 'ReadOnlyAccess'],
        ['cataloger', 'Cataloger'],
        ['3D Imaging', 'Role3DImaging'],
        ['Käfer-Sammlung', 'KaferSammlung'],
        ['Ωμέγα', 'Role'],
        ['', 'Role'],
        ['  role  ', 'Role'],
        ['in', 'In']
    ])('%j → %s', (name, id) => {
        expect(spolIdentifier(name)).toBe(id);
        expect(id).toMatch(/^[_a-zA-Z][\w.-]*$/);
    });

    it('numbers a taken identifier', () => {
        expect(uniqueIdentifier('Cataloger', new Set(['Cataloger', 'Cataloger2']))).toBe('Cataloger3');
        expect(uniqueIdentifier('Cataloger', new Set(['cataloger']))).toBe('Cataloger');
    });

    it('keeps identifiers unique against the workspace and each other, and reuses the one of a matching role in the target', () => {
        const existing = workspace({
            roles: [
                { name: 'Cataloger', title: 'Cataloger', collections: [{ name: 'Birds' }], templates: [], policies: [] },
                { name: 'Curator', title: 'Head Curator', collections: [{ name: 'Mammals' }], templates: [], policies: [] }
            ]
        });
        const roles = readText(
            JSON.stringify([
                { name: 'Cataloger', description: '', policies: [] },
                { name: 'cataloger', description: '', policies: [] },
                { name: 'Head Curator', description: '', policies: [] }
            ])
        );
        const { elements, model } = importRoles(roles, { target: TO_MAMMALS, existing });
        expect(elements.map((e) => [e.name, e.replaces])).toEqual([
            ['Cataloger2', undefined],
            ['Cataloger3', undefined],
            ['Curator', 'Curator']
        ]);
        expect(model.roles.map((r) => [r.name, r.title, r.collections.map((c) => c.name)])).toEqual([
            ['Cataloger2', 'Cataloger', ['Mammals']],
            ['Cataloger3', 'cataloger', ['Mammals']],
            ['Curator', 'Head Curator', ['Mammals']]
        ]);
        expect(model.libraryRoles).toEqual([]);
    });

    it('makes library roles for the library target', () => {
        const { roles } = readValid('library-roles-rest.json', 'library');
        const { model } = importRoles(roles, { target: { library: true } });
        expect(model.roles).toEqual([]);
        expect(model.libraryRoles.map((r) => r.name).slice(0, 3)).toEqual(['AssignRoles', 'CreateDataSets', 'EditFormsAndGlobalPreferences']);
        expect(new Set(model.libraryRoles.map((r) => r.name)).size).toBe(18);
    });
});

// ---------------------------------------------------------------- policies

describe('policies', () => {
    it('keeps file order and /tools/, with sources pointing into the file', () => {
        const { roles } = readValid('minimal-importable-roles.json');
        const { model } = importRoles(roles, { target: TO_MAMMALS, file: 'roles.json' });
        const role = model.roles[0]!;
        expect(lines(role)).toEqual([
            '/system/sp7/collection: access',
            '/table/collectionobject: read, create, update',
            '/table/%: read',
            '/tools/queryBuilder: read, create, update, delete',
            '/querybuilder/query: execute, export_csv'
        ]);
        expect(role.description).toMatch(/^Hand-constructed/);
        expect(role.source).toMatchObject({ file: 'roles.json', range: { start: { line: 1, character: 1 } } });
        expect(role.policies[3]!.resourceSource).toMatchObject({ range: { start: { line: 26, character: 16 } } });
        expect(role.policies[3]!.actions[1]!.source).toMatchObject({ range: { start: { line: 29, character: 5 } } });
    });

    it('collapses the resource % to %: % only when it lists every action, as decompressPolicies does', () => {
        const all = getAllActions('%');
        expect(all).toHaveLength(29);
        const roles = readText(
            JSON.stringify([
                {
                    name: 'A',
                    description: '',
                    policies: [
                        { resource: '%', actions: [...all].reverse() },
                        { resource: '/querybuilder/%', actions: getAllActions('/querybuilder/%') }
                    ]
                },
                { name: 'B', description: '', policies: [{ resource: '%', actions: all.slice(1) }] }
            ])
        );
        const { elements, model } = importRoles(roles, { target: TO_MAMMALS });
        expect(lines(model.roles[0]!)).toEqual(['%: %', '/querybuilder/%: execute, export_csv, export_kml, export_to_web_portal, create_recordset']);
        expect(elements[0]!.notes).toEqual([{ kind: 'collapsed-any', resource: '%' }]);
        expect(lines(model.roles[1]!)).toEqual([`%: ${all.slice(1).join(', ')}`]);
    });

    it('merges a resource listed twice, adds to /field/% what Specify adds with access, and writes tools canonically', () => {
        const roles = readText(
            JSON.stringify([
                {
                    name: 'A',
                    description: '',
                    policies: [
                        { resource: '/field/%', actions: ['%'] },
                        { resource: '/table/agent', actions: ['read'] },
                        { resource: '/system/sp7/collection', actions: ['access'] },
                        { resource: '/table/agent', actions: ['update'] },
                        { resource: '/tools/recordSets/', actions: ['read'] }
                    ]
                },
                {
                    name: 'C',
                    description: '',
                    policies: [
                        { resource: '/field/%', actions: ['read'] },
                        { resource: '/system/sp7/collection', actions: ['access'] }
                    ]
                },
                { name: 'D', description: '', policies: [{ resource: '/field/%', actions: ['%'] }] }
            ])
        );
        const { model, elements } = importRoles(roles, { target: TO_MAMMALS });
        // Specify keeps /field/% in its place: the engine would add it last, so it is written.
        expect(lines(model.roles[0]!)).toEqual(['/field/%: %', '/table/agent: read, update', '/system/sp7/collection: access', '/tools/recordSets: read']);
        expect(elements[0]!.notes).toEqual([
            { kind: 'merged-duplicate', resource: '/table/agent' },
            { kind: 'canonical-tool', from: '/tools/recordSets/', to: '/tools/recordSets' }
        ]);
        // Not `%` alone: Specify adds `%` to it on save.
        expect(lines(model.roles[1]!)).toEqual(['/field/%: read, %', '/system/sp7/collection: access']);
        // No collection access: nothing implies it, so it stays.
        expect(lines(model.roles[2]!)).toEqual(['/field/%: %']);
        expect(model.roles.map((role) => role.without)).toEqual([undefined, undefined, undefined]);
    });

    it('leaves out only a last /field/%: % that Specify appended beside access, and adds nothing else', () => {
        const roles = readText(
            JSON.stringify([
                { name: 'A', description: '', policies: [{ resource: '/system/sp7/collection', actions: ['access'] }] },
                // Specify tests the resource and action as spelt: no /field/% is added here.
                { name: 'B', description: '', policies: [{ resource: '/SYSTEM/sp7/collection', actions: ['access'] }] },
                { name: 'C', description: '', policies: [{ resource: '/system/sp7/collection', actions: ['ACCESS'] }] },
                // Specify appends /field/% %, which /FIELD/% % already stands for in the engine.
                {
                    name: 'D',
                    description: '',
                    policies: [
                        { resource: '/FIELD/%', actions: ['%'] },
                        { resource: '/system/sp7/collection', actions: ['access'] }
                    ]
                }
            ])
        );
        const { model, elements } = importRoles(roles, { target: TO_MAMMALS });
        expect(model.roles.map(lines)).toEqual([
            ['/system/sp7/collection: access'],
            ['/SYSTEM/sp7/collection: access'],
            ['/system/sp7/collection: ACCESS'],
            ['/FIELD/%: %', '/system/sp7/collection: access', '/field/%: %']
        ]);
        expect(model.roles.map((role) => role.without?.resource)).toEqual([undefined, '/field/%', '/field/%', undefined]);
        expect(elements.map((e) => e.notes)).toEqual([[{ kind: 'dropped-field-wildcard' }], [{ kind: 'without-field-wildcard' }], [{ kind: 'without-field-wildcard' }], []]);
        const stored = workspace({ roles: model.roles });
        const index = new ModelIndex(stored);
        expect(stored.roles.map((role) => distinctRows(serverPoliciesOf(index.roleRows(role, 'Mammals'))))).toEqual(
            roles.map((role) => distinctRows(decompressPolicies((role as ImportedFileRole).policies)))
        );
    });

    it('keeps a REST role exactly as the server holds it: no /field/% beside access is written without /field/%', () => {
        const roles = readText(
            JSON.stringify({
                name: 'Data Entry',
                description: '',
                policies: { '/system/sp7/collection': ['access'], '/table/agent': ['read', 'read'] }
            })
        );
        const { model, elements } = importRoles(roles, { target: TO_MAMMALS });
        const role = model.roles[0]!;
        expect(lines(role)).toEqual(['/system/sp7/collection: access', '/table/agent: read, read']);
        expect(role.without?.resource).toBe('/field/%');
        expect(elements[0]!.notes).toEqual([{ kind: 'without-field-wildcard' }]);
        const rows = new ModelIndex(workspace({ roles: [role] })).roleRows(role, 'Mammals');
        expect(rows.some((row) => row.resource === '/field/%')).toBe(false);
    });

    it('keeps a REST /field/% that is not last, or not % alone, as the server holds it', () => {
        const roles = readText(
            JSON.stringify([
                { name: 'A', description: '', policies: { '/field/%': ['%'], '/system/sp7/collection': ['access'] } },
                { name: 'B', description: '', policies: { '/system/sp7/collection': ['access'], '/field/%': ['update'] } },
                { name: 'C', description: '', policies: { '/system/sp7/collection': ['access'], '/field/%': ['%', '%'] } }
            ])
        );
        const { model } = importRoles(roles, { target: TO_MAMMALS });
        expect(model.roles.map(lines)).toEqual([
            ['/field/%: %', '/system/sp7/collection: access'],
            ['/system/sp7/collection: access', '/field/%: update'],
            ['/system/sp7/collection: access', '/field/%: %, %']
        ]);
        expect(model.roles.map((role) => role.without?.resource)).toEqual([undefined, '/field/%', undefined]);
    });

    it('in a REST role keeps the server object, leaving out /field/%: % only next to collection access', () => {
        const { roles } = readValid('rest-collection-roles.json');
        const { model, elements } = importRoles(roles, { target: TO_MAMMALS });
        expect(lines(model.roles[0]!)).toEqual(['%: %']);
        expect(lines(model.roles[1]!)).toEqual([
            '/system/sp7/collection: access',
            '/table/collectionobject: read, create, update',
            '/table/spquery: read, create, update, delete',
            '/table/spqueryfield: read, create, update, delete'
        ]);
        expect(elements[1]!.notes).toEqual([{ kind: 'dropped-field-wildcard' }]);
        const { roles: response } = readValid('rest-role-response.json');
        expect(lines(importRoles(response, { target: TO_MAMMALS }).model.roles[0]!)).toEqual(['/table/%: %', '/field/%: %']);
    });

    it('gives a role whose tool and table overlap the policies Specify stores, table by table', () => {
        const text = readFileSync(join(VALID, '..', 'malformed', 'tool-overlap.json'), 'utf8');
        const { model, elements } = importRoles(readText(text), { target: TO_MAMMALS });
        expect(elements[0]!.notes).toEqual([{ kind: 'tool-overlap-expanded' }]);
        expect(lines(model.roles[0]!)).toEqual(['/table/spquery: create', '/table/spqueryfield: create']);
    });

    it('stores exactly what decompressPolicies makes of the file (random file roles)', () => {
        const tools = [...registry.tools.values()].map((t) => t.resource);
        const resource = fc.constantFrom(
            '%',
            '/table/%',
            '/table/agent',
            '/table/spquery',
            '/table/recordset',
            '/system/sp7/collection',
            '/field/%',
            '/querybuilder/%',
            '/report',
            '/tools/%',
            ...tools
        );
        const action = fc.oneof(fc.constantFrom('%', 'access', 'read', 'create', 'execute'), fc.constantFrom(...getAllActions('%')));
        // Duplicates on purpose: `["read", "read"]`, `/field/%` twice, a tool next to its table.
        const policy = fc.record({ resource, actions: fc.oneof(fc.array(action, { maxLength: 4 }), fc.constant(getAllActions('%'))) });
        fc.assert(
            fc.property(fc.array(policy, { maxLength: 7 }), (policies: FilePolicy[]) => {
                const roles = readText(JSON.stringify([{ name: 'R', description: '', policies }]));
                const model = workspace({ roles: importRoles(roles, { target: TO_MAMMALS }).model.roles });
                const stored = serverPoliciesOf(new ModelIndex(model).roleRows(model.roles[0]!, 'Mammals'));
                expect(distinctRows(stored)).toEqual(distinctRows(decompressPolicies(policies)));
            }),
            { numRuns: 400 }
        );
    });

    it('stores exactly the rows of a REST body (random bodies)', () => {
        const resource = fc.constantFrom('%', '/table/%', '/table/agent', '/system/sp7/collection', '/SYSTEM/sp7/collection', '/field/%', '/FIELD/%', '/querybuilder/%', '/report');
        const action = fc.constantFrom('%', 'access', 'ACCESS', 'read', 'update', 'execute');
        const body = fc.uniqueArray(fc.tuple(resource, fc.array(action, { maxLength: 3 })), { selector: ([r]) => r, maxLength: 6 });
        fc.assert(
            fc.property(body, fc.boolean(), (entries, library) => {
                const policies = Object.fromEntries(entries);
                const roles = readText(JSON.stringify({ name: 'R', description: '', policies }));
                if (library) {
                    const model = workspace({ libraryRoles: importRoles(roles, { target: { library: true } }).model.libraryRoles });
                    const stored = serverPoliciesOf(new ModelIndex(model).libraryRoleRows(model.libraryRoles[0]!));
                    expect(distinctRows(stored)).toEqual(distinctRows(policies));
                } else {
                    const model = workspace({ roles: importRoles(roles, { target: TO_MAMMALS }).model.roles });
                    const stored = serverPoliciesOf(new ModelIndex(model).roleRows(model.roles[0]!, 'Mammals'));
                    expect(distinctRows(stored)).toEqual(distinctRows(policies));
                }
            }),
            { numRuns: 400 }
        );
    });
});

// ---------------------------------------------------------------- round trips

describe('export → import → export', () => {
    it('gives back the collection Export file byte for byte', () => {
        const { text, roles } = readValid('collection-roles-export.json');
        const imported = importRoles(roles, { target: TO_MAMMALS });
        const model = workspace({ roles: imported.model.roles });
        expect(stringifyExport(exportCollectionRoles(model, 'Mammals'))).toBe(text);
    });

    it('gives back the minimal file, except that Export writes ids and moves tools after the other policies', () => {
        const { roles } = readValid('minimal-importable-roles.json');
        const model = workspace({ roles: importRoles(roles, { target: TO_MAMMALS }).model.roles });
        const [exported] = exportCollectionRoles(model, 'Mammals');
        expect(exported!.policies.map((p) => p.resource)).toEqual([
            '/system/sp7/collection',
            '/table/collectionobject',
            '/table/%',
            '/querybuilder/query',
            '/tools/queryBuilder'
        ]);
        // And that export is a fixed point.
        const again = workspace({ roles: importRoles(readText(stringifyExport([exported!])), { target: TO_MAMMALS }).model.roles });
        expect(stringifyExport(exportCollectionRoles(again, 'Mammals'))).toBe(stringifyExport([exported!]));
    });

    it("exports Specify's REST library roles as processPolicies shows them, and that file round-trips", () => {
        const { roles } = readValid('library-roles-rest.json', 'library');
        const model = workspace({ libraryRoles: importRoles(roles, { target: { library: true } }).model.libraryRoles });
        const exported = stringifyExport(exportLibraryRoles(model));
        const rest = JSON.parse(readFileSync(join(VALID, 'library-roles-rest.json'), 'utf8')) as { id: number; name: string; description: string; policies: Record<string, string[]> }[];
        expect(exported).toBe(stringifyExport(rest.map((r) => ({ ...r, policies: processPolicies(r.policies) }))));

        const back = readRoles(exported, { target: 'library' });
        if (!back.ok) throw new Error(JSON.stringify(back.errors));
        expect(back.shape).toBe('export-file');
        const again = workspace({ libraryRoles: importRoles(back.roles, { target: { library: true } }).model.libraryRoles });
        expect(stringifyExport(exportLibraryRoles(again))).toBe(exported);
    });
});

// ---------------------------------------------------------------- the Import dialog's comparison

describe('compareWithWorkspace', () => {
    const cataloger = { name: 'Cataloger', description: 'Enters data.', policies: [{ resource: '/table/collectionobject', actions: ['read', 'create'] }] };
    const existing = workspace({ roles: importRoles(readText(JSON.stringify([cataloger])), { target: TO_MAMMALS }).model.roles });

    function statuses(roles: unknown[], target: ImportTarget = TO_MAMMALS, model = existing) {
        return compareWithWorkspace(model, target, readText(JSON.stringify(roles))).map((c) => [c.name, c.status, c.differences]);
    }

    it('calls a role with the same export unchanged, ignoring the id', () => {
        expect(statuses([{ id: 99, ...cataloger }])).toEqual([['Cataloger', 'unchanged', []]]);
    });

    it('calls a role with the same name but other content changed, and says what differs', () => {
        expect(statuses([{ ...cataloger, description: 'Other.' }])).toEqual([['Cataloger', 'changed', ['description']]]);
        expect(statuses([{ ...cataloger, policies: [{ resource: '/table/collectionobject', actions: ['create', 'read'] }] }])).toEqual([
            ['Cataloger', 'changed', ['policies']]
        ]);
    });

    it('is sensitive to key order and extra keys, as JSON.stringify is', () => {
        const { name, description, policies } = cataloger;
        expect(statuses([{ description, name, policies }])).toEqual([['Cataloger', 'changed', ['key order']]]);
        expect(statuses([{ ...cataloger, note: 1 }])).toEqual([['Cataloger', 'changed', ['extra key note']]]);
    });

    it('matches names exactly, and only in the target', () => {
        expect(statuses([{ ...cataloger, name: 'cataloger' }])).toEqual([['cataloger', 'created', []]]);
        expect(statuses([cataloger], { collection: 'Birds' })).toEqual([['Cataloger', 'created', []]]);
        expect(statuses([cataloger], { library: true })).toEqual([['Cataloger', 'created', []]]);
    });

    it('finds the default roles of specify-defaults unchanged by their own Export file', () => {
        const { roles } = readValid('collection-roles-export.json');
        const model = workspace({ roles: importRoles(roles, { target: TO_MAMMALS }).model.roles });
        const result = compareWithWorkspace(model, TO_MAMMALS, roles);
        expect(result.map((c) => [c.name, c.status, c.existing?.id])).toEqual([
            ['Read Only - Legacy', 'unchanged', 1],
            ['Full Access - Legacy', 'unchanged', 2],
            ['Collection Admin', 'unchanged', 3]
        ]);
    });

    it('compares a REST role as its Export would show it', () => {
        const { roles } = readValid('library-roles-rest.json', 'library');
        const model = workspace({ libraryRoles: importRoles(roles, { target: { library: true } }).model.libraryRoles });
        const result = compareWithWorkspace(model, { library: true }, roles);
        expect(result.every((c) => c.status === 'unchanged')).toBe(true);
        expect(result).toHaveLength(18);
    });
});
