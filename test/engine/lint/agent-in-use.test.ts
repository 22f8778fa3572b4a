import { agentInUse } from '../../../engine/lint/rules/agent-in-use.js';
import { agent, at, ref, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const A2 = at(4, 4, 36);
const A3 = at(5, 4, 36);
const D = at(4, 30, 36);

ruleTester(agentInUse, {
    valid: [
        { name: 'one agent per user', model: world({ users: [user('u', { agents: [agent('Doe, Ann', 'Botany')] }), user('v', { agents: [agent('Roe, Bo', 'Botany')] })] }) },
        {
            name: 'the same agent name in different divisions (different agents)',
            model: world({ users: [user('u', { agents: [agent('Doe, Ann', 'Botany')] }), user('v', { agents: [agent('Doe, Ann', 'Ichthyology')] })] })
        },
        { name: 'two agents of one user in one division are left to multiple-agents', model: world({ users: [user('u', { agents: [agent('Doe', 'Botany'), agent('doe', 'Botany')] })] }) },
        { name: 'agents in divisions that do not exist are skipped', model: world({ users: [user('u', { agents: [agent('X', 'Nowhere')] }), user('v', { agents: [agent('X', 'Nowhere')] })] }) },
        { name: 'names that differ in a letter general_ci tells apart', model: world({ users: [user('u', { agents: [agent('Øst', 'Botany')] }), user('v', { agents: [agent('Ost', 'Botany')] })] }) }
    ],
    invalid: [
        {
            name: 'a second user with the same agent in one division, at that agent',
            model: world({ users: [user('u', { agents: [agent('Doe, Ann', 'Botany')] }), user('v', { agents: [agent('Doe, Ann', 'Botany', A2)] })] }),
            errors: [{ at: A2, data: { division: 'Botany', agent: 'Doe, Ann', other: 'u' } }]
        },
        {
            name: 'names general_ci compares as equal: case, accents, ß, trailing spaces',
            model: world({
                users: [
                    user('u', { agents: [agent('Müller, Jörg', 'Botany'), agent('Straße', 'Ichthyology')] }),
                    user('v', { agents: [agent('MULLER, JORG ', 'Botany', A2), agent('STRASE', 'Ichthyology', A3)] })
                ]
            }),
            errors: [{ at: A2, data: { other: 'u' } }, { at: A3, data: { other: 'u' } }]
        },
        {
            name: 'every later user, each against the first',
            model: world({ users: [user('u', { agents: [agent('Doe', 'Botany')] }), user('v', { agents: [agent('Doe', 'Botany', A2)] }), user('w', { agents: [agent('Doe', 'Botany', A3)] })] }),
            errors: [{ at: A2, data: { other: 'u' } }, { at: A3, data: { other: 'u' } }]
        },
        {
            name: 'at the division reference when the agent has no place of its own',
            model: world({ users: [user('u', { agents: [agent('Doe', 'Botany')] }), user('v', { agents: [{ name: 'Doe', division: ref('Botany', D) }] })] }),
            errors: [{ at: D }]
        }
    ]
});
