import { describeOrigin } from '../../explain.js';
import type { StoredPolicy } from '../../model/stored.js';
import { enteredCollections, firstGrantingAtInstitutionOf, firstGrantingInCollectionRows, isInstitutionAdmin, lintRequest, type LintRequest } from '../access.js';
import { createRule } from '../rule.js';
import { firstSource } from '../source.js';

/** Requests that change who may do what, checked in a collection (semantics.md §5). */
const COLLECTION_TARGETS: readonly LintRequest[] = [
    lintRequest('/permissions/policies/user', 'update'),
    lintRequest('/permissions/user/roles', 'update'),
    lintRequest('/permissions/roles', 'create'),
    lintRequest('/permissions/roles', 'update')
];

/** The same, checked at institution level, where only institution-level user policies count. */
const INSTITUTION_TARGETS: readonly LintRequest[] = [
    lintRequest('/permissions/policies/user', 'update'),
    lintRequest('/permissions/library/roles', 'create'),
    lintRequest('/permissions/library/roles', 'update')
];

/** Where a row comes from, without the collection the message already names. */
function through(row: StoredPolicy): string {
    const { origin } = row;
    switch (origin.kind) {
        case 'role':
            return `role ${origin.role}${row.template ? ` (from library ${row.template})` : ''}`;
        case 'collection-user':
            return 'their own policy';
        case 'institution-user':
            return 'their institution-level policy';
    }
}

interface Finding {
    readonly scope: string;
    readonly resource: string;
    readonly action: string;
    readonly via: string;
    readonly through: string;
}

/**
 * A user who is not Institution Admin but may change permissions (their own included) somewhere they
 * can act: in a collection they can enter, or at institution level. Worth a deliberate decision.
 */
export const escalation = createRule({
    code: 'escalation',
    severity: 'warning',
    description: 'A user who is not Institution Admin but can change permissions in a collection they can enter or at institution level.',
    checkUser(context, user) {
        const { index } = context;
        if (isInstitutionAdmin(index, user)) return;
        const findings: Finding[] = [];
        for (const request of INSTITUTION_TARGETS) {
            const row = firstGrantingAtInstitutionOf(index, user, request);
            if (row) findings.push({ scope: 'institution', resource: request.resource, action: request.action, via: describeOrigin(row), through: through(row) });
        }
        const collections = enteredCollections(index, user);
        // Institution-level rows count in every collection first (firstGrantingIn): looked at once, not per collection.
        const atInstitution = collections.length > 0 ? COLLECTION_TARGETS.map((request) => firstGrantingAtInstitutionOf(index, user, request)) : [];
        for (const collection of collections) {
            for (let i = 0; i < COLLECTION_TARGETS.length; i++) {
                const request = COLLECTION_TARGETS[i]!;
                const row = atInstitution[i] ?? firstGrantingInCollectionRows(index, user, collection, request);
                if (row) findings.push({ scope: collection, resource: request.resource, action: request.action, via: describeOrigin(row), through: through(row) });
            }
        }
        const first = findings[0];
        if (!first) return;
        const where = first.scope === 'institution' ? 'at institution level' : `in ${first.scope}`;
        const scopes = [...new Set(findings.map((f) => f.scope))];
        const more = scopes.length > 1 ? ` (and ${scopes.length - 1} more place${scopes.length > 2 ? 's' : ''})` : '';
        context.report({
            message: `${user.name} is not Institution Admin but can change permissions ${where} through ${first.through} (${first.resource} ${first.action})${more}.`,
            source: firstSource(user.nameSource, user.source),
            data: { findings }
        });
    }
});
