import { unknownSpecify6Group } from '../../../engine/lint/rules/unknown-specify6-group.js';
import { at, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const S = at(6, 4, 40);
const N = at(5, 5, 9);

ruleTester(unknownSpecify6Group, {
    valid: [
        { name: 'the four groups', model: world({ users: ['Manager', 'FullAccess', 'LimitedAccess', 'Guest'].map((group, i) => user(`u${i}`, { specify6: { group } })) }) },
        { name: 'no group', model: world({ users: [user('u', { specify6: { admin: true } })] }) },
        { name: 'no Specify 6 settings', model: world({ users: [user('u')] }) }
    ],
    invalid: [
        { name: 'a group in the wrong case, at the specify6 block', model: world({ users: [user('u', { specify6: { group: 'manager', source: S } })] }), errors: [{ at: S, data: { suggestions: ['Manager'] } }] },
        { name: 'a group Specify 6 never had', model: world({ users: [user('u', { specify6: { group: 'Administrator', source: S } })] }), errors: [{ at: S }] },
        {
            name: 'at the user name when the block has no place of its own',
            model: world({ users: [{ ...user('u', { nameAt: N }), specify6: { admin: false, group: 'Guests', collections: [] } }] }),
            errors: [{ at: N, data: { suggestions: ['Guest'] } }]
        }
    ]
});
