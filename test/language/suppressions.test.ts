/**
 * Inline suppressions read from real text (comments are hidden CST tokens), and the workspace model
 * applying them with the configuration: what the editor shows is what `spol check` prints.
 */
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../engine/diagnostic.js';
import { parseSuppression, suppressionsOf } from '../../language/suppressions.js';
import { buildWorkspace, createTestServices, workspaceUri } from './spol-test-kit.js';

const TREE = `institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" } }
}
user admin { institution admin agent "Admin" in Fishes }
`;

const ROLES = `role Spare in Voucher {
    description "Held by nobody"
    // spol-ignore-next-line empty-policy -- kept empty until the report list is agreed
    allow /report
    allow /workbench/dataset
}
// spol-ignore-next-line unused-role
role Other in Voucher { description "x" allow /report: execute }
role Third in Voucher { description "\\"// spol-ignore-next-line unused-role\\"" allow /report: execute }
`;

function lines(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map((d) => `${d.source!.range.start.line + 1}:${d.source!.range.start.character + 1} ${d.severity} ${d.code}`);
}

describe('suppressionsOf', () => {
    it('reads each line comment that starts with the directive, never a string', async () => {
        const services = createTestServices();
        const [, roles] = await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': ROLES });
        const found = suppressionsOf(roles!);
        expect(found.map((s) => ({ line: s.line, rules: s.rules.map((r) => r.name), reason: s.reason }))).toEqual([
            { line: 3, rules: ['empty-policy'], reason: 'kept empty until the report list is agreed' },
            { line: 7, rules: ['unused-role'], reason: undefined }
        ]);
        expect(found[0]!.file).toBe(workspaceUri('roles.spol'));
        expect(found[0]!.rules[0]!.source.range.start).toEqual({ line: 2, character: 29 });
    });
});

describe('parseSuppression', () => {
    it.each([
        ['// spol-ignore-next-line a, b -- why not', ['a', 'b'], 'why not'],
        ['//spol-ignore-next-line a b', ['a', 'b'], undefined],
        ['// spol-ignore-next-line a --', ['a'], ''],
        ['// spol-ignore-next-line -- only a reason', [], 'only a reason'],
        ['// spol-ignore-next-line', [], undefined],
        ['// spol-ignore-next-line unused-role -- a -- b', ['unused-role'], 'a -- b']
    ])('%s', (comment, rules, reason) => {
        const suppression = parseSuppression(comment, 'a.spol', 4, 8)!;
        expect(suppression.line).toBe(5);
        expect(suppression.rules.map((r) => r.name)).toEqual(rules);
        expect(suppression.reason).toBe(reason);
    });

    it.each(['// spol-ignore-next-lines x', '// a comment about spol-ignore-next-line', '/* spol-ignore-next-line x */'])('is not a suppression: %s', (comment) => {
        expect(parseSuppression(comment, 'a.spol', 0, 0)).toBeUndefined();
    });

    it('places each rule name', () => {
        const s = parseSuppression('// spol-ignore-next-line a,  bb', 'a.spol', 4, 8)!;
        expect(s.rules.map((r) => [r.source.range.start.character, r.source.range.end.character])).toEqual([
            [33, 34],
            [37, 39]
        ]);
    });
});

describe('the workspace model with suppressions and spol.yaml', () => {
    it('drops suppressed findings and reports the suppressions own problems', async () => {
        const services = createTestServices();
        await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': ROLES });
        const roles = services.Spol.workspace.PolicyModel.diagnosticsFor(workspaceUri('roles.spol'));
        const shown = lines(roles);
        expect(shown).not.toContain('4:5 warning empty-policy');
        expect(shown).toContain('5:5 warning empty-policy');
        expect(shown).toContain('7:1 warning suppression-without-reason');
        expect(shown).toContain('1:6 warning unused-role');
        expect(shown).not.toContain('8:6 warning unused-role');
        expect(shown).toContain('9:6 warning unused-role');
    });

    it('applies the configuration: a rule off, another severity, an ignored file', async () => {
        const services = createTestServices();
        services.Spol.workspace.Configuration.set(URI.parse('file:///workspace'), 'rules:\n  unused-role: off\n  empty-policy: error\nignore:\n  - old/**\n');
        await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': ROLES, 'old/broken.spol': 'role Old in Voucher { allow /report }\n' });
        const model = services.Spol.workspace.PolicyModel;
        const shown = lines(model.diagnosticsFor(workspaceUri('roles.spol')));
        expect(shown.filter((l) => l.includes('unused-role'))).toEqual([]);
        expect(shown).toContain('5:5 error empty-policy');
        // Suppressions are applied before the configuration: the one of unused-role on line 7 still has its finding to drop.
        expect(shown.filter((l) => l.includes('unused-suppression'))).toEqual([]);
        expect(model.diagnosticsFor(workspaceUri('old/broken.spol'))).toEqual([]);
        expect(model.model.roles.map((r) => r.name)).not.toContain('Old');
    });

    it('settles again when the configuration changes', async () => {
        const services = createTestServices();
        await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': ROLES });
        const model = services.Spol.workspace.PolicyModel;
        expect(lines(model.diagnosticsFor(workspaceUri('roles.spol')))).toContain('1:6 warning unused-role');
        services.Spol.workspace.Configuration.set(URI.parse('file:///workspace'), 'rules:\n  unused-role: info\n');
        expect(lines(model.diagnosticsFor(workspaceUri('roles.spol')))).toContain('1:6 info unused-role');
        services.Spol.workspace.Configuration.set(URI.parse('file:///workspace'), undefined);
        expect(lines(model.diagnosticsFor(workspaceUri('roles.spol')))).toContain('1:6 warning unused-role');
    });

    it('loads spol.yaml through the file system provider, keeping its problems', async () => {
        const files = new Map([['/ws/spol.yaml', 'rules:\n  unused-rol: off\n']]);
        const services = createTestServices();
        const configuration = new (services.Spol.workspace.Configuration.constructor as typeof import('../../language/spol-configuration.js').SpolConfiguration)({
            readFile: async (uri: URI) => {
                const text = files.get(uri.path);
                if (text === undefined) throw new Error('ENOENT');
                return text;
            }
        } as never);
        const entry = await configuration.load(URI.parse('file:///ws'));
        expect(entry!.file.toString()).toBe('file:///ws/spol.yaml');
        expect(lines(entry!.diagnostics)).toEqual(['2:3 error config-unknown-rule']);
        expect(await configuration.load(URI.parse('file:///elsewhere'))).toBeUndefined();
        expect(configuration.isIgnored('file:///ws/a.spol')).toBe(false);
    });
});
