/**
 * POST /permissions/query/ bodies from the engine's raw-query decisions.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/decision/index.js';
import { numberModel } from '../../../engine/interchange/numbering.js';
import { specifyQueryResponse } from '../../../engine/interchange/query-response.js';
import { agent, grant, policy, role, user, world } from '../lint/builders.js';

const model = world({
    roles: [
        role('Other', ['Herbarium']),
        role('Librarian', ['FishVoucher'], { title: 'Role Librarian', policies: [policy('/permissions/library/roles', ['read']), policy('/table/%', ['read'])] })
    ],
    users: [
        user('jdoe', {
            agents: [agent('Doe, J', 'Ichthyology')],
            institution: [policy('/report', ['execute'])],
            grants: [grant('FishVoucher', { access: true, roles: ['Librarian'], policies: [policy('/table/agent', ['update'])] })]
        })
    ]
});
const engine = compile(model);
const numbering = numberModel(model);

describe('specifyQueryResponse', () => {
    it('an institution-only resource held through a role is allowed in the collection (issue #1291)', () => {
        const response = specifyQueryResponse(engine, numbering, {
            user: 'jdoe',
            collection: 'FishVoucher',
            queries: [{ resource: '/permissions/library/roles', actions: ['read', 'create'] }]
        });
        expect(response).toEqual({
            allowed: false,
            details: [
                {
                    resource: '/permissions/library/roles',
                    action: 'read',
                    allowed: true,
                    matching_user_policies: [],
                    matching_role_policies: [{ roleid: 2, rolename: 'Role Librarian', resource: '/permissions/library/roles', action: 'read' }]
                },
                {
                    resource: '/permissions/library/roles',
                    action: 'create',
                    allowed: false,
                    matching_user_policies: [],
                    matching_role_policies: []
                }
            ]
        });
        expect(Object.keys(response)).toEqual(['allowed', 'details']);
        expect(Object.keys(response.details[0]!)).toEqual(['resource', 'action', 'allowed', 'matching_user_policies', 'matching_role_policies']);
        expect(Object.keys(response.details[0]!.matching_role_policies[0]!)).toEqual(['roleid', 'rolename', 'resource', 'action']);
    });

    it('at institution level roles do not count', () => {
        const response = specifyQueryResponse(engine, numbering, {
            user: 'jdoe',
            institution: true,
            queries: [{ resource: '/permissions/library/roles', actions: ['read'] }]
        });
        expect(response.allowed).toBe(false);
        expect(response.details[0]).toMatchObject({ allowed: false, matching_role_policies: [], matching_user_policies: [] });
    });

    it('user rows carry their own collection id: null at institution level', () => {
        const response = specifyQueryResponse(engine, numbering, {
            user: 'jdoe',
            collection: 'FishVoucher',
            queries: [
                { resource: '/report', actions: ['execute'] },
                { resource: '/table/agent', actions: ['update', 'read'] }
            ]
        });
        expect(response.allowed).toBe(true);
        expect(response.details.map((d) => d.matching_user_policies)).toEqual([
            [{ collectionid: null, userid: 2, resource: '/report', action: 'execute' }],
            [{ collectionid: 1, userid: 2, resource: '/table/agent', action: 'update' }],
            []
        ]);
        expect(response.details[2]!.matching_role_policies).toEqual([{ roleid: 2, rolename: 'Role Librarian', resource: '/table/%', action: 'read' }]);
        expect(Object.keys(response.details[0]!.matching_user_policies[0]!)).toEqual(['collectionid', 'userid', 'resource', 'action']);
    });

    it('an Institution Admin matches %: % at institution level, with the stored patterns', () => {
        const response = specifyQueryResponse(engine, numbering, {
            user: 'root',
            institution: true,
            queries: [{ resource: '/admin/user/password', actions: ['update'] }]
        });
        expect(response).toEqual({
            allowed: true,
            details: [
                {
                    resource: '/admin/user/password',
                    action: 'update',
                    allowed: true,
                    matching_user_policies: [{ collectionid: null, userid: 1, resource: '%', action: '%' }],
                    matching_role_policies: []
                }
            ]
        });
    });

    it('no queries: allowed, no details', () => {
        expect(specifyQueryResponse(engine, numbering, { user: 'jdoe', collection: 'FishVoucher', queries: [] })).toEqual({ allowed: true, details: [] });
    });

    it('unknown names are refused as the engine refuses them', () => {
        expect(() => specifyQueryResponse(engine, numbering, { user: 'nobody', collection: 'FishVoucher', queries: [{ resource: '/report', actions: ['execute'] }] })).toThrow(/nobody/);
    });
});
