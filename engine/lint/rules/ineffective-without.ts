import type { WithoutFieldWildcard } from '../../model/policy-model.js';
import { COLLECTION_ACCESS_RESOURCE, FIELD_WILDCARD_RESOURCE, leavesOutFieldWildcard, type StoredPolicy } from '../../model/stored.js';
import { createRule, type LintContext } from '../rule.js';
import { firstSource } from '../source.js';

type Row = Pick<StoredPolicy, 'resource' | 'action' | 'derivation'>;

/**
 * Why `without /field/%` leaves nothing out of these rows (stored with it honoured), or undefined
 * when it does leave out the `/field/%` `%` that collection access would add.
 */
function whyIneffective(rows: readonly Row[], holder: string): string | undefined {
    const access = rows.some((row) => row.resource.toLowerCase() === COLLECTION_ACCESS_RESOURCE && row.action.toLowerCase() === 'access');
    if (!access) return `${holder} holds no ${COLLECTION_ACCESS_RESOURCE} access, and only that makes Specify's UI add ${FIELD_WILDCARD_RESOURCE} %`;
    const field = rows.some((row) => row.resource.toLowerCase() === FIELD_WILDCARD_RESOURCE && row.action === '%');
    if (field) return `${holder} allows ${FIELD_WILDCARD_RESOURCE}: % itself`;
    return undefined;
}

function check(context: LintContext, without: WithoutFieldWildcard, holder: string, rows: () => readonly Row[] | undefined): void {
    const at = firstSource(without.resourceSource, without.source);
    if (!leavesOutFieldWildcard(without)) {
        context.report({
            message: `without ${without.resource} leaves nothing out: the only row spol adds on its own is ${FIELD_WILDCARD_RESOURCE} % beside collection access, so write without ${FIELD_WILDCARD_RESOURCE}.`,
            severity: 'error',
            ...(at ? { source: at } : {}),
            data: { resource: without.resource }
        });
        return;
    }
    const stored = rows();
    if (!stored) return;
    const why = whyIneffective(stored, holder);
    if (why) context.report({ message: `without ${without.resource} changes nothing: ${why}.`, ...(at ? { source: at } : {}) });
}

/**
 * `without /field/%` that leaves nothing out: the policy set holds no collection access (nothing
 * adds `/field/%` `%`) or allows `/field/%: %` itself; an error when it names another resource.
 */
export const ineffectiveWithout = createRule({
    code: 'ineffective-without',
    severity: 'warning',
    description: 'A `without` statement that leaves nothing out: no collection access in its block, `/field/%: %` allowed anyway, or a resource other than /field/%.',
    checkWorld(context) {
        const { model, index } = context;
        for (const role of model.libraryRoles) {
            if (role.without) check(context, role.without, `library role ${role.name}`, () => index.libraryRoleRows(role));
        }
        for (const role of model.roles) {
            if (!role.without) continue;
            // Every copy has the same rows; a role in no known collection is the language's to report.
            const collection = role.collections.find((ref) => index.collections.has(ref.name));
            check(context, role.without, `role ${role.name}`, () => (collection ? index.roleRows(role, collection.name) : undefined));
        }
    },
    checkUser(context, user) {
        for (const grant of user.collections) {
            if (!grant.without) continue;
            const collection = grant.collection.name;
            check(context, grant.without, `${user.name}'s policy set in ${collection}`, () => context.index.collectionUserRows(user, collection));
        }
    }
});
