/**
 * The numbering, the REST bodies and the folder that `exportInstitution` lays out, on a small model.
 */
import { describe, expect, it } from 'vitest';
import { numberModel, numberingToJson } from '../../../engine/interchange/numbering.js';
import {
    collectionRoleBodies,
    exportInstitution,
    libraryRoleBodies,
    userBodies,
    type ManifestJson
} from '../../../engine/interchange/rest-shapes.js';
import { exportCollectionRoles, exportLibraryRoles, stringifyExport } from '../../../engine/interchange/export-file.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import { agent, grant, libraryRole, policy, role, user, world } from '../lint/builders.js';

function small(): PolicyModel {
    return world({
        libraryRoles: [libraryRole('FullData', [policy('/table/%', ['read', 'create', 'update', 'delete'])], { title: 'Full Data Access' })],
        roles: [
            role('Curator', ['Herbarium', 'FishVoucher'], {
                title: 'Lead Curator',
                templates: ['FullData'],
                policies: [policy('/system/sp7/collection', ['access']), policy('/tools/recordSets', ['read'])]
            }),
            role('Viewer', ['FishVoucher', 'FishVoucher', 'Nowhere'], { policies: [policy('/table/%', ['read'])] })
        ],
        users: [
            user('jdoe', {
                agents: [agent('Doe, J', 'Ichthyology')],
                institution: [policy('/permissions/list_admins', ['read'])],
                grants: [
                    grant('FishVoucher', { access: true, roles: ['Viewer', 'Curator'], policies: [policy('/report', ['execute'])] }),
                    grant('FishVoucher', { roles: ['Viewer'] })
                ]
            })
        ]
    });
}

describe('numberModel', () => {
    it('numbers collections and divisions in tree order, users and library roles in declaration order', () => {
        const n = numberModel(small());
        expect(n.collections.map((c) => [c.id, c.collection.name])).toEqual([
            [1, 'FishVoucher'],
            [2, 'FishTissue'],
            [3, 'Herbarium']
        ]);
        expect(n.divisions.map((d) => [d.id, d.division.name])).toEqual([
            [1, 'Ichthyology'],
            [2, 'Botany']
        ]);
        expect(n.users.map((u) => [u.id, u.user.name])).toEqual([
            [1, 'root'],
            [2, 'jdoe']
        ]);
        expect(n.libraryRoles.map((r) => [r.id, r.role.name])).toEqual([[1, 'FullData']]);
    });

    it('numbers role copies by role, then by the `in` order; repeated or unknown collections get none', () => {
        const n = numberModel(small());
        expect(n.roleCopies.map((c) => [c.id, c.role.name, c.collection])).toEqual([
            [1, 'Curator', 'Herbarium'],
            [2, 'Curator', 'FishVoucher'],
            [3, 'Viewer', 'FishVoucher']
        ]);
        expect(n.roleCopyId('Curator', 'FishVoucher')).toBe(2);
        expect(n.roleCopyId('Viewer', 'Nowhere')).toBeUndefined();
        expect(n.roleCopyId('Nobody', 'FishVoucher')).toBeUndefined();
        expect(n.roleCopiesIn('FishVoucher').map((c) => c.id)).toEqual([2, 3]);
        expect([n.collectionId('Herbarium'), n.divisionId('Botany'), n.userId('jdoe'), n.libraryRoleId('FullData'), n.userId('nobody')]).toEqual([3, 2, 2, 1, undefined]);
    });

    it('is stable: the same model numbers the same, and appending elements keeps earlier ids', () => {
        const base = small();
        expect(numberingToJson(numberModel(base))).toEqual(numberingToJson(numberModel(small())));
        const grown: PolicyModel = {
            ...base,
            roles: [...base.roles, role('Late', ['FishTissue', 'FishVoucher'])],
            users: [...base.users, user('zed')],
            libraryRoles: [...base.libraryRoles, libraryRole('More', [])]
        };
        const before = numberingToJson(numberModel(base));
        const after = numberingToJson(numberModel(grown));
        expect(after.roles.slice(0, before.roles.length)).toEqual(before.roles);
        expect(after.users.slice(0, before.users.length)).toEqual(before.users);
        expect(after.libraryRoles.slice(0, 1)).toEqual(before.libraryRoles);
        expect(after.roles.slice(before.roles.length).map((r) => [r.id, r.collection])).toEqual([
            [4, 'FishTissue'],
            [5, 'FishVoucher']
        ]);
    });

    it('numbers duplicate names separately; name lookups give the first', () => {
        const base = small();
        const twice: PolicyModel = { ...base, users: [...base.users, user('jdoe')] };
        const n = numberModel(twice);
        expect(n.users.map((u) => u.id)).toEqual([1, 2, 3]);
        expect(n.userId('jdoe')).toBe(2);
    });

    it('as JSON: names, titles, and each copy with its collection id', () => {
        const json = numberingToJson(numberModel(small()));
        expect(json.roles[0]).toEqual({ id: 1, role: 'Curator', name: 'Lead Curator', collection: 'Herbarium', collectionId: 3 });
        expect(json.libraryRoles).toEqual([{ id: 1, name: 'FullData', title: 'Full Data Access' }]);
        expect(json.collections[0]).toEqual({ id: 1, name: 'FishVoucher', division: 'Ichthyology', discipline: 'Fish' });
    });
});

