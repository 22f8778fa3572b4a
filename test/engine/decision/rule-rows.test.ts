/**
 * RuleRows keeps, per row-set shape and rule, the rows CASL finds for it. On random models its
 * answer equals the plain definition, read from the shape's abilities each time: for a vocabulary
 * request the rules `rulesFor` gives, for a field's update (in any spelling) the LIKE rules that
 * match it; last-defined first, turned back into the row set's own rows in Specify's order.
 * A table of two slots grows many times on the way, and every pair is asked twice (found, then kept).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbilityInterner } from '../../../engine/decision/ability-interner.js';
import { fieldRequest, fieldRule, grantRule } from '../../../engine/decision/grant-ability.js';
import { compile, QueryError } from '../../../engine/decision/index.js';
import { offsetOf, type PolicyAbility } from '../../../engine/decision/policy-ability.js';
import { RuleRows, type HeldSegments } from '../../../engine/decision/rule-rows.js';
import { likeSubjectOf } from '../../../engine/decision/like-buckets.js';
import { RESERVED } from '../../../engine/decision/reserved-names.js';
import { vocabulary } from '../../../engine/decision/vocabulary.js';
import { registry } from '../../../engine/registry/registry.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';
import { modelArbitrary } from './decision-arbitraries.js';
import { allow, grant, museum, role, user } from './model-builders.js';

const ROUTES = vocabulary.resourcesMatching('%').map((resource) => vocabulary.route(resource)!);
const ACTIONS = vocabulary.actionsMatching('%');

/** What CASL says, read anew: the rows of the ability's rules for the request, in Specify's order. */
function plainRows(ability: PolicyAbility, rows: readonly StoredPolicy[], action: string, resource: string): StoredPolicy[] {
    const rules = ability.rulesFor(action, resource);
    const found: StoredPolicy[] = [];
    for (let i = rules.length - 1; i >= 0; i--) found.push(rows[offsetOf(rules[i]!.origin)]!);
    return found;
}

/** A user's row sets at one level, as RuleRows reads them, and as an array. */
interface Level extends HeldSegments {
    readonly segments: readonly (readonly StoredPolicy[])[];
}

/** Every user's row sets at every level of a model, each level as RuleRows reads it. */
function levelsOf(model: Parameters<typeof compile>[0], interner: AbilityInterner): Level[] {
    const engine = compile(model);
    const levels: Level[] = [];
    for (const name of engine.index.users.keys()) {
        for (const collection of [undefined, ...engine.index.collections.keys()]) {
            let segments: readonly (readonly StoredPolicy[])[];
            try {
                segments = engine.heldRows(name, collection).segments;
            } catch (error) {
                if (error instanceof QueryError) continue;
                throw error;
            }
            const shapes = segments.map((rows) => interner.shapeId(rows));
            const abilities = segments.map((rows) => interner.abilityFor([rows]));
            const likeAbilities = segments.map((rows) => interner.likeAbilityFor(rows));
            levels.push({
                segments,
                rowsAt: (segment) => segments[segment]!,
                shapeAt: (segment) => shapes[segment]!,
                abilityAt: (segment) => abilities[segment]!,
                likeAbilityAt: (segment) => likeAbilities[segment]!
            });
        }
    }
    return levels;
}

/**
 * Asks RuleRows about every rule each segment's ability has rules for; the number asked, and the
 * first answer that differs from the plain rows (compared by identity), if any.
 */
function askAll(levels: readonly Level[], ruleRows: RuleRows): { asked: number; wrong?: string } {
    let asked = 0;
    for (const level of levels) {
        for (let segment = 0; segment < level.segments.length; segment++) {
            const rows = level.segments[segment]!;
            for (const route of ROUTES) {
                for (const action of ACTIONS) {
                    const expected = plainRows(level.abilityAt(segment), rows, action, route.key);
                    // RuleRows is asked only about row sets that grant the rule (decide reads the grant bits first).
                    if (expected.length === 0) continue;
                    asked++;
                    const rule = grantRule(route.id, action);
                    // Appends to what is there.
                    const into = [rows[0]!];
                    const found = ruleRows.push(into, level, segment, rule, action, route.key);
                    const same = found === into && into.length === expected.length + 1 && expected.every((row, i) => into[i + 1] === row);
                    if (!same || !sameRows(ruleRows.push(undefined, level, segment, rule, action, route.key), expected)) {
                        return { asked, wrong: `${action} ${route.key} in segment ${segment}: ${expected.length} rows expected` };
                    }
                }
            }
        }
    }
    for (const level of levels) {
        for (let segment = 0; segment < level.segments.length; segment++) {
            const rows = level.segments[segment]!;
            for (const [resource, action] of FIELD_REQUESTS) {
                const expected = plainLikeRows(level.likeAbilityAt(segment), rows, resource, action);
                if (expected.length === 0) continue;
                asked++;
                const rule = fieldRule(fieldRequest(resource, action)!);
                if (!sameRows(ruleRows.pushField(undefined, level, segment, rule, { resource, action }), expected)) {
                    return { asked, wrong: `${action} ${resource} in segment ${segment}: ${expected.length} rows expected` };
                }
            }
        }
    }
    return { asked };
}

