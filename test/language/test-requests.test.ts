/**
 * spol/tests/discover and spol/tests/run (language/spol-test-requests.ts): the server finds the
 * workspace's `*.test.yaml` files itself, lists their cases at their places, and runs them with the
 * answers `spol test` gives on the same folder: the same pass and fail counts, the same failure
 * wording (places relative to the workspace folder), the same test-file problems, and the same
 * refusal of a workspace that does not parse.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import type { CaseRunView, FileRunView, RunTestsResult, TestFileView } from '../../language/protocol-tests.js';
import { createSpolServices } from '../../language/spol-module.js';
import { SpolTestRequests } from '../../language/spol-test-requests.js';
import { capture } from '../cli/run-binary.js';
import { root } from './spol-test-kit.js';

const museum = join(root, 'examples/natural-history-museum');
const fixture = join(root, 'test/fixtures/test-explorer');
const scratch = mkdtempSync(join(tmpdir(), 'spol-test-requests-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A language server's services over a real folder, opened as the editor opens a workspace folder. */
async function serverFor(folder: string): Promise<SpolTestRequests> {
    const { shared, Spol } = createSpolServices(NodeFileSystem);
    const uri = URI.file(folder).toString();
    shared.workspace.WorkspaceManager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri, name: 'ws' }] });
    await shared.workspace.WorkspaceManager.initialized({});
    return new SpolTestRequests(Spol);
}

interface CliJson {
    readonly summary: { passed: number; failed: number; files: number; errors: number };
    readonly diagnostics: { file: string; line: number; column: number; code: string; message: string }[];
    readonly results: { file: string; line: number; case: string; passed: boolean; message?: string }[];
}

/** `spol test <folder> --format json`, through the CLI's own code path. */
async function cli(folder: string): Promise<{ code: number; json?: CliJson; stderr: string }> {
    const io = capture();
    const code = await main(['test', folder, '--format', 'json'], io);
    return { code, stderr: io.stderr, ...(io.stdout ? { json: JSON.parse(io.stdout) as CliJson } : {}) };
}

function results(answer: RunTestsResult): { files: readonly FileRunView[]; summary: Extract<RunTestsResult, { kind: 'results' }>['summary'] } {
    if (answer.kind !== 'results') throw new Error(`expected results, got ${answer.kind}: ${answer.message}`);
    return answer;
}

function caseNamed(files: readonly FileRunView[], name: string): CaseRunView {
    const found = files.flatMap((file) => file.cases).find((c) => c.name === name);
    if (!found) throw new Error(`no case ${name}`);
    return found;
}

function copyOf(folder: string, extra: Record<string, string> = {}): string {
    const target = mkdtempSync(join(scratch, 'ws-'));
    cpSync(folder, target, { recursive: true });
    for (const [name, text] of Object.entries(extra)) {
        mkdirSync(join(target, name, '..'), { recursive: true });
        writeFileSync(join(target, name), text);
    }
    return target;
}

describe('the example workspace', () => {
    it('lists every test file and case that spol test runs, and runs them all to the same counts', async () => {
        const server = await serverFor(museum);
        const { json } = await cli(museum);
        const discovered = await server.discover();
        expect(discovered.files.map((file) => file.label)).toEqual(
            [...new Set(json!.results.map((r) => r.file))].map((file) => relative(museum, join(root, file))).sort()
        );
        const cliCases = new Set(json!.results.map((r) => `${relative(museum, join(root, r.file))}\0${r.case}`));
        const cases = discovered.files.flatMap((file) => file.cases.map((c) => `${file.label}\0${c.name}`));
        expect(new Set(cases)).toEqual(cliCases);
        expect(cases).toHaveLength(cliCases.size);

        const run = results(await server.run());
        expect(run.summary.passed).toBe(json!.summary.passed);
        expect(run.summary.failed).toBe(0);
        expect(run.summary.errors).toBe(0);
        expect(run.summary.files).toBe(json!.summary.files);
        expect(run.summary.cases).toEqual({ passed: cliCases.size, failed: 0, errored: 0 });
        expect(run.files.every((file) => file.problems.length === 0)).toBe(true);
    });

    it('places each case at its name line and each expectation at its list item', async () => {
        const server = await serverFor(museum);
        const file = (await server.discover()).files.find((f) => f.label === 'tests/data-entry.test.yaml')!;
        const first = file.cases[0]!;
        expect(first.name).toBe('jdoe enters and edits specimens in FishVoucher through her Data Entry role');
        expect(first.id).toBe(first.name);
        // 0-based: `  - name: …` is line 5 of the file, `- read /table/collectionobject` line 9.
        expect(first.nameRange.start).toEqual({ line: 4, character: 4 });
        expect(first.expectations[0]).toMatchObject({ expected: 'allow', action: 'read', resource: '/table/collectionobject' });
        expect(first.expectations[0]!.range.start).toEqual({ line: 8, character: 8 });
        expect(first).toMatchObject({ user: 'jdoe', collection: 'FishVoucher', mode: 'enforce' });
    });
});

