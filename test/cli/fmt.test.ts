import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { capture, root, runSpol } from './run-binary.js';

const messy = 'user  a {institution admin\nagent "A"   in D}\n';
const tidy = 'user a {\n    institution admin\n    agent "A" in D\n}\n';

function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-fmt-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
}

describe('spol fmt', () => {
    it('--check lists files that would change and exits 1, changing nothing', async () => {
        const dir = folder({ 'a.spol': messy, 'b.spol': tidy });
        const io = capture();
        expect(await main(['fmt', '--check', dir], io)).toBe(1);
        expect(io.stdout.trim().split('\n')).toEqual([expect.stringMatching(/a\.spol$/)]);
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(messy);
    });

    it('rewrites files in place, and a second run changes nothing', async () => {
        const dir = folder({ 'a.spol': messy });
        expect(await main(['fmt', dir], capture())).toBe(0);
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(tidy);
        expect(await main(['fmt', '--check', dir], capture())).toBe(0);
    });

    it('prints one file with --stdout', async () => {
        const dir = folder({ 'a.spol': messy });
        const io = capture();
        expect(await main(['fmt', '--stdout', join(dir, 'a.spol')], io)).toBe(0);
        expect(io.stdout).toBe(tidy);
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(messy);
    });

    it('leaves a file with syntax errors alone and reports them (exit 1)', async () => {
        const dir = folder({ 'a.spol': messy, 'bad.spol': 'user {' });
        const io = capture();
        expect(await main(['fmt', dir], io)).toBe(1);
        expect(io.stderr).toMatch(/bad\.spol:1:6 error syntax-error /);
        expect(readFileSync(join(dir, 'bad.spol'), 'utf8')).toBe('user {');
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(tidy);
    });

    it('finds the museum and Specify defaults already formatted (binary)', () => {
        const result = runSpol(['fmt', '--check', 'examples/natural-history-museum', 'examples/specify-defaults'], root);
        expect(result.stdout).toBe('');
        expect(result.status).toBe(0);
    });

    it('exits 2 for a missing path', async () => {
        const io = capture();
        expect(await main(['fmt', '/nonexistent/spol'], io)).toBe(2);
        expect(io.stderr).toMatch(/^spol: /);
    });
});
