import { missingAgent } from '../../../engine/lint/rules/missing-agent.js';
import { agent, at, grant, grants, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const N = at(7, 5, 9);

ruleTester(missingAgent, {
    valid: [
        { name: 'access with an agent in the division', model: world({ users: [user('u', { agents: [agent('U', 'Ichthyology')], grants: [grant('FishVoucher', { access: true })] })] }) },
        { name: 'no access, no agent needed', model: world({ users: [user('u', { institution: [policy('/table/%', ['read'])] })] }) },
        {
            name: 'roles without collection access',
            model: world({ roles: [role('R', ['FishVoucher'], { policies: [policy('/table/%', ['read'])] })], users: [user('u', { grants: [grant('FishVoucher', { roles: ['R'] })] })] })
        },
        { name: 'access to a collection that does not exist is skipped', model: world({ users: [user('u', { grants: [grant('Nowhere', { access: true })] })] }) },
        {
            name: 'Institution Admin with an agent in every division',
            model: world({ users: [user('u', { admin: true, agents: [agent('U', 'Ichthyology'), agent('U', 'Botany')] })] })
        }
    ],
    invalid: [
        {
            name: 'access without any agent, at the user name',
            model: world({ users: [user('u', { nameAt: N, grants: [grant('FishVoucher', { access: true })] })] }),
            errors: [{ at: N, data: { division: 'Ichthyology', collections: ['FishVoucher'] } }]
        },
        {
            name: 'an agent in the wrong division',
            model: world({ users: [user('u', { nameAt: N, agents: [agent('U', 'Botany')], grants: [grant('Herbarium', { access: true }), grant('FishTissue', { access: true })] })] }),
            errors: [{ at: N, data: { division: 'Ichthyology', collections: ['FishTissue'] } }]
        },
        {
            name: 'one diagnostic per division, naming each collection',
            model: world({ users: [user('u', { nameAt: N, grants: grants(['FishVoucher', 'FishTissue', 'Herbarium'], { access: true }) })] }),
            errors: [
                { at: N, data: { division: 'Ichthyology', collections: ['FishVoucher', 'FishTissue'] } },
                { at: N, data: { division: 'Botany', collections: ['Herbarium'] } }
            ]
        },
        {
            name: 'Institution Admin enters every collection',
            model: world({ users: [user('u', { nameAt: N, admin: true, agents: [agent('U', 'Ichthyology')] })] }),
            errors: [{ at: N, data: { division: 'Botany' } }]
        },
        {
            name: 'access through a role',
            model: world({
                roles: [role('CollectionAdmin', ['Herbarium'], { policies: [policy('%', ['%'])] })],
                users: [user('u', { nameAt: N, grants: [grant('Herbarium', { roles: ['CollectionAdmin'] })] })]
            }),
            errors: [{ at: N, data: { division: 'Botany', collections: ['Herbarium'] } }]
        },
        {
            name: 'access through an institution-level pattern',
            model: world({ users: [user('u', { nameAt: N, agents: [agent('U', 'Botany')], institution: [policy('/system/sp7/%', ['acc%'])] })] }),
            errors: [{ at: N, data: { division: 'Ichthyology', collections: ['FishVoucher', 'FishTissue'] } }]
        },
        {
            name: 'access through a collection policy',
            model: world({ users: [user('u', { nameAt: N, grants: [grant('FishTissue', { policies: [policy('/system/sp7/collection', ['%'])] })] })] }),
            errors: [{ at: N, data: { collections: ['FishTissue'] } }]
        },
        {
            name: 'Specify 6 collection access counts too',
            model: world({ users: [user('u', { nameAt: N, specify6: { group: 'Guest', collections: [{ name: 'Herbarium' }] } })] }),
            errors: [{ at: N, data: { division: 'Botany', collections: ['Herbarium'] } }]
        }
    ]
});
