import { createRule } from '../rule.js';
import { firstSource } from '../source.js';
import { suggest } from '../../suggest.js';

/** Specify 6 user types, as Specify 7's permission initialisation compares them (case-sensitive). */
export const SPECIFY6_GROUPS: readonly string[] = Object.freeze(['Manager', 'FullAccess', 'LimitedAccess', 'Guest']);

export const unknownSpecify6Group = createRule({
    code: 'unknown-specify6-group',
    severity: 'error',
    description: 'A Specify 6 group that is not Manager, FullAccess, LimitedAccess or Guest.',
    checkUser(context, user) {
        const group = user.specify6?.group;
        if (group === undefined || SPECIFY6_GROUPS.includes(group)) return;
        const suggestions = suggest(group, SPECIFY6_GROUPS);
        const hint = suggestions.length ? `; did you mean ${suggestions[0]}?` : '.';
        context.report({
            message: `${user.name}'s Specify 6 group ${group} is not one of ${SPECIFY6_GROUPS.join(', ')}${hint}`,
            source: firstSource(user.specify6?.source, user.nameSource, user.source),
            data: { suggestions }
        });
    }
});
