import { duplicateName } from '../../../engine/lint/rules/duplicate-name.js';
import { at, collection, discipline, division, grant, grants, institution, libraryRole, museum, ref, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const N1 = at(1, 5, 10);
const N2 = at(8, 5, 10);
const X = at(9, 30, 40);

ruleTester(duplicateName, {
    valid: [
        { name: 'distinct names', model: world({ roles: [role('A', ['FishVoucher']), role('B', ['FishVoucher'])], libraryRoles: [libraryRole('A', [])] }) },
        { name: 'one role in several collections', model: world({ roles: [role('A', ['FishVoucher', 'FishTissue'], { title: 'Data Entry' })] }) },
        {
            name: 'the same Specify name in different collections',
            model: world({ roles: [role('FishEntry', ['FishVoucher'], { title: 'Data Entry' }), role('PlantEntry', ['Herbarium'], { title: 'Data Entry' })] })
        },
        { name: 'a role and a library role may share a name', model: world({ roles: [role('RunQueries', ['FishVoucher'])], libraryRoles: [libraryRole('RunQueries', [])] }) },
        {
            name: 'two roles with one Specify name in one collection are left to duplicate-role-name',
            model: world({ roles: [role('DataEntry', ['FishVoucher'], { title: 'Data Entry' }), role('Entry2', ['FishVoucher'], { title: 'Data Entry' })] })
        },
        {
            name: 'the same role in different grants of one user',
            model: world({ roles: [role('A', ['FishVoucher', 'FishTissue'])], users: [user('u', { grants: [grant('FishVoucher', { roles: ['A'] }), grant('FishTissue', { roles: ['A'] })] })] })
        }
    ],
    invalid: [
        {
            name: 'two users, at the second name',
            model: world({ users: [user('jdoe', { nameAt: N1 }), user('jdoe', { nameAt: N2 })] }),
            errors: [{ at: N2, data: { kind: 'User', name: 'jdoe', first: N1 } }]
        },
        { name: 'two roles', model: world({ roles: [role('A', ['FishVoucher'], { nameAt: N1 }), role('A', ['Herbarium'], { nameAt: N2 })] }), errors: [{ at: N2 }] },
        { name: 'two library roles', model: world({ libraryRoles: [libraryRole('L', [], { nameAt: N1 }), libraryRole('L', [], { nameAt: N2 })] }), errors: [{ at: N2 }] },
        { name: 'a second institution', model: world({ institutions: [museum(), institution('Other', [], { nameAt: N2 })] }), errors: [{ at: N2, data: { kind: 'institution' } }] },
        {
            name: 'a division name reused in another institution',
            model: world({ institutions: [museum(), institution('Other', [division('Botany', [], { nameAt: N2 })], { nameAt: X })] }),
            errors: [{ at: N2, data: { kind: 'Division', name: 'Botany' } }, { at: X, data: { kind: 'institution' } }]
        },
        {
            name: 'disciplines and collections across divisions',
            model: world({
                institutions: [
                    institution('NHM', [
                        division('A', [discipline('Fish', [collection('C', { nameAt: N1 })])]),
                        division('B', [discipline('Fish', [collection('C', { nameAt: X })], { nameAt: N2 })])
                    ])
                ]
            }),
            errors: [{ at: N2, data: { kind: 'Discipline' } }, { at: X, data: { kind: 'Collection' } }]
        },
        {
            name: 'the same role twice in one grant list, once for a shared block',
            model: world({ roles: [role('A', ['FishVoucher', 'FishTissue'])], users: [user('u', { grants: grants(['FishVoucher', 'FishTissue'], { roles: ['A', ref('A', X)] }) })] }),
            errors: [{ at: X, data: { name: 'A', repeatedInList: true } }]
        },
        {
            name: 'a collection listed twice for a role',
            model: world({ roles: [role('A', ['FishVoucher', ref('FishVoucher', X)])] }),
            errors: [{ at: X, data: { name: 'FishVoucher', repeatedInList: true } }]
        },
        { name: 'a library role copied twice', model: world({ libraryRoles: [libraryRole('L', [])], roles: [role('A', ['FishVoucher'], { templates: ['L', ref('L', X)] })] }), errors: [{ at: X }] }
    ]
});
