/**
 * `spol resources [filter]`: the catalog of Specify's resources (engine catalogEntries), grouped
 * and aligned in text, a stable array in JSON, exit 0 also when nothing matches (a note on stderr).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { catalogEntries } from '../../engine/registry/resource-catalog.js';
import { registry } from '../../engine/registry/registry.js';
import { capture } from './run-binary.js';

async function spol(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = capture();
    const code = await main(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('catalogEntries', () => {
    it('holds every resource a question may name, except stale ones, and fields as one row', () => {
        const entries = catalogEntries();
        const listed = new Set(entries.map((e) => e.resource));
        for (const info of registry.resources.values()) {
            expect(listed.has(info.resource), info.resource).toBe(info.kind !== 'stale');
        }
        expect(entries.filter((e) => e.kind === 'field').map((e) => e.resource)).toEqual(['/field/<table>/<field>']);
        expect([...new Set(entries.map((e) => e.kind))]).toEqual(['operation', 'tool', 'table', 'preference', 'derived', 'field']);
    });

    it('says where each is checked, which are institution-only, and for tables the scope, system flag and tool', () => {
        const byResource = new Map(catalogEntries().map((e) => [e.resource, e]));
        expect(byResource.get('/admin/user/password')).toMatchObject({ kind: 'operation', checked: 'institution', institutionOnly: true, actions: ['update'] });
        expect(byResource.get('/querybuilder/query')).toMatchObject({ checked: 'collection', institutionOnly: false, scope: null });
        expect(byResource.get('/table/collectionobject')).toMatchObject({ kind: 'table', scope: 'collection', system: false, tool: null, model: 'CollectionObject' });
        expect(byResource.get('/table/spquery')).toMatchObject({ scope: 'global', system: true, tool: 'queryBuilder' });
        expect(byResource.get('/tools/queryBuilder')).toMatchObject({ kind: 'tool', checked: 'ui', tables: ['/table/spquery', '/table/spqueryfield'] });
        expect(byResource.get('/preferences/user')).toMatchObject({ kind: 'preference', checked: 'ui' });
    });

    it('filters on a part of the resource, the description or an action, in any case', () => {
        expect(catalogEntries('TREE/EDIT/TAX').map((e) => e.resource)).toEqual(['/tree/edit/taxon']);
        expect(catalogEntries('export_kml').map((e) => e.resource)).toEqual(['/querybuilder/query']);
        expect(catalogEntries('login gate').map((e) => e.resource)).toEqual(['/system/sp7/collection']);
        expect(catalogEntries('no such thing at all')).toEqual([]);
    });

    it('lists the fields of a table under /field/<table>/', () => {
        const fields = catalogEntries('/field/agent/last');
        expect(fields.map((e) => e.resource)).toContain('/field/agent/lastname');
        expect(fields.every((e) => e.kind === 'field' && e.resource.startsWith('/field/agent/last'))).toBe(true);
    });
});

describe('spol resources', () => {
    it('text: groups by kind with aligned columns, marks institution-only, exit 0', async () => {
        const result = await spol('resources');
        expect(result.code).toBe(0);
        expect(result.stderr).toBe('');
        const titles = result.stdout.split('\n').filter((line) => /^\S/.test(line) && !line.startsWith('*')).map((line) => line.split(' (')[0]);
        expect(titles).toEqual(['operations', 'tools', 'tables', 'system tables', 'preferences', 'derived', 'fields']);
        expect(result.stdout).toMatch(/^ {2}\/admin\/user\/password +institution\* +update$/m);
        expect(result.stdout).toMatch(/^\* institution-only: /m);
        // Aligned: in each group, the second column starts at the same place on every resource line.
        const tables = result.stdout.split('\n\n').find((block) => block.startsWith('tables'))!.split('\n').slice(1);
        expect(new Set(tables.map((line) => line.search(/ {2}\S+ {2,}[A-Z]/))).size).toBe(1);
        expect(tables.find((line) => line.includes('/table/collectionobject '))).toMatch(/collection +CollectionObject$/);
    });

    it('text with a filter shows what each action does', async () => {
        const result = await spol('resources', 'querybuilder');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/^operations \(1\)/);
        expect(result.stdout).toMatch(/^ +export_csv: Export query results to CSV\.$/m);
        expect(result.stdout).toContain('/tools/queryBuilder');
    });

    it('json: a stable array of objects with the same keys each', async () => {
        const result = await spol('resources', 'taxon', '--format', 'json');
        expect(result.code).toBe(0);
        const parsed = JSON.parse(result.stdout) as Record<string, unknown>[];
        expect(parsed.map((e) => e['resource'])).toContain('/table/taxon');
        const keys = ['kind', 'resource', 'actions', 'checked', 'institutionOnly', 'description', 'actionDescriptions', 'model', 'scope', 'system', 'tree', 'tool', 'tables'];
        for (const entry of parsed) expect(Object.keys(entry)).toEqual(keys);
    });

    it('a filter that matches nothing: nothing listed, one note on stderr, exit 0', async () => {
        const text = await spol('resources', 'zzzz');
        expect(text).toEqual({ code: 0, stdout: '', stderr: "spol: no resource matches 'zzzz'.\n" });
        const json = await spol('resources', 'zzzz', '--format', 'json');
        expect(json.code).toBe(0);
        expect(JSON.parse(json.stdout)).toEqual([]);
    });

    it('a bad format is a usage error (exit 2)', async () => {
        const result = await spol('resources', '--format', 'xml');
        expect(result.code).toBe(2);
        expect(result.stderr).toBe("spol: unknown format 'xml': use text, json.\n");
    });
});
