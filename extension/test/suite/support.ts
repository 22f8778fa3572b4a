/**
 * What every in-host test shares: the run's configuration (written by test/e2e/run.mjs, found via
 * the SPOL_E2E_CONFIG environment variable that code-server passes on to the extension host), the
 * fixture this window has open, the extension under test, and polling with a deadline instead of
 * fixed sleeps. Not a test file itself (no `.test.` in its name), so the index does not load it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export interface E2eConfig {
    /** The repository, for `bin/spol.js` and the built engine under `out/`. */
    readonly repoRoot: string;
    /** The unzipped .vsix's `extension/` folder, loaded as the development extension. */
    readonly extensionPath: string;
    /** Fixture name (an `examples/` folder) to the path of its editable copy. */
    readonly workspaces: Readonly<Record<string, string>>;
    /** The fixture whose window runs every test without an `@fixture` tag. */
    readonly defaultFixture: string;
    /** A folder for the files tests write. */
    readonly scratch: string;
}

let cached: E2eConfig | undefined;

export function config(): E2eConfig {
    if (cached) return cached;
    const file = process.env.SPOL_E2E_CONFIG;
    if (!file) throw new Error('SPOL_E2E_CONFIG is not set: run these tests with `npm run test:e2e`.');
    cached = JSON.parse(readFileSync(file, 'utf8')) as E2eConfig;
    return cached;
}

/** The fixture whose copy is this window's (first) workspace folder. */
export function currentFixture(): string {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!folder) throw new Error('The test window has no workspace folder open.');
    const found = Object.entries(config().workspaces).find(([, copy]) => path.resolve(copy) === path.resolve(folder));
    if (!found) throw new Error(`The workspace folder ${folder} is none of the e2e fixtures.`);
    return found[0];
}

/** The workspace copy of a fixture, or a file in it. */
export function fixturePath(fixture: string, ...parts: string[]): string {
    const root = config().workspaces[fixture];
    if (!root) throw new Error(`No e2e fixture named ${fixture}.`);
    return path.join(root, ...parts);
}

/** The spol extension, activated. */
export async function spolExtension(): Promise<vscode.Extension<unknown>> {
    const extension = vscode.extensions.all.find(
        (candidate) =>
            candidate.packageJSON?.publisher === 'spol-dev' &&
            (candidate.packageJSON?.contributes?.languages ?? []).some((language: { id?: string }) => language.id === 'spol')
    );
    if (!extension) throw new Error('The spol extension is not installed in this window.');
    await extension.activate();
    return extension;
}

/** Opens a file in an editor, as a user would. */
export async function open(file: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
}

/**
 * Polls `probe` until it returns something other than undefined/false (or stops throwing), and
 * returns that. On the deadline it fails with `what` and the last thing `probe` said.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined && value !== false) return value;
            last = undefined;
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) {
            const why = last instanceof Error ? `: ${last.message}` : '';
            throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${why}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

/** Runs the repository's CLI (`node bin/spol.js …`) and returns its stdout; rejects on exit codes other than those allowed. */
export function spolCli(args: readonly string[], allowedExitCodes: readonly number[] = [0]): Promise<string> {
    const node = path.basename(process.execPath).startsWith('node') ? process.execPath : 'node';
    const { repoRoot } = config();
    return new Promise((resolve, reject) => {
        execFile(node, [path.join(repoRoot, 'bin', 'spol.js'), ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            if (allowedExitCodes.includes(code)) resolve(stdout);
            else reject(new Error(`spol ${args.join(' ')} exited with ${code}: ${stderr || error?.message}`));
        });
    });
}

/** A diagnostic's code as text (language clients wrap it in `{ value, target }` when it has a link). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
    const code = diagnostic.code;
    return String(typeof code === 'object' && code !== null ? code.value : code);
}
