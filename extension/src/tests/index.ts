/**
 * The workspace's permission tests (`*.test.yaml`, README "Testing your permissions") in VS Code's
 * Test Explorer: a TestController whose items the server lists (tree.ts) and whose Run profile
 * asks the server to run them (run.ts). The tree is listed again when the server rebuilds the
 * workspace, when a test file is created, changed or deleted, when an open test file is edited,
 * and on the explorer's refresh button.
 *
 * Two internal commands (not contributed, so not in the palette) let the extension's own
 * end-to-end tests drive it:
 * - `spol.internal.lastTestRun` resolves with the last completed run's summary (run.ts
 *   `RunSummary`, or one with `runId: 0` before any run); with `{ after: runId }` it waits for a
 *   run with a higher id to complete, with `{ startedAfter: epochMs }` for a run started at or
 *   after that moment (either up to `timeoutMs`, default 120 s, then rejects).
 * - `spol.internal.runTests` runs every test through the same profile handler without the Test
 *   Explorer's UI (for a workbench where `testing.runAll` is not available) and resolves with
 *   the summary; `spol.internal.refreshTests` lists the tests again and resolves with the counts
 *   `{ files, cases }` once the tree is up to date.
 */
import * as vscode from 'vscode';
import type { SpolClient } from '../spol-client.js';
import { TestRunner, type RunSummary } from './run.js';
import { isTestFile, TestTree } from './tree.js';

export type { RunSummary } from './run.js';

export const TestCommands = {
    lastTestRun: 'spol.internal.lastTestRun',
    runTests: 'spol.internal.runTests',
    refreshTests: 'spol.internal.refreshTests'
} as const;

/** How long to wait after the last change before listing the tests again. */
const REFRESH_DELAY_MS = 250;

export function registerTests(context: vscode.ExtensionContext, client: SpolClient): void {
    const controller = vscode.tests.createTestController('spol', 'spol permission tests');
    const tree = new TestTree(controller, client, (line) => console.warn(line));
    const history = new RunHistory();
    const runner = new TestRunner(controller, client, tree, (summary) => history.add(summary));
    context.subscriptions.push(controller, history);

    const profile = controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => runner.run(request, token).then(() => undefined), true);
    controller.refreshHandler = (token) => tree.refresh(token);
    // Items are listed whole, children with them: resolving the root lists the tree.
    controller.resolveHandler = async (item) => {
        if (!item) await tree.refresh();
    };

    let timer: ReturnType<typeof setTimeout> | undefined;
    const refreshSoon = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
            timer = undefined;
            void tree.refresh();
        }, REFRESH_DELAY_MS);
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.test.{yaml,yml}');
    context.subscriptions.push(
        watcher,
        watcher.onDidCreate(refreshSoon),
        watcher.onDidChange(refreshSoon),
        watcher.onDidDelete(refreshSoon),
        client.onWorkspaceChanged(refreshSoon),
        vscode.workspace.onDidChangeTextDocument((event) => {
            if (isTestFile(event.document.uri) && event.contentChanges.length > 0) refreshSoon();
        }),
        vscode.workspace.onDidChangeWorkspaceFolders(refreshSoon),
        { dispose: () => timer && clearTimeout(timer) },
        vscode.commands.registerCommand(TestCommands.lastTestRun, (options?: WaitOptions) => history.wait(options ?? {})),
        vscode.commands.registerCommand(TestCommands.runTests, async () => {
            const source = new vscode.CancellationTokenSource();
            try {
                return await runner.run(new vscode.TestRunRequest(undefined, undefined, profile), source.token);
            } finally {
                source.dispose();
            }
        }),
        vscode.commands.registerCommand(TestCommands.refreshTests, async () => {
            await tree.refresh();
            await tree.settled();
            const files = tree.files();
            return { files: files.length, cases: files.reduce((n, file) => n + file.children.size, 0) };
        })
    );
    void tree.refresh();
}

interface WaitOptions {
    /** Resolve with the first completed run whose id is greater. */
    readonly after?: number;
    /** Resolve with the first completed run that started at or after this `Date.now()` moment. */
    readonly startedAfter?: number;
    readonly timeoutMs?: number;
}

/** The completed runs' summaries, and waiting for the next one. */
class RunHistory implements vscode.Disposable {
    private readonly runs: RunSummary[] = [];
    private readonly waiters = new Set<{ test: (summary: RunSummary) => boolean; resolve: (summary: RunSummary) => void }>();

    add(summary: RunSummary): void {
        this.runs.push(summary);
        if (this.runs.length > 20) this.runs.shift();
        for (const waiter of [...this.waiters]) {
            if (!waiter.test(summary)) continue;
            this.waiters.delete(waiter);
            waiter.resolve(summary);
        }
    }

    wait(options: WaitOptions): Promise<RunSummary> {
        const { after, startedAfter } = options;
        if (after === undefined && startedAfter === undefined) {
            const last = [...this.runs].sort((a, b) => a.runId - b.runId).pop();
            return Promise.resolve(last ?? { runId: 0, startedAt: 0, endedAt: 0, passed: 0, failed: 0, errored: 0, cancelled: false, items: [] });
        }
        const test = (summary: RunSummary) => (after === undefined || summary.runId > after) && (startedAfter === undefined || summary.startedAt >= startedAfter);
        const done = this.runs.find(test);
        if (done) return Promise.resolve(done);
        const timeoutMs = options.timeoutMs ?? 120_000;
        return new Promise((resolve, reject) => {
            const waiter = {
                test,
                resolve: (summary: RunSummary) => {
                    clearTimeout(timer);
                    resolve(summary);
                }
            };
            const timer = setTimeout(() => {
                this.waiters.delete(waiter);
                reject(new Error(`no spol test run completed within ${timeoutMs} ms`));
            }, timeoutMs);
            this.waiters.add(waiter);
        });
    }

    dispose(): void {
        this.waiters.clear();
    }
}
