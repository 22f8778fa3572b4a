/**
 * The permission tests of the workspace for the editor's Test Explorer (language/protocol-tests.ts):
 * `spol/tests/discover` lists every `*.test.yaml` / `*.test.yml` file under the workspace folders
 * with its cases, `spol/tests/run` runs some or all of them. Both do what `spol test` does
 * (cli/commands/test.ts): `readTestFile` reads each file, `runTests` decides over the workspace's
 * current PolicyModel compiled with `compile`, and `describeResult` words every failure, so the
 * editor and the terminal say the same thing; places are written relative to the workspace folder
 * (`roles.spol:12:5`) where the CLI writes them relative to the working directory.
 *
 * The server finds the YAML files itself, through Langium's FileSystemProvider (the client syncs
 * only `.spol` documents): it walks the workspace folders, skipping `node_modules` and dot-folders
 * (`.git`, `.vscode`) as Langium's workspace does. The client sends the text of test files with
 * unsaved edits, which then stands for the file on disk.
 *
 * It refuses, as `spol test` does, to run over a workspace whose syntax errors or unresolved names
 * make every decision meaningless (`blocked`, with those problems). A run waits until the workspace
 * is built and validated, so its answers match the `.spol` text the user sees.
 */
import type { FileSystemProvider, LangiumDocument } from 'langium';
import { URI, UriUtils } from 'langium';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { blockingDiagnostics, compareDiagnostics, type Diagnostic } from '../engine/diagnostic.js';
import { describeBecause, describeExpectation, describeOutcome, describeResult, isTestFileName, readTestFile, runTests } from '../engine/testing/index.js';
import type { ExpectationResult, TestCase, TestFile } from '../engine/testing/index.js';
import { describeOrigin, describeRow } from '../engine/explain.js';
import { compile, type PolicyEngine } from '../engine/decision/index.js';
import type { PolicyModel, Range, Source } from '../engine/model/policy-model.js';
import type {
    CaseRunView,
    DiscoverTestsParams,
    DiscoverTestsResult,
    ExpectationRunView,
    FileRunView,
    RunTestsParams,
    RunTestsResult,
    TestCaseView,
    TestFileText,
    TestFileView,
    TestLocation,
    TestProblemView
} from './protocol-tests.js';
import { SpolTestMethods } from './protocol-tests.js';
import type { SpolServices } from './spol-module.js';
import { SpolRequests } from './spol-requests.js';
import { diagnosticsOf } from './workspace.js';

/** At most this many problems travel with a `blocked` answer (as in spol-requests.ts). */
const MAX_PROBLEMS = 50;

/** Folders not searched for test files (dot-folders too), as Langium's workspace skips them for `.spol`. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules']);

/** A folder to look for test files in: LSP's WorkspaceFolder. */
export interface TestFolder {
    readonly uri: string;
    readonly name: string;
}

export interface SpolTestRequestsOptions {
    /** The folders to search; by default the workspace folders the client sent at initialize. */
    readonly folders?: () => readonly TestFolder[];
}

/** One test file read: the engine's TestFile and what the protocol says about it. */
interface ReadFile {
    readonly uri: string;
    readonly label: string;
    readonly folder?: string;
    readonly text: string;
    readonly test: TestFile;
    /** `TestCaseView.id` of each case, in the order of `test.cases`. */
    readonly ids: readonly string[];
}

export class SpolTestRequests {
    private readonly requests: SpolRequests;
    private readonly fileSystem: FileSystemProvider;
    private readonly engines = new WeakMap<PolicyModel, PolicyEngine>();
    private readonly folders: () => readonly TestFolder[];

    constructor(
        private readonly services: SpolServices,
        options: SpolTestRequestsOptions = {}
    ) {
        this.requests = new SpolRequests(services);
        this.fileSystem = services.shared.workspace.FileSystemProvider;
        const manager = services.shared.workspace.WorkspaceManager;
        this.folders = options.folders ?? (() => manager.workspaceFolders ?? []);
    }

