/**
 * Specify's getAllActions, processPolicies and decompressPolicies, case by case from
 * role-export-format.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAllActions } from '../../../engine/interchange/specify-actions.js';
import {
    decompressPolicies,
    PolicyConversionError,
    processPolicies,
    type FilePolicy,
    type ServerPolicies
} from '../../../engine/interchange/policy-converter.js';

const fixtures = join(import.meta.dirname, '../../fixtures/interchange');
const CRUD = ['read', 'create', 'update', 'delete'];

/** The 29 actions of `%`, in the order role-export-format.md documents. */
const ALL_29 = [
    'access', 'update', 'delete', 'create', 'read', 'execute', 'force_update', 'copy_from_library', 'merge', 'move',
    'synonymize', 'desynonymize', 'repair', 'bulk_move', 'export_csv', 'export_kml', 'export_to_web_portal',
    'create_recordset', 'upload', 'unupload', 'validate', 'transfer', 'rollback', 'commit', 'delete_dependents',
    'edit_multiple_tables', 'edit_protected', 'edit_shared', 'edit_collection'
];

const TOOL_TABLES = [
    '/table/splocalecontainer', '/table/splocalecontaineritem', '/table/splocaleitemstr',
    '/table/spquery', '/table/spqueryfield',
    '/table/recordset', '/table/recordsetitem',
    '/table/spappresource', '/table/spappresourcedata', '/table/spappresourcedir', '/table/spviewsetobj',
    '/table/picklist', '/table/picklistitem',
    '/table/spauditlog', '/table/spauditlogfield'
];

describe('getAllActions', () => {
    it.each<[string, string[]]>([
        ['%', ALL_29],
        ['/tree/%', ['merge', 'move', 'synonymize', 'desynonymize', 'repair', 'bulk_move']],
        ['/querybuilder/%', ['execute', 'export_csv', 'export_kml', 'export_to_web_portal', 'create_recordset']],
        ['/table/accession', CRUD],
        ['/table/%', CRUD],
        ['/tools/queryBuilder', CRUD],
        ['/tools/%', CRUD],
        ['/tools/noSuchTool', CRUD],
        ['/report', ['execute']],
        ['/system/sp7/collection', ['access']],
        ['/permissions/%', ['read', 'update', 'create', 'delete', 'copy_from_library']],
        ['/preferences/%', ['edit_protected', 'edit_shared', 'edit_collection']],
        ['/export/%', ['execute', 'force_update']],
        ['/workbench/dataset', ['create', 'update', 'delete', 'upload', 'unupload', 'validate', 'transfer', 'create_recordset']],
        // A prefix, not a whole segment: /tree/edit/tax matches /tree/edit/taxon.
        ['/tree/edit/tax', ['merge', 'move', 'synonymize', 'desynonymize', 'repair']],
        // Unknown: Specify keeps the `%`.
        ['/nothing/%', []],
        ['/field/%', []],
        // A `%` inside the last segment is not dropped, and no key starts with it.
        ['/table/sp%', []],
        // Keys are matched case-sensitively.
        ['/TABLE/accession', []],
        // Derived (front-end-only, never stored) resources are not part of the registry it walks.
        ['/permissions/institutional_policies/user', []]
    ])('%s', (resource, expected) => {
        expect(getAllActions(resource)).toEqual(expected);
    });

    it('gives a fresh array each time', () => {
        const first = getAllActions('%');
        first.push('mutated');
        expect(getAllActions('%')).toEqual(ALL_29);
    });
});

