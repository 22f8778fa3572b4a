// The UI check: what a user sees in the browser, with the .vsix installed into code-server the
// ordinary way (--install-extension), on a copy of examples/natural-history-museum. It opens a
// `.spol` file that `spol check` reports a warning in (Quick Open, as a user would), waits for the
// warning's squiggle, opens the Problems panel and looks for a row with each code `spol check`
// reports, then (when the extension contributes it) runs "spol: Show Permission Profile…" for jdoe
// in FishVoucher from the Command Palette and reads the preview's webview. Screenshots go to
// test/e2e/screenshots/ (editor.png, problems.png, preview.png; `*-failed.png` when a step fails).
//
// Run by run.mjs with a launched browser and a running code-server; `uiCheck` returns
// { passed, failed }, one count per check.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workbenchUrl } from './lib/browser.mjs';
import { run } from './lib/proc.mjs';

const STEP_TIMEOUT = 60_000;

export async function uiCheck(browser, { base, workspace, repoRoot, screenshots, extensionPath }) {
    const problems = await cliProblems(repoRoot, workspace);
    if (problems.length === 0) throw new Error(`e2e: spol check reports nothing in ${workspace}; the UI check needs a warning to look for`);
    const file = problems[0].file;
    const codes = [...new Set(problems.filter((p) => p.file === file).map((p) => p.code))];

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    let passed = 0;
    let failed = 0;
    const check = async (name, shot, fn) => {
        const started = Date.now();
        const took = () => `(${((Date.now() - started) / 1000).toFixed(1)} s)`;
        try {
            await fn();
            passed++;
            console.log(`  [ui] ✔ ${name} ${took()}`);
        } catch (error) {
            failed++;
            console.log(`  [ui] ✘ ${name} ${took()}: ${error.message.split('\n')[0]}`);
            await page.screenshot({ path: path.join(screenshots, `${shot}-failed.png`) }).catch(() => undefined);
        }
    };
    const page = await context.newPage();
    try {
        const opened = Date.now();
        await page.goto(workbenchUrl(base, workspace), { waitUntil: 'domcontentloaded', timeout: STEP_TIMEOUT });
        await page.locator('.monaco-workbench').waitFor({ timeout: STEP_TIMEOUT });
        // The explorer lists the folder once the remote connection and the workspace are up.
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: STEP_TIMEOUT });
        console.log(`  [ui] workbench ready (${((Date.now() - opened) / 1000).toFixed(1)} s)`);

        await check(`${path.basename(file)} opened with Quick Open shows a warning squiggle`, 'editor', async () => {
            await quickOpen(page, path.basename(file));
            await page.locator(`.tabs-container .tab[aria-label*="${path.basename(file)}"]`).first().waitFor({ timeout: STEP_TIMEOUT });
            await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: STEP_TIMEOUT });
            await page.screenshot({ path: path.join(screenshots, 'editor.png') });
        });

        await check(`the Problems panel lists ${codes.join(', ')}`, 'problems', async () => {
            await openProblems(page);
            for (const code of codes) {
                await page.locator('.markers-panel .monaco-list-row', { hasText: code }).first().waitFor({ timeout: STEP_TIMEOUT });
            }
            await page.screenshot({ path: path.join(screenshots, 'problems.png') });
        });

        if (contributes(extensionPath, 'spol.showProfile')) {
            await check('"spol: Show Permission Profile…" for jdoe in FishVoucher shows the preview', 'preview', () =>
                showProfileStep(page, { user: 'jdoe', collection: 'FishVoucher', screenshot: path.join(screenshots, 'preview.png') }),
            );
        } else {
            console.log('  [ui] - the extension contributes no spol.showProfile: preview step skipped');
        }
    } finally {
        await context.close().catch(() => undefined);
    }
    return { passed, failed };
}

