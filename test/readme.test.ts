/** README's language tour is a real workspace: it parses, links and has no errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/decision/index.js';
import { loadWorkspace } from '../language/workspace.js';

const readme = readFileSync(resolve(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
    it('tours a workspace that checks without errors and decides as the text says', async () => {
        const block = /```spol\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(block).toBeDefined();
        const dir = mkdtempSync(join(tmpdir(), 'spol-readme-'));
        writeFileSync(join(dir, 'tour.spol'), block!);
        const workspace = await loadWorkspace([dir]);
        expect(workspace.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const engine = compile(workspace.model);
        expect(engine.decide({ user: 'jdoe', collection: 'FishVoucher', resource: '/report', action: 'execute' }).allowed).toBe(true);
        expect(engine.decide({ user: 'jdoe', collection: 'FishTissue', resource: '/report', action: 'execute' }).allowed).toBe(false);
        expect(engine.decide({ user: 'abentley', institution: true, resource: '/admin/user/password', action: 'update' }).allowed).toBe(true);
    });

    it('names the two commands', () => {
        expect(readme).toContain('npm ci && npm run demo');
        expect(readme).toContain('npm test');
    });
});

describe("README's CI workflow", () => {
    it('is valid YAML whose spol steps run as written on a repository holding the example', async () => {
        const { parse } = await import('yaml');
        const { execFileSync, spawnSync } = await import('node:child_process');
        const { cpSync, mkdirSync } = await import('node:fs');
        const block = /```yaml\n(# \.github\/workflows\/permissions\.yml[\s\S]*?)```/.exec(readme)?.[1];
        expect(block).toBeDefined();
        const workflow = parse(block!) as { jobs: { spol: { steps: { run?: string }[] } } };
        const commands = workflow.jobs.spol.steps.map((step) => step.run ?? '').filter((run) => run.startsWith('spol '));
        expect(commands.map((c) => c.split(' ')[1])).toEqual(['check', 'test', 'diff']);

        const repo = mkdtempSync(join(tmpdir(), 'spol-readme-ci-'));
        const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
        git('init', '-q', '-b', 'main');
        git('config', 'user.email', 'ci@example.org');
        git('config', 'user.name', 'CI');
        mkdirSync(join(repo, 'policy'));
        cpSync(resolve(import.meta.dirname, '..', 'examples/natural-history-museum'), join(repo, 'policy'), { recursive: true });
        git('add', '-A');
        git('commit', '-q', '-m', 'base');
        git('update-ref', 'refs/remotes/origin/main', 'HEAD');
        const spol = resolve(import.meta.dirname, '..', 'bin/spol.js');
        for (const command of commands) {
            // The shell line as the runner would see it, with the pull request's base branch filled in.
            const line = command.replace('${{ github.base_ref }}', 'main').replace(/^spol /, `node ${spol} `);
            const result = spawnSync('sh', ['-c', line], { cwd: repo, encoding: 'utf8' });
            expect(result.status, `${command}\n${result.stderr}`).toBe(0);
        }
        expect(readFileSync(join(repo, 'spol.sarif'), 'utf8')).toContain('"version": "2.1.0"');
        expect(readFileSync(join(repo, 'spol-tests.xml'), 'utf8')).toContain('<testsuites');
        expect(readFileSync(join(repo, 'spol-diff.md'), 'utf8')).toMatch(/no effective change/i);
    });
});
