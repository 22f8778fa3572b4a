import { rolesWithoutAccess } from '../../../engine/lint/rules/roles-without-access.js';
import { at, grant, grants, policy, ref, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const C1 = at(3, 7, 18);
const C2 = at(3, 20, 30);

const readOnly = role('ReadOnly', ['FishVoucher', 'FishTissue'], { policies: [policy('/table/%', ['read'])] });
const gate = role('Gate', ['FishVoucher'], { policies: [policy('/system/sp7/collection', ['access'])] });

ruleTester(rolesWithoutAccess, {
    valid: [
        { name: 'roles with access', model: world({ roles: [readOnly], users: [user('u', { grants: [grant('FishVoucher', { access: true, roles: ['ReadOnly'] })] })] }) },
        { name: 'a role that itself grants access', model: world({ roles: [gate], users: [user('u', { grants: [grant('FishVoucher', { roles: ['Gate'] })] })] }) },
        { name: 'access given in another block for the same collection', model: world({ roles: [readOnly], users: [user('u', { grants: [grant('FishVoucher', { roles: ['ReadOnly'] }), grant('FishVoucher', { access: true })] })] }) },
        { name: 'Institution Admin enters every collection', model: world({ roles: [readOnly], users: [user('u', { admin: true, grants: [grant('FishTissue', { roles: ['ReadOnly'] })] })] }) },
        { name: 'a role not declared for the collection is not held (role-not-in-collection)', model: world({ roles: [gate], users: [user('u', { grants: [grant('Herbarium', { roles: ['Gate'] })] })] }) },
        { name: 'an unknown role is skipped', model: world({ users: [user('u', { grants: [grant('FishVoucher', { roles: ['Nobody'] })] })] }) }
    ],
    invalid: [
        {
            name: 'a role without access, at the collection name',
            model: world({ roles: [readOnly], users: [user('u', { grants: [grant(ref('FishVoucher', C1), { roles: ['ReadOnly'] })] })] }),
            errors: [{ at: C1, data: { collection: 'FishVoucher', roles: ['ReadOnly'] } }]
        },
        {
            name: 'one per collection of a shared block',
            model: world({ roles: [readOnly], users: [user('u', { grants: grants([ref('FishVoucher', C1), ref('FishTissue', C2)], { roles: ['ReadOnly'] }) })] }),
            errors: [{ at: C1, data: { collection: 'FishVoucher' } }, { at: C2, data: { collection: 'FishTissue' } }]
        },
        {
            name: 'access in one collection does not open another',
            model: world({ roles: [readOnly], users: [user('u', { grants: [grant('FishVoucher', { access: true, roles: ['ReadOnly'] }), grant(ref('FishTissue', C2), { roles: ['ReadOnly'] })] })] }),
            errors: [{ at: C2 }]
        }
    ]
});
