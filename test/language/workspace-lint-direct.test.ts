/**
 * A load with lint (`spol check`) of a workspace that reads directly, whose names all resolve and
 * whose users write no setting twice builds no Langium document (workspace.ts's lintDirectly), and
 * gives exactly what the language's full services give for the same files: every diagnostic, field
 * by field and in the same order, the model, the files. Random workspaces carry findings of many
 * rules (random models with agents, Specify 6 settings and dangling names now and then, printed as
 * a workspace of files), suppression comments (valid, unknown rules, no rule, no reason, unused, in
 * block comments, after code), `institution admin` or `specify6` written twice, and spol.yaml
 * files with severities and ignored files; also the example workspace and the bench's institution.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, it, vi } from 'vitest';
import { generateInstitution } from '../../bench/generate-institution.js';
import { configurableRules } from '../../engine/config/apply-config.js';
import { compareDiagnostics } from '../../engine/diagnostic.js';
import type { Agent, PolicyModel, Ref, Specify6Settings, User } from '../../engine/model/policy-model.js';
import { printModel } from '../../language/print-model.js';
import { printWorkspace } from '../../language/print-workspace.js';
import * as spolParser from '../../language/spol-parser.js';
import { createSpolServices } from '../../language/spol-module.js';
import { diagnosticsOf, loadWorkspaceFromTexts, spolFilesOf, type LoadedWorkspace } from '../../language/workspace.js';
import { modelArbitrary, NAMES } from '../engine/decision/decision-arbitraries.js';
import { root } from './spol-test-kit.js';

vi.mock('../../language/spol-parser.js', async (importOriginal) => {
    const original = await importOriginal<typeof import('../../language/spol-parser.js')>();
    return { ...original, createSpolParser: vi.fn(original.createSpolParser) };
});

const createSpolParser = vi.mocked(spolParser.createSpolParser);

interface TextFile {
    readonly path: string;
    readonly text: string;
}

/** The files built with the language's full services (as the language server builds them), configured by `configs`. */
async function fullBuild(files: readonly TextFile[], configs: readonly TextFile[]): Promise<LoadedWorkspace> {
    const { shared, Spol } = createSpolServices(NodeFileSystem);
    const configuration = Spol.workspace.Configuration;
    for (const config of configs) configuration.set(URI.file(dirname(config.path)), config.text, URI.file(config.path));
    const loaded = [...files].sort((a, b) => (a.path < b.path ? -1 : 1)).filter((file) => !configuration.isIgnored(URI.file(file.path)));
    const documents = loaded.map(({ path, text }) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(path));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return { model: Spol.workspace.PolicyModel.model, diagnostics: documents.flatMap(diagnosticsOf).sort(compareDiagnostics), files: loaded.map((file) => file.path) };
}

/** Loads the files with lint as `spol check` does, and says whether Langium's parser was built for it. */
async function checkLoad(files: readonly TextFile[], configs: readonly TextFile[]): Promise<{ loaded: LoadedWorkspace; direct: boolean }> {
    createSpolParser.mockClear();
    const loaded = await loadWorkspaceFromTexts(files, { configs });
    return { loaded, direct: createSpolParser.mock.calls.length === 0 };
}

/** Equal field by field, in the same order, and with the same keys in the same order (compared as JSON too). */
function expectSame(actual: LoadedWorkspace, expected: LoadedWorkspace): void {
    expect(actual.diagnostics).toStrictEqual(expected.diagnostics);
    expect(actual.files).toStrictEqual(expected.files);
    expect(JSON.stringify(actual.model)).toBe(JSON.stringify(expected.model));
    expect(JSON.stringify(actual.diagnostics)).toBe(JSON.stringify(expected.diagnostics));
}

// ---------------------------------------------------------------- random workspaces

const RULES = configurableRules();
const AGENT_NAMES = ['Ann Agent', 'Bob Agent', 'Shared'];
const GROUPS = ['GuestGroup', 'Manager', 'FullAccess', 'NoSuchGroup'];

