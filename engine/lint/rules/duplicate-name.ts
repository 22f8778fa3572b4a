import type { Ref, Role, Source } from '../../model/policy-model.js';
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

/** The name Specify shows, stores and matches on import: the title, else the name. */
function specifyName(role: { readonly name: string; readonly title?: string }): string {
    return role.title ?? role.name;
}

/**
 * Names must be unique per kind across the workspace (references resolve by name), there is one
 * institution, and Specify names of roles must be unique within a collection and within the
 * library: Specify's Import matches roles by exact name, so two roles with one name collide.
 */
export const duplicateName = createRule({
    code: 'duplicate-name',
    severity: 'error',
    description: 'Two elements of one kind with the same name, two institutions, or two roles with the same Specify name in one collection.',
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

        // Specify names within one collection, and within the library.
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
                    message: `Role ${role.name} has the Specify name "${specifyName(role)}" of role ${other} in ${where.join(', ')}.`,
                    source: firstSource(role.nameSource, role.source),
                    data: { kind: 'role-specify-name', name: specifyName(role), other, collections: where }
                });
            }
        }
        const library = new Map<string, string>();
        for (const template of new Set(model.libraryRoles)) {
            const earlier = library.get(specifyName(template));
            if (earlier === undefined) library.set(specifyName(template), template.name);
            else if (earlier !== template.name) {
                context.report({
                    message: `Library role ${template.name} has the Specify name "${specifyName(template)}" of library role ${earlier}.`,
                    source: firstSource(template.nameSource, template.source),
                    data: { kind: 'library-specify-name', name: specifyName(template), other: earlier }
                });
            }
        }

        // The same name twice in one list.
        for (const role of new Set(model.roles)) {
            reportRepeatedRefs(context, role.collections, role.nameSource, (n) => `Role ${role.name} lists collection ${n} twice.`);
            reportRepeatedRefs(context, role.templates, role.nameSource, (n) => `Role ${role.name} copies library role ${n} twice.`);
        }
        for (const user of new Set(model.users)) {
            for (const grant of user.collections) {
                reportRepeatedRefs(
                    context,
                    grant.roles,
                    grant.source,
                    (n) => `Role ${n} is given to ${user.name} twice in one list.`
                );
            }
        }
    }
});
