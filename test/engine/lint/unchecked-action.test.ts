import { uncheckedAction } from '../../../engine/lint/rules/unchecked-action.js';
import { unknownAction } from '../../../engine/lint/rules/unknown-action.js';
import { action, at, grant, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester, runRule } from './rule-tester.js';
import { describe, expect, it } from 'vitest';

const A = at(4, 34, 38);

function inRole(...policies: ReturnType<typeof policy>[]) {
    return world({ roles: [role('R', ['FishVoucher'], { policies })] });
}

ruleTester(uncheckedAction, {
    valid: [
        { name: 'the action Specify checks', model: inRole(policy('/preferences/statistics', ['edit_shared'])) },
        { name: 'any action', model: inRole(policy('/preferences/statistics', ['%'])) },
        { name: 'a misspelt action is unknown-action, not this', model: inRole(policy('/preferences/statistics', ['edt'])) },
        { name: 'edit on another resource', model: inRole(policy('/preferences/collection', ['edit'])) },
        { name: 'an unknown resource', model: inRole(policy('/preferences/nothing', ['edit'])) }
    ],
    invalid: [
        {
            name: 'the migration row in a role, at the action',
            model: inRole(policy('/preferences/statistics', [action('edit', A)])),
            errors: [{ at: A, data: { resource: '/preferences/statistics', action: 'edit', checked: 'edit_shared' } }]
        },
        { name: 'in any case', model: inRole(policy('/Preferences/Statistics', [action('EDIT', A)])), errors: [{ at: A }] },
        { name: 'through a resource pattern', model: inRole(policy('/preferences/%', [action('edit', A)])), errors: [{ at: A }] },
        { name: 'in a library role', model: world({ libraryRoles: [libraryRole('L', [policy('/preferences/statistics', [action('edit', A)])])] }), errors: [{ at: A }] },
        {
            name: 'in a collection block',
            model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('/preferences/statistics', [action('edit', A)])] })] })] }),
            errors: [{ at: A }]
        }
    ]
});

describe('unchecked-action and unknown-action', () => {
    it('split the actions a resource lacks: the stored-but-unchecked row is a warning, the rest errors', () => {
        const model = inRole(policy('/preferences/statistics', [action('edit', A), action('edt', at(4, 40, 43))]));
        expect(runRule(uncheckedAction, model).map((d) => [d.severity, d.source])).toEqual([['warning', A]]);
        expect(runRule(unknownAction, model).map((d) => [d.severity, d.source])).toEqual([['error', at(4, 40, 43)]]);
    });
});
