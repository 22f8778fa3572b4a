import type { Policy } from '../../../engine/model/policy-model.js';
import { unknownAction } from '../../../engine/lint/rules/unknown-action.js';
import { action, at, grant, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const A = at(4, 20, 24);
const B = at(4, 26, 30);
const P = at(4, 4, 30);

function inRole(...policies: Policy[]) {
    return world({ roles: [role('R', ['FishVoucher'], { policies })] });
}

ruleTester(unknownAction, {
    valid: [
        { name: 'table actions', model: inRole(policy('/table/agent', ['read', 'create', 'update', 'delete'])) },
        { name: 'an operation action', model: inRole(policy('/report', ['execute'])) },
        { name: 'any action', model: inRole(policy('%', ['%'])) },
        { name: 'an action pattern', model: inRole(policy('/table/%', ['re%'])) },
        { name: 'accents and case, which general_ci ignores, and an escaped _', model: inRole(policy('/querybuilder/query', ['EXÉCUTE', 'export\\_csv'])) },
        { name: 'actions of any resource the pattern matches', model: inRole(policy('/tree/%', ['bulk_move']), policy('%', ['access'])) },
        { name: 'tool actions', model: inRole(policy('/tools/queryBuilder', ['read'])) },
        { name: 'actions holding _', model: inRole(policy('/querybuilder/query', ['export_csv', 'create_recordset'])) },
        { name: 'field update', model: inRole(policy('/field/agent/lastname', ['update'])) },
        { name: 'any case', model: inRole(policy('/table/agent', ['READ'])) },
        { name: 'skipped when the resource is unknown', model: inRole(policy('/nothing', ['fly'])) },
        { name: 'no actions at all', model: inRole(policy('/report')) },
        { name: 'a row Specify stores but never checks (unchecked-action)', model: inRole(policy('/preferences/statistics', ['edit'])) }
    ],
    invalid: [
        {
            name: 'an action the resource lacks, with its actions as suggestions',
            model: inRole(policy('/report', [action('read', A)], { at: P })),
            errors: [{ at: A, data: { suggestions: ['execute'] } }]
        },
        { name: 'a misspelt action', model: inRole(policy('/table/agent', [action('raed', A)])), errors: [{ at: A, data: { suggestions: ['read'] } }] },
        { name: 'an action only another tree has', model: inRole(policy('/tree/edit/taxon', ['merge', action('bulk_move', A)])), errors: [{ at: A }] },
        { name: 'an action no table has', model: inRole(policy('/table/%', [action('execute', A)])), errors: [{ at: A }] },
        { name: 'each bad action', model: inRole(policy('/table/agent', [action('fly', A), action('swim', B)])), errors: [{ at: A }, { at: B }] },
        { name: 'field actions are update only', model: inRole(policy('/field/agent/%', [action('read', A)])), errors: [{ at: A, data: { suggestions: ['update'] } }] },
        {
            name: 'at the policy when the action has no place of its own',
            model: inRole({ resource: '/report', actions: [{ name: 'print' }], source: P }),
            errors: [{ at: P }]
        },
        {
            name: 'in a collection block',
            model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('/system/sp7/collection', [action('acess', A)])] })] })] }),
            errors: [{ at: A, data: { suggestions: ['access'] } }]
        }
    ]
});
