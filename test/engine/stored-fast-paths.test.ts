/**
 * ModelIndex builds every user's rows, so its inner steps take shortcuts: toolTablesOf tests the
 * `/tools/` prefix without lower-casing first, and one-row-per-key compares a handful of rows
 * pairwise, and more by resource with each resource's rows chained; the field wildcard's cause
 * compares lengths before lower-casing. On random input each must equal the plain definition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../engine/model/policy-model.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, FIELD_WILDCARD_RESOURCE, fieldWildcardCause, ModelIndex, toolTablesOf } from '../../engine/model/stored.js';
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

/** The plain definition: the access row, lower-cased, unless a `/field/%` `%` row is there too. */
function plainCause<T extends { resource: string; action: string }>(rows: readonly T[]): T | undefined {
    const access = rows.find((row) => row.resource.toLowerCase() === COLLECTION_ACCESS_RESOURCE && row.action.toLowerCase() === COLLECTION_ACCESS_ACTION);
    return access && !rows.some((row) => row.resource.toLowerCase() === FIELD_WILDCARD_RESOURCE && row.action === '%') ? access : undefined;
}

/** Texts near the ones compared: any case, an odd character in place of a letter, a letter more or less, or anything. */
const near = (text: string): fc.Arbitrary<string> =>
    fc.oneof(
        anyCase(text),
        fc.tuple(anyCase(text), fc.nat(text.length), fc.constantFrom(...ODD, '\u0307', '\u{10400}', '')).map(([t, at, c]) => t.slice(0, at) + c + t.slice(at + 1)),
        fc.tuple(anyCase(text), fc.nat(text.length), fc.constantFrom(...ODD, 'i', '%')).map(([t, at, c]) => t.slice(0, at) + c + t.slice(at)),
        fc.string({ unit: 'grapheme', maxLength: 24 })
    );

describe("the field wildcard's cause", () => {
    it("rests on a fact of JavaScript's lower-casing, checked over every code point", () => {
        // Only U+0130 changes length (into i and U+0307, not ASCII), and only U+212A lower-cases to
        // ASCII from outside it (keeping its length): so a text that lower-cases to an ASCII string
        // has that string's length, and comparing lengths first never changes an answer.
        const longer: number[] = [];
        const toAscii: number[] = [];
        for (let cp = 0; cp <= 0x10ffff; cp++) {
            if (cp >= 0xd800 && cp <= 0xdfff) continue;
            const text = String.fromCodePoint(cp);
            const lower = text.toLowerCase();
            if (lower.length !== text.length) longer.push(cp);
            if (cp > 0x7f && /^[\x00-\x7f]*$/.test(lower)) toAscii.push(cp);
        }
        expect(longer).toEqual([0x130]);
        expect('\u0130'.toLowerCase()).toBe('i\u0307');
        expect(toAscii).toEqual([0x212a]);
    });

    it('equals lower-casing every row first, on rows near the access and wildcard rows', () => {
        let found = 0;
        let covered = 0;
        fc.assert(
            fc.property(
                fc.array(
                    fc.record({
                        resource: fc.oneof(anyCase(COLLECTION_ACCESS_RESOURCE), near(COLLECTION_ACCESS_RESOURCE), anyCase(FIELD_WILDCARD_RESOURCE), near(FIELD_WILDCARD_RESOURCE)),
                        action: fc.oneof(anyCase(COLLECTION_ACCESS_ACTION), near(COLLECTION_ACCESS_ACTION), fc.constantFrom('%', 'read'))
                    }),
                    { maxLength: 6 }
                ),
                (rows) => {
                    const cause = fieldWildcardCause(rows);
                    expect(cause).toBe(plainCause(rows));
                    if (cause) found++;
                    else if (plainCause(rows.filter((row) => row.action !== '%'))) covered++;
                }
            ),
            { numRuns: 3000 }
        );
        // Both answers occur: a cause, and an access row that a wildcard row already covers.
        expect(found).toBeGreaterThan(50);
        expect(covered).toBeGreaterThan(20);
    });
});
