import type { User } from '../../model/policy-model.js';
import type { ModelIndex } from '../../model/stored.js';
import { enteredCollections } from '../access.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** Collections the user can enter in Specify 7, then those given by their Specify 6 settings. */
function accessibleCollections(index: ModelIndex, user: User): readonly string[] {
    const entered = enteredCollections(index, user);
    if (!user.specify6?.collections.length) return entered;
    const names = [...entered];
    for (const ref of user.specify6.collections) {
        if (index.collections.has(ref.name) && !names.includes(ref.name)) names.push(ref.name);
    }
    return names;
}

/**
 * Specify refuses to save permissions (400 MissingAgentForAccessibleCollection) while a user can
 * enter a collection, through any source, without an agent in that collection's division.
 */
export const missingAgent = createRule({
    code: 'missing-agent',
    severity: 'error',
    description: "A user who can enter a collection has no agent in that collection's division.",
    checkUser(context, user) {
        const { index } = context;
        const byDivision = new Map<string, string[]>();
        for (const name of accessibleCollections(index, user)) {
            const division = index.collections.get(name)?.division;
            if (division === undefined) continue;
            if (user.agents.some((agent) => agent.division.name === division)) continue;
            const list = byDivision.get(division) ?? [];
            list.push(name);
            byDivision.set(division, list);
        }
        for (const [division, collections] of byDivision) {
            context.report({
                message: `${user.name} can enter ${collections.join(', ')} but has no agent in division ${division}.`,
                source: firstSource(user.nameSource, user.source),
                data: { user: user.name, division, collections }
            });
        }
    }
});
