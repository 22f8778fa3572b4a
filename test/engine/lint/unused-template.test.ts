import { unusedTemplate } from '../../../engine/lint/rules/unused-template.js';
import { at, libraryRole, policy, role, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const N = at(2, 13, 20);

ruleTester(unusedTemplate, {
    valid: [
        { name: 'a template a role copies', model: world({ libraryRoles: [libraryRole('L', [policy('/table/%', ['read'])])], roles: [role('R', ['FishVoucher'], { templates: ['L'] })] }) },
        { name: 'copied by an unused role still counts', model: world({ libraryRoles: [libraryRole('L', [])], roles: [role('R', [], { templates: ['L'] })] }) }
    ],
    invalid: [
        { name: 'a template nobody copies, at its name (info)', model: world({ libraryRoles: [libraryRole('L', [], { nameAt: N })] }), errors: [{ at: N, severity: 'info' }] },
        {
            name: 'a role copying another template does not count',
            model: world({ libraryRoles: [libraryRole('L', [], { nameAt: N }), libraryRole('M', [])], roles: [role('R', ['FishVoucher'], { templates: ['M'] })] }),
            errors: [{ at: N }]
        }
    ]
});
