/**
 * lossy.ts on Specify's own defaults and on hand-made rows: what the Export → Import round trip
 * changes, with the role, the collection and the written policy.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../../language/workspace.js';
import { lossyConversions, lossyFindings, lossyLibraryRole, lossyRoleCopy } from '../../../engine/interchange/lossy.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';

const root = join(import.meta.dirname, '../../..');
let defaults: PolicyModel;

beforeAll(async () => {
    defaults = (await loadWorkspace([join(root, 'examples/specify-defaults')])).model;
});

function copy(name: string) {
    return defaults.roles.find((role) => role.name === name)!;
}

describe('lossy conversions of the default roles', () => {
    it('Collection Admin (%: %) survives the round trip', () => {
        expect(lossyRoleCopy(defaults, copy('CollectionAdmin'), 'Mammals')).toEqual([]);
    });

    it('Read Only - Legacy loses /field/% and the % of /querybuilder/%, at the library policies', () => {
        const findings = lossyRoleCopy(defaults, copy('ReadOnlyLegacy'), 'Mammals');
        expect(findings.map((f) => [f.kind, f.resource, f.action, f.template])).toEqual([
            ['catch-all-expanded', '/querybuilder/%', '%', 'ReadOnlyLegacy'],
            ['field-wildcard-lost', '/field/%', '%', 'ReadOnlyLegacy']
        ]);
        for (const finding of findings) {
            expect(finding.holder).toEqual({ kind: 'role', role: 'ReadOnlyLegacy', collection: 'Mammals' });
            expect(finding.source?.file).toMatch(/library\.spol$/);
            expect(finding.source).toBe(finding.policy?.resourceSource);
            expect(finding.message).toMatch(/^In role ReadOnlyLegacy in Mammals: /);
        }
    });

    it('Full Access - Legacy widens the audit log tool: % on /table/spauditlog only', () => {
        const widening = lossyRoleCopy(defaults, copy('FullAccessLegacy'), 'Mammals').filter((f) => f.kind === 'tool-widening');
        expect(widening.map((f) => [f.resource, f.action])).toEqual([['/table/spauditlog', '%']]);
        expect(widening[0]!.detail).toContain('/table/spauditlogfield');
    });

    it('the library roles are analysed too; Run Queries (whole tools, explicit actions) survives', () => {
        const runQueries = defaults.libraryRoles.find((role) => role.name === 'RunQueries')!;
        expect(lossyLibraryRole(defaults, runQueries)).toEqual([]);
        const all = lossyFindings(defaults);
        expect(all.some((f) => f.holder.kind === 'library-role' && f.holder.role === 'InspectAuditLog')).toBe(false);
        expect(new Set(all.map((f) => f.kind))).toEqual(new Set(['catch-all-expanded', 'field-wildcard-lost', 'tool-widening']));
    });
});

describe('lossyConversions on rows', () => {
    const holder = { kind: 'library-role', role: 'X' } as const;

    it('reports nothing for rows that come back the same', () => {
        expect(lossyConversions([{ resource: '/table/%', action: 'read' }, { resource: '%', action: '%' }], holder)).toEqual([]);
    });

    it('reports the kinds the round trip causes, once per row and kind', () => {
        const findings = lossyConversions(
            [
                { resource: '/table/recordset', action: 'read' },
                { resource: '/table/recordset', action: 'read' },
                { resource: '/field/%', action: 'update' },
                { resource: '/system/sp7/collection', action: 'access' },
                { resource: '/tools/resources/x', action: 'read' },
                { resource: '/table/sp%', action: 'read' }
            ],
            holder
        );
        expect(findings.map((f) => [f.kind, f.resource])).toEqual([
            ['ui-cannot-load', '/table/sp%'],
            ['tool-resource-expanded', '/tools/resources/x'],
            ['tool-widening', '/table/recordset'],
            ['tool-widening', '/table/recordset'],
            ['field-wildcard-changed', '/field/%']
        ]);
        expect(findings[0]!.message).toMatch(/^In library role X: /);
    });
});

describe('a role that says without /field/%', () => {
    it("is reported where Export → Import adds /field/% % back beside its access", () => {
        const access = { resource: '/system/sp7/collection', actions: [{ name: 'access' }] };
        const role = { name: 'R', collections: [{ name: 'Mammals' }], templates: [], policies: [access], without: { resource: '/field/%' } };
        const model: PolicyModel = { ...defaults, roles: [...defaults.roles, role] };
        expect(lossyRoleCopy(model, role, 'Mammals').map((f) => [f.kind, f.resource, f.action])).toEqual([['field-wildcard-added', '/system/sp7/collection', 'access']]);
        const { without: _without, ...plain } = role;
        expect(lossyRoleCopy({ ...defaults, roles: [...defaults.roles, plain] }, plain, 'Mammals')).toEqual([]);
    });
});

