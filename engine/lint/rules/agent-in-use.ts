import { collationKey } from '../../collation.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * Two users naming the same agent in one division. A Specify agent stands for at most one user, so
 * `POST /accounts/set_agents/<uid>/` answers 400 `AgentInUseException` when the agent is already
 * another user's. Agent names are compared as Specify's `*_general_ci` columns compare them (case,
 * accents and trailing spaces ignored), since that is how one name finds one agent row.
 */
export const agentInUse = createRule({
    code: 'agent-in-use',
    severity: 'error',
    description: 'Two users name the same agent (the same agent name in one division); Specify answers AgentInUseException.',
    check(context) {
        const { index } = context;
        /** division → agent key → the first user who named it, and how they wrote it. */
        const first = new Map<string, Map<string, { readonly user: string; readonly name: string }>>();
        for (const user of new Set(context.model.users)) {
            for (const agent of user.agents) {
                const division = agent.division.name;
                if (!index.divisions.has(division)) continue;
                const agents = first.get(division) ?? new Map<string, { readonly user: string; readonly name: string }>();
                first.set(division, agents);
                const key = collationKey(agent.name);
                const earlier = agents.get(key);
                if (!earlier) {
                    agents.set(key, { user: user.name, name: agent.name });
                    continue;
                }
                // Two agents of one user in one division are multiple-agents' to report.
                if (earlier.user === user.name) continue;
                const same = earlier.name === agent.name ? '' : ` (Specify compares "${earlier.name}" and "${agent.name}" as equal)`;
                context.report({
                    message: `${user.name}'s agent "${agent.name}" in division ${division} is already ${earlier.user}'s${same}; Specify gives an agent to one user only.`,
                    source: firstSource(agent.source, agent.division.source, user.nameSource),
                    data: { division, agent: agent.name, other: earlier.user }
                });
            }
        }
    }
});