describe('processPolicies (server → Export)', () => {
    it.each<[string, ServerPolicies, FilePolicy[]]>([
        ['drops /field/% (exact)', { '/field/%': ['%'], '/table/%': ['read'] }, [{ resource: '/table/%', actions: ['read'] }]],
        ['keeps /FIELD/% (not the exact string), lowercased, % kept as unknown', { '/FIELD/%': ['%'] }, [{ resource: '/field/%', actions: ['%'] }]],
        ['lowercases resources, not actions', { '/Table/Agent': ['READ'] }, [{ resource: '/table/agent', actions: ['READ'] }]],
        [
            'tool compression: after the other policies, tools in first-seen order',
            {
                '/table/spquery': ['read'],
                '/table/agent': ['read'],
                '/table/picklist': ['update'],
                '/table/spqueryfield': ['read', 'create'],
                '/report': ['execute']
            },
            [
                { resource: '/table/agent', actions: ['read'] },
                { resource: '/report', actions: ['execute'] },
                { resource: '/tools/queryBuilder', actions: ['read', 'create'] },
                { resource: '/tools/pickLists', actions: ['update'] }
            ]
        ],
        ['a tool keeps each action once', { '/table/spquery': ['read', 'read'], '/table/spqueryfield': ['read'] }, [{ resource: '/tools/queryBuilder', actions: ['read'] }]],
        ['tool tables in any case are folded', { '/TABLE/SpQuery': ['read'] }, [{ resource: '/tools/queryBuilder', actions: ['read'] }]],
        ['/table/% is never folded', { '/table/%': ['read'] }, [{ resource: '/table/%', actions: ['read'] }]],
        ['a last segment % is never folded', { '/table/spquery/%': ['read'] }, [{ resource: '/table/spquery/%', actions: ['read'] }]],
        ['the table is the second segment', { '/table/spquery/extra': ['read'] }, [{ resource: '/tools/queryBuilder', actions: ['read'] }]],
        ['% on a tool table becomes the tool CRUD', { '/table/spauditlog': ['%'] }, [{ resource: '/tools/auditLog', actions: CRUD }]],
        ['% on resource % becomes the 29 actions', { '%': ['%'] }, [{ resource: '%', actions: ALL_29 }]],
        ['% on /querybuilder/% becomes its five actions', { '/querybuilder/%': ['%'] }, [{ resource: '/querybuilder/%', actions: ['execute', 'export_csv', 'export_kml', 'export_to_web_portal', 'create_recordset'] }]],
        ['["read", "%"] keeps the duplicate read', { '/table/agent': ['read', '%'] }, [{ resource: '/table/agent', actions: ['read', 'read', 'create', 'update', 'delete'] }]],
        ['% on an unknown resource is kept', { '/nothing/%': ['%'] }, [{ resource: '/nothing/%', actions: ['%'] }]],
        ['an unknown table stays an ordinary policy', { '/table/nosuch': ['read'] }, [{ resource: '/table/nosuch', actions: ['read'] }]],
        ['resources equal after lowercasing are merged', { '/table/agent': ['read'], '/TABLE/AGENT': ['update'] }, [{ resource: '/table/agent', actions: ['read', 'update'] }]],
        // Specify keys tool rows by action in a plain object: integer-like keys come first.
        ['tool actions follow JS object key order', { '/table/spquery': ['read', '7'] }, [{ resource: '/tools/queryBuilder', actions: ['7', 'read'] }]],
        ['empty', {}, []]
    ])('%s', (_, server, expected) => {
        expect(processPolicies(server)).toEqual(expected);
    });

    it('exports every default collection role as in the Export example', () => {
        const library = JSON.parse(readFileSync(join(fixtures, 'library-roles-backend-api.example.json'), 'utf8')) as Array<{ name: string; policies: ServerPolicies }>;
        const exported = JSON.parse(readFileSync(join(fixtures, 'collection-roles-export.example.json'), 'utf8')) as Array<{ name: string; policies: FilePolicy[] }>;
        expect(exported.map((role) => role.name)).toEqual(['Read Only - Legacy', 'Full Access - Legacy', 'Collection Admin']);
        for (const role of exported) {
            const server = library.find((candidate) => candidate.name === role.name)!;
            expect(processPolicies(server.policies), role.name).toEqual(role.policies);
        }
    });
});

