import type { Ref, Source } from '../../model/policy-model.js';
import { createRule, type LintContext } from '../rule.js';
import { firstSource } from '../source.js';

interface Named {
    readonly name: string;
    readonly source?: Source;
    readonly nameSource?: Source;
}

/** Reports every element after the first with the same name. */
function reportRepeats(context: LintContext, kind: string, elements: readonly Named[]): void {
    const first = new Map<string, Named>();
    for (const element of new Set(elements)) {
        const earlier = first.get(element.name);
        if (!earlier) {
            first.set(element.name, element);
            continue;
        }
        const at = firstSource(earlier.nameSource, earlier.source);
        context.report({
            message: `${kind} ${element.name} is declared twice; names resolve across the whole workspace.`,
            source: firstSource(element.nameSource, element.source),
            data: { kind, name: element.name, ...(at ? { first: at } : {}) }
        });
    }
}

/** Reports a reference that repeats an earlier one in the same list. */
function reportRepeatedRefs(context: LintContext, refs: readonly Ref[], fallback: Source | undefined, what: (name: string) => string): void {
    const seen = new Set<string>();
    for (const ref of refs) {
        if (seen.has(ref.name)) {
            context.report({ message: what(ref.name), source: firstSource(ref.source, fallback), data: { name: ref.name, repeatedInList: true } });
        }
        seen.add(ref.name);
    }
}

/**
 * Names must be unique per kind across the workspace (references resolve by name) and there is one
 * institution. Two roles with one Specify name (a title) are duplicate-role-name's: Specify allows
 * them, so they are a warning, while a spol name declared twice cannot be resolved at all.
 */
export const duplicateName = createRule({
    code: 'duplicate-name',
    severity: 'error',
    description: 'Two elements of one kind with the same name, two institutions, or one name twice in a list.',
    check(context) {
        const { model } = context;
        for (const extra of model.institutions.slice(1)) {
            context.report({
                message: `Institution ${extra.name} is a second institution; a workspace describes one.`,
                source: firstSource(extra.nameSource, extra.source),
                data: { kind: 'institution', name: extra.name }
            });
        }
        const divisions = model.institutions.flatMap((i) => i.divisions);
        const disciplines = divisions.flatMap((d) => d.disciplines);
        const collections = disciplines.flatMap((d) => d.collections);
        reportRepeats(context, 'Division', divisions);
        reportRepeats(context, 'Discipline', disciplines);
        reportRepeats(context, 'Collection', collections);
        reportRepeats(context, 'User', model.users);
        reportRepeats(context, 'Role', model.roles);
        reportRepeats(context, 'Library role', model.libraryRoles);

        // The same name twice in one list.
        for (const role of new Set(model.roles)) {
            reportRepeatedRefs(context, role.collections, role.nameSource, (n) => `Role ${role.name} lists collection ${n} twice.`);
            reportRepeatedRefs(context, role.templates, role.nameSource, (n) => `Role ${role.name} copies library role ${n} twice.`);
        }
    },
    checkUser(context, user) {
        for (const grant of user.collections) {
            reportRepeatedRefs(context, grant.roles, grant.source, (n) => `Role ${n} is given to ${user.name} twice in one list.`);
        }
    }
});
