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