// ------------------------------------------------------------------------------------------------
// STEP: the permission-profile preview (spol.showProfile), from the Command Palette.
// Runs "spol: Show Permission Profile…", answers its two quick picks (user, then where), waits for
// the webview and what it shows, and saves test/e2e/screenshots/preview.png.
// ------------------------------------------------------------------------------------------------
export async function showProfileStep(page, { user, collection, screenshot }) {
    await runCommand(page, 'spol: Show Permission Profile…');
    await pick(page, user);
    await pick(page, collection);
    // A webview is an <iframe class="webview"> holding the extension's page in #active-frame.
    const view = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    await view.locator('header h1 .user', { hasText: user }).first().waitFor({ timeout: STEP_TIMEOUT });
    await view.locator('.groups').first().waitFor({ timeout: STEP_TIMEOUT });
    await view.locator('.groups', { hasText: '/table/' }).first().waitFor({ timeout: STEP_TIMEOUT });
    // What an admin does next: find the table, click the cell, read where the permission comes from.
    await view.locator('input.filter').fill('collectionobject');
    const cell = view.locator('button.cell[data-resource="/table/collectionobject"][data-action="read"]');
    await cell.waitFor({ timeout: STEP_TIMEOUT });
    if ((await cell.getAttribute('data-state')) !== 'allowed') throw new Error('read on /table/collectionobject is not shown as allowed');
    await cell.click();
    const why = view.locator('.why[data-resource="/table/collectionobject"][data-action="read"]');
    await why.locator('.grant', { hasText: 'role DataEntry (from library' }).first().waitFor({ timeout: STEP_TIMEOUT });
    await page.screenshot({ path: screenshot });
}

// ------------------------------------------------------------------------------------------------
// Workbench helpers

const quickInput = (page) => page.locator('.quick-input-widget');
const quickInputBox = (page) => page.locator('.quick-input-widget .quick-input-box input');

async function openQuickInput(page, key) {
    await page.keyboard.press(key);
    await quickInput(page).waitFor({ state: 'visible', timeout: 10_000 });
}

/** Quick Open (Ctrl+P; the Command Palette without its `>` if the browser kept the key). */
async function quickOpen(page, name) {
    try {
        await openQuickInput(page, 'Control+P');
    } catch {
        console.log('  [ui] Ctrl+P opened no Quick Open; using the Command Palette without its `>`');
        await openQuickInput(page, 'F1');
    }
    await quickInputBox(page).fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: STEP_TIMEOUT });
    await page.keyboard.press('Enter');
}

/** Runs the command whose palette title is exactly `title` (not merely one that starts with it). */
async function runCommand(page, title) {
    await openQuickInput(page, 'F1');
    await quickInputBox(page).fill(`>${title}`);
    const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) });
    await row.first().waitFor({ timeout: STEP_TIMEOUT });
    await row.first().click();
}

/** Answers an open quick pick with the item labelled `label`. */
async function pick(page, label) {
    await quickInput(page).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await quickInputBox(page).fill(label);
    const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
    await row.first().waitFor({ timeout: STEP_TIMEOUT });
    await row.first().click();
    // Accepted once the widget closes or shows the next pick (whose box starts empty).
    await page.waitForFunction(
        (typed) => {
            const widget = document.querySelector('.quick-input-widget');
            const box = widget?.querySelector('.quick-input-box input');
            return !widget || widget.style.display === 'none' || !box || box.value !== typed;
        },
        label,
        { timeout: STEP_TIMEOUT },
    );
}

async function openProblems(page) {
    const panel = page.locator('.markers-panel');
    await page.keyboard.press('Control+Shift+M');
    try {
        await panel.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
        await runCommand(page, 'Problems: Focus on Problems View');
        await panel.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    }
}

// ------------------------------------------------------------------------------------------------

/** What `spol check` reports for the workspace, as { file (absolute), line, code }. */
async function cliProblems(repoRoot, workspace) {
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'bin', 'spol.js'), 'check', '--format', 'json', workspace], {
        cwd: repoRoot,
        capture: true,
        timeoutMs: 60_000,
        label: 'spol check',
    }).catch((error) => (error.code === 1 ? { stdout: error.stdout } : Promise.reject(error)));
    return JSON.parse(stdout).diagnostics.map((d) => ({ file: path.resolve(repoRoot, d.file), line: d.line, code: d.code }));
}

function contributes(extensionPath, command) {
    const manifest = JSON.parse(readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
    return (manifest.contributes?.commands ?? []).some((c) => c.command === command);
}
