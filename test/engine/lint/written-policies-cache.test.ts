/**
 * writtenPolicies and unmatchedActions are remembered per model (several rules of one run read
 * them): each model must get its own answer, equal to a fresh reading of that model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { like } from '../../../engine/like.js';
import { writtenPolicies } from '../../../engine/lint/policies.js';
import { actionsOfPattern, matchingResources, unmatchedActions } from '../../../engine/lint/resources.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';
import { allow, museum, role } from '../decision/model-builders.js';

describe('lists remembered per model', () => {
    it('answer each model from its own policies', () => {
        const first = museum({ roles: [role('R', ['FishVoucher'], { policies: [allow('/table/agent', 'read', 'fly')] })] });
        const second = museum({ roles: [role('R', ['FishVoucher'], { policies: [allow('/report', 'execute', 'swim')] })] });
        expect(writtenPolicies(first).map((p) => p.policy.resource)).toEqual(['/table/agent']);
        expect(writtenPolicies(second).map((p) => p.policy.resource)).toEqual(['/report']);
        expect(unmatchedActions(first).map((u) => u.action.name)).toEqual(['fly']);
        expect(unmatchedActions(second).map((u) => u.action.name)).toEqual(['swim']);
        // Asked again: the same answer, without reading the model again.
        expect(writtenPolicies(first)).toBe(writtenPolicies(first));
        expect(unmatchedActions(second)).toBe(unmatchedActions(second));
    });

    it('unmatchedActions is every action of a known resource that matches none of its actions', () => {
        fc.assert(
            fc.property(modelArbitrary(), (model) => {
                const plain = writtenPolicies(model).flatMap(({ policy }) =>
                    matchingResources(policy.resource).length === 0
                        ? []
                        : policy.actions.filter((action) => !actionsOfPattern(policy.resource).some((known) => like(known, action.name))).map((action) => [policy, action])
                );
                expect(unmatchedActions(model).map((u) => [u.policy, u.action])).toEqual(plain);
            }),
            { numRuns: 500 }
        );
    });
});