/** The model's declared names of each kind. */
function declared(model: PolicyModel) {
    const divisions = model.institutions.flatMap((institution) => institution.divisions);
    return {
        divisions: divisions.map((division) => division.name),
        collections: divisions.flatMap((division) => division.disciplines.flatMap((discipline) => discipline.collections.map((collection) => collection.name))),
        libraryRoles: model.libraryRoles.map((role) => role.name),
        roles: model.roles.map((role) => role.name)
    };
}

/** The model with every reference to a name it does not declare left out (a role keeps one collection). */
function resolvedOnly(model: PolicyModel): PolicyModel {
    const names = declared(model);
    const has = (list: readonly string[]) => (ref: Ref) => list.includes(ref.name);
    return {
        ...model,
        roles: model.roles.map((role) => {
            const collections = role.collections.filter(has(names.collections));
            return { ...role, collections: collections.length > 0 ? collections : [{ name: names.collections[0]! }], templates: role.templates.filter(has(names.libraryRoles)) };
        }),
        users: model.users.map((user) => ({
            ...user,
            collections: user.collections.filter((grant) => has(names.collections)(grant.collection)).map((grant) => ({ ...grant, roles: grant.roles.filter(has(names.roles)) }))
        }))
    };
}

/** Agents (in declared divisions, and now and then in `D2`, which may not be declared) and Specify 6 settings for the users. */
const usersExtras = fc.array(
    fc.record({
        agents: fc.array(fc.tuple(fc.constantFrom(...AGENT_NAMES), fc.constantFrom(...NAMES.divisions)), { maxLength: 2 }),
        specify6: fc.option(fc.record({ admin: fc.boolean(), group: fc.option(fc.constantFrom(...GROUPS), { nil: undefined }) }), { nil: undefined })
    }),
    { minLength: 4, maxLength: 4 }
);
type UsersExtras = typeof usersExtras extends fc.Arbitrary<infer T> ? T : never;

/** The users with the extras, an agent's division the one drawn when declared (or dangling), else the first declared. */
function withExtras(model: PolicyModel, extras: UsersExtras, dangling: boolean): PolicyModel {
    const divisions = declared(model).divisions;
    return {
        ...model,
        users: model.users.map((user, i): User => {
            const extra = extras[i % extras.length]!;
            const agents: Agent[] = extra.agents.map(([name, division]) => ({
                name,
                division: { name: divisions.includes(division) || dangling ? division : (divisions[0] ?? division) }
            }));
            const specify6: Specify6Settings | undefined = extra.specify6 && {
                admin: extra.specify6.admin,
                ...(extra.specify6.group !== undefined ? { group: extra.specify6.group } : {}),
                collections: []
            };
            return { ...user, agents, ...(specify6 ? { specify6 } : {}) };
        })
    };
}

/** What is written into a file's lines: suppressions of every form, and settings written twice. */
const insertion = fc.oneof(
    {
        weight: 6,
        arbitrary: fc
            .tuple(
                fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...RULES) }, { weight: 1, arbitrary: fc.constantFrom('missing-agnt', 'no-such-rule') }), { maxLength: 3 }),
                fc.constantFrom(' -- a reason', ' --', '', ' -- ', '--x'),
                fc.constantFrom('// ', '//', '//  ', '/* ')
            )
            .map(([rules, reason, opening]) => {
                const text = `${opening}spol-ignore-next-line ${rules.join(', ')}${reason}`;
                return { kind: 'line' as const, text: opening === '/* ' ? `${text} */` : text };
            })
    },
    { weight: 1, arbitrary: fc.constantFrom(...RULES).map((rule) => ({ kind: 'after-code' as const, text: ` // spol-ignore-next-line ${rule} -- after code` })) },
    { weight: 1, arbitrary: fc.constantFrom('institution admin', 'specify6 { group Manager }', 'specify6 { admin }').map((text) => ({ kind: 'twice' as const, text })) }
);

/** Each insertion at a line (by its share of the file) of a file (by its share of the files). */
const insertions = fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), insertion), { maxLength: 8 });

