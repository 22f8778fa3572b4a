import type { Policy } from '../../../engine/model/policy-model.js';
import { unknownResource } from '../../../engine/lint/rules/unknown-resource.js';
import { at, grant, grants, libraryRole, policy, role, user, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const R = at(3, 10, 22);
const P = at(3, 4, 30);

/** A role in FishVoucher holding just these policies. */
function inRole(...policies: Policy[]) {
    return world({ roles: [role('R', ['FishVoucher'], { policies })] });
}

ruleTester(unknownResource, {
    valid: [
        { name: 'a table', model: inRole(policy('/table/collectionobject', ['read'])) },
        { name: 'any case, as Specify matches', model: inRole(policy('/TABLE/Agent', ['read'])) },
        { name: 'the whole-resource %', model: inRole(policy('%', ['%'])) },
        { name: 'last-segment patterns', model: inRole(policy('/table/%', ['read']), policy('/tree/%', ['merge']), policy('/permissions/%', ['read'])) },
        { name: 'a prefix pattern', model: inRole(policy('/table/taxon%', ['read'])) },
        { name: 'a field of a table', model: inRole(policy('/field/agent/lastname', ['update'])) },
        { name: 'every field of a table', model: inRole(policy('/field/agent/%', ['update'])) },
        { name: 'a tool, camelCase or not', model: inRole(policy('/tools/queryBuilder', ['read']), policy('/tools/recordsets', ['read'])) },
        { name: 'an operation whose name holds _', model: inRole(policy('/admin/user/invite_link', ['create'])) },
        { name: '_ matches one character', model: inRole(policy('/table/collection_bject', ['read'])) },
        { name: 'an escaped _', model: inRole(policy('/admin/user/invite\\_link', ['create'])) },
        { name: 'accents and ß, which Specify\'s general_ci collation ignores', model: inRole(policy('/table/agént', ['read']), policy('/TABLE/COLLECTIONOBJECT', ['read'])) },
        { name: 'a leading % before /', model: inRole(policy('%/collection', ['access'])) },
        { name: 'a % on both sides', model: inRole(policy('%table%', ['read'])) },
        {
            name: 'known resources in every place',
            model: world({
                libraryRoles: [libraryRole('L', [policy('/report', ['execute'])])],
                users: [user('u', { institution: [policy('/admin/user/password', ['update'])], grants: [grant('FishVoucher', { policies: [policy('/export/dwca', ['execute'])] })] })]
            })
        }
    ],
    invalid: [
        {
            name: 'a misspelt table, at the resource',
            model: inRole(policy('/table/agnt', ['read'], { at: P, resourceAt: R })),
            errors: [{ at: R, data: { suggestions: ['/table/agent'] } }]
        },
        { name: 'an escaped _ is literal: no table holds one', model: inRole(policy('/table/agen\\_t', ['read'], { resourceAt: R })), errors: [{ at: R }] },
        { name: 'a letter general_ci does not fold onto an ASCII one', model: inRole(policy('/table/agønt', ['read'], { resourceAt: R })), errors: [{ at: R }] },
        { name: 'a misspelt prefix pattern', model: inRole(policy('/tabel/%', ['read'], { resourceAt: R })), errors: [{ at: R, data: { suggestions: ['/table/%'] } }] },
        { name: 'a field the table lacks', model: inRole(policy('/field/agent/nosuchfield', ['update'], { resourceAt: R })), errors: [{ at: R }] },
        { name: 'fields of a table that does not exist', model: inRole(policy('/field/nosuchtable/%', ['update'], { resourceAt: R })), errors: [{ at: R }] },
        { name: "a stale entry Specify's server never checks", model: inRole(policy('/report/record', ['execute'], { resourceAt: R })), errors: [{ at: R }] },
        { name: 'an empty resource', model: inRole(policy('', ['read'], { resourceAt: R })), errors: [{ at: R }] },
        {
            name: 'in a library role',
            model: world({ libraryRoles: [libraryRole('L', [policy('/querybuilder/querys', ['execute'], { resourceAt: R })])] }),
            errors: [{ at: R, data: { suggestions: ['/querybuilder/query'] } }]
        },
        {
            name: "in a user's institution policies",
            model: world({ users: [user('u', { institution: [policy('/admin/user/pasword', ['update'], { resourceAt: R })] })] }),
            errors: [{ at: R, data: { suggestions: ['/admin/user/password'] } }]
        },
        {
            name: 'in a block written for two collections, once',
            model: world({ users: [user('u', { grants: grants(['FishVoucher', 'FishTissue'], { policies: [policy('/nothing', ['read'], { resourceAt: R })] }) })] }),
            errors: [{ at: R }]
        },
        {
            name: 'at the whole policy when the resource has no place of its own',
            model: inRole({ resource: '/nothing', actions: [{ name: 'read' }], source: P }),
            errors: [{ at: P }]
        }
    ]
});
