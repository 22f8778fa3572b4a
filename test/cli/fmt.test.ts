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

    it('keeps CRLF line endings on every line, and a byte-order mark (issue 12)', async () => {
        const crlf = (text: string) => text.replace(/\n/g, '\r\n');
        const dir = folder({ 'dos.spol': crlf(messy), 'bom.spol': `\uFEFF${messy}`, 'both.spol': `\uFEFF${crlf(messy)}` });
        expect(await main(['fmt', dir], capture())).toBe(0);
        expect(readFileSync(join(dir, 'dos.spol'), 'utf8')).toBe(crlf(tidy));
        expect(readFileSync(join(dir, 'bom.spol'), 'utf8')).toBe(`\uFEFF${tidy}`);
        expect(readFileSync(join(dir, 'both.spol'), 'utf8')).toBe(`\uFEFF${crlf(tidy)}`);
        const again = capture();
        expect(await main(['fmt', '--check', dir], again), again.stdout).toBe(0);
    });

    it('--stdout keeps the line endings too', async () => {
        const dir = folder({ 'dos.spol': messy.replace(/\n/g, '\r\n') });
        const io = capture();
        expect(await main(['fmt', '--stdout', join(dir, 'dos.spol')], io)).toBe(0);
        expect(io.stdout).toBe(tidy.replace(/\n/g, '\r\n'));
    });

    it('--check sees mixed line endings as a change; fmt writes the dominant ending on every line', async () => {
        const mostlyCrlf = 'user a {\r\n    institution admin\r\n    agent "A" in D\n}\r\n';
        const mostlyLf = 'user a {\n    institution admin\r\n    agent "A" in D\n}\n';
        const dir = folder({ 'crlf.spol': mostlyCrlf, 'lf.spol': mostlyLf });
        const io = capture();
        expect(await main(['fmt', '--check', dir], io)).toBe(1);
        expect(io.stdout.trim().split('\n').sort()).toEqual([expect.stringMatching(/crlf\.spol$/), expect.stringMatching(/lf\.spol$/)]);
        expect(await main(['fmt', dir], capture())).toBe(0);
        expect(readFileSync(join(dir, 'crlf.spol'), 'utf8')).toBe(tidy.replace(/\n/g, '\r\n'));
        expect(readFileSync(join(dir, 'lf.spol'), 'utf8')).toBe(tidy);
    });

    it('reports a file that is not UTF-8 text in one line (exit 2), changing nothing', async () => {
        const dir = folder({ 'a.spol': messy });
        writeFileSync(join(dir, 'b.spol'), Buffer.from([0x75, 0x73, 0x65, 0x72, 0x20, 0xe9, 0x0a]));
        const io = capture();
        expect(await main(['fmt', dir], io)).toBe(2);
        expect(io.stderr).toMatch(/^spol: '.*b\.spol' is not a text file \(line 1 has the byte 0xE9, which is not UTF-8; save the file as UTF-8\)\.\n$/);
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(messy);
    });

    it('exits 2 for a missing path', async () => {
        const io = capture();
        expect(await main(['fmt', '/nonexistent/spol'], io)).toBe(2);
        expect(io.stderr).toMatch(/^spol: /);
    });
});

describe('spol fmt and spol.yaml', () => {
    it('leaves the files spol.yaml ignores alone, as check does not read them', async () => {
        const dir = folder({ 'a.spol': messy, 'spol.yaml': 'ignore:\n  - generated/**\n' });
        const generated = join(dir, 'generated');
        (await import('node:fs')).mkdirSync(generated);
        writeFileSync(join(generated, 'b.spol'), messy);
        const check = capture();
        expect(await main(['fmt', '--check', dir], check)).toBe(1);
        expect(check.stdout + check.stderr).toContain('a.spol');
        expect(check.stdout + check.stderr).not.toContain('b.spol');
        expect(await main(['fmt', dir], capture())).toBe(0);
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(tidy);
        expect(readFileSync(join(generated, 'b.spol'), 'utf8')).toBe(messy);
    });

    it('stops at a spol.yaml with errors, with its line and column (exit 2)', async () => {
        const dir = folder({ 'a.spol': messy, 'spol.yaml': 'rules:\n  escalaton: off\n' });
        const io = capture();
        expect(await main(['fmt', dir], io)).toBe(2);
        expect(io.stderr).toMatch(/spol\.yaml:2:3 error config-unknown-rule/);
        expect(readFileSync(join(dir, 'a.spol'), 'utf8')).toBe(messy);
    });
});
