import { escalation } from '../../../engine/lint/rules/escalation.js';
import { agent, at, grant, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const N = at(12, 5, 11);
const agents = [agent('U', 'Ichthyology'), agent('U', 'Botany')];

const securityAdmin = role('SecurityAdmin', ['FishVoucher', 'Herbarium'], { policies: [policy('/permissions/%', ['read', 'create', 'update', 'delete'])] });
const auditor = role('Auditor', ['FishVoucher'], { policies: [policy('/permissions/%', ['read'])] });

ruleTester(escalation, {
    valid: [
        { name: 'Institution Admin', model: world({ roles: [securityAdmin], users: [user('u', { admin: true, agents, grants: [grant('FishVoucher', { roles: ['SecurityAdmin'] })] })] }) },
        { name: 'read-only security', model: world({ roles: [auditor], users: [user('u', { agents, grants: [grant('FishVoucher', { access: true, roles: ['Auditor'] })] })] }) },
        { name: 'permission changes in a collection the user cannot enter', model: world({ roles: [securityAdmin], users: [user('u', { agents, grants: [grant('FishVoucher', { roles: ['SecurityAdmin'] })] })] }) },
        { name: 'institution-level reads', model: world({ users: [user('u', { institution: [policy('/permissions/list_admins', ['read']), policy('/permissions/library/roles', ['read', 'delete'])] })] }) },
        { name: 'copying a role from the library alone', model: world({ users: [user('u', { agents, grants: [grant('FishVoucher', { access: true, policies: [policy('/permissions/roles', ['copy_from_library'])] })] })] }) },
        { name: 'library role edits granted in a collection never count', model: world({ users: [user('u', { agents, grants: [grant('FishVoucher', { access: true, policies: [policy('/permissions/library/roles', ['update'])] })] })] }) }
    ],
    invalid: [
        {
            name: 'a Security Admin role in a collection the user enters, at the user name',
            model: world({ roles: [securityAdmin], users: [user('u', { nameAt: N, agents, grants: [grant('FishVoucher', { access: true, roles: ['SecurityAdmin'] })] })] }),
            errors: [
                {
                    at: N,
                    data: {
                        findings: [
                            { scope: 'FishVoucher', resource: '/permissions/policies/user', action: 'update', via: 'role SecurityAdmin in FishVoucher' },
                            { scope: 'FishVoucher', resource: '/permissions/user/roles', action: 'update' },
                            { scope: 'FishVoucher', resource: '/permissions/roles', action: 'create' },
                            { scope: 'FishVoucher', resource: '/permissions/roles', action: 'update' }
                        ]
                    }
                }
            ]
        },
        {
            name: 'Collection Admin (%: %) in a role',
            model: world({ roles: [role('CA', ['Herbarium'], { policies: [policy('%', ['%'])] })], users: [user('u', { nameAt: N, agents, grants: [grant('Herbarium', { roles: ['CA'] })] })] }),
            errors: [{ at: N }]
        },
        {
            name: 'editing the role library at institution level',
            model: world({ users: [user('u', { nameAt: N, institution: [policy('/permissions/library/roles', ['create'])] })] }),
            errors: [{ at: N, data: { findings: [{ scope: 'institution', resource: '/permissions/library/roles', action: 'create' }] } }]
        },
        {
            name: 'assigning roles through a collection policy',
            model: world({ users: [user('u', { nameAt: N, agents, grants: [grant('FishVoucher', { access: true, policies: [policy('/permissions/user/roles', ['update'])] })] })] }),
            errors: [{ at: N, data: { findings: [{ scope: 'FishVoucher', resource: '/permissions/user/roles' }] } }]
        },
        {
            name: 'institution policies apply in every collection the user enters',
            model: world({ users: [user('u', { nameAt: N, agents, institution: [policy('/permissions/roles', ['update'])], grants: [grant('Herbarium', { access: true })] })] }),
            errors: [{ at: N, data: { findings: [{ scope: 'Herbarium', resource: '/permissions/roles', action: 'update' }] } }]
        }
    ]
});
