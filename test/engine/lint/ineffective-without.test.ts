import { ineffectiveWithout } from '../../../engine/lint/rules/ineffective-without.js';
import type { Source, WithoutFieldWildcard } from '../../../engine/model/policy-model.js';
import { at, grant, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const W = at(5, 12, 20);
const ACCESS = policy('/system/sp7/collection', ['access']);

function without(resource = '/field/%', source: Source = W): WithoutFieldWildcard {
    return { resource, resourceSource: source, source: at(5, 4, 20) };
}

ruleTester(ineffectiveWithout, {
    valid: [
        { name: 'a role with access', model: world({ roles: [{ ...role('R', ['FishVoucher'], { policies: [ACCESS] }), without: without() }] }) },
        { name: 'any case of /field/%', model: world({ roles: [{ ...role('R', ['FishVoucher'], { policies: [ACCESS] }), without: without('/FIELD/%') }] }) },
        {
            name: 'access through a template',
            model: world({
                libraryRoles: [libraryRole('T', [ACCESS])],
                roles: [{ ...role('R', ['FishVoucher'], { templates: ['T'] }), without: without() }]
            })
        },
        { name: 'a library role with access', model: world({ libraryRoles: [{ ...libraryRole('L', [ACCESS]), without: without() }] }) },
        { name: 'a collection block with access', model: world({ users: [user('u', { grants: [{ ...grant('FishVoucher', { access: true }), without: without() }] })] }) },
        {
            name: "access in another of the user's blocks for the collection",
            model: world({ users: [user('u', { grants: [grant('FishVoucher', { access: true }), { ...grant('FishVoucher'), without: without() }] })] })
        },
        { name: '/field/% with another action', model: world({ roles: [{ ...role('R', ['FishVoucher'], { policies: [ACCESS, policy('/field/%', ['update'])] }), without: without() }] }) },
        { name: 'no without at all', model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('/table/%', ['read'])] })] }) },
        { name: 'a role in no known collection', model: world({ roles: [{ ...role('R', ['Nowhere']), without: without() }] }) }
    ],
    invalid: [
        { name: 'a role without collection access', model: world({ roles: [{ ...role('R', ['FishVoucher'], { policies: [policy('/table/%', ['read'])] }), without: without() }] }), errors: [{ at: W }] },
        { name: 'a library role without access', model: world({ libraryRoles: [{ ...libraryRole('L', []), without: without() }] }), errors: [{ at: W }] },
        { name: 'a collection block without access', model: world({ users: [user('u', { grants: [{ ...grant('FishVoucher'), without: without() }] })] }), errors: [{ at: W }] },
        {
            name: 'a role that allows /field/%: % itself',
            model: world({ roles: [{ ...role('R', ['FishVoucher'], { policies: [ACCESS, policy('/field/%', ['%'])] }), without: without() }] }),
            errors: [{ at: W }]
        },
        {
            name: 'another resource, as an error, even with access',
            model: world({ roles: [{ ...role('R', ['FishVoucher'], { policies: [ACCESS] }), without: without('/table/%') }] }),
            errors: [{ at: W, severity: 'error', data: { resource: '/table/%' } }]
        },
        {
            name: 'at the statement when the resource has no place of its own',
            model: world({ roles: [{ ...role('R', ['FishVoucher']), without: { resource: '/field/%', source: at(6, 4, 20) } }] }),
            errors: [{ at: at(6, 4, 20) }]
        }
    ]
});
