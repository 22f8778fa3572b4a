import type { LibraryRole, Role } from '../../model/policy-model.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** The name Specify shows, stores and matches on import: the title, else the name. */
function specifyName(role: Role | LibraryRole): string {
    return role.title ?? role.name;
}

/**
 * Two roles with one Specify name in one collection, or two library roles with one Specify name.
 * Specify allows it (role names are not unique), so this is a warning, not an error; but its role
 * Import matches roles by exact name (`===`), so an imported role would update only one of them.
 */
export const duplicateRoleName = createRule({
    code: 'duplicate-role-name',
    severity: 'warning',
    description: "Two roles with the same Specify name in one collection (or in the library): Specify's Import would match only one.",
    checkWorld(context) {
        const { model } = context;
        const byCollection = new Map<string, Map<string, Role>>();
        for (const role of new Set(model.roles)) {
            const clashes = new Map<string, string[]>();
            for (const name of new Set(role.collections.map((c) => c.name))) {
                const names = byCollection.get(name) ?? new Map<string, Role>();
                byCollection.set(name, names);
                const earlier = names.get(specifyName(role));
                if (!earlier) names.set(specifyName(role), role);
                else if (earlier.name !== role.name) clashes.set(earlier.name, [...(clashes.get(earlier.name) ?? []), name]);
            }
            for (const [other, where] of clashes) {
                context.report({
                    message: `Role ${role.name} has the Specify name "${specifyName(role)}" of role ${other} in ${where.join(', ')}; Specify allows it, but its Import matches roles by name and would update only one.`,
                    source: firstSource(role.nameSource, role.source),
                    data: { kind: 'role', name: specifyName(role), other, collections: where }
                });
            }
        }
        const library = new Map<string, string>();
        for (const template of new Set(model.libraryRoles)) {
            const earlier = library.get(specifyName(template));
            if (earlier === undefined) library.set(specifyName(template), template.name);
            else if (earlier !== template.name) {
                context.report({
                    message: `Library role ${template.name} has the Specify name "${specifyName(template)}" of library role ${earlier}; Specify allows it, but its Import matches roles by name and would update only one.`,
                    source: firstSource(template.nameSource, template.source),
                    data: { kind: 'library-role', name: specifyName(template), other: earlier }
                });
            }
        }
    }
});
