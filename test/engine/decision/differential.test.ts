/**
 * The compiled engine against the naive reference evaluator on random models and random queries:
 * they must agree on allowed, level, reason, the collection gate, and the multiset of matched rows
 * with their provenance, and the engine's rows must come in Specify's holder order. The models and
 * questions come from decision-arbitraries.ts and the comparison from compare-decisions.ts, which
 * the soak (soak/) runs too, over the same models written as spol text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, QueryError, RESERVED } from '../../../engine/decision/index.js';
import { likeSubjectOf } from '../../../engine/decision/like-buckets.js';
import { createLikeAbility } from '../../../engine/decision/policy-ability.js';
import { registry } from '../../../engine/registry/registry.js';
import { disagreements, engineAnswer } from './compare-decisions.js';
import { askedOf, KNOWN_ACTIONS, modelArbitrary, question } from './decision-arbitraries.js';
import { referenceDecide, referenceIsAdmin } from './reference-evaluator.js';

/** Models with every pattern, whether or not spol can write it. */
const anyModel = modelArbitrary();

// ---------------------------------------------------------------------------------------------

describe('engine agrees with the reference evaluator', () => {
    it('on random models and queries', () => {
        const seen = {
            queries: 0,
            errors: 0,
            ambiguous: 0,
            granted: 0,
            'no-matching-policy': 0,
            'no-collection-access': 0,
            slow: 0,
            institution: 0,
            redirected: 0,
            roleRows: 0,
            templateRows: 0,
            derivedRows: 0,
            matchedRows: 0,
            toolGranted: 0,
            toolPartlyDenied: 0,
            toolLiteral: 0,
            /** Matched rows that several lines of one holder declare (stored once). */
            mergedRows: 0
        };
        fc.assert(
            fc.property(anyModel, fc.array(question, { minLength: 5, maxLength: 20 }), (m, questions) => {
                const engine = compile(m);
                for (const q of questions.map((x) => askedOf(m, x))) {
                    const decision = engineAnswer(engine, q);
                    const reference = referenceDecide(m, q.query, q.mode);
                    expect(disagreements(decision, reference), JSON.stringify(q)).toEqual([]);
                    seen.queries++;
                    if ('error' in decision) {
                        seen.errors++;
                        if (decision.error === 'ambiguous-name') seen.ambiguous++;
                        continue;
                    }
                    seen[decision.reason]++;
                    seen.matchedRows += decision.matches.length;
                    if (decision.level === 'institution') seen.institution++;
                    if (decision.level === 'institution' && q.query.collection !== undefined) seen.redirected++;
                    seen.roleRows += decision.matches.filter((row) => row.origin.kind === 'role').length;
                    seen.templateRows += decision.matches.filter((row) => row.template !== undefined).length;
                    seen.derivedRows += decision.matches.filter((row) => row.derivation !== undefined).length;
                    seen.mergedRows += decision.matches.filter((row) => row.also !== undefined).length;
                    if (!registry.resources.has(q.query.resource.toLowerCase())) seen.slow++;
                    if (registry.tools.has(q.query.resource.toLowerCase())) {
                        if (q.mode === 'query') seen.toolLiteral++;
                        else if (reference.error === undefined && reference.missingTables?.length === 0) seen.toolGranted++;
                        else if (reference.error === undefined && decision.matches.length > 0) seen.toolPartlyDenied++;
                    }
                }
            }),
            { numRuns: 2500 }
        );
        // Guard against a vacuous run: every outcome must have come up many times.
        expect(seen.queries).toBeGreaterThan(25_000);
        const outcomes = ['errors', 'ambiguous', 'granted', 'no-matching-policy', 'no-collection-access', 'slow', 'institution', 'redirected', 'roleRows', 'templateRows', 'derivedRows', 'toolGranted', 'toolLiteral'] as const;
        for (const outcome of outcomes) {
            expect(seen[outcome], outcome).toBeGreaterThan(100);
        }
        // A tool with rows on some of its tables only (about 80 a run): rarer, so a lower floor.
        expect(seen.toolPartlyDenied).toBeGreaterThan(25);
        expect(seen.matchedRows).toBeGreaterThan(seen.granted);
        // Rows declared twice by one holder (about 450 a run) are stored once on both sides.
        expect(seen.mergedRows).toBeGreaterThan(100);
    });

    it('on who is Institution Admin: the institution row % / %, however it is written', () => {
        const seen = { keyword: 0, policyOnly: 0, both: 0, neither: 0 };
        fc.assert(
            fc.property(anyModel, (m) => {
                const index = compile(m).index;
                for (const user of m.users) {
                    const admin = index.isInstitutionAdmin(user);
                    expect(admin, user.name).toBe(referenceIsAdmin(user));
                    const written = user.institutionPolicies.some((p) => p.resource === '%' && p.actions.some((a) => a.name === '%'));
                    if (user.institutionAdmin && written) seen.both++;
                    else if (user.institutionAdmin) seen.keyword++;
                    else if (admin) seen.policyOnly++;
                    else seen.neither++;
                }
            }),
            { numRuns: 1000 }
        );
        // Both spellings in one user is rare in random models (about 6 a run); stored-once.test.ts has it by hand.
        for (const [kind, count] of Object.entries(seen)) expect(count, kind).toBeGreaterThan(kind === 'both' ? 2 : 20);
    });

    it('fast rules and LIKE rules of one ability agree on every vocabulary request', () => {
        const resources = registry.concreteResources().filter((r) => !r.startsWith('/field/'));
        let checked = 0;
        fc.assert(
            fc.property(anyModel, fc.nat(), fc.boolean(), (m, pick, atInstitution) => {
                const engine = compile(m);
                const collections = engine.index.collectionNames();
                let ability: ReturnType<typeof engine.abilityFor>;
                let likeAbilities: ReturnType<typeof createLikeAbility>[];
                try {
                    const held = engine.heldRows(m.users[0]!.name, atInstitution ? undefined : collections[pick % collections.length]);
                    ability = held.ability;
                    likeAbilities = held.segments.map((rows) => createLikeAbility(rows));
                } catch (error) {
                    // A name declared twice: the question is refused (compared with the reference in the test above).
                    if (error instanceof QueryError && error.code === 'ambiguous-name') return;
                    throw error;
                }
                const disagreements: string[] = [];
                for (const resource of resources) {
                    for (const action of KNOWN_ACTIONS) {
                        const request = { resource, action };
                        const fast = ability.rulesFor(action, resource.toLowerCase()).length;
                        const slow = likeAbilities
                            .map((like) => like.rulesFor(RESERVED.likeAction, likeSubjectOf(resource)).filter((rule) => rule.matchesConditions(request)).length)
                            .reduce((a, b) => a + b, 0);
                        const canFast = ability.can(action, resource.toLowerCase());
                        const canSlow = likeAbilities.some((like) => like.can(RESERVED.likeAction, request));
                        if (fast !== slow || canFast !== canSlow || canFast !== fast > 0) disagreements.push(`${resource} ${action}`);
                        checked++;
                    }
                }
                expect(disagreements).toEqual([]);
            }),
            { numRuns: 150 }
        );
        expect(checked).toBeGreaterThan(100_000);
    });
});
