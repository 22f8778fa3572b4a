import { emptyPolicy } from '../../../engine/lint/rules/empty-policy.js';
import { at, grant, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const P = at(2, 4, 16);
const R = at(2, 10, 16);

ruleTester(emptyPolicy, {
    valid: [
        { name: 'a policy with actions', model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('/report', ['execute'])] })] }) },
        { name: 'no policies at all', model: world({ roles: [role('R', ['FishVoucher'])] }) }
    ],
    invalid: [
        {
            name: 'allow /report in a role, at the whole policy',
            model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('/report', [], { at: P, resourceAt: R })] })] }),
            errors: [{ at: P }]
        },
        { name: 'in a library role (imported actions: [])', model: world({ libraryRoles: [libraryRole('L', [policy('/table/%', [], { at: P })])] }), errors: [{ at: P }] },
        { name: 'in institution policies', model: world({ users: [user('u', { institution: [policy('%', [], { at: P })] })] }), errors: [{ at: P }] },
        { name: 'in a collection block', model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('/report', [], { at: P })] })] })] }), errors: [{ at: P }] },
        {
            name: 'at the resource when the policy has no place of its own',
            model: world({ roles: [role('R', ['FishVoucher'], { policies: [{ resource: '/report', actions: [], resourceSource: R }] })] }),
            errors: [{ at: R }]
        }
    ]
});
