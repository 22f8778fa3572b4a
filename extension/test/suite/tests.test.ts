/**
 * The example's permission tests (`tests/*.test.yaml` of a copy of examples/natural-history-museum)
 * in the Test Explorer of a real VS Code: `testing.runAll` runs spol's Run profile, every case
 * passes, as many as `spol test` runs; a new test file with a case the example denies shows up and
 * fails, with its message at the expectation's line in that file.
 *
 * A run started through the Test Explorer is awaited with the extension's internal command
 * `spol.internal.lastTestRun` (`{ after: runId }`). Should `testing.runAll` start no run in this
 * workbench, the test falls back to `spol.internal.runTests` (the same profile handler, without the
 * explorer's UI) and says so in the log.
 */
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { spolCli, spolExtension, waitFor } from './support.js';

/** `RunSummary` of extension/src/tests/run.ts, as the command returns it. */
interface RunSummary {
    readonly runId: number;
    readonly passed: number;
    readonly failed: number;
    readonly errored: number;
    readonly items: Array<{ id: string; label: string; state: 'passed' | 'failed' | 'errored' | 'skipped'; messages: Array<{ text: string; uri?: string; line?: number }> }>;
}

interface CliJson {
    readonly summary: { passed: number; failed: number; files: number; errors: number };
    readonly results: Array<{ file: string; case: string; passed: boolean }>;
}

const FAILING_FILE = 'tests/zz-fails.test.yaml';
const FAILING_CASE = 'jdoe deletes specimens in FishTissue';
/** The expectation `- delete /table/collectionobject` is on line 6 (0-based 5). */
const FAILING_TEXT = `tests:\n  - name: ${FAILING_CASE}\n    user: jdoe\n    in: FishTissue\n    allow:\n      - delete /table/collectionobject\n`;
const FAILING_LINE = 5;
const UNSAVED_CASE = 'an unsaved case, jdoe deletes specimens';

function folder(): vscode.Uri {
    const first = vscode.workspace.workspaceFolders?.[0];
    if (!first) throw new Error('The test window has no workspace folder open.');
    return first.uri;
}

/** How many cases `spol test` runs on the workspace copy (distinct file and case name). */
async function casesByCli(): Promise<{ cases: number; json: CliJson }> {
    const json = JSON.parse(await spolCli(['test', folder().fsPath, '--format', 'json'], [0, 1])) as CliJson;
    return { cases: new Set(json.results.map((result) => `${result.file}\0${result.case}`)).size, json };
}

/** The tree as the extension lists it, once it holds `cases` cases. */
async function discovered(cases: number): Promise<void> {
    await waitFor(`the Test Explorer to list ${cases} cases`, async () => {
        const counts = await vscode.commands.executeCommand<{ files: number; cases: number }>('spol.internal.refreshTests');
        return counts.cases === cases && counts;
    }, 60_000);
}

/** Runs every test through the Test Explorer (`testing.runAll`) and waits for that run to complete. */
async function runAll(): Promise<RunSummary> {
    const before = await vscode.commands.executeCommand<RunSummary>('spol.internal.lastTestRun');
    const waiting = vscode.commands.executeCommand<RunSummary>('spol.internal.lastTestRun', { after: before.runId, timeoutMs: 45_000 });
    try {
        await vscode.commands.executeCommand('testing.runAll');
        return await waiting;
    } catch (error) {
        console.log(`e2e: testing.runAll started no spol run (${error instanceof Error ? error.message : String(error)}); using spol.internal.runTests`);
        return await vscode.commands.executeCommand<RunSummary>('spol.internal.runTests');
    }
}

function describeRun(summary: RunSummary): string {
    const notPassed = summary.items.filter((item) => item.state !== 'passed').map((item) => `${item.state} ${item.label}: ${item.messages.map((m) => m.text).join(' | ')}`);
    return `${summary.passed} passed, ${summary.failed} failed, ${summary.errored} errored${notPassed.length > 0 ? `\n${notPassed.join('\n')}` : ''}`;
}

