// Headless Debian Chromium driven by playwright-core (from test/e2e/tools; no browser download),
// and the in-host test run: a workbench window opened with the test payload
// (extensionDevelopmentPath, extensionTestsPath), whose extension host runs the mocha suite and
// reports through window.codeAutomationExit.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { toolsDir } from './install.mjs';
import { onCleanup } from './proc.mjs';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser() {
    const { chromium } = createRequire(path.join(toolsDir, 'package.json'))('playwright-core');
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        // root in a container: no sandbox; small /dev/shm; no GPU.
        args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check'],
        timeout: 60_000,
        // The driver's own handlers end the run (code-server too, and the temp dir); Playwright's
        // would exit the process first.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
    });
    onCleanup(() => browser.close().catch(() => undefined));
    return browser;
}

/**
 * A path on the code-server machine as the workbench's remote URI. The test payload must use this
 * scheme: VS Code looks for an extension host able to run `extensionTestsPath` by its URI, and a
 * plain path (a `file:` URI, i.e. the browser's side) matches none ("No extension host found that
 * can launch the test runner").
 */
export function remoteUri(base, file) {
    return `vscode-remote://${new URL(base).host}${pathToFileURL(file).pathname}`;
}

/** A workbench URL for a folder, with an optional test payload. */
export function workbenchUrl(base, folder, payload) {
    const query = new URLSearchParams({ folder });
    if (payload) query.set('payload', JSON.stringify(payload));
    return `${base}/?${query}`;
}

/**
 * A page console message as plain text. The workbench logs the extension host's console as
 * `console.log('%c INFO', '<css>', ...theArguments)`: the first two format the level, the rest are
 * the original arguments (a format string and its values).
 */
export async function consoleText(message) {
    const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => undefined)));
    if (args.length === 0 || typeof args[0] !== 'string') return message.text();
    const styled = (args[0].match(/%c/g) ?? []).length;
    const head = format(...args.slice(0, 1 + styled));
    const rest = args.slice(1 + styled);
    return (rest.length > 0 ? `${head} ${format(...rest)}` : head).replace(/\s+$/, '');
}

/** What the in-host runner (extension/test/suite/index.ts) marks as meant for the driver. */
const MARK = 'spol-e2e| ';

/**
 * Opens a workbench window on `folder` that runs the in-host suite, echoes the extension host's
 * console and returns { passed, failed, exitCode } from the `E2E-RESULT` line and the exit code.
 */
export async function runHostTests(browser, { base, folder, extensionDevelopmentPath, extensionTestsPath, label, timeoutMs }) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
        const page = await context.newPage();
        let result;
        let exitCode;
        let resolveExit;
        const exited = new Promise((resolve) => (resolveExit = resolve));
        await page.exposeFunction('codeAutomationExit', (code) => {
            exitCode = code;
            resolveExit(code);
        });
        page.on('console', async (message) => {
            const text = await consoleText(message);
            const match = /E2E-RESULT passed=(\d+) failed=(\d+)/.exec(text);
            if (match) result = { passed: Number(match[1]), failed: Number(match[2]) };
            const at = text.indexOf(MARK);
            if (at >= 0) console.log(`  [${label}] ${text.slice(at + MARK.length)}`);
        });
        page.on('pageerror', (error) => console.log(`  [${label}] page error: ${error.message}`));
        const url = workbenchUrl(base, folder, [
            ['extensionDevelopmentPath', remoteUri(base, extensionDevelopmentPath)],
            ['extensionTestsPath', remoteUri(base, extensionTestsPath)],
        ]);
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
        let timer;
        const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
        const outcome = await Promise.race([exited, timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
            await page.screenshot({ path: path.join(import.meta.dirname, '..', 'screenshots', `host-${label}-timeout.png`) }).catch(() => undefined);
            console.log(`e2e: in-host tests (${label}) did not report within ${timeoutMs / 1000} s`);
            return { passed: result?.passed ?? 0, failed: (result?.failed ?? 0) + 1, exitCode: undefined };
        }
        // The console message with the result may be delivered just after the exit call.
        for (let i = 0; i < 20 && !result; i++) await new Promise((r) => setTimeout(r, 100));
        if (!result) {
            console.log(`e2e: in-host tests (${label}) ended with exit code ${exitCode} but printed no E2E-RESULT line`);
            return { passed: 0, failed: 1, exitCode };
        }
        if (exitCode !== 0 && result.failed === 0) return { ...result, failed: 1, exitCode };
        return { ...result, exitCode };
    } finally {
        await context.close().catch(() => undefined);
    }
}
