/**
 * The in-host test runner: VS Code loads this file in the real extension host (code-server, with
 * the packaged extension as the development extension) and calls `run()`. It runs every
 * `*.test.cjs` bundled next to it (one per `extension/test/suite/*.test.ts`) with mocha's TDD
 * interface (`suite`/`test`; `describe`/`it` and their hooks work as aliases), and ends with one
 * line the driver (test/e2e/run.mjs) reads: `E2E-RESULT passed=N failed=M`.
 *
 * One window is opened per fixture (an `examples/` folder copied to a temp dir), because the
 * language server links every `.spol` file of the workspace together. A suite or test whose title
 * carries `@<fixture>` (for example `@broken`) runs only in that fixture's window; everything else
 * runs in the default one (natural-history-museum).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { config, currentFixture } from './support.js';

/**
 * Marks the lines meant for the driver: the extension host's console reaches the page mixed with
 * the workbench's own log, and the driver echoes only the marked lines.
 */
const MARK = 'spol-e2e| ';

function log(...args: unknown[]): void {
    for (const line of format(...args).split('\n')) console.log(`${MARK}${line}`);
}

export async function run(): Promise<void> {
    Mocha.reporters.Base.consoleLog = log;
    const fixture = currentFixture();
    const { workspaces, defaultFixture } = config();
    const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
    const tagged = Object.keys(workspaces).filter((name) => name !== defaultFixture);
    if (fixture === defaultFixture) {
        if (tagged.length > 0) mocha.grep(new RegExp(`@(${tagged.map(escape).join('|')})\\b`)).invert();
    } else {
        mocha.grep(new RegExp(`@${escape(fixture)}\\b`));
    }
    // BDD names as aliases, so a test file may use either style.
    mocha.suite.on('pre-require', (context: Record<string, unknown>) => {
        context.describe ??= context.suite;
        context.it ??= context.test;
        context.before ??= context.suiteSetup;
        context.after ??= context.suiteTeardown;
        context.beforeEach ??= context.setup;
        context.afterEach ??= context.teardown;
    });
    for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.cjs')).sort()) {
        mocha.addFile(path.join(__dirname, file));
    }
    log(`running the in-host tests in a window on ${fixture}`);
    const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
        try {
            let passed = 0;
            let failed = 0;
            const runner = mocha.run(() => resolve({ passed, failed }));
            runner.on('pass', () => passed++);
            runner.on('fail', () => failed++);
        } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
        }
    });
    log(`E2E-RESULT passed=${passed} failed=${failed}`);
    if (failed > 0) throw new Error(`${failed} in-host test(s) failed`);
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
