import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** A collection role no user is given anywhere. */
export const unusedRole = createRule({
    code: 'unused-role',
    severity: 'warning',
    description: 'A collection role that no user holds.',
    check(context) {
        const { model, index } = context;
        const named = new Set<string>();
        for (const user of model.users) for (const grant of user.collections) for (const ref of grant.roles) named.add(ref.name);
        for (const role of model.roles) {
            if (index.roles.get(role.name) !== role || named.has(role.name)) continue;
            context.report({
                message: `No user holds role ${role.name}.`,
                source: firstSource(role.nameSource, role.source)
            });
        }
    }
});
