import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/**
 * A library role no collection role is built from. Info only: the library is also exported to
 * Specify's role library on its own, where people copy from it by hand.
 */
export const unusedTemplate = createRule({
    code: 'unused-template',
    severity: 'info',
    description: 'A library role that no collection role uses with `from library`.',
    checkWorld(context) {
        const { model, index } = context;
        const used = new Set<string>();
        for (const role of model.roles) for (const ref of role.templates) used.add(ref.name);
        for (const template of model.libraryRoles) {
            if (index.libraryRoles.get(template.name) !== template || used.has(template.name)) continue;
            context.report({
                message: `No role is built from library role ${template.name}.`,
                source: firstSource(template.nameSource, template.source)
            });
        }
    }
});
