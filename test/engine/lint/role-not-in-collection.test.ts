import { roleNotInCollection } from '../../../engine/lint/rules/role-not-in-collection.js';
import { at, grant, grants, ref, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const R1 = at(6, 20, 28);
const R2 = at(6, 30, 38);

const fishRole = role('FishRole', ['FishVoucher', 'FishTissue']);
const plantRole = role('PlantRole', ['Herbarium']);

ruleTester(roleNotInCollection, {
    valid: [
        { name: 'a role in a collection it is declared for', model: world({ roles: [fishRole], users: [user('u', { grants: grants(['FishVoucher', 'FishTissue'], { roles: ['FishRole'] }) })] }) },
        { name: 'an unknown role is skipped', model: world({ users: [user('u', { grants: [grant('FishVoucher', { roles: ['Nobody'] })] })] }) },
        { name: 'an unknown collection is skipped', model: world({ roles: [fishRole], users: [user('u', { grants: [grant('Nowhere', { roles: ['FishRole'] })] })] }) }
    ],
    invalid: [
        {
            name: 'a role from another collection, at the role reference',
            model: world({ roles: [fishRole], users: [user('u', { grants: [grant('Herbarium', { roles: [ref('FishRole', R1)] })] })] }),
            errors: [{ at: R1, data: { role: 'FishRole', collection: 'Herbarium', declaredFor: ['FishVoucher', 'FishTissue'] } }]
        },
        {
            name: 'each misplaced role',
            model: world({ roles: [fishRole, plantRole], users: [user('u', { grants: [grant('FishVoucher', { roles: [ref('PlantRole', R1), 'FishRole'] }), grant('Herbarium', { roles: [ref('FishRole', R2)] })] })] }),
            errors: [{ at: R1 }, { at: R2 }]
        },
        {
            name: 'a shared block: wrong in one collection only',
            model: world({ roles: [plantRole], users: [user('u', { grants: grants(['Herbarium', 'FishTissue'], { roles: [ref('PlantRole', R1)] }) })] }),
            errors: [{ at: R1, data: { collection: 'FishTissue' } }]
        }
    ]
});
