import { describe, expect, it } from 'vitest';
import { registry } from '../../engine/registry/registry.js';

describe('registry', () => {
    it('holds all 215 tables with a /table/<name> resource each', () => {
        expect(registry.tables.size).toBe(215);
        for (const table of registry.tables.values()) {
            const info = registry.lookup(`/table/${table.name}`);
            expect(info?.kind, table.name).toBe('table');
            expect(info?.actions).toEqual(['read', 'create', 'update', 'delete']);
        }
    });

    it('has the six /tools/<name> groups with their tables', () => {
        expect([...registry.tools.values()].map((t) => t.name)).toEqual([
            'schemaConfig', 'queryBuilder', 'recordSets', 'resources', 'pickLists', 'auditLog'
        ]);
        expect(registry.tools.get('/tools/querybuilder')?.tables).toEqual(['/table/spquery', '/table/spqueryfield']);
        expect(registry.tables.get('spquery')?.tool).toBe('queryBuilder');
    });

    it('looks resources up case-insensitively and knows where they are checked', () => {
        expect(registry.lookup('/Admin/User/Password')?.checkLevel).toBe('institution');
        expect(registry.lookup('/admin/user/password')?.institutionOnly).toBe(true);
        expect(registry.lookup('/admin/user/agents')?.checkLevel).toBe('collection');
        expect(registry.lookup('/permissions/policies/user')?.checkLevel).toBe('both');
        expect(registry.lookup('/system/sp7/collection')?.actions).toEqual(['access']);
        expect(registry.lookup('/table/nosuchtable')).toBeUndefined();
    });

    it('knows /field/<table>/<field> from the table field names', () => {
        const field = registry.lookup('/field/collectionobject/catalognumber');
        expect(field?.kind).toBe('field-pattern');
        expect(field?.actions).toEqual(['update']);
        expect(field?.field).toBe('catalogNumber');
        expect(registry.lookup('/field/collectionobject/nosuchfield')).toBeUndefined();
        expect(registry.concreteResources()).toContain('/field/accession/accessionnumber');
    });

    it('flags tree tables and system tables', () => {
        expect(registry.tables.get('taxon')?.isTree).toBe(true);
        expect(registry.tables.get('collectionobject')?.isTree).toBe(false);
        expect(registry.tables.get('spquery')?.system).toBe(true);
        expect(registry.tables.get('taxon')?.scope).toBe('discipline');
    });
});