    /** Every test file under the workspace folders (and every file overridden), with its cases and mistakes. */
    async discover(params: DiscoverTestsParams = {}): Promise<DiscoverTestsResult> {
        const files = await this.readFiles(undefined, params.overrides ?? []);
        return { files: files.map(fileView) };
    }

    /** Runs the cases asked for (all by default) as `spol test` would, over the current model. */
    async run(params: RunTestsParams = {}, token?: CancellationToken): Promise<RunTestsResult> {
        await this.requests.ready(token);
        const wanted = params.include ? new Map(params.include.map((entry) => [normalize(entry.uri), entry.cases])) : undefined;
        const files = await this.readFiles(wanted ? [...wanted.keys()] : undefined, params.overrides ?? []);
        const blocking = await this.blocking();
        if (blocking.length > 0) {
            const n = blocking.length;
            return {
                kind: 'blocked',
                message: `The workspace has ${n} error${n === 1 ? '' : 's'} (syntax or unresolved names) that make the tests meaningless; fix ${n === 1 ? 'it' : 'them'} first.`,
                problems: blocking.slice(0, MAX_PROBLEMS).map(problemView),
                files: files.map(fileView)
            };
        }
        const engine = this.engine();
        const locate = (source: Source | undefined) => this.locate(source);
        const views: FileRunView[] = [];
        const summary = { passed: 0, failed: 0, errors: 0, files: 0, cases: { passed: 0, failed: 0, errored: 0 } };
        for (const file of files) {
            if (token?.isCancellationRequested) break;
            const asked = wanted?.get(file.uri);
            const view = runFile(engine, file, asked, locate);
            views.push(view);
            summary.files += 1;
            summary.errors += view.problems.filter((p) => p.severity === 'error').length;
            for (const testCase of view.cases) {
                summary.cases[testCase.state] += 1;
                summary.errors += testCase.problems.filter((p) => p.severity === 'error').length;
                for (const result of testCase.results) {
                    if (result.passed) summary.passed += 1;
                    else summary.failed += 1;
                }
            }
        }
        return { kind: 'results', files: views, summary };
    }

    /**
     * The errors that make decisions meaningless, in every document. Langium's first build of the
     * workspace links the files it finds but validates none (only a later change validates them
     * all), so a document without diagnostics yet is validated here: `spol test` refuses a broken
     * workspace whether or not one of its files has been opened.
     */
    private async blocking(): Promise<Diagnostic[]> {
        const validator = this.services.validation.DocumentValidator;
        const documents = this.services.shared.workspace.LangiumDocuments.all.toArray();
        const problems = await Promise.all(
            documents.map(async (document) => {
                if (document.diagnostics) return diagnosticsOf(document);
                const diagnostics = await validator.validateDocument(document);
                return diagnosticsOf({ uri: document.uri, diagnostics } as LangiumDocument);
            })
        );
        return blockingDiagnostics(problems.flat()).sort(compareDiagnostics);
    }

    private engine(): PolicyEngine {
        const model = this.services.workspace.PolicyModel.model;
        let engine = this.engines.get(model);
        if (!engine) this.engines.set(model, (engine = compile(model)));
        return engine;
    }

    // ------------------------------------------------------------------------------ files

    /**
     * The test files named by `uris` (or all under the folders, and every override), read from the
     * overrides or the file system, sorted by URI. A file that cannot be read (deleted meanwhile) is
     * left out.
     */
    private async readFiles(uris: readonly string[] | undefined, overrides: readonly TestFileText[]): Promise<ReadFile[]> {
        const texts = new Map(overrides.map((o) => [normalize(o.uri), String(o.text)]));
        const folders = this.folders().map((folder) => ({ ...folder, uri: normalize(folder.uri) }));
        let found: string[];
        if (uris) {
            found = [...uris];
        } else {
            const below = await Promise.all(folders.map((folder) => this.testFilesBelow(URI.parse(folder.uri))));
            found = [...below.flat(), ...[...texts.keys()].filter((uri) => isTestFileName(UriUtils.basename(URI.parse(uri))))];
        }
        const unique = [...new Set(found)].sort();
        const read = await Promise.all(
            unique.map(async (uri): Promise<ReadFile | undefined> => {
                const text = texts.get(uri) ?? (await this.fileSystem.readFile(URI.parse(uri)).catch(() => undefined));
                if (text === undefined) return undefined;
                const folder = containingFolder(folders, uri);
                const label = labelOf(folders, folder, uri);
                const test = readTestFile(text, uri);
                return { uri, label, ...(folder ? { folder: folder.uri } : {}), text, test, ids: caseIds(test.cases) };
            })
        );
        return read.filter((file): file is ReadFile => file !== undefined);
    }

