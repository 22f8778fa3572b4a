import type { Policy } from '../../../engine/model/policy-model.js';
import { lossyExport } from '../../../engine/lint/rules/lossy-export.js';
import { getAllActions } from '../../../engine/interchange/specify-actions.js';
import { action, at, grant, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const R = at(3, 10, 24);
const R2 = at(4, 10, 24);
const A = at(5, 30, 36);

function inRole(...policies: Policy[]) {
    return world({ roles: [role('R', ['FishVoucher'], { policies })] });
}

const ACCESS = () => policy('/system/sp7/collection', ['access']);

ruleTester(lossyExport, {
    valid: [
        { name: 'explicit actions on ordinary resources', model: inRole(policy('/table/%', ['read', 'create']), policy('/querybuilder/query', ['execute'])) },
        { name: 'a whole tool written as tables', model: inRole(policy('/table/spquery', ['read', 'update']), policy('/table/spqueryfield', ['update', 'read'])) },
        { name: 'a whole tool written as /tools/<name>', model: inRole(policy('/tools/queryBuilder', ['read', 'create'])) },
        { name: 'a % on one tool table covers the action on another', model: inRole(policy('/table/spquery', ['read']), policy('/table/spqueryfield', ['read', 'READ'])) },
        { name: '%: % collapses back to %: %', model: inRole(policy('%', ['%'])) },
        { name: '%: % with more actions collapses back too', model: inRole(policy('%', ['read', '%'])) },
        { name: 'collection access: /field/% comes back', model: inRole(ACCESS(), policy('/table/%', ['read'])) },
        { name: 'collection access with /field/% written out', model: inRole(ACCESS(), policy('/field/%', ['%'])) },
        { name: '% on a resource Specify does not know is kept', model: inRole(policy('/nothing/here/%', ['%'])) },
        { name: '% on a table: read, create, update, delete are all a table has', model: inRole(policy('/table/accession', ['%'])) },
        { name: 'a field resource with %', model: inRole(policy('/field/collectionobject/catalognumber', ['%'])) },
        { name: 'user policies are not exported as roles', model: world({ users: [user('u', { grants: [grant('FishVoucher', { policies: [policy('/table/spquery', ['read']), policy('/querybuilder/%', ['%'])] })] })] }) },
        { name: 'an unknown table is left to unknown-resource', model: inRole(policy('/table/loans', ['read'])) },
        { name: 'an unknown tool is left to unknown-resource', model: inRole(policy('/tools/queries', ['read'])) },
        { name: 'a role declared for no known collection has no copy', model: world({ roles: [role('R', ['Nowhere'], { policies: [policy('/table/spquery', ['read'])] })] }) }
    ],
    invalid: [
        {
            name: 'tool widening: one table of a tool',
            model: inRole(policy('/table/spquery', ['read'], { resourceAt: R })),
            errors: [{ at: R, data: { kind: 'tool-widening', resource: '/table/spquery', action: 'read' } }]
        },
        {
            name: 'tool widening: an action only some tables hold',
            model: inRole(policy('/table/recordset', ['read', 'delete'], { resourceAt: R }), policy('/table/recordsetitem', ['read'])),
            errors: [{ at: R, data: { kind: 'tool-widening', action: 'delete' } }]
        },
        {
            name: '% on /querybuilder/% is expanded',
            model: inRole(policy('/querybuilder/%', ['%'], { resourceAt: R })),
            errors: [{ at: R, data: { kind: 'catch-all-expanded', resource: '/querybuilder/%', action: '%' } }]
        },
        {
            name: '% on one tool table is widened to the whole tool',
            model: inRole(policy('/table/spauditlog', ['%'], { resourceAt: R })),
            errors: [{ at: R, data: { kind: 'tool-widening' } }]
        },
        {
            name: '%: every action listed without % is collapsed to %',
            model: inRole(policy('%', getAllActions('%'), { resourceAt: R })),
            errors: [{ at: R, data: { kind: 'catch-all-collapsed', resource: '%' } }]
        },
        {
            name: '/field/% without collection access is lost',
            model: inRole(policy('/field/%', ['%'], { resourceAt: R }), policy('/table/%', ['read'])),
            errors: [{ at: R, data: { kind: 'field-wildcard-lost', resource: '/field/%' } }]
        },
        {
            name: 'collection access spelled ACCESS: the added /field/% is lost, reported at the action',
            model: inRole(policy('/system/sp7/collection', [action('ACCESS', A)])),
            errors: [{ at: A, data: { kind: 'field-wildcard-lost' } }]
        },
        {
            name: '/system/sp7/collection: % is exported as access and Import adds /field/%',
            model: inRole(policy('/system/sp7/collection', ['%'], { resourceAt: R })),
            errors: [
                { at: R, data: { kind: 'catch-all-expanded' } },
                { at: R, data: { kind: 'field-wildcard-added' } }
            ]
        },
        {
            name: 'a /table/ pattern that is no table name: the UI cannot load the roles',
            model: inRole(policy('/table/coll%', ['read'], { resourceAt: R })),
            errors: [{ at: R, data: { kind: 'ui-cannot-load' } }]
        },
        {
            name: 'a /tools/ pattern that is no tool name: Import fails',
            model: inRole(policy('/tools/q%', ['read'], { resourceAt: R })),
            errors: [{ at: R, data: { kind: 'import-fails' } }]
        },
        {
            name: 'a /tools/<name>/… resource stored as written is expanded by Import',
            model: inRole(policy('/tools/resources/x', ['read'], { resourceAt: R })),
            errors: [{ at: R, data: { kind: 'tool-resource-expanded' } }]
        },
        {
            name: 'a library role',
            model: world({ libraryRoles: [libraryRole('L', [policy('/querybuilder/%', ['%'], { resourceAt: R })])] }),
            errors: [{ at: R, data: { kind: 'catch-all-expanded', holders: [{ kind: 'library-role', role: 'L' }] } }]
        },
        {
            name: 'a template policy is reported once, at the template, naming every holder',
            model: world({
                libraryRoles: [libraryRole('L', [policy('/table/spquery', ['read'], { resourceAt: R })])],
                roles: [role('R', ['FishVoucher', 'Herbarium'], { templates: ['L'] })]
            }),
            errors: [
                {
                    at: R,
                    data: {
                        kind: 'tool-widening',
                        holders: [
                            { kind: 'library-role', role: 'L' },
                            { kind: 'role', role: 'R', collection: 'FishVoucher' },
                            { kind: 'role', role: 'R', collection: 'Herbarium' }
                        ]
                    }
                }
            ]
        },
        {
            name: "a role's own policy completes the template's tool in the role, not in the library",
            model: world({
                libraryRoles: [libraryRole('L', [policy('/table/spquery', ['read'], { resourceAt: R })])],
                roles: [role('R', ['FishVoucher'], { templates: ['L'], policies: [policy('/table/spqueryfield', ['read'], { resourceAt: R2 })] })]
            }),
            errors: [{ at: R, data: { kind: 'tool-widening', holders: [{ kind: 'library-role', role: 'L' }] } }]
        }
    ]
});
