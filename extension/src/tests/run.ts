/**
 * Running permission tests from the Test Explorer: the items asked for become one
 * `spol/tests/run` request (with the text of unsaved test files), and the server's answer becomes
 * the items' states. A failed expectation is one TestMessage at its line in the YAML, worded as
 * `spol test` words it, with the expected and actual answers for the diff view and the granting
 * policy as a second, clickable place; a mistake in a test file errors the file's item at the
 * mistake; a workspace the server refuses to decide over errors every item with the reason.
 *
 * Every completed run is also kept as a plain summary (`RunSummary`) for the extension's own
 * end-to-end tests (`spol.internal.lastTestRun`, index.ts).
 */
import * as vscode from 'vscode';
import {
    SpolTestMethods,
    type CaseRunView,
    type ExpectationRunView,
    type FileRunView,
    type RunTestsParams,
    type RunTestsResult,
    type TestLocation,
    type TestProblemView
} from '../../../language/protocol-tests.js';
import type { SpolClient } from '../spol-client.js';
import { caseItemId, dirtyTestFiles, toRange, type TestTree } from './tree.js';

export type ItemState = 'passed' | 'failed' | 'errored' | 'skipped';

/** One item's outcome in a summary. */
export interface ItemSummary {
    readonly id: string;
    readonly label: string;
    readonly state: ItemState;
    readonly messages: Array<{ text: string; uri?: string; line?: number }>;
}

/** A completed run, as plain data. */
export interface RunSummary {
    /** Grows with every run started (1, 2, …). */
    readonly runId: number;
    /** `Date.now()` when it started and ended. */
    readonly startedAt: number;
    readonly endedAt: number;
    readonly passed: number;
    readonly failed: number;
    readonly errored: number;
    readonly cancelled: boolean;
    readonly items: ItemSummary[];
}

export class TestRunner {
    private nextRunId = 0;

    constructor(
        private readonly controller: vscode.TestController,
        private readonly client: SpolClient,
        private readonly tree: TestTree,
        private readonly completed: (summary: RunSummary) => void
    ) {}

    /** The Run profile's handler. */
    async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<RunSummary> {
        const runId = ++this.nextRunId;
        const startedAt = Date.now();
        const run = this.controller.createTestRun(request, 'spol permission tests', true);
        const recorder = new Recorder(run);
        const excluded = new Set(request.exclude ?? []);
        const all = request.include === undefined;
        // Before running everything, make sure the tree knows every file (a file just created).
        if (all) await this.tree.settled();
        const include = all ? this.tree.files() : request.include!.filter((item) => !excluded.has(item));
        const params = this.params(include, excluded, all);
        const expected = include.flatMap((item) => (item.parent ? [item] : [...children(item)].filter((child) => !excluded.has(child))));
        for (const item of expected) run.enqueued(item);
        let cancelled = false;
        try {
            for (const item of expected) run.started(item);
            const answer = await this.client.request<RunTestsResult>(SpolTestMethods.run, params, token);
            if (token.isCancellationRequested) {
                cancelled = true;
            } else if (answer.kind === 'blocked') {
                this.tree.merge(answer.files);
                this.blocked(recorder, answer, include.length > 0 ? include : this.tree.files(), excluded);
            } else {
                // The server's view is the newer: new files and cases appear, a full run drops the gone ones.
                if (all) this.tree.replace(answer.files);
                else this.tree.merge(answer.files);
                for (const file of answer.files) this.report(recorder, file, excluded);
                run.appendOutput(`${answer.summary.passed} passed, ${answer.summary.failed} failed in ${answer.summary.files} file${answer.summary.files === 1 ? '' : 's'}${answer.summary.errors > 0 ? `; ${answer.summary.errors} error${answer.summary.errors === 1 ? '' : 's'} in test files` : ''}.\r\n`);
            }
        } catch (error) {
            if (token.isCancellationRequested) {
                cancelled = true;
            } else {
                const text = `spol could not run the tests: ${error instanceof Error ? error.message : String(error)}`;
                for (const item of expected) recorder.errored(item, [new vscode.TestMessage(text)]);
            }
        }
        // Whatever was asked for and got no result (cancelled, or gone from the file) is skipped.
        for (const item of expected) if (!recorder.has(item)) recorder.skipped(item);
        run.end();
        const summary = recorder.summary(runId, startedAt, cancelled);
        this.completed(summary);
        return summary;
    }

