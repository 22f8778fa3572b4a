/**
 * lossy.ts plans the round trip once per (resource, action) sequence and ties the plan to each
 * copy's own rows; policy-converter.ts remembers each table's tool. Both must answer exactly as the
 * plain definition (lossy-reference.ts) does, on random rows and on random models.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossyConversions, lossyFindings, type LossyHolder, type LossyRow } from '../../../engine/interchange/lossy.js';
import { decompressPolicies, PolicyConversionError, toolOfTableResource } from '../../../engine/interchange/policy-converter.js';
import type { Policy, Source } from '../../../engine/model/policy-model.js';
import { registry } from '../../../engine/registry/registry.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';
import { referenceLossyConversions, referenceLossyFindings, referenceToolOf } from './lossy-reference.js';

const TOOLS = [...registry.tools.values()];
const TOOL_TABLES = TOOLS.flatMap((tool) => tool.tables);
const RESOURCES = [
    ...TOOL_TABLES,
    ...TOOL_TABLES.map((table) => table.toUpperCase()),
    ...TOOLS.map((tool) => tool.resource),
    ...TOOLS.map((tool) => tool.resource.toLowerCase()),
    '/tools/%',
    '/tools/unknown',
    '/tools/',
    '/table/agent',
    // Same length, middle and last character as /table/agent: plans are found by such a hash, then compared.
    '/TABLE/agent',
    '/table/collectionobject',
    '/table/notatable',
    '/table/',
    '/table/%',
    '/table/spquery/%',
    '/field/%',
    '/FIELD/%',
    '/field/agent/lastname',
    '/system/sp7/collection',
    '/System/Sp7/Collection',
    '%',
    '/querybuilder/%',
    '/querybuilder/query',
    '/report',
    '/tree/edit/taxon',
    '/permissions/%'
];
const ACTIONS = ['read', 'rEad', 'create', 'update', 'delete', 'READ', '%', 'access', 'Access', 'execute', 'export_csv', 'merge'];

function at(line: number): Source {
    return { file: '/w/roles.spol', range: { start: { line, character: 4 }, end: { line, character: 20 } } };
}

/** Distinct row objects, some from a written policy (with or without a template), some derived. */
const rowPool: fc.Arbitrary<LossyRow[]> = fc.array(
    fc.record({
        resource: fc.constantFrom(...RESOURCES),
        action: fc.constantFrom(...ACTIONS),
        written: fc.boolean(),
        template: fc.option(fc.constantFrom('LibA', 'LibB'), { nil: undefined }),
        line: fc.nat({ max: 50 })
    }),
    { minLength: 1, maxLength: 12 }
).map((specs) =>
    specs.map(({ resource, action, written, template, line }): LossyRow => {
        if (!written) return { resource, action, derivation: 'field-wildcard', source: at(line) };
        const policy: Policy = { resource, actions: [{ name: action }], source: at(line), resourceSource: at(line + 100) };
        return { resource, action, policy, ...(template ? { template } : {}), source: at(line) };
    })
);

/** A sequence of rows from the pool: the same object may come twice, as a hand-made list may hold it. */
const rows: fc.Arbitrary<LossyRow[]> = rowPool.chain((pool) => fc.array(fc.nat({ max: pool.length - 1 }), { maxLength: 16 }).map((picks) => picks.map((i) => pool[i]!)));

const holder: fc.Arbitrary<LossyHolder> = fc.oneof(
    fc.record({ kind: fc.constant('role' as const), role: fc.constantFrom('R1', 'R2'), collection: fc.constantFrom('C1', 'C2') }),
    fc.record({ kind: fc.constant('library-role' as const), role: fc.constantFrom('LibA', 'LibB') })
);

describe('lossy plans', () => {
    it('give exactly the findings of the plain definition on random rows', () => {
        fc.assert(
            fc.property(rows, holder, (list, who) => {
                expect(lossyConversions(list, who)).toEqual(referenceLossyConversions(list, who));
            }),
            { numRuns: 3000 }
        );
    });

    it('tie one plan to each copy: the same sequence from other policies names those policies', () => {
        fc.assert(
            fc.property(rows, rows, holder, (first, second, who) => {
                // Both sequences read as the first one's resources and actions, from the second one's objects where it has them.
                const same = first.map((row, i) => (second[i] ? { ...second[i]!, resource: row.resource, action: row.action } : row));
                lossyConversions(first, who);
                expect(lossyConversions(same, who)).toEqual(referenceLossyConversions(same, who));
            }),
            { numRuns: 1000 }
        );
    });

    it('give exactly the findings of the plain definition for every copy of random models', () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                expect(lossyFindings(model)).toEqual(referenceLossyFindings(model));
            }),
            { numRuns: 500 }
        );
    });
});

describe('the tool of a table', () => {
    const resource = fc.oneof(
        fc.constantFrom(...RESOURCES, ...[...registry.tables.keys()].map((t) => `/table/${t}`)),
        fc.string({ unit: fc.constantFrom('/', 'table', 'spquery', 'agent', '%', 'x'), maxLength: 5 })
    );

    it('is the one found by scanning every tool', () => {
        fc.assert(
            fc.property(resource, (r) => {
                expect(toolOfTableResource(r)).toEqual(referenceToolOf(r));
                expect(toolOfTableResource(r)).toEqual(referenceToolOf(r));
            }),
            { numRuns: 3000 }
        );
    });

    it('and Import fails on exactly the /tools/ names no tool has (case-sensitive)', () => {
        const name = fc.constantFrom(...TOOLS.map((t) => t.name), ...TOOLS.map((t) => t.name.toLowerCase()), '%', 'unknown', '');
        fc.assert(
            fc.property(name, (n) => {
                const known = n === '%' || TOOLS.some((tool) => tool.name === n);
                const attempt = (): unknown => decompressPolicies([{ resource: `/tools/${n}`, actions: ['read'] }]);
                if (known) expect(attempt).not.toThrow();
                else expect(attempt).toThrow(PolicyConversionError);
            })
        );
    });
});
