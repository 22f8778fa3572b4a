import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** Two agents for one user in one division: Specify's set_agents answers 400 MultipleAgentsException. */
export const multipleAgents = createRule({
    code: 'multiple-agents',
    severity: 'error',
    description: 'A user has two agents in one division.',
    checkUser(context, user) {
        const { index } = context;
        const first = new Map<string, string>();
        for (const agent of user.agents) {
            const division = agent.division.name;
            if (!index.divisions.has(division)) continue;
            const earlier = first.get(division);
            if (earlier === undefined) {
                first.set(division, agent.name);
                continue;
            }
            context.report({
                message: `${user.name} already has agent "${earlier}" in division ${division}; Specify allows one agent per division.`,
                source: firstSource(agent.source, agent.division.source, user.nameSource),
                data: { division }
            });
        }
    }
});
