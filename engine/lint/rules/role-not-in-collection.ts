import type { Role } from '../../model/policy-model.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * A role given in a collection it is not declared for. Specify's PUT user_roles asserts that every
 * role belongs to the collection and fails with a server error (500).
 */
export const roleNotInCollection = createRule({
    code: 'role-not-in-collection',
    severity: 'error',
    description: 'A user is given a role in a collection the role is not declared for.',
    checkUser(context, user) {
        const { index } = context;
        for (const grant of user.collections) {
            const collection = grant.collection.name;
            if (!index.collections.has(collection)) continue;
            for (const ref of grant.roles) {
                const role = index.roles.get(ref.name);
                if (!role || isDeclaredFor(role, collection)) continue;
                const declared = role.collections.map((c) => c.name);
                context.report({
                    message: `Role ${role.name} is not declared for ${collection}${declared.length ? ` (only ${declared.join(', ')})` : ''}.`,
                    source: firstSource(ref.source, grant.source, user.nameSource),
                    data: { role: role.name, collection, declaredFor: declared }
                });
            }
        }
    }
});

/** Whether the role is declared for the collection (a plain loop: asked for every role a user holds). */
function isDeclaredFor(role: Role, collection: string): boolean {
    for (const declared of role.collections) if (declared.name === collection) return true;
    return false;
}