    /** All files (absent `include`), or the files and cases of the items asked for. */
    private params(include: readonly vscode.TestItem[], excluded: ReadonlySet<vscode.TestItem>, all: boolean): RunTestsParams {
        const overrides = dirtyTestFiles();
        if (all && excluded.size === 0) return { overrides };
        const files = new Map<string, Set<string> | undefined>();
        for (const item of include) {
            const target = this.tree.targetOf(item);
            if (!target) continue;
            if (target.caseId === undefined) {
                const kept = [...children(item)].filter((child) => !excluded.has(child));
                const whole = kept.length === item.children.size;
                files.set(target.uri, whole ? undefined : new Set(kept.map((child) => this.tree.targetOf(child)?.caseId ?? '')));
            } else if (!files.has(target.uri) || files.get(target.uri) !== undefined) {
                const cases = files.get(target.uri) ?? new Set<string>();
                cases.add(target.caseId);
                files.set(target.uri, cases);
            }
        }
        return { include: [...files].map(([uri, cases]) => (cases ? { uri, cases: [...cases] } : { uri })), overrides };
    }

    private report(recorder: Recorder, file: FileRunView, excluded: ReadonlySet<vscode.TestItem>): void {
        const fileItem = this.tree.file(file.uri);
        if (!fileItem) return;
        for (const testCase of file.cases) {
            const item = fileItem.children.get(caseItemId(file.uri, testCase.id));
            if (!item || excluded.has(item)) continue;
            this.reportCase(recorder, item, file, testCase);
        }
        if (file.problems.length > 0) {
            recorder.errored(fileItem, file.problems.map((problem) => problemMessage(problem)));
            for (const problem of file.problems) recorder.output(`${place(problem.location, file)} error ${problem.code} ${problem.message}`);
        }
    }

    private reportCase(recorder: Recorder, item: vscode.TestItem, file: FileRunView, testCase: CaseRunView): void {
        switch (testCase.state) {
            case 'passed':
                return recorder.passed(item);
            case 'errored':
                for (const problem of testCase.problems) recorder.output(`${place(problem.location, file)} error ${problem.code} ${problem.message}`);
                return recorder.errored(item, testCase.problems.map((problem) => problemMessage(problem)));
            case 'failed': {
                const failures = testCase.results.filter((result) => !result.passed);
                for (const result of failures) recorder.output(`${place({ uri: file.uri, range: result.range }, file)} FAIL ${result.message ?? result.why}`);
                return recorder.failed(item, failures.map((result) => failureMessage(file.uri, result)));
            }
        }
    }

    private blocked(recorder: Recorder, answer: Extract<RunTestsResult, { kind: 'blocked' }>, include: readonly vscode.TestItem[], excluded: ReadonlySet<vscode.TestItem>): void {
        const shown = answer.problems.slice(0, 5).map((problem) => `\n• ${problem.message}${problem.location ? ` (${shortPlace(problem.location)})` : ''}`);
        const more = answer.problems.length > 5 ? `\n… and ${answer.problems.length - 5} more` : '';
        const text = `${answer.message}${shown.join('')}${more}`;
        const first = answer.problems.find((problem) => problem.location)?.location;
        recorder.output(answer.message);
        const message = (): vscode.TestMessage => {
            const m = new vscode.TestMessage(text);
            if (first) m.location = new vscode.Location(vscode.Uri.parse(first.uri), toRange(first.range));
            return m;
        };
        for (const item of include) {
            const items = item.parent ? [item] : [item, ...[...children(item)].filter((child) => !excluded.has(child))];
            for (const each of items) recorder.errored(each, [message()]);
        }
    }
}