describe('decompressPolicies (Import → server)', () => {
    it.each<[string, FilePolicy[], ServerPolicies]>([
        [
            'merges duplicate resources',
            [{ resource: '/table/agent', actions: ['read'] }, { resource: '/report', actions: ['execute'] }, { resource: '/table/agent', actions: ['update'] }],
            { '/table/agent': ['read', 'update'], '/report': ['execute'] }
        ],
        ['expands a tool', [{ resource: '/tools/queryBuilder', actions: ['read'] }], { '/table/spquery': ['read'], '/table/spqueryfield': ['read'] }],
        ['expands /tools/% into every tool table', [{ resource: '/tools/%', actions: ['read'] }], Object.fromEntries(TOOL_TABLES.map((t) => [t, ['read']]))],
        ['collapses % with all 29 actions', [{ resource: '%', actions: [...ALL_29].reverse() }], { '%': ['%'] }],
        ['collapses % with all 29 actions and more', [{ resource: '%', actions: ['read', ...ALL_29] }], { '%': ['%'] }],
        ['does not collapse % missing one action', [{ resource: '%', actions: ALL_29.slice(1) }], { '%': ALL_29.slice(1) }],
        [
            'never collapses another resource',
            [{ resource: '/querybuilder/%', actions: ['execute', 'export_csv', 'export_kml', 'export_to_web_portal', 'create_recordset'] }],
            { '/querybuilder/%': ['execute', 'export_csv', 'export_kml', 'export_to_web_portal', 'create_recordset'] }
        ],
        ['adds /field/% with collection access', [{ resource: '/system/sp7/collection', actions: ['access'] }], { '/system/sp7/collection': ['access'], '/field/%': ['%'] }],
        [
            'adds % to an existing /field/%, in place, de-duplicated',
            [{ resource: '/field/%', actions: ['update', 'update'] }, { resource: '/system/sp7/collection', actions: ['access'] }],
            { '/field/%': ['update', '%'], '/system/sp7/collection': ['access'] }
        ],
        ['no /field/% without access', [{ resource: '/system/sp7/collection', actions: ['%'] }], { '/system/sp7/collection': ['%'] }],
        ['no /field/% for another spelling', [{ resource: '/System/sp7/collection', actions: ['access'] }], { '/System/sp7/collection': ['access'] }],
        [
            'a resource produced twice keeps its first place and its last actions',
            [{ resource: '/table/spquery', actions: ['read'] }, { resource: '/tools/queryBuilder', actions: ['create'] }],
            { '/table/spquery': ['create'], '/table/spqueryfield': ['create'] }
        ],
        ['empty', [], {}]
    ])('%s', (_, file, expected) => {
        const server = decompressPolicies(file);
        expect(server).toEqual(expected);
        expect(Object.keys(server)).toEqual(Object.keys(expected));
    });

    it.each(['/tools/querybuilder', '/tools/noSuchTool', '/tools', '/tools/q%'])('throws on %s, as Specify does', (resource) => {
        expect(() => decompressPolicies([{ resource, actions: ['read'] }])).toThrow(PolicyConversionError);
    });

    it('returns fresh arrays: tool tables do not share one', () => {
        const server = decompressPolicies([{ resource: '/tools/queryBuilder', actions: ['read'] }]);
        server['/table/spquery']!.push('create');
        expect(server['/table/spqueryfield']).toEqual(['read']);
    });

    it('imports the minimal importable example', () => {
        const [role] = JSON.parse(readFileSync(join(fixtures, 'minimal-importable-roles.example.json'), 'utf8')) as Array<{ policies: FilePolicy[] }>;
        const server = decompressPolicies(role!.policies);
        expect(server).toEqual({
            '/system/sp7/collection': ['access'],
            '/table/collectionobject': ['read', 'create', 'update'],
            '/table/%': ['read'],
            '/table/spquery': CRUD,
            '/table/spqueryfield': CRUD,
            '/querybuilder/query': ['execute', 'export_csv'],
            '/field/%': ['%']
        });
        expect(Object.keys(server)).toEqual(['/system/sp7/collection', '/table/collectionobject', '/table/%', '/table/spquery', '/table/spqueryfield', '/querybuilder/query', '/field/%']);
    });

    it('round-trips the default collection roles to the same Export', () => {
        const exported = JSON.parse(readFileSync(join(fixtures, 'collection-roles-export.example.json'), 'utf8')) as Array<{ policies: FilePolicy[] }>;
        for (const role of exported) expect(processPolicies(decompressPolicies(role.policies))).toEqual(role.policies);
    });
});