function inserted(files: TextFile[], edits: readonly [number, number, { kind: 'line' | 'after-code' | 'twice'; text: string }][]): TextFile[] {
    const lines = files.map((file) => file.text.split('\n'));
    for (const [whichFile, whichLine, { kind, text }] of edits) {
        const fileLines = lines[Math.floor(whichFile * lines.length)]!;
        const at = Math.floor(whichLine * fileLines.length);
        if (kind === 'line') fileLines.splice(at, 0, text);
        else if (kind === 'after-code') fileLines[at] += text;
        else {
            // Twice, right inside the next user's braces (a file without users is left as it is).
            const user = fileLines.findIndex((line, i) => i >= at && /^user .*\{$/.test(line));
            const first = user >= 0 ? user : fileLines.findIndex((line) => /^user .*\{$/.test(line));
            if (first >= 0) fileLines.splice(first + 1, 0, `    ${text}`, `    ${text}`);
        }
    }
    return files.map((file, i) => ({ path: file.path, text: lines[i]!.join('\n') }));
}

/** A spol.yaml at the workspace's root or in its users folder: rules with settings, now and then an ignored file. */
const configs = fc.array(
    fc.record({
        folder: fc.constantFrom('/w', '/w/users'),
        rules: fc.dictionary(fc.constantFrom(...RULES), fc.constantFrom('error', 'warning', 'info', 'off'), { maxKeys: 4 }),
        ignore: fc.option(fc.constantFrom('roles.spol', 'users/*.spol', 'library.spol', 'nothing/**'), { nil: undefined, freq: 3 })
    }),
    { maxLength: 2 }
);

function configTexts(entries: readonly { folder: string; rules: Record<string, string>; ignore?: string }[]): TextFile[] {
    const byFolder = new Map<string, TextFile>();
    for (const { folder, rules, ignore } of entries) {
        const ruleLines = Object.entries(rules).map(([rule, setting]) => `  ${rule}: ${setting}`);
        const lines = [...(ruleLines.length > 0 ? ['rules:', ...ruleLines] : []), ...(ignore !== undefined ? ['ignore:', `  - ${ignore}`] : [])];
        byFolder.set(folder, { path: `${folder}/spol.yaml`, text: `${lines.join('\n')}\n` });
    }
    return [...byFolder.values()];
}

const workspaceArbitrary = fc
    .record({
        model: modelArbitrary((value) => value.length > 0, { writable: true }),
        extras: usersExtras,
        dangling: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 5, arbitrary: fc.constant(false) }),
        oneFile: fc.boolean(),
        lineEnd: fc.constantFrom('\n', '\n', '\r\n'),
        edits: insertions,
        configs
    })
    .map(({ model, extras, dangling, oneFile, lineEnd, edits, configs: entries }) => {
        const full = withExtras(dangling ? model : resolvedOnly(model), extras, dangling);
        let printed: TextFile[];
        if (oneFile) {
            const result = printModel(full);
            if (!result.ok) return undefined;
            printed = [{ path: '/w/model.spol', text: result.text }];
        } else {
            const result = printWorkspace(full);
            if (!result.ok) return undefined;
            printed = result.files.map((file) => ({ path: `/w/${file.path}`, text: file.text }));
        }
        const files = inserted(printed, edits).map((file) => ({ path: file.path, text: file.text.split('\n').join(lineEnd) }));
        return { files, configs: configTexts(entries) };
    });

