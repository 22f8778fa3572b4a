import { multipleAgents } from '../../../engine/lint/rules/multiple-agents.js';
import { agent, at, ref, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const A2 = at(4, 4, 36);
const A3 = at(5, 4, 36);
const D = at(4, 30, 36);

ruleTester(multipleAgents, {
    valid: [
        { name: 'one agent per division', model: world({ users: [user('u', { agents: [agent('U', 'Ichthyology'), agent('U', 'Botany')] })] }) },
        { name: 'agents in divisions that do not exist are skipped', model: world({ users: [user('u', { agents: [agent('U', 'Nowhere'), agent('V', 'Nowhere')] })] }) },
        { name: 'different users in one division', model: world({ users: [user('u', { agents: [agent('U', 'Botany')] }), user('v', { agents: [agent('V', 'Botany')] })] }) }
    ],
    invalid: [
        {
            name: 'a second agent in a division, at that agent',
            model: world({ users: [user('u', { agents: [agent('U', 'Botany'), agent('U2', 'Botany', A2)] })] }),
            errors: [{ at: A2, data: { division: 'Botany' } }]
        },
        {
            name: 'every agent after the first',
            model: world({ users: [user('u', { agents: [agent('U', 'Ichthyology'), agent('U2', 'Ichthyology', A2), agent('U3', 'Ichthyology', A3)] })] }),
            errors: [{ at: A2 }, { at: A3 }]
        },
        {
            name: 'at the division reference when the agent has no place of its own',
            model: world({ users: [user('u', { agents: [agent('U', 'Botany'), { name: 'U2', division: ref('Botany', D) }] })] }),
            errors: [{ at: D }]
        }
    ]
});
