/**
 * The benchmark's institution generator: a small institution is a valid workspace (no errors
 * through the language and the linter, every name one Specify defines), has every kind of holder
 * the benchmark needs, and the same seed gives the same text.
 */
import { describe, expect, it } from 'vitest';
import { generateInstitution, parseGeneratorArguments } from '../../bench/generate-institution.js';
import { loadWorkspaceFromTexts } from '../../language/workspace.js';

const small = { users: 200, collections: 6, seed: 7 };

describe('generateInstitution', () => {
    it('writes a workspace that loads without errors and has admins, managers, roles, policies and users without access', async () => {
        const files = generateInstitution(small);
        const workspace = await loadWorkspaceFromTexts([...files].map(([path, text]) => ({ path: `/bench-test/${path}`, text })));
        const errors = workspace.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.source?.file}:${(d.source?.range.start.line ?? 0) + 1} ${d.code} ${d.message}`)).toEqual([]);
        expect(workspace.diagnostics.filter((d) => d.severity === 'warning').length).toBeLessThan(20);
        const { model } = workspace;
        expect(model.users).toHaveLength(200);
        expect(model.institutions[0]!.divisions.flatMap((v) => v.disciplines.flatMap((d) => d.collections))).toHaveLength(6);
        expect(model.users.filter((u) => u.institutionAdmin).length).toBeGreaterThanOrEqual(1);
        expect(model.users.filter((u) => u.collections.length === 0 && !u.institutionAdmin).length).toBeGreaterThan(0);
        expect(model.users.filter((u) => u.institutionPolicies.length > 0).length).toBeGreaterThan(0);
        expect(model.users.filter((u) => u.collections.some((g) => g.policies.length > 0)).length).toBeGreaterThan(0);
        expect(model.roles.filter((r) => r.templates.length > 0 && r.policies.length > 0).length).toBeGreaterThan(0);
        expect(model.roles.filter((r) => r.templates.length === 0).length).toBeGreaterThan(0);
        expect(model.libraryRoles.length).toBe(18);
        expect([...files.keys()].filter((path) => path.startsWith('users/')).length).toBeGreaterThan(0);
    });

    it('gives the same text for the same seed, and another for another seed', () => {
        expect(generateInstitution(small)).toEqual(generateInstitution(small));
        expect(generateInstitution({ ...small, seed: 8 })).not.toEqual(generateInstitution(small));
    });

    it('reads its command line and refuses what it does not know', () => {
        expect(parseGeneratorArguments(['--users', '10', '--out', 'x'])).toEqual({ users: 10, collections: 60, seed: 1, out: 'x' });
        expect(() => parseGeneratorArguments(['--user', '10'])).toThrow(/--user/);
        expect(() => parseGeneratorArguments(['--users', 'many'])).toThrow(/whole number/);
    });
});