/** The messages of one failed expectation: at its line, the diff of the answers, the granting policy. */
function failureMessage(fileUri: string, result: ExpectationRunView): vscode.TestMessage {
    const grant = result.grant?.location ? `\nGranting policy: ${result.grant.label} (${shortPlace(result.grant.location)})` : '';
    const text = `${result.message ?? result.why}${grant}`;
    const answer = (what: 'allow' | 'deny') => (what === 'allow' ? 'allowed' : 'denied');
    let expected = answer(result.expected);
    let actual = answer(result.got);
    if (result.failure === 'wrong-provenance') {
        expected += result.expectedText.includes(' because of ') ? `, because of ${result.expectedText.split(' because of ')[1]}` : '';
        actual += result.grant ? `, by ${result.grant.label}` : '';
    }
    const message = vscode.TestMessage.diff(text, expected, actual);
    const uri = vscode.Uri.parse(fileUri);
    const range = toRange(result.range);
    message.location = new vscode.Location(uri, range);
    const frames = [new vscode.TestMessageStackFrame(`expected ${result.expectedText}`, uri, range.start)];
    if (result.grant?.location) {
        const at = result.grant.location;
        frames.push(new vscode.TestMessageStackFrame(result.grant.label, vscode.Uri.parse(at.uri), new vscode.Position(at.range.start.line, at.range.start.character)));
    }
    message.stackTrace = frames;
    return message;
}

function problemMessage(problem: TestProblemView): vscode.TestMessage {
    const message = new vscode.TestMessage(`${problem.message} (${problem.code})`);
    if (problem.location) message.location = new vscode.Location(vscode.Uri.parse(problem.location.uri), toRange(problem.location.range));
    return message;
}

/** `tests/data-entry.test.yaml:12:9`, as `spol test` prints a place (for the run's output). */
function place(location: TestLocation | undefined, file: FileRunView): string {
    if (!location) return file.label;
    const path = location.uri === file.uri ? file.label : vscode.workspace.asRelativePath(vscode.Uri.parse(location.uri));
    return `${path}:${location.range.start.line + 1}:${location.range.start.character + 1}`;
}

function shortPlace(location: TestLocation): string {
    return `${vscode.workspace.asRelativePath(vscode.Uri.parse(location.uri))}:${location.range.start.line + 1}`;
}

function children(item: vscode.TestItem): vscode.TestItem[] {
    const items: vscode.TestItem[] = [];
    item.children.forEach((child) => items.push(child));
    return items;
}

/** Reports to the TestRun and keeps the same as plain data. */
class Recorder {
    private readonly items = new Map<vscode.TestItem, ItemSummary>();

    constructor(private readonly run: vscode.TestRun) {}

    has(item: vscode.TestItem): boolean {
        return this.items.has(item);
    }

    passed(item: vscode.TestItem): void {
        this.run.passed(item);
        this.keep(item, 'passed', []);
    }

    failed(item: vscode.TestItem, messages: vscode.TestMessage[]): void {
        this.run.failed(item, messages);
        this.keep(item, 'failed', messages);
    }

    errored(item: vscode.TestItem, messages: vscode.TestMessage[]): void {
        this.run.errored(item, messages);
        this.keep(item, 'errored', messages);
    }

    skipped(item: vscode.TestItem): void {
        this.run.skipped(item);
        this.keep(item, 'skipped', []);
    }

    output(line: string): void {
        this.run.appendOutput(`${line}\r\n`);
    }

    private keep(item: vscode.TestItem, state: ItemState, messages: readonly vscode.TestMessage[]): void {
        const earlier = this.items.get(item);
        this.items.set(item, {
            id: item.id,
            label: item.label,
            state,
            messages: [
                ...(earlier?.messages ?? []),
                ...messages.map((m) => ({
                    text: typeof m.message === 'string' ? m.message : m.message.value,
                    ...(m.location ? { uri: m.location.uri.toString(), line: m.location.range.start.line } : {})
                }))
            ]
        });
    }

    summary(runId: number, startedAt: number, cancelled: boolean): RunSummary {
        const items = [...this.items.values()];
        const count = (state: ItemState) => items.filter((item) => item.state === state).length;
        return { runId, startedAt, endedAt: Date.now(), passed: count('passed'), failed: count('failed'), errored: count('errored'), cancelled, items };
    }
}