    private async testFilesBelow(folder: URI): Promise<string[]> {
        const entries = await this.fileSystem.readDirectory(folder).catch(() => []);
        const below = await Promise.all(
            entries.map(async (entry): Promise<string[]> => {
                const name = UriUtils.basename(entry.uri);
                if (entry.isDirectory) return name.startsWith('.') || SKIPPED_FOLDERS.has(name) ? [] : this.testFilesBelow(entry.uri);
                return entry.isFile && isTestFileName(name) ? [normalize(entry.uri.toString())] : [];
            })
        );
        return below.flat();
    }

    /** `roles.spol:12:5`: relative to the workspace folder holding the file, one-based as `spol test` prints it. */
    private locate(source: Source | undefined): string {
        if (!source) return '<workspace>';
        const folders = this.folders().map((folder) => ({ ...folder, uri: normalize(folder.uri) }));
        const uri = normalize(source.file);
        const folder = containingFolder(folders, uri);
        const path = folder ? labelOf(folders, folder, uri) : displayUri(uri);
        return `${path}:${source.range.start.line + 1}:${source.range.start.character + 1}`;
    }
}

/** Answers spol/tests/discover and spol/tests/run on the connection. */
export function registerSpolTestRequests(connection: Connection, services: SpolServices): SpolTestRequests {
    const tests = new SpolTestRequests(services);
    connection.onRequest(SpolTestMethods.discover, (params: DiscoverTestsParams | null) => tests.discover(params ?? {}));
    connection.onRequest(SpolTestMethods.run, (params: RunTestsParams | null, token: CancellationToken) => tests.run(params ?? {}, token));
    return tests;
}

// ---------------------------------------------------------------------------------------------
// Running one file

function runFile(engine: PolicyEngine, file: ReadFile, asked: readonly string[] | undefined, locate: (s: Source | undefined) => string): FileRunView {
    const { test } = file;
    const selected = test.cases.map((testCase, i) => ({ testCase, id: file.ids[i]! })).filter(({ id }) => !asked || asked.includes(id));
    const run = runTests(
        engine,
        selected.map(({ testCase }) => testCase)
    );
    const byCase = new Map<TestCase, ExpectationResult[]>();
    for (const result of run.results) {
        let list = byCase.get(result.case);
        if (!list) byCase.set(result.case, (list = []));
        list.push(result);
    }
    const cases: CaseRunView[] = selected.map(({ testCase, id }) => {
        const problems = run.diagnostics.filter((d) => d.source !== undefined && contains(testCase.source.range, d.source.range)).map(problemView);
        const results = problems.length > 0 ? [] : (byCase.get(testCase) ?? []).map((result) => expectationRunView(result, locate));
        const state = problems.length > 0 ? 'errored' : results.every((r) => r.passed) ? 'passed' : 'failed';
        return { ...caseView(testCase, id, file.text), state, results, problems };
    });
    // The whole file: every mistake in it. Some cases: only when one asked for is gone (the file
    // changed since the client listed it), so that the reason shows.
    const missing = asked?.some((id) => !file.ids.includes(id)) ?? false;
    const problems = !asked || missing ? test.diagnostics.map(problemView) : [];
    return { uri: file.uri, label: file.label, ...(file.folder ? { folder: file.folder } : {}), cases, problems };
}

