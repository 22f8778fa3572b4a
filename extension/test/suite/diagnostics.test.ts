/**
 * Diagnostics in the real editor, on a copy of examples/broken (its own window: `@broken`). Every
 * mistake in that folder is marked by a `// expect: <code>` comment; the editor must report each
 * of those codes, and exactly the problems that `spol check` reports for the same files.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, config, fixturePath, open, spolCli, spolExtension, waitFor } from './support.js';

const FIXTURE = 'broken';

function spolFiles(): string[] {
    const root = fixturePath(FIXTURE);
    return readdirSync(root)
        .filter((name) => name.endsWith('.spol'))
        .sort()
        .map((name) => path.join(root, name));
}

/** The codes of the `// expect: <code>` markers, per file. */
function expectedCodes(file: string): string[] {
    return [...readFileSync(file, 'utf8').matchAll(/\/\/\s*expect:\s*([a-z0-9-]+)/g)].map((match) => match[1]!);
}

const SEVERITY: Record<number, string> = {
    [vscode.DiagnosticSeverity.Error]: 'error',
    [vscode.DiagnosticSeverity.Warning]: 'warning',
    [vscode.DiagnosticSeverity.Information]: 'info',
    [vscode.DiagnosticSeverity.Hint]: 'info'
};

/** `file:line:col severity code` for every problem the editor shows in the fixture, sorted. */
function editorProblems(): string[] {
    const root = fixturePath(FIXTURE);
    return vscode.languages
        .getDiagnostics()
        .filter(([uri]) => uri.scheme === 'file' && uri.fsPath.startsWith(root + path.sep) && uri.fsPath.endsWith('.spol'))
        .flatMap(([uri, diagnostics]) =>
            diagnostics.map((d) => `${path.relative(root, uri.fsPath)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity]} ${codeOf(d)}`)
        )
        .sort();
}

suite('diagnostics on examples/broken @broken', () => {
    suiteSetup(async () => {
        await spolExtension();
        for (const file of spolFiles()) await open(file);
    });

    test('every `// expect:` code in the folder is reported', async () => {
        const expected = [...new Set(spolFiles().flatMap(expectedCodes))].sort();
        assert.ok(expected.length >= 15, `only ${expected.length} expect markers found in examples/broken`);
        const reported = await waitFor(
            `the codes ${expected.join(', ')}`,
            () => {
                const codes = new Set(editorProblems().map((problem) => problem.split(' ').pop()!));
                return expected.every((code) => codes.has(code)) && codes;
            },
            60_000
        ).catch((error: Error) => {
            const codes = new Set(editorProblems().map((problem) => problem.split(' ').pop()!));
            throw new Error(`${error.message}; missing: ${expected.filter((code) => !codes.has(code)).join(', ')}`);
        });
        assert.deepEqual(expected.filter((code) => !reported.has(code)), []);
    });

    test('each file shows its own mistakes', async () => {
        const cases: Array<[string, string]> = [
            ['syntax.spol', 'syntax-error'],
            ['roles.spol', 'unknown-resource'],
            ['roles.spol', 'unknown-action'],
            ['users.spol', 'missing-agent'],
            ['users.spol', 'unresolved-reference'],
            ['institution.spol', 'unknown-discipline-type'],
            ['library.spol', 'unused-template']
        ];
        for (const [name, code] of cases) {
            const uri = vscode.Uri.file(fixturePath(FIXTURE, name));
            await waitFor(`${code} in ${name}`, () => vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === code), 60_000);
        }
    });

    test('the editor reports exactly what `spol check` reports', async () => {
        const root = fixturePath(FIXTURE);
        const json = JSON.parse(await spolCli(['check', '--format', 'json', root], [0, 1])) as {
            diagnostics: Array<{ file: string; line: number; column: number; severity: string; code: string }>;
        };
        const { repoRoot } = config();
        const expected = json.diagnostics
            .map((d) => `${path.relative(root, path.resolve(repoRoot, d.file))}:${d.line}:${d.column} ${d.severity} ${d.code}`)
            .sort();
        assert.ok(expected.length > 0, 'spol check reported nothing for examples/broken');
        try {
            await waitFor('the same problems as spol check', () => JSON.stringify(editorProblems()) === JSON.stringify(expected), 60_000);
        } catch {
            assert.deepEqual(editorProblems(), expected);
        }
    });
});
