import { unusedRole } from '../../../engine/lint/rules/unused-role.js';
import { at, grant, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const N = at(2, 5, 9);
const N2 = at(6, 5, 9);

ruleTester(unusedRole, {
    valid: [
        { name: 'a held role', model: world({ roles: [role('R', ['FishVoucher'])], users: [user('u', { grants: [grant('FishVoucher', { roles: ['R'] })] })] }) },
        { name: 'held in only one of its collections', model: world({ roles: [role('R', ['FishVoucher', 'Herbarium'])], users: [user('u', { grants: [grant('Herbarium', { roles: ['R'] })] })] }) },
        {
            name: 'given in the wrong collection still counts (role-not-in-collection reports that)',
            model: world({ roles: [role('R', ['FishVoucher'])], users: [user('u', { grants: [grant('Herbarium', { roles: ['R'] })] })] })
        },
        {
            name: 'a duplicate declaration is left to duplicate-name',
            model: world({ roles: [role('R', ['FishVoucher']), role('R', ['Herbarium'])], users: [user('u', { grants: [grant('FishVoucher', { roles: ['R'] })] })] })
        }
    ],
    invalid: [
        { name: 'a role nobody holds, at its name', model: world({ roles: [role('R', ['FishVoucher'], { nameAt: N })] }), errors: [{ at: N }] },
        {
            name: 'each unused role',
            model: world({ roles: [role('R', ['FishVoucher'], { nameAt: N }), role('S', ['FishVoucher']), role('T', ['Herbarium'], { nameAt: N2 })], users: [user('u', { grants: [grant('FishVoucher', { roles: ['S'] })] })] }),
            errors: [{ at: N }, { at: N2 }]
        }
    ]
});
