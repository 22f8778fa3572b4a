import { institutionAdminTwice } from '../../../engine/lint/rules/institution-admin-twice.js';
import { at, policy, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const K = at(2, 4, 21);
const P1 = at(4, 8, 20);
const P2 = at(5, 8, 26);

ruleTester(institutionAdminTwice, {
    valid: [
        { name: 'only the keyword', model: world({ users: [user('u', { admin: K })] }) },
        { name: 'only allow %: %', model: world({ users: [user('u', { institution: [policy('%', ['%'])] })] }) },
        { name: 'the keyword and a narrower institution policy', model: world({ users: [user('u', { admin: K, institution: [policy('%', ['read']), policy('/table/%', ['%'])] })] }) },
        { name: 'the keyword and a %% pattern, which is not the admin row', model: world({ users: [user('u', { admin: K, institution: [policy('%%', ['%'])] })] }) },
        { name: 'two users, one spelling each', model: world({ users: [user('a', { admin: K }), user('b', { institution: [policy('%', ['%'])] })] }) }
    ],
    invalid: [
        {
            name: 'the keyword and allow %: %, at the policy',
            model: world({ users: [user('u', { admin: K, institution: [policy('%', ['%'], { at: P1 })] })] }),
            errors: [{ at: P1, data: { keyword: K } }]
        },
        {
            name: 'allow %: % among other actions',
            model: world({ users: [user('u', { admin: K, institution: [policy('%', ['read', '%'], { at: P2 })] })] }),
            errors: [{ at: P2 }]
        },
        {
            name: 'each allow %: % once',
            model: world({ users: [user('u', { admin: K, institution: [policy('%', ['%'], { at: P1 }), policy('%', ['%'], { at: P2 })] })] }),
            errors: [{ at: P1 }, { at: P2 }]
        }
    ]
});
