import { duplicateRoleName } from '../../../engine/lint/rules/duplicate-role-name.js';
import { at, libraryRole, role, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const N2 = at(8, 5, 10);
const N3 = at(9, 5, 10);

ruleTester(duplicateRoleName, {
    valid: [
        { name: 'distinct Specify names', model: world({ roles: [role('A', ['FishVoucher']), role('B', ['FishVoucher'])], libraryRoles: [libraryRole('A', [])] }) },
        { name: 'one role in several collections', model: world({ roles: [role('A', ['FishVoucher', 'FishTissue'], { title: 'Data Entry' })] }) },
        {
            name: 'the same Specify name in different collections',
            model: world({ roles: [role('FishEntry', ['FishVoucher'], { title: 'Data Entry' }), role('PlantEntry', ['Herbarium'], { title: 'Data Entry' })] })
        },
        { name: 'a role and a library role may share a Specify name', model: world({ roles: [role('RunQueries', ['FishVoucher'])], libraryRoles: [libraryRole('RunQueries', [])] }) },
        {
            name: "Specify's Import matches names exactly: names that differ in case are distinct",
            model: world({ roles: [role('A', ['FishVoucher'], { title: 'Data Entry' }), role('B', ['FishVoucher'], { title: 'data entry' })] })
        },
        { name: 'a spol name declared twice is left to duplicate-name', model: world({ roles: [role('A', ['FishVoucher']), role('A', ['FishVoucher'])] }) }
    ],
    invalid: [
        {
            name: 'two roles with one Specify name in one collection, a warning at the second',
            model: world({ roles: [role('DataEntry', ['FishVoucher'], { title: 'Data Entry' }), role('Entry2', ['FishTissue', 'FishVoucher'], { title: 'Data Entry', nameAt: N2 })] }),
            errors: [{ at: N2, severity: 'warning', data: { kind: 'role', name: 'Data Entry', other: 'DataEntry', collections: ['FishVoucher'] } }]
        },
        {
            name: "a title equal to another role's name",
            model: world({ roles: [role('Curator', ['FishVoucher']), role('LeadCurator', ['FishVoucher'], { title: 'Curator', nameAt: N2 })] }),
            errors: [{ at: N2 }]
        },
        {
            name: 'every later role with the name',
            model: world({
                roles: [
                    role('A', ['Herbarium'], { title: 'Reader' }),
                    role('B', ['Herbarium'], { title: 'Reader', nameAt: N2 }),
                    role('C', ['Herbarium'], { title: 'Reader', nameAt: N3 })
                ]
            }),
            errors: [{ at: N2, data: { other: 'A' } }, { at: N3, data: { other: 'A' } }]
        },
        {
            name: 'two library roles with one Specify name',
            model: world({ libraryRoles: [libraryRole('RunQueries', [], { title: 'Run Queries' }), libraryRole('Queries', [], { title: 'Run Queries', nameAt: N2 })] }),
            errors: [{ at: N2, data: { kind: 'library-role', name: 'Run Queries' } }]
        }
    ]
});
