import type { Source } from '../../model/policy-model.js';
import { isInstitutionAdmin } from '../access.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** Specify refuses every policy change (400 NoAdminUsersException) once nobody holds institution `%`: `%`. */
export const noInstitutionAdmin = createRule({
    code: 'no-institution-admin',
    severity: 'error',
    description: 'No user holds the institution-level policy %: % (Institution Admin).',
    check(context) {
        const { model, index } = context;
        if (model.users.some((user) => isInstitutionAdmin(index, user))) return;
        const elements: { source?: Source; nameSource?: Source }[] = [
            ...model.institutions,
            ...model.users,
            ...model.roles,
            ...model.libraryRoles
        ];
        if (elements.length === 0) return;
        const institution = model.institutions[0];
        const source =
            firstSource(institution?.nameSource, institution?.source) ??
            elements.map((e) => firstSource(e.nameSource, e.source)).find((s) => s !== undefined);
        context.report({
            message: institution
                ? `Institution ${institution.name} has no Institution Admin: no user holds the institution-level policy %: %.`
                : 'No user is Institution Admin: nobody holds the institution-level policy %: %.',
            ...(source ? { source } : {})
        });
    }
});
