/**
 * The soak (soak/): its core agrees on a few hundred questions, it can fail (a planted wrong
 * evaluator is caught and its workspace shrunk), the language session it reads through reads as
 * loadWorkspaceFromTexts does, the read-back refuses text that is not the model, and
 * `npm run soak` prints the seed first and `N queries, M disagreements` last.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadWorkspaceFromTexts } from '../../language/workspace.js';
import { readThroughLanguage } from '../../soak/language-session.js';
import { readBack, undeclaredReferences } from '../../soak/read-back.js';
import { describeFinding, runSoak, type ReferenceDecide } from '../../soak/run-soak.js';
import { soakWorkspace, workspaceFiles } from '../../soak/soak-workspace.js';
import { referenceDecide } from '../engine/decision/reference-evaluator.js';

const root = resolve(import.meta.dirname, '..', '..');

/** A wrong evaluator: it forgets the rows a role copied from a library role. */
const forgetsTemplates: ReferenceDecide = (model, query, mode) => {
    const answer = referenceDecide(model, query, mode);
    if (answer.error !== undefined) return answer;
    const matches = answer.matches.filter((row) => row.template === undefined);
    const allowed = answer.allowed && (answer.missingTables !== undefined || matches.length > 0);
    return { ...answer, matches, allowed, reason: allowed ? 'granted' : answer.reason === 'granted' ? 'no-matching-policy' : answer.reason };
};

const topLevel = (text: string, keyword: string) => text.split('\n').filter((line) => line.startsWith(`${keyword} `)).length;

describe('soak', () => {
    it('agrees with the reference evaluator on a few hundred questions through the language', async () => {
        const progress: number[] = [];
        const result = await runSoak({ queries: 450, seed: 20261129, perWorkspace: 50, onProgress: (asked) => progress.push(asked) });
        expect(result.finding).toBeUndefined();
        expect(result).toMatchObject({ queries: 450, disagreements: 0, workspaces: 9 });
        expect(progress).toEqual([50, 100, 150, 200, 250, 300, 350, 400, 450]);
        // Not a vacuous run: every kind of answer comes up.
        const { granted, denied, refused } = result.outcomes;
        expect(granted + denied + refused).toBe(450);
        expect(Math.min(granted, denied, refused)).toBeGreaterThan(20);
    });

    it('finds a planted disagreement and shrinks its workspace and question', async () => {
        const result = await runSoak({ queries: 20_000, seed: 7, perWorkspace: 20, reference: forgetsTemplates });
        expect(result.disagreements).toBeGreaterThan(0);
        expect(result.queries).toBeLessThan(20_000);
        expect(result.shrinkRuns).toBeGreaterThan(0);
        const finding = result.finding!;
        expect(finding.asked).toBeDefined();
        expect(finding.differences.some((line) => line.startsWith('rows:') || line.startsWith('tool rows:'))).toBe(true);
        const text = finding.files.map((file) => file.text).join('\n');
        // What the bug needs and nothing more: one library role copied into one role, held by one user.
        expect(topLevel(text, 'library role')).toBe(1);
        expect(topLevel(text, 'role')).toBe(1);
        expect(topLevel(text, 'user')).toBe(1);
        expect(text.match(/allow /g)?.length).toBe(1);
        expect(text).toContain('from library');
        // The finding reproduces through the language, and the real evaluator agrees there.
        const read = await readThroughLanguage(finding.files);
        const asked = finding.asked!;
        expect(JSON.stringify(forgetsTemplates(read.model, asked.query, asked.mode))).not.toBe(JSON.stringify(referenceDecide(read.model, asked.query, asked.mode)));
        const printed = describeFinding(finding);
        expect(printed).toContain(`--- ${finding.files[0]!.path}`);
        expect(printed).toContain(`--- question (${asked.mode} mode)`);
        expect(printed).toContain('--- differences');
    }, 240_000);

    it('reads workspaces through its session exactly as loadWorkspaceFromTexts does', async () => {
        for (const workspace of fc.sample(soakWorkspace, { seed: 11, numRuns: 15 })) {
            const files = workspaceFiles(workspace);
            const once = await loadWorkspaceFromTexts(files, { lint: false });
            const session = await readThroughLanguage(files);
            expect(JSON.stringify(session.model)).toBe(JSON.stringify(once.model));
            expect(session.diagnostics).toEqual(once.diagnostics);
        }
    });

    it('reads every generated workspace back as the model written, its ghost names unresolved', async () => {
        let files = 0;
        let unresolved = 0;
        let quoted = 0;
        for (const workspace of fc.sample(soakWorkspace, { seed: 12, numRuns: 40 })) {
            const written = workspaceFiles(workspace);
            files += written.length;
            quoted += written.map((file) => file.text.match(/(allow |: |, )"/g)?.length ?? 0).reduce((a, b) => a + b, 0);
            unresolved += undeclaredReferences(workspace.model).length;
            expect(await readBack(written, workspace.model)).toMatchObject({ ok: true });
        }
        // Workspaces come in several files, with names nobody declared, and with patterns only quotes can hold.
        expect(files).toBeGreaterThan(60);
        expect(unresolved).toBeGreaterThan(5);
        expect(quoted).toBeGreaterThan(10);
    });

    it('refuses a read-back that differs from the model written, or does not parse', async () => {
        const [a, b] = fc.sample(soakWorkspace, { seed: 13, numRuns: 2 });
        const other = await readBack(workspaceFiles(a!), b!.model);
        expect(other.ok).toBe(false);
        const files = workspaceFiles(a!);
        const broken = [{ path: files[0]!.path, text: `${files[0]!.text}\nuser {` }, ...files.slice(1)];
        const result = await readBack(broken, a!.model);
        expect(result).toMatchObject({ ok: false });
        expect(!result.ok && result.problem).toContain('syntax-error');
    });

    it('runs as `npm run soak`: the seed first, `N queries, M disagreements` last, 2 on bad arguments', () => {
        const npm = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'soak', '--', ...args], { cwd: root, encoding: 'utf8' });
        const run = npm('--queries', '300', '--seed', '5');
        expect(run.status, run.stderr).toBe(0);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines[0]).toBe('soak: seed 5, 300 queries, 200 per workspace');
        expect(lines.at(-1)).toBe('300 queries, 0 disagreements');
        const bad = npm('--queries', 'many');
        expect(bad.status).toBe(2);
        expect(bad.stderr).toContain("--queries 'many' is not a whole number.");
    }, 240_000);
});
