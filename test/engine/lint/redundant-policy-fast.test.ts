/**
 * redundant-policy answers each place once per content (the grantors' pairs and which may be
 * reported), skips places without a written policy, and describes grantors only when reporting.
 * It must report exactly what the plain definition (redundant-policy-reference.ts) reports, in the
 * same order, on random models: also when several policies share a source (one written policy
 * reaching several places), which is how policies are told apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../engine/lint/rule.js';
import { redundantPolicy } from '../../../engine/lint/rules/redundant-policy.js';
import type { Policy, PolicyModel, Source } from '../../../engine/model/policy-model.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';
import { allow, museum, role } from '../decision/model-builders.js';
import { referenceRedundantPolicy } from './redundant-policy-reference.js';

function at(line: number): Source {
    return { file: '/w/a.spol', range: { start: { line, character: 4 }, end: { line, character: 30 } } };
}

/** The model with sources on its policies, taken in turn from `lines` (-1: none), so that some coincide. */
function withSources(model: PolicyModel, lines: readonly number[]): PolicyModel {
    let next = 0;
    const placed = (policy: Policy): Policy => {
        const line = lines.length ? lines[next++ % lines.length]! : -1;
        return line < 0 ? policy : { ...policy, source: at(line), resourceSource: at(line) };
    };
    return {
        ...model,
        libraryRoles: model.libraryRoles.map((role) => ({ ...role, policies: role.policies.map(placed) })),
        roles: model.roles.map((role) => ({ ...role, policies: role.policies.map(placed) })),
        users: model.users.map((user) => ({
            ...user,
            institutionPolicies: user.institutionPolicies.map(placed),
            collections: user.collections.map((grant) => ({ ...grant, policies: grant.policies.map(placed) }))
        }))
    };
}

describe('redundant-policy, answered once per place content', () => {
    it('reports exactly what the plain definition reports on random models', () => {
        fc.assert(
            fc.property(modelArbitrary(), fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 6 }), (model, lines) => {
                const sourced = withSources(model, lines);
                expect(runRules([redundantPolicy], sourced)).toEqual(runRules([referenceRedundantPolicy], sourced));
            }),
            { numRuns: 1500 }
        );
    });

    it('tells apart places whose strings differ only where the cache hash does not look', () => {
        // The same shape, lengths and last characters: one hash bucket, different answers.
        const twice = role('Twice', ['FishVoucher'], { policies: [allow('/table/agent', 'read'), allow('/table/agent', 'read')] });
        const apart = role('Apart', ['FishVoucher'], { policies: [allow('/table/axxnt', 'read'), allow('/table/agent', 'read')] });
        for (const roles of [[twice, apart], [apart, twice]]) {
            const model = museum({ roles });
            const found = runRules([redundantPolicy], model);
            expect(found).toEqual(runRules([referenceRedundantPolicy], model));
            expect(found).toHaveLength(1);
        }
    });
});