function expectationRunView(result: ExpectationResult, locate: (s: Source | undefined) => string): ExpectationRunView {
    const { expectation, decision, failure } = result;
    const row = (failure?.grants ?? decision.matches)[0];
    const grantLocation = location(row?.source);
    const because = result.case.because && expectation.expected === 'allow' ? ` because of ${describeBecause(result.case.because)}` : '';
    return {
        ...expectationView(expectation),
        passed: result.passed,
        got: decision.allowed ? 'allow' : 'deny',
        ...(failure ? { failure: failure.kind, message: describeResult(result, locate) } : {}),
        why: describeOutcome(result, locate),
        expectedText: `${describeExpectation(expectation)}${because}`,
        ...(row ? { grant: { label: `${describeOrigin(row)}: ${describeRow(row)}`, ...(grantLocation ? { location: grantLocation } : {}) } } : {})
    };
}

// ---------------------------------------------------------------------------------------------
// Views

function fileView(file: ReadFile): TestFileView {
    return {
        uri: file.uri,
        label: file.label,
        ...(file.folder ? { folder: file.folder } : {}),
        cases: file.test.cases.map((testCase, i) => caseView(testCase, file.ids[i]!, file.text)),
        problems: file.test.diagnostics.map(problemView)
    };
}

function caseView(testCase: TestCase, id: string, text: string): TestCaseView {
    return {
        id,
        name: testCase.name,
        user: testCase.user,
        ...(testCase.collection !== undefined ? { collection: testCase.collection } : { institution: true as const }),
        mode: testCase.mode,
        range: testCase.source.range,
        nameRange: nameRange(testCase.source.range, text),
        expectations: testCase.expectations.map(expectationView)
    };
}

function expectationView(expectation: TestCase['expectations'][number]) {
    return { expected: expectation.expected, action: expectation.action, resource: expectation.resource, range: expectation.source.range };
}

function problemView(diagnostic: Diagnostic): TestProblemView {
    const loc = location(diagnostic.source);
    return { code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message, ...(loc ? { location: loc } : {}) };
}

function location(source: Source | undefined): TestLocation | undefined {
    return source ? { uri: source.file, range: source.range } : undefined;
}

/**
 * The `name:` line of a case: the first line of the case's range that starts with the key `name`
 * (after the list's `- `), from the key to the end of the line. A case written as a flow mapping
 * (`- {name: …}`) or without a name gets its first line.
 */
function nameRange(range: Range, text: string): Range {
    const lines = text.split(/\r?\n/);
    for (let line = range.start.line; line <= range.end.line && line < lines.length; line++) {
        const match = /^(\s*(?:-\s+)?)name\s*:/.exec(lines[line]!);
        if (match) return { start: { line, character: match[1]!.length }, end: { line, character: lines[line]!.length } };
    }
    const first = lines[range.start.line] ?? '';
    return { start: range.start, end: { line: range.start.line, character: Math.max(range.start.character, first.length) } };
}

/** The case's name, and ` #2`, ` #3` … for later cases of the same name in the file. */
function caseIds(cases: readonly TestCase[]): string[] {
    const seen = new Map<string, number>();
    return cases.map((testCase) => {
        const n = (seen.get(testCase.name) ?? 0) + 1;
        seen.set(testCase.name, n);
        return n === 1 ? testCase.name : `${testCase.name} #${n}`;
    });
}

function contains(outer: Range, inner: Range): boolean {
    const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    return before(outer.start, inner.start) && before(inner.end, outer.end);
}

// ---------------------------------------------------------------------------------------------
// URIs

/** One spelling per file: the client's and the file system's URIs of a file compare equal. */
function normalize(uri: string): string {
    return URI.parse(uri).toString();
}

function containingFolder(folders: readonly TestFolder[], uri: string): TestFolder | undefined {
    const inside = folders.filter((folder) => uri.startsWith(folder.uri.endsWith('/') ? folder.uri : `${folder.uri}/`));
    // The innermost folder, should they nest.
    return inside.sort((a, b) => b.uri.length - a.uri.length)[0];
}

/** The path below the folder, with the folder's name first when the workspace has several. */
function labelOf(folders: readonly TestFolder[], folder: TestFolder | undefined, uri: string): string {
    if (!folder) return displayUri(uri);
    const path = UriUtils.relative(URI.parse(folder.uri), URI.parse(uri));
    return folders.length > 1 ? `${folder.name}/${path}` : path;
}

function displayUri(uri: string): string {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : uri;
}
