import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { compile } from '../../engine/decision/index.js';
import type { Diagnostic } from '../../engine/diagnostic.js';
import type { Source } from '../../engine/model/policy-model.js';
import { describeResult, isTestFileName, readTestFile, runTests, type ExpectationResult, type TestCase } from '../../engine/testing/index.js';
import { spolFilesOf } from '../../language/workspace.js';
import { formatLocation, locationFields } from '../format/location.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { parseFormat } from '../options.js';
import { displayPath } from '../paths.js';
import { loadDecidable } from '../workspace.js';
import { rowJson } from '../format/rows.js';

export function registerTest(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('test')
        .description('run the YAML permission tests (*.test.yaml) under the paths against the workspace there')
        .argument('[paths...]', 'folders (every *.spol and *.test.yaml below), .spol files or test files', ['.'])
        .option('-f, --format <format>', 'output format: text or json', 'text')
        .action(async (paths: string[], options: { format: string }) => {
            const format = parseFormat(options.format, ['text', 'json']);
            const { workspacePaths, testFiles } = await sortPaths(paths);
            if (testFiles.length === 0) throw new CliError(`no *.test.yaml or *.test.yml files under ${paths.join(', ')}.`);
            if (workspacePaths.length === 0) throw new CliError('the paths hold test files but no .spol files: name the workspace as well.');
            const workspace = await loadDecidable(workspacePaths, io, 'the tests');
            const cases: TestCase[] = [];
            const diagnostics: Diagnostic[] = [];
            for (const file of testFiles) {
                const text = await readFile(file, 'utf8').catch(() => {
                    throw new CliError(`cannot read '${displayPath(file)}'.`);
                });
                const read = readTestFile(text, pathToFileURL(file).toString());
                cases.push(...read.cases);
                diagnostics.push(...read.diagnostics);
            }
            const run = runTests(compile(workspace.model), cases);
            diagnostics.push(...run.diagnostics);
            const errors = diagnostics.filter((d) => d.severity === 'error').length;
            const summary = { passed: run.passed, failed: run.failed, files: testFiles.length, errors };
            io.out(format === 'json' ? formatJson(summary, diagnostics, run.results) : formatText(summary, diagnostics, run.results));
            done(run.failed > 0 || errors > 0 ? ExitCode.failure : ExitCode.ok);
        });
}

interface Summary {
    readonly passed: number;
    readonly failed: number;
    readonly files: number;
    readonly errors: number;
}

/** Test files are found below every path; a path is part of the workspace unless it holds only tests. */
async function sortPaths(paths: readonly string[]): Promise<{ workspacePaths: string[]; testFiles: string[] }> {
    const workspacePaths: string[] = [];
    const testFiles = new Set<string>();
    for (const path of paths.length > 0 ? paths : ['.']) {
        const absolute = resolve(path);
        const info = await stat(absolute).catch(() => undefined);
        if (info?.isDirectory()) {
            const below = await testFilesBelow(absolute);
            below.forEach((file) => testFiles.add(file));
            const holdsSpol = await spolFilesOf([absolute]).then((files) => files.length > 0, () => false);
            if (holdsSpol || below.length === 0) workspacePaths.push(path);
        } else if (info && isTestFileName(basename(absolute))) {
            testFiles.add(absolute);
        } else {
            // A .spol file, or a path that loading the workspace will report as unreadable.
            workspacePaths.push(path);
        }
    }
    return { workspacePaths, testFiles: [...testFiles].sort() };
}

async function testFilesBelow(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => {
        throw new CliError(`cannot read the folder '${displayPath(folder)}'.`);
    });
    const files: string[] = [];
    for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) files.push(...(await testFilesBelow(path)));
        else if (isTestFileName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) files.push(path);
    }
    return files;
}

// ---------------------------------------------------------------- text

interface Line {
    readonly source: Source | undefined;
    readonly text: string;
}

/** Problems and failures by file and place, then `N passed, M failed in K files`. */
function formatText(summary: Summary, diagnostics: readonly Diagnostic[], results: readonly ExpectationResult[]): string {
    const lines: Line[] = [
        ...diagnostics.map((d) => ({ source: d.source, text: `${formatLocation(d.source)} ${d.severity} ${d.code} ${d.message}` })),
        ...results
            .filter((r) => !r.passed)
            .map((r) => ({ source: r.expectation.source, text: `${formatLocation(r.expectation.source)} FAIL ${describeResult(r, formatLocation)}` }))
    ];
    lines.sort((a, b) => compareSources(a.source, b.source));
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const problems = summary.errors > 0 ? `; ${plural(summary.errors, 'error')} in test files` : '';
    const out = lines.map((line) => line.text);
    out.push(`${summary.passed} passed, ${summary.failed} failed in ${plural(summary.files, 'file')}${problems}.`);
    return out.join('\n') + '\n';
}

function compareSources(a: Source | undefined, b: Source | undefined): number {
    const fa = a?.file ?? '';
    const fb = b?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const pa = a?.range.start;
    const pb = b?.range.start;
    return (pa?.line ?? -1) - (pb?.line ?? -1) || (pa?.character ?? -1) - (pb?.character ?? -1);
}

// ---------------------------------------------------------------- json


function resultJson(result: ExpectationResult): Record<string, unknown> {
    const { case: testCase, expectation, decision } = result;
    return {
        ...locationFields(expectation.source),
        case: testCase.name,
        user: testCase.user,
        ...(testCase.collection !== undefined ? { in: testCase.collection } : { institution: true }),
        mode: testCase.mode,
        expected: expectation.expected,
        action: expectation.action,
        resource: expectation.resource,
        passed: result.passed,
        got: decision.allowed ? 'allow' : 'deny',
        ...(result.failure ? { failure: result.failure.kind, message: describeResult(result, formatLocation) } : {}),
        decision: {
            allowed: decision.allowed,
            reason: decision.reason,
            level: decision.level,
            matches: decision.matches.map(rowJson),
            ...(decision.collectionAccess
                ? { collectionAccess: { allowed: decision.collectionAccess.allowed, matches: decision.collectionAccess.matches.map(rowJson) } }
                : {}),
            notes: decision.notes
        }
    };
}

function formatJson(summary: Summary, diagnostics: readonly Diagnostic[], results: readonly ExpectationResult[]): string {
    const problems = [...diagnostics]
        .sort((a, b) => compareSources(a.source, b.source))
        .map((d) => ({ ...locationFields(d.source), severity: d.severity, code: d.code, message: d.message }));
    return JSON.stringify({ summary, diagnostics: problems, results: results.map(resultJson) }, null, 2) + '\n';
}
