import { canEnter } from '../access.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * Roles held in a collection the user cannot enter: they do nothing, yet Specify's collection user
 * list still shows the user there (specify7 issues #3306, #2433).
 */
export const rolesWithoutAccess = createRule({
    code: 'roles-without-access',
    severity: 'warning',
    description: 'A user holds roles in a collection they cannot enter.',
    checkUser(context, user) {
        const { index } = context;
        const done = new Set<string>();
        for (const grant of user.collections) {
            const collection = grant.collection.name;
            if (done.has(collection) || !index.collections.has(collection)) continue;
            done.add(collection);
            const roles = index.rolesHeld(user, collection);
            if (roles.length === 0 || canEnter(index, user, collection)) continue;
            const first = user.collections.find((g) => g.collection.name === collection && g.roles.length > 0) ?? grant;
            context.report({
                message: `${user.name} holds ${roles.map((r) => r.name).join(', ')} in ${collection} but cannot enter ${collection}.`,
                source: firstSource(first.collection.source, first.source, user.nameSource),
                data: { collection, roles: roles.map((r) => r.name) }
            });
        }
    }
});
