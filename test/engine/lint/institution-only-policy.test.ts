import type { Policy } from '../../../engine/model/policy-model.js';
import { institutionOnlyPolicy } from '../../../engine/lint/rules/institution-only-policy.js';
import { at, grant, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const R = at(5, 10, 40);

function inRole(...policies: Policy[]) {
    return world({ roles: [role('R', ['FishVoucher'], { policies })] });
}

function inCollection(...policies: Policy[]) {
    return world({ users: [user('u', { grants: [grant('FishVoucher', { access: true, policies })] })] });
}

ruleTester(institutionOnlyPolicy, {
    valid: [
        { name: '/permissions/% also matches collection-level resources (Security Admin)', model: inRole(policy('/permissions/%', ['read', 'update'])) },
        { name: '/permissions/policies/user is checked in collections too', model: inRole(policy('/permissions/policies/user', ['update'])) },
        { name: 'everything', model: inRole(policy('%', ['%'])) },
        { name: 'tables', model: inCollection(policy('/table/%', ['read'])) },
        {
            name: 'institution-only resources in institution policies',
            model: world({ users: [user('u', { institution: [policy('/permissions/list_admins', ['read']), policy('/admin/user/password', ['update'])] })] })
        },
        { name: 'institution-only resources in a library role', model: world({ libraryRoles: [libraryRole('L', [policy('/permissions/library/roles', ['read'])])] }) },
        { name: '/export/% also matches the collection-level DwC export', model: inRole(policy('/export/%', ['execute'])) },
        { name: 'an unknown resource is left to unknown-resource', model: inRole(policy('/permissions/nothing', ['read'])) }
    ],
    invalid: [
        {
            name: '/permissions/list_admins in a role',
            model: inRole(policy('/permissions/list_admins', ['read'], { resourceAt: R })),
            errors: [{ at: R, data: { resource: '/permissions/list_admins', role: 'R', holders: [] } }]
        },
        {
            name: 'in a role, with the users who hold it in one of its collections (once each) as holders',
            model: world({
                roles: [role('R', ['FishVoucher', 'FishTissue'], { policies: [policy('/export/feed', ['force_update'], { resourceAt: R })] })],
                users: [
                    user('a', { grants: [grant('FishVoucher', { access: true, roles: ['R'] }), grant('FishTissue', { roles: ['R'] })] }),
                    user('b', { grants: [grant('Herbarium', { roles: ['R'] })] }),
                    user('c', { grants: [grant('FishTissue', { roles: ['R'] })] })
                ]
            }),
            errors: [{ at: R, data: { role: 'R', holders: ['a', 'c'] } }]
        },
        { name: 'the role library through a pattern', model: inRole(policy('/permissions/library/%', ['read'], { resourceAt: R })), errors: [{ at: R }] },
        {
            name: 'setting passwords in a collection block',
            model: inCollection(policy('/admin/user/password', ['update'], { resourceAt: R })),
            errors: [{ at: R, data: { resource: '/admin/user/password', user: 'u', collection: 'FishVoucher' } }]
        },
        { name: 'the institution-level feed update', model: inRole(policy('/export/feed', ['force_update'], { resourceAt: R })), errors: [{ at: R }] },
        {
            name: 'the UI-derived institutional policies permission',
            model: inRole(policy('/permissions/institutional_policies/user', ['update'], { resourceAt: R })),
            errors: [{ at: R }]
        },
        {
            name: '/admin/user/agents: hidden by the UI, honoured per collection (info)',
            model: inRole(policy('/admin/user/agents', ['update'], { resourceAt: R })),
            errors: [{ at: R, severity: 'info', data: { hiddenInUi: ['/admin/user/agents'] } }]
        },
        {
            name: '/admin/user/% matches only institution resources and agents (info)',
            model: inCollection(policy('/admin/user/%', ['update'], { resourceAt: R })),
            errors: [{ at: R, severity: 'info' }]
        }
    ]
});