describe('REST bodies', () => {
    it('role bodies per collection: the stored policies, /tools/ expanded, /field/% added with access', () => {
        const bodies = collectionRoleBodies(small(), 'FishVoucher');
        expect(bodies.collectionId).toBe(1);
        expect(bodies.roleIds).toEqual([2, 3]);
        expect(bodies.roles[0]).toEqual({
            name: 'Lead Curator',
            description: '',
            policies: {
                '/table/%': ['read', 'create', 'update', 'delete'],
                '/system/sp7/collection': ['access'],
                '/table/recordset': ['read'],
                '/table/recordsetitem': ['read'],
                '/field/%': ['%']
            }
        });
        expect(Object.keys(bodies.roles[0]!)).toEqual(['name', 'description', 'policies']);
        expect(bodies.roles[1]).toEqual({ name: 'Viewer', description: '', policies: { '/table/%': ['read'] } });
    });

    it('library role bodies', () => {
        expect(libraryRoleBodies(small())).toEqual([{ name: 'Full Data Access', description: '', policies: { '/table/%': ['read', 'create', 'update', 'delete'] } }]);
    });

    it('user bodies: institution policies (%: % for an admin), collection policies and role ids per collection', () => {
        const model = small();
        const n = numberModel(model);
        const root = userBodies(model, model.users[0]!, n);
        expect(root).toEqual({ user: 'root', userId: 1, institutionPolicies: { '%': ['%'] }, collections: [] });
        const jdoe = userBodies(model, model.users[1]!, n);
        expect(jdoe.institutionPolicies).toEqual({ '/permissions/list_admins': ['read'] });
        expect(jdoe.collections).toEqual([
            {
                collection: 'FishVoucher',
                collectionId: 1,
                policies: { '/system/sp7/collection': ['access'], '/report': ['execute'], '/field/%': ['%'] },
                roles: [{ id: 3 }, { id: 2 }]
            }
        ]);
    });
});

describe('exportInstitution', () => {
    const model = small();
    const files = exportInstitution(model);
    const byPath = new Map(files.map((f) => [f.path, f]));

    it('lays out the library, every collection, every user and a manifest', () => {
        expect(files.map((f) => f.path)).toEqual([
            'library/roles.json',
            'library/roles.rest.json',
            'collections/FishVoucher/roles.json',
            'collections/FishVoucher/roles.rest.json',
            'collections/FishTissue/roles.json',
            'collections/FishTissue/roles.rest.json',
            'collections/Herbarium/roles.json',
            'collections/Herbarium/roles.rest.json',
            'users/root/institution-policies.json',
            'users/jdoe/institution-policies.json',
            'users/jdoe/FishVoucher/policies.json',
            'users/jdoe/FishVoucher/roles.json',
            'manifest.json'
        ]);
        for (const file of files) expect(() => JSON.parse(file.content), file.path).not.toThrow();
    });

    it('Export-shape files are exactly what Export writes', () => {
        expect(byPath.get('library/roles.json')!.content).toBe(stringifyExport(exportLibraryRoles(model)));
        expect(byPath.get('collections/Herbarium/roles.json')!.content).toBe(stringifyExport(exportCollectionRoles(model, 'Herbarium')));
        expect(byPath.get('collections/FishTissue/roles.json')!.content).toBe('[]');
        expect(byPath.get('collections/Herbarium/roles.json')!.endpoint).toBeNull();
    });

    it('REST files carry their request', () => {
        expect(byPath.get('collections/Herbarium/roles.rest.json')!.endpoint).toEqual({
            method: 'POST',
            path: '/permissions/roles/3/',
            template: '/permissions/roles/<collectionid>/',
            perElement: true
        });
        expect(byPath.get('users/jdoe/FishVoucher/policies.json')!.endpoint).toMatchObject({ method: 'PUT', path: '/permissions/user_policies/1/2/' });
        expect(byPath.get('users/jdoe/FishVoucher/roles.json')!.endpoint).toMatchObject({ method: 'PUT', path: '/permissions/user_roles/1/2/' });
        expect(JSON.parse(byPath.get('users/jdoe/FishVoucher/roles.json')!.content)).toEqual([{ id: 3 }, { id: 2 }]);
        expect(byPath.get('users/root/institution-policies.json')!.endpoint).toMatchObject({ method: 'PUT', path: '/permissions/user_policies/institution/1/' });
        expect(JSON.parse(byPath.get('users/root/institution-policies.json')!.content)).toEqual({ '%': ['%'] });
        expect(JSON.parse(byPath.get('library/roles.rest.json')!.content)).toEqual(libraryRoleBodies(model));
    });

    it('the manifest holds the numbering and, per file, its method and endpoint', () => {
        const manifest = JSON.parse(byPath.get('manifest.json')!.content) as ManifestJson;
        expect(manifest.format).toBe('spol-specify-export');
        expect(manifest.numbering).toEqual(numberingToJson(numberModel(model)));
        expect(manifest.files.map((f) => f.path)).toEqual(files.slice(0, -1).map((f) => f.path));
        expect(manifest.files.find((f) => f.path === 'users/jdoe/FishVoucher/roles.json')).toMatchObject({
            method: 'PUT',
            endpoint: '/permissions/user_roles/1/2/',
            template: '/permissions/user_roles/<collectionid>/<userid>/'
        });
        expect(manifest.files.find((f) => f.path === 'library/roles.json')).not.toHaveProperty('method');
    });

    it('file names from odd model names are made safe and unique', () => {
        const odd = world({ users: [user('a/b'), user('a_b'), user('..')] });
        const paths = exportInstitution(odd).map((f) => f.path).filter((p) => p.startsWith('users/'));
        expect(paths).toEqual(['users/root/institution-policies.json', 'users/a_b/institution-policies.json', 'users/a_b-3/institution-policies.json', 'users/_../institution-policies.json']);
    });
});