describe('failures and test-file problems', () => {
    it('agrees with spol test on counts, wording, places and problems', async () => {
        const server = await serverFor(fixture);
        const { code, json } = await cli(fixture);
        expect(code).toBe(1);
        const run = results(await server.run());
        expect(run.summary).toMatchObject({ passed: json!.summary.passed, failed: json!.summary.failed, errors: json!.summary.errors, files: json!.summary.files });
        expect(run.summary).toMatchObject({ passed: 6, failed: 2, errors: 2, files: 2 });
        expect(run.summary.cases).toEqual({ passed: 3, failed: 2, errored: 1 });

        // The CLI writes places relative to the working directory, the server to the workspace folder.
        const prefix = `${relative(process.cwd(), fixture)}/`;
        const cliFailures = json!.results.filter((r) => !r.passed).map((r) => ({ line: r.line - 1, message: r.message!.split(prefix).join('') }));
        const failures = run.files.flatMap((file) =>
            file.cases.flatMap((c) => c.results.filter((r) => !r.passed).map((r) => ({ line: r.range.start.line, message: r.message })))
        );
        expect(failures).toEqual(cliFailures);

        const problems = run.files.flatMap((file) => [...file.problems, ...file.cases.flatMap((c) => c.problems)]);
        expect(problems.map((p) => [p.code, p.location!.range.start.line + 1, p.location!.range.start.character + 1, p.message]).sort()).toEqual(
            json!.diagnostics.map((d) => [d.code, d.line, d.column, d.message]).sort()
        );
    });

    it('says why each expectation failed, with the granting row at its place', async () => {
        const server = await serverFor(fixture);
        const run = results(await server.run());
        const allowed = caseNamed(run.files, 'reader may not read agents');
        expect(allowed.state).toBe('failed');
        expect(allowed.results.map((r) => r.passed)).toEqual([true, false]);
        const failed = allowed.results[1]!;
        expect(failed).toMatchObject({ expected: 'deny', got: 'allow', failure: 'unexpected-allow', expectedText: 'deny read /table/agent' });
        expect(failed.message).toBe(
            'reader may not read agents: expected deny read /table/agent, got allow (granted in Voucher by role Reader in Voucher: /table/% read at museum.spol:8:21)'
        );
        expect(failed.why).toMatch(/^got allow \(granted in Voucher by role Reader/);
        expect(failed.grant!.label).toBe('role Reader in Voucher: /table/% read');
        expect(failed.grant!.location!.uri).toBe(URI.file(join(fixture, 'museum.spol')).toString());
        expect(failed.grant!.location!.range.start).toEqual({ line: 7, character: 20 });

        const denied = caseNamed(run.files, 'reader deletes specimens');
        expect(denied.results[0]).toMatchObject({ passed: false, expected: 'allow', got: 'deny', failure: 'unexpected-deny' });
        expect(denied.results[0]!.grant).toBeUndefined();
        expect(denied.results[0]!.range.start.line).toBe(15);

        const because = caseNamed(run.files, 'reader reads agents through the Reader role');
        expect(because.state).toBe('passed');
        expect(because.results[0]!.expectedText).toBe('allow read /table/agent because of role Reader');
    });

    it('reports a malformed case as a problem of its file (it does not run) and an unknown user on its case', async () => {
        const server = await serverFor(fixture);
        const run = results(await server.run());
        const mixed = run.files.find((file) => file.label === 'tests/mixed.test.yml')!;
        expect(mixed.cases.map((c) => [c.name, c.state])).toEqual([
            ['reader may not read agents', 'failed'],
            ['reader deletes specimens', 'failed'],
            ['a user nobody declared', 'errored'],
            ['reader does not update agents', 'passed']
        ]);
        expect(mixed.problems.map((p) => [p.code, p.location!.range.start.line])).toEqual([['no-place', 17]]);
        const unknown = caseNamed(run.files, 'a user nobody declared');
        expect(unknown.results).toEqual([]);
        expect(unknown.problems.map((p) => [p.code, p.message, p.location!.range.start])).toEqual([
            ['unknown-user', 'There is no user readr in the workspace; did you mean reader?', { line: 23, character: 10 }]
        ]);
    });

    it('discovers the malformed case only as a problem, and every well-formed case at its name line', async () => {
        const server = await serverFor(fixture);
        const mixed = (await server.discover()).files.find((file) => file.label === 'tests/mixed.test.yml')!;
        expect(mixed.cases.map((c) => [c.id, c.nameRange.start.line])).toEqual([
            ['reader may not read agents', 3],
            ['reader deletes specimens', 11],
            ['a user nobody declared', 22],
            ['reader does not update agents', 28]
        ]);
        expect(mixed.problems.map((p) => p.code)).toEqual(['no-place']);
    });
});

describe('what runs', () => {
    it('runs only the files and cases asked for', async () => {
        const server = await serverFor(fixture);
        const uri = URI.file(join(fixture, 'tests/mixed.test.yml')).toString();
        const run = results(await server.run({ include: [{ uri, cases: ['reader deletes specimens'] }] }));
        expect(run.files).toHaveLength(1);
        expect(run.files[0]!.cases.map((c) => [c.name, c.state])).toEqual([['reader deletes specimens', 'failed']]);
        // Problems elsewhere in the file belong to the whole file's run.
        expect(run.files[0]!.problems).toEqual([]);
        expect(run.summary).toMatchObject({ passed: 0, failed: 1, errors: 0, files: 1 });

        const whole = results(await server.run({ include: [{ uri }] }));
        expect(whole.files[0]!.cases).toHaveLength(4);
        expect(whole.files[0]!.problems.map((p) => p.code)).toEqual(['no-place']);
    });

    it('reports the file problems when a case asked for is gone', async () => {
        const server = await serverFor(fixture);
        const uri = URI.file(join(fixture, 'tests/mixed.test.yml')).toString();
        const run = results(await server.run({ include: [{ uri, cases: ['renamed since'] }] }));
        expect(run.files[0]!.cases).toEqual([]);
        expect(run.files[0]!.problems.map((p) => p.code)).toEqual(['no-place']);
    });

    it('uses the text of an unsaved test file instead of the file on disk', async () => {
        const server = await serverFor(fixture);
        const uri = URI.file(join(fixture, 'tests/reader.test.yaml')).toString();
        const text = 'tests:\n  - name: edited\n    user: reader\n    in: Voucher\n    allow: [update /table/agent]\n';
        const run = results(await server.run({ include: [{ uri }], overrides: [{ uri, text }] }));
        expect(run.files[0]!.cases.map((c) => [c.name, c.state])).toEqual([['edited', 'failed']]);
        expect(run.files[0]!.cases[0]!.results[0]!.range.start).toEqual({ line: 4, character: 12 });
        const discovered = await server.discover({ overrides: [{ uri, text }] });
        expect(discovered.files.find((file) => file.uri === uri)!.cases.map((c) => c.name)).toEqual(['edited']);
        // Without the override, the file on disk again.
        expect(results(await server.run({ include: [{ uri }] })).files[0]!.cases.map((c) => c.state)).toEqual(['passed', 'passed']);
    });

    it('finds test files in nested folders, skipping node_modules and dot-folders', async () => {
        const case_ = 'tests:\n  - name: n\n    user: reader\n    in: Voucher\n    allow: [read /table/agent]\n';
        const folder = copyOf(fixture, {
            'deeper/still/nested.test.yaml': case_,
            'node_modules/pkg/dep.test.yaml': case_,
            '.git/hooks.test.yaml': case_,
            'tests/notes.yaml': case_
        });
        const server = await serverFor(folder);
        expect((await server.discover()).files.map((file) => file.label)).toEqual(['deeper/still/nested.test.yaml', 'tests/mixed.test.yml', 'tests/reader.test.yaml']);
    });

    it('gives later cases of the same name their own ids', async () => {
        const case_ = '  - name: same\n    user: reader\n    in: Voucher\n    allow: [read /table/agent]\n';
        const folder = copyOf(fixture, { 'tests/twice.test.yaml': `tests:\n${case_}${case_}${case_}` });
        const server = await serverFor(folder);
        const twice = (await server.discover()).files.find((file: TestFileView) => file.label === 'tests/twice.test.yaml')!;
        expect(twice.cases.map((c) => c.id)).toEqual(['same', 'same #2', 'same #3']);
        const uri = twice.uri;
        const run = results(await server.run({ include: [{ uri, cases: ['same #2'] }] }));
        expect(run.files[0]!.cases.map((c) => [c.id, c.nameRange.start.line])).toEqual([['same #2', 5]]);
    });
});

describe('a workspace that does not parse', () => {
    it('is refused, as spol test refuses it, with the blocking problems and the test files there are', async () => {
        const folder = copyOf(fixture, { 'broken.spol': 'user nobody {\n    in Nowhere { access }\n' });
        const { code, stderr } = await cli(folder);
        expect(code).toBe(2);
        expect(stderr).toMatch(/meaningless/);
        const server = await serverFor(folder);
        const answer = await server.run();
        expect(answer.kind).toBe('blocked');
        if (answer.kind !== 'blocked') return;
        expect(answer.message).toMatch(/^The workspace has \d+ errors? \(syntax or unresolved names\) that make the tests meaningless/);
        expect(answer.problems.length).toBeGreaterThan(0);
        expect(answer.problems.every((p) => p.code === 'syntax-error' || p.code === 'unresolved-reference')).toBe(true);
        expect(answer.problems[0]!.location!.uri).toBe(URI.file(join(folder, 'broken.spol')).toString());
        expect(answer.files.map((file) => file.label)).toEqual(['tests/mixed.test.yml', 'tests/reader.test.yaml']);
    });
});