describe('spol check without Langium documents', () => {
    it('gives what the full build gives on random workspaces with findings, suppressions and configurations', async () => {
        const seen = { direct: 0, built: 0, diagnostics: 0, suppressed: 0, configured: 0 };
        await fc.assert(
            fc.asyncProperty(workspaceArbitrary, async (workspace) => {
                if (!workspace) return;
                const { loaded, direct } = await checkLoad(workspace.files, workspace.configs);
                const expected = await fullBuild(workspace.files, workspace.configs);
                expectSame(loaded, expected);
                if (direct) {
                    seen.direct++;
                    seen.diagnostics += loaded.diagnostics.length;
                    if (loaded.diagnostics.some((d) => d.code === 'unused-suppression')) seen.suppressed++;
                    if (workspace.configs.length > 0) seen.configured++;
                } else {
                    seen.built++;
                }
            }),
            { numRuns: 200 }
        );
        // Both paths are taken often, and the direct one with many findings, suppressions and configurations.
        expect(seen.direct, JSON.stringify(seen)).toBeGreaterThan(80);
        expect(seen.built, JSON.stringify(seen)).toBeGreaterThan(20);
        expect(seen.diagnostics, JSON.stringify(seen)).toBeGreaterThan(500);
        expect(seen.suppressed, JSON.stringify(seen)).toBeGreaterThan(20);
        expect(seen.configured, JSON.stringify(seen)).toBeGreaterThan(20);
    }, 240_000);

    it('reports a used suppression, an unknown rule and a setting written twice as the full build does', async () => {
        const institution = { path: '/w/a.spol', text: 'institution I { division D { discipline F { collection C } } }\n' };
        const users = (extra: string) => ({
            path: '/w/b.spol',
            text: `// spol-ignore-next-line missing-agent -- no agent yet\nuser u {\n    institution admin\n${extra}    in C { access }\n}\n// spol-ignore-next-line no-such-rule -- why\nuser v { in C { access } }\n`
        });
        const clean = await checkLoad([institution, users('')], []);
        expect(clean.direct).toBe(true);
        expect(clean.loaded.diagnostics.map((d) => [d.code, d.source?.range.start.line])).toContainEqual(['suppression-unknown-rule', 5]);
        expect(clean.loaded.diagnostics.filter((d) => d.code === 'missing-agent').map((d) => d.source?.range.start.line)).toEqual([6]);
        expectSame(clean.loaded, await fullBuild([institution, users('')], []));
        const twice = await checkLoad([institution, users('    institution admin\n')], []);
        expect(twice.direct).toBe(false);
        expect(twice.loaded.diagnostics.map((d) => d.code)).toContain('repeated-setting');
        expectSame(twice.loaded, await fullBuild([institution, users('    institution admin\n')], []));
    });

    it('reports a workspace without an institution, and a file of comments only, as the full build does', async () => {
        const files = [
            { path: '/w/b.spol', text: 'user u {}\n' },
            { path: '/w/a.spol', text: '// spol-ignore-next-line no-institution-admin -- not here\n// nothing else\n' }
        ];
        for (const configs of [[], [{ path: '/w/spol.yaml', text: 'rules:\n  no-institution-admin: info\n  unused-suppression: error\n' }]]) {
            const { loaded, direct } = await checkLoad(files, configs);
            expect(direct).toBe(true);
            expect(loaded.diagnostics.map((d) => [d.code, d.source?.file])).toEqual(
                expect.arrayContaining([
                    ['unused-suppression', 'file:///w/a.spol'],
                    ['no-institution-admin', 'file:///w/b.spol']
                ])
            );
            expectSame(loaded, await fullBuild(files, configs));
        }
    });

    it('reads the example workspace without Langium, as the full build does', async () => {
        const folder = join(root, 'examples/natural-history-museum');
        const files = (await spolFilesOf([folder])).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
        const { loaded, direct } = await checkLoad(files, []);
        expect(direct).toBe(true);
        expectSame(loaded, await fullBuild(files, []));
    });

    it("reads the bench's institution (its suppressions included) without Langium, as the full build does", async () => {
        const files = [...generateInstitution({ users: 400, collections: 12, seed: 3 })].map(([path, text]) => ({ path: resolve('/bench', path), text }));
        expect(files.some((file) => file.text.includes('spol-ignore-next-line'))).toBe(true);
        const configs = [{ path: '/bench/spol.yaml', text: 'rules:\n  lossy-export: info\n  escalation: error\n' }];
        const { loaded, direct } = await checkLoad(files, configs);
        expect(direct).toBe(true);
        expect(loaded.diagnostics.length).toBeGreaterThan(0);
        expectSame(loaded, await fullBuild(files, configs));
    }, 120_000);
});
