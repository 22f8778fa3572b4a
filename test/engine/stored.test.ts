import { describe, expect, it } from 'vitest';
import type { PolicyModel, User } from '../../engine/model/policy-model.js';
import { ModelIndex } from '../../engine/model/stored.js';

const user = (name: string, extra: Partial<User> = {}): User => ({
    name,
    agents: [],
    institutionPolicies: [],
    collections: [],
    ...extra
});

describe('ModelIndex stored rows', () => {
    it('keeps the rows of two users with the same name apart', () => {
        const first = user('dup', { institutionAdmin: {} });
        const second = user('dup', { institutionPolicies: [{ resource: '/table/%', actions: [{ name: 'read' }] }] });
        const model: PolicyModel = { institutions: [], libraryRoles: [], roles: [], users: [first, second] };
        const index = new ModelIndex(model);
        expect(index.institutionRows(first).map((r) => `${r.resource} ${r.action}`)).toEqual(['% %']);
        expect(index.institutionRows(second).map((r) => `${r.resource} ${r.action}`)).toEqual(['/table/% read']);
    });

    it('stores access, tool expansion and the implied /field/% as Specify does', () => {
        const u = user('u', {
            collections: [
                {
                    collection: { name: 'C' },
                    access: {},
                    roles: [],
                    policies: [{ resource: '/tools/queryBuilder', actions: [{ name: 'read' }] }]
                }
            ]
        });
        const index = new ModelIndex({ institutions: [], libraryRoles: [], roles: [], users: [u] });
        expect(index.collectionUserRows(u, 'C').map((r) => [r.resource, r.action, r.derivation])).toEqual([
            ['/system/sp7/collection', 'access', 'collection-access'],
            ['/table/spquery', 'read', 'tool-expansion'],
            ['/table/spqueryfield', 'read', 'tool-expansion'],
            ['/field/%', '%', 'field-wildcard']
        ]);
        expect(index.collectionUserRows(u, 'D')).toEqual([]);
    });
});
