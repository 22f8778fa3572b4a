/**
 * ModelIndex builds every user's rows, so its inner steps take shortcuts: toolTablesOf tests the
 * `/tools/` prefix without lower-casing first, and one-row-per-key compares a handful of rows
 * pairwise, and more by resource with each resource's rows chained. On random input both must
 * equal the plain definitions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../engine/model/policy-model.js';
import { ModelIndex, toolTablesOf } from '../../engine/model/stored.js';
import { registry } from '../../engine/registry/registry.js';
import { model, policy, user } from './lint/builders.js';

/** The plain definition: lower-case the resource, then look the tool up. */
function plainToolTables(resource: string): readonly string[] | undefined {
    const key = resource.toLowerCase();
    if (!key.startsWith('/tools/')) return undefined;
    if (key === '/tools/%') return [...registry.tools.values()].flatMap((tool) => tool.tables);
    return registry.tools.get(key)?.tables;
}

/** Random case of each character, as a resource may be written. */
const anyCase = (text: string): fc.Arbitrary<string> =>
    fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

/** Characters whose case mapping is odd: Kelvin sign (lower-cases to k), long s (upper-cases to S), dotted I (lower-cases to two). */
const ODD = ['\u212a', '\u017f', '\u0130', 'ı', 'ß'];

const toolsLike = fc.oneof(
    fc.constantFrom(...registry.tools.values()).chain((tool) => anyCase(tool.resource)),
    anyCase('/tools/%'),
    fc.tuple(anyCase('/tools/'), fc.string({ unit: fc.constantFrom('a', 'q', '%', ...ODD), maxLength: 4 })).map(([a, b]) => a + b),
    fc.string({ unit: fc.constantFrom('/', 't', 'T', 'o', 'O', 'l', 'L', 's', 'S', ...ODD), maxLength: 8 }),
    fc.string()
);

describe('toolTablesOf', () => {
    it('equals lower-casing first, on random resources', () => {
        let tools = 0;
        fc.assert(
            fc.property(toolsLike, (resource) => {
                const plain = plainToolTables(resource);
                expect(toolTablesOf(resource)).toEqual(plain);
                if (plain) tools++;
            }),
            { numRuns: 3000 }
        );
        expect(tools).toBeGreaterThan(300);
    });
});

const RESOURCES = ['/table/agent', '/Table/Agent', '/table/%', '%', '/tools/queryBuilder', '/TOOLS/querybuilder', '/tools/recordSets'];
const ACTIONS = ['read', 'READ', 'update', '%'];

const policies = fc.array(
    fc.tuple(fc.constantFrom(...RESOURCES), fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 })).map(([resource, actions]) => policy(resource, actions)),
    { maxLength: 12 }
);

/** The plain definition of a holder's rows: each action on each table written, one row per exact key, later ones in `also`. */
function plainRows(written: readonly Policy[]): [string, string, Policy, Policy[]][] {
    const rows: [string, string, Policy, Policy[]][] = [];
    for (const p of written) {
        for (const action of p.actions) {
            for (const resource of plainToolTables(p.resource) ?? [p.resource]) {
                const same = rows.find(([r, a]) => r === resource && a === action.name);
                if (same) same[3].push(p);
                else rows.push([resource, action.name, p, []]);
            }
        }
    }
    return rows;
}

describe('one row per key', () => {
    it('equals the plain grouping, for few rows and for many', () => {
        let few = 0;
        let many = 0;
        fc.assert(
            fc.property(policies, (written) => {
                const u = user('u', { institution: written });
                const rows = new ModelIndex(model({ users: [u] })).institutionRows(u);
                expect(rows.map((row) => [row.resource, row.action, row.policy, (row.also ?? []).map((d) => d.policy)])).toEqual(plainRows(written));
                const expanded = plainRows(written).reduce((n, row) => n + 1 + row[3].length, 0);
                if (expanded > 16) many++;
                else if (expanded > 1) few++;
            }),
            { numRuns: 1000 }
        );
        expect(few).toBeGreaterThan(100);
        expect(many).toBeGreaterThan(100);
    });
});
