import { allResource } from '../../../engine/lint/rules/all-resource.js';
import { at, grant, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const R = at(3, 10, 11);

ruleTester(allResource, {
    valid: [
        { name: 'institution %: % is Institution Admin', model: world({ users: [user('u', { institution: [policy('%', ['%'])] })] }) },
        { name: 'institution %: % with more actions', model: world({ users: [user('u', { institution: [policy('%', ['read', '%'])] })] }) },
        { name: "the library's Collection Admin template", model: world({ libraryRoles: [libraryRole('CollectionAdmin', [policy('%', ['%'])])] }) },
        { name: 'last-segment patterns', model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('/table/%', ['%']), policy('/permissions/%', ['read'])] })] }) },
        { name: 'a % resource with no actions grants nothing', model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('%')] })] }) }
    ],
    invalid: [
        { name: '%: % in a role (Collection Admin), at the resource', model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('%', ['%'], { resourceAt: R })] })] }), errors: [{ at: R }] },
        { name: '%: read in a collection block', model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('%', ['read'], { resourceAt: R })] })] })] }), errors: [{ at: R }] },
        { name: 'institution %: read', model: world({ users: [user('u', { institution: [policy('%', ['read'], { resourceAt: R })] })] }), errors: [{ at: R }] },
        { name: 'institution /%: % matches every resource too', model: world({ users: [user('u', { institution: [policy('/%', ['%'], { resourceAt: R })] })] }), errors: [{ at: R }] },
        { name: '%% in a role', model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('%%', ['read'], { resourceAt: R })] })] }), errors: [{ at: R }] }
    ]
});