describe('permission tests in the Test Explorer', () => {
    let exampleCases = 0;

    before(async () => {
        await spolExtension();
        const { cases, json } = await casesByCli();
        assert.equal(json.summary.failed, 0, 'spol test fails on the workspace copy before the editor ran anything');
        exampleCases = cases;
        await discovered(exampleCases);
    });

    after(async () => {
        const file = vscode.Uri.joinPath(folder(), FAILING_FILE);
        await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    });

    it('runs every case of the example through testing.runAll, and every one passes', async () => {
        assert.ok(exampleCases > 0, 'spol test found no cases in the example');
        const summary = await runAll();
        assert.equal(summary.failed, 0, describeRun(summary));
        assert.equal(summary.errored, 0, describeRun(summary));
        assert.equal(summary.passed, exampleCases, describeRun(summary));
        const cases = summary.items.filter((item) => item.id.includes('#'));
        assert.equal(cases.length, exampleCases);
        assert.ok(cases.every((item) => item.state === 'passed'));
    });

    it('runs the one case at the cursor (testing.runAtCursor), placed at its name line', async () => {
        const file = vscode.Uri.joinPath(folder(), 'tests', 'data-entry.test.yaml');
        const editor = await vscode.window.showTextDocument(file, { preview: false });
        const name = 'jdoe cannot delete specimens or any other data record';
        const line = editor.document.getText().split('\n').findIndex((text) => text.includes(`name: ${name}`));
        assert.ok(line > 0);
        editor.selection = new vscode.Selection(line, 10, line, 10);
        const before = await vscode.commands.executeCommand<RunSummary>('spol.internal.lastTestRun');
        const waiting = vscode.commands.executeCommand<RunSummary>('spol.internal.lastTestRun', { after: before.runId, timeoutMs: 45_000 });
        await vscode.commands.executeCommand('testing.runAtCursor');
        const summary = await waiting;
        assert.deepEqual(
            summary.items.map((item) => [item.label, item.state]),
            [[name, 'passed']]
        );
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('shows a new failing case, failed at its expectation in the new file', async () => {
        // The example denies it: jdoe holds no role in FishTissue and cannot enter it.
        const can = await spolCli(['can', 'jdoe', 'delete', '/table/collectionobject', '--in', 'FishTissue', folder().fsPath], [1]);
        assert.match(can, /^denied/);

        const file = vscode.Uri.joinPath(folder(), FAILING_FILE);
        await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(FAILING_TEXT));
        await discovered(exampleCases + 1);

        const summary = await runAll();
        assert.equal(summary.failed, 1, describeRun(summary));
        assert.equal(summary.errored, 0, describeRun(summary));
        assert.equal(summary.passed, exampleCases, describeRun(summary));
        const failed = summary.items.find((item) => item.state === 'failed')!;
        assert.equal(failed.label, FAILING_CASE);
        assert.equal(failed.id, `${file.toString()}#${FAILING_CASE}`);
        assert.equal(failed.messages.length, 1, JSON.stringify(failed.messages));
        const [message] = failed.messages;
        assert.equal(message!.uri, file.toString());
        assert.equal(message!.line, FAILING_LINE);
        assert.match(message!.text, /^jdoe deletes specimens in FishTissue: expected allow delete \/table\/collectionobject, got deny \(jdoe cannot enter FishTissue/);
    });

    it('forgets the file once it is deleted', async () => {
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), FAILING_FILE));
        await discovered(exampleCases);
    });

    it('runs the text of a test file with unsaved edits', async () => {
        const file = vscode.Uri.joinPath(folder(), 'tests', 'data-entry.test.yaml');
        const document = await vscode.workspace.openTextDocument(file);
        await vscode.window.showTextDocument(document, { preview: false });
        const original = document.getText();
        const edit = new vscode.WorkspaceEdit();
        edit.insert(file, document.lineAt(document.lineCount - 1).range.end, `\n  - name: ${UNSAVED_CASE}\n    user: jdoe\n    in: FishVoucher\n    allow:\n      - delete /table/collectionobject\n`);
        assert.ok(await vscode.workspace.applyEdit(edit));
        try {
            assert.ok(document.isDirty);
            const line = document.getText().split('\n').lastIndexOf('      - delete /table/collectionobject');
            await discovered(exampleCases + 1);
            const summary = await runAll();
            assert.equal(summary.failed, 1, describeRun(summary));
            assert.equal(summary.passed, exampleCases, describeRun(summary));
            const failed = summary.items.find((item) => item.state === 'failed')!;
            assert.equal(failed.label, UNSAVED_CASE);
            assert.deepEqual(
                failed.messages.map((m) => [m.uri, m.line]),
                [[file.toString(), line]]
            );
        } finally {
            // Back to the text on disk (a revert command would need the editor to be the active one).
            const restore = new vscode.WorkspaceEdit();
            restore.replace(file, new vscode.Range(0, 0, document.lineCount, 0), original);
            await vscode.workspace.applyEdit(restore);
            await document.save();
        }
        assert.ok(!document.isDirty);
        await discovered(exampleCases);
    });

    it('errors every test while the workspace does not parse, as spol test refuses it', async () => {
        const broken = vscode.Uri.joinPath(folder(), 'zz-broken.spol');
        await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('user nobody {\n'));
        try {
            const summary = await waitFor('a run refused over the broken workspace', async () => {
                const run = await runAll();
                return run.errored > 0 && run;
            }, 60_000);
            assert.equal(summary.passed, 0, describeRun(summary));
            assert.equal(summary.failed, 0, describeRun(summary));
            const cases = summary.items.filter((item) => item.id.includes('#'));
            assert.equal(cases.length, exampleCases);
            for (const item of summary.items) {
                assert.equal(item.state, 'errored', `${item.label}: ${item.state}`);
                assert.match(item.messages[0]!.text, /^The workspace has \d+ errors? \(syntax or unresolved names\) that make the tests meaningless/);
            }
            assert.equal(summary.items[0]!.messages[0]!.uri, broken.toString());
        } finally {
            await vscode.workspace.fs.delete(broken);
        }
        await waitFor('the tests to pass again', async () => {
            const run = await runAll();
            return run.errored === 0 && run.failed === 0 && run.passed === exampleCases && run;
        }, 60_000);
    });
});
