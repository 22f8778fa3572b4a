import { noInstitutionAdmin } from '../../../engine/lint/rules/no-institution-admin.js';
import { at, libraryRole, model, museum, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const I = at(0, 12, 15);
const U = at(9, 5, 8);
const L = at(1, 13, 20);

ruleTester(noInstitutionAdmin, {
    valid: [
        { name: 'an Institution Admin', model: world() },
        { name: 'an institution-level %: % policy', model: model({ institutions: [museum()], users: [user('u', { institution: [policy('%', ['%'])] })] }) },
        { name: '%: % among other actions still stores the %/% row', model: model({ users: [user('u', { institution: [policy('%', ['read', '%'])] })] }) },
        { name: 'an empty workspace has nothing to anchor a problem to', model: model() }
    ],
    invalid: [
        { name: 'no users, at the institution name', model: model({ institutions: [museum({ nameAt: I })] }), errors: [{ at: I }] },
        {
            name: 'Collection Admin through a role is not Institution Admin',
            model: model({
                institutions: [museum({ nameAt: I })],
                roles: [role('CA', ['FishVoucher'], { policies: [policy('%', ['%'])] })],
                users: [user('u', { grants: [] })]
            }),
            errors: [{ at: I }]
        },
        { name: 'institution %: read is not %: %', model: model({ institutions: [museum({ nameAt: I })], users: [user('u', { institution: [policy('%', ['read'])] })] }), errors: [{ at: I }] },
        { name: '/%: % is not the exact row is_admin() looks for', model: model({ institutions: [museum({ nameAt: I })], users: [user('u', { institution: [policy('/%', ['%'])] })] }), errors: [{ at: I }] },
        { name: 'no institution: at the first user', model: model({ users: [user('u', { nameAt: U }), user('v')] }), errors: [{ at: U }] },
        { name: 'only library roles: at the first one', model: model({ libraryRoles: [libraryRole('L', [], { nameAt: L })] }), errors: [{ at: L }] },
        { name: 'elements without sources: no source', model: { institutions: [{ name: 'X', divisions: [] }], libraryRoles: [], roles: [], users: [] }, errors: [{ at: null }] }
    ]
});
