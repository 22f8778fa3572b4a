/**
 * One file's problems are capped in text output (issue 12): the first 20 of each file, then one line
 * counting the rest. JSON (and the other machine formats) keep every one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Severity } from '../../engine/diagnostic.js';
import { capPerFile, MAX_PER_FILE } from '../../cli/format/cap.js';
import { formatDiagnosticsText, summarize } from '../../cli/format/diagnostics.js';
import { main } from '../../cli/main.js';
import { capture } from './run-binary.js';

function diagnostic(file: string, line: number, severity: Severity = 'error'): Diagnostic {
    return {
        code: 'unknown-resource',
        severity,
        message: `problem on line ${line + 1}`,
        source: { file, range: { start: { line, character: 0 }, end: { line, character: 1 } } }
    };
}

describe('capPerFile', () => {
    it('keeps the first 20 of each file and counts the rest', () => {
        const many = Array.from({ length: 163 }, (_, i) => diagnostic('/w/a.spol', i));
        const few = Array.from({ length: 3 }, (_, i) => diagnostic('/w/b.spol', i));
        const capped = capPerFile([...many, ...few]);
        expect(MAX_PER_FILE).toBe(20);
        expect(capped.filter((item) => typeof item !== 'string')).toEqual([...many.slice(0, 20), ...few]);
        expect(capped[20]).toBe('… and 143 more errors in this file (--format json lists every one).');
        expect(capped).toHaveLength(24);
    });

    it('counts each severity of the rest when they differ', () => {
        const items = [
            ...Array.from({ length: 21 }, (_, i) => diagnostic('/w/a.spol', i)),
            diagnostic('/w/a.spol', 30, 'warning'),
            diagnostic('/w/a.spol', 31, 'warning'),
            diagnostic('/w/a.spol', 32, 'info')
        ];
        expect(capPerFile(items).at(-1)).toBe('… and 4 more in this file: 1 error, 2 warnings, 1 note (--format json lists every one).');
    });

    it('leaves 20 or fewer alone', () => {
        const twenty = Array.from({ length: 20 }, (_, i) => diagnostic('/w/a.spol', i));
        expect(capPerFile(twenty)).toEqual(twenty);
    });

    it('is what formatDiagnosticsText prints, with the summary counting every problem', () => {
        const many = Array.from({ length: 25 }, (_, i) => diagnostic('/w/a.spol', i));
        const text = formatDiagnosticsText(many, summarize(many, 1));
        const lines = text.trimEnd().split('\n');
        expect(lines).toHaveLength(22);
        expect(lines[20]).toBe('… and 5 more errors in this file (--format json lists every one).');
        expect(lines[21]).toBe('1 file checked: 25 errors, 0 warnings.');
    });
});

describe('spol check on a file with many problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spol-cap-'));
    const policies = Array.from({ length: 60 }, (_, i) => `    allow /nope${i}: read`).join('\n');
    writeFileSync(join(dir, 'many.spol'), `library role Many {\n${policies}\n}\n`);
    writeFileSync(join(dir, 'few.spol'), 'library role Few {\n    allow /nope: read\n}\n');

    it('prints 20 problems of the file, the count of the rest, and every problem of the others', async () => {
        const io = capture();
        expect(await main(['check', dir], io)).toBe(1);
        const lines = io.stdout.trimEnd().split('\n');
        expect(lines.filter((line) => /many\.spol:\d+:\d+ /.test(line))).toHaveLength(20);
        expect(lines.filter((line) => /few\.spol:\d+:\d+ error unknown-resource/.test(line))).toHaveLength(1);
        // many.spol: 60 unknown resources and an unused template (info, first by position).
        expect(lines).toContain('… and 41 more errors in this file (--format json lists every one).');
        expect(lines.at(-1)).toMatch(/^2 files checked: 62 errors/);
    });

    it('keeps every problem in JSON', async () => {
        const io = capture();
        expect(await main(['check', '--format', 'json', dir], io)).toBe(1);
        const parsed = JSON.parse(io.stdout) as { diagnostics: Array<{ file: string; code: string }> };
        expect(parsed.diagnostics.filter((d) => d.file.endsWith('many.spol') && d.code === 'unknown-resource')).toHaveLength(60);
    });
});

describe('spol check on a .spol file that is not text', () => {
    it('says so in one line (exit 2) instead of a flood of syntax errors', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'spol-binary-'));
        writeFileSync(join(dir, 'good.spol'), 'user u {}\n');
        writeFileSync(join(dir, 'image.spol'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)));
        const io = capture();
        expect(await main(['check', dir], io)).toBe(2);
        expect(io.stdout).toBe('');
        expect(io.stderr).toMatch(/^spol: '.*image\.spol' is not a text file \(it holds binary data: line 1 has a NUL byte\)\.\n$/);
    });
});