/**
 * Field updates as requests spell them: as the registry does, in other cases, with `update` in
 * other cases; each spelling in turn, so that one spelling finds what another asked first.
 */
const FIELDS = registry.concreteResources().filter((name) => name.startsWith('/field/'));
const FIELD_REQUESTS: readonly (readonly [string, string])[] = [
    ...['/field/agent/lastname', '/field/collectionobject/catalognumber', '/field/taxon/name', ...FIELDS.filter((_, i) => i % 97 === 0)].flatMap(
        (field) => [
            [field, 'update'],
            [field.toUpperCase(), 'UPDATE'],
            [field.replace('/field/', '/Field/'), 'Update']
        ] as const
    )
];

/** What the LIKE rules say, read anew: the rows whose patterns the request matches, in Specify's order. */
function plainLikeRows(likeAbility: PolicyAbility, rows: readonly StoredPolicy[], resource: string, action: string): StoredPolicy[] {
    const rules = likeAbility.rulesFor(RESERVED.likeAction, likeSubjectOf(resource));
    const found: StoredPolicy[] = [];
    for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.matchesConditions({ resource, action })) found.push(rows[offsetOf(rules[i]!.origin)]!);
    return found;
}

function sameRows(found: readonly StoredPolicy[] | undefined, expected: readonly StoredPolicy[]): boolean {
    return found !== undefined && found.length === expected.length && expected.every((row, i) => found[i] === row);
}

describe('RuleRows', () => {
    it('gives the rows CASL gives, on a museum whose row sets share shapes and grant rules with several rows', () => {
        const model = museum({
            roles: [
                role('DataEntry', ['FishVoucher', 'Herbarium'], {
                    policies: [allow('/table/%', 'read', 'create'), allow('/table/agent', 'read'), allow('%', 'read')]
                }),
                role('Reports', ['FishVoucher'], { policies: [allow('/report', 'execute'), allow('/report', '%'), allow('/field/agent/%', 'update')] })
            ],
            users: [
                user('a', {
                    grants: [grant('FishVoucher', { access: true, roles: ['DataEntry', 'Reports'], policies: [allow('/table/agent', '%'), allow('/FIELD/%NAME', 'UP%')] })]
                }),
                user('b', { grants: [grant('FishVoucher', { access: true, roles: ['DataEntry'] }), grant('Herbarium', { roles: ['DataEntry'] })] }),
                user('admin', { admin: true, institution: [allow('/table/%', 'read')] })
            ]
        });
        const interner = new AbilityInterner();
        const levels = levelsOf(model, interner);
        const ruleRows = new RuleRows(2);
        const first = askAll(levels, ruleRows);
        expect(first.wrong).toBeUndefined();
        expect(first.asked).toBeGreaterThan(1000);
        // Asked again, from what was kept, without growing.
        const kept = ruleRows.size;
        expect(askAll(levels, ruleRows)).toEqual(first);
        expect(ruleRows.size).toBe(kept);
        // Row sets of one shape share their answers: fewer kept than asked.
        expect(kept).toBeLessThan(first.asked);
    });

    it('equals the plain definition on random models', () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const interner = new AbilityInterner();
                const levels = levelsOf(model, interner);
                const ruleRows = new RuleRows(2);
                const first = askAll(levels, ruleRows);
                expect(first.wrong).toBeUndefined();
                expect(askAll(levels, ruleRows)).toEqual(first);
            }),
            { numRuns: 30 }
        );
    });

    it('refuses a capacity that is not a power of two', () => {
        expect(() => new RuleRows(3)).toThrow(/power of two/);
    });
});
