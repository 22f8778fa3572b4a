import type { Policy } from '../../../engine/model/policy-model.js';
import { redundantPolicy } from '../../../engine/lint/rules/redundant-policy.js';
import { at, grant, grants, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const P1 = at(4, 4, 30);
const P2 = at(5, 4, 30);
const K = at(3, 20, 26);

function inRole(...policies: Policy[]) {
    return world({ roles: [role('R', ['FishVoucher'], { policies })] });
}

const fullData = libraryRole('FullDataAccess', [policy('/table/%', ['read', 'create', 'update', 'delete'])]);
const collectionAdmin = libraryRole('CollectionAdmin', [policy('%', ['%'])]);
const securityAdmin = libraryRole('SecurityAdmin', [policy('/permissions/%', ['read', 'create', 'update', 'delete', 'copy_from_library'])]);

ruleTester(redundantPolicy, {
    valid: [
        { name: 'different resources', model: inRole(policy('/table/agent', ['read']), policy('/table/taxon', ['read'])) },
        { name: 'an action the broader policy lacks', model: inRole(policy('/table/%', ['read']), policy('/table/agent', ['read', 'update'])) },
        { name: 'template against template is never reported', model: world({ libraryRoles: [collectionAdmin, securityAdmin], roles: [role('R', ['FishVoucher'], { templates: ['CollectionAdmin', 'SecurityAdmin'] })] }) },
        { name: 'a narrower _ pattern does not cover a name', model: inRole(policy('/table/agent', ['read']), policy('/table/agen_x', ['read'])) },
        { name: 'a prefix pattern is not claimed to cover /table/%', model: inRole(policy('/table/%', ['read']), policy('/table/a%', ['read', 'create'])) },
        {
            name: 'different places do not cover each other',
            model: world({
                roles: [role('R', ['FishVoucher'], { policies: [policy('/table/%', ['read'])] }), role('S', ['FishVoucher'], { policies: [policy('/table/agent', ['read'])] })],
                users: [user('u', { institution: [policy('%', ['read'])], grants: [grant('FishVoucher', { policies: [policy('/table/agent', ['read'])] })] })]
            })
        },
        {
            name: 'different collections of one user',
            model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('/table/%', ['read'])] }), grant('Herbarium', { policies: [policy('/table/agent', ['read'])] })] })] })
        },
        {
            name: 'a shared block redundant in one collection only',
            model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('/table/%', ['read'])] }), ...grants(['FishVoucher', 'Herbarium'], { policies: [policy('/table/agent', ['read'])] })] })] })
        },
        { name: 'empty policies are left to empty-policy', model: inRole(policy('%', ['%']), policy('/report')) },
        { name: 'institution admin next to allow %: % is left to institution-admin-twice', model: world({ users: [user('u', { admin: K, institution: [policy('%', ['%'])] })] }) }
    ],
    invalid: [
        { name: 'covered by a broader own policy, at the covered policy', model: inRole(policy('/table/agent', ['read'], { at: P1 }), policy('/table/%', ['read'])), errors: [{ at: P1 }] },
        {
            name: 'covered by a template',
            model: world({ libraryRoles: [fullData], roles: [role('R', ['FishVoucher'], { templates: ['FullDataAccess'], policies: [policy('/table/agent', ['read', 'update'], { at: P1 })] })] }),
            errors: [{ at: P1, data: { coveredBy: [{ description: '/table/%: read, create, update, delete from library FullDataAccess' }] } }]
        },
        { name: 'of two equal policies, the later one', model: inRole(policy('/report', ['execute']), policy('/report', ['execute'], { at: P2 })), errors: [{ at: P2 }] },
        { name: '/table/% covered by %', model: inRole(policy('/table/%', ['read'], { at: P1 }), policy('%', ['read'])), errors: [{ at: P1 }] },
        { name: 'a prefix pattern covered by /table/%', model: inRole(policy('/table/a%', ['read'], { at: P1 }), policy('/table/%', ['read'])), errors: [{ at: P1 }] },
        { name: 'a name covered by a _ pattern', model: inRole(policy('/table/agent', ['read'], { at: P1 }), policy('/table/agen_', ['read'])), errors: [{ at: P1 }] },
        { name: 'an action covered by an action pattern', model: inRole(policy('/querybuilder/query', ['export_csv', 'export_kml'], { at: P1 }), policy('/querybuilder/query', ['export_%'])), errors: [{ at: P1 }] },
        {
            name: 'actions covered by two different policies',
            model: inRole(policy('/table/agent', ['read', 'update'], { at: P1 }), policy('/table/%', ['read']), policy('%', ['update'])),
            errors: [{ at: P1, data: { coveredBy: [{ description: '/table/%: read' }, { description: '%: update' }] } }]
        },
        {
            name: 'only the policy that can go when three overlap',
            model: inRole(policy('/table/agent', ['read']), policy('/table/agent', ['update']), policy('/table/agent', ['read', 'update'], { at: P2 })),
            errors: [{ at: P2 }]
        },
        { name: 'a tool covered by /table/%', model: inRole(policy('/tools/queryBuilder', ['read'], { at: P1 }), policy('/table/%', ['read'])), errors: [{ at: P1 }] },
        { name: 'a tool table covered by its tool', model: inRole(policy('/tools/queryBuilder', ['read', 'create']), policy('/table/spquery', ['read'], { at: P2 })), errors: [{ at: P2 }] },
        {
            name: 'institution policies under institution admin',
            model: world({ users: [user('u', { admin: K, institution: [policy('/permissions/list_admins', ['read'], { at: P1 })] })] }),
            errors: [{ at: P1, data: { coveredBy: [{ description: 'institution admin', source: K }] } }]
        },
        {
            name: 'with institution admin and allow %: % both written, covered by the written policy only',
            model: world({ users: [user('u', { admin: K, institution: [policy('%', ['%'], { at: P2 }), policy('/permissions/list_admins', ['read'], { at: P1 })] })] }),
            errors: [{ at: P1, data: { coveredBy: [{ description: '%: %', source: P2 }] } }]
        },
        {
            name: 'the collection gate written out next to access',
            model: world({ users: [user('u', { grants: [grant('FishVoucher', { access: K, policies: [policy('/system/sp7/collection', ['access'], { at: P1 })] })] })] }),
            errors: [{ at: P1, data: { coveredBy: [{ description: 'access', source: K }] } }]
        },
        {
            name: 'across blocks for the same collection',
            model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('/table/%', ['read'])] }), grant('FishVoucher', { policies: [policy('/table/agent', ['read'], { at: P2 })] })] })] }),
            errors: [{ at: P2 }]
        },
        {
            name: 'a shared block redundant in each of its collections, once',
            model: world({
                users: [user('u', { grants: [...grants(['FishVoucher', 'Herbarium'], { policies: [policy('/table/agent', ['read'], { at: P2 })] }), grant('FishVoucher', { policies: [policy('%', ['read'])] }), grant('Herbarium', { policies: [policy('/table/%', ['%'])] })] })]
            }),
            errors: [{ at: P2 }]
        },
        {
            name: 'inside a library role',
            model: world({ libraryRoles: [libraryRole('L', [policy('/table/%', ['read']), policy('/table/taxon', ['read'], { at: P2 })])] }),
            errors: [{ at: P2 }]
        }
    ]
});
