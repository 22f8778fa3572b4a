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
import { askEngine, loadDecidable } from '../workspace.js';
import { fileErrorReason } from '../../language/workspace.js';
import { rowJson } from '../format/rows.js';
import { paintFor, plainPaint, type Paint } from '../format/colour.js';
import { formatTestsJunit } from '../format/junit.js';

export function registerTest(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('test')
        .description('run the YAML permission tests (*.test.yaml) under the paths against the workspace there')
        .argument('[paths...]', 'folders (every *.spol and *.test.yaml below), .spol files or test files', ['.'])
        .option('-f, --format <format>', 'output format: text, json or junit', 'text')
        .option('--allow-unknown', 'run expectations naming a resource or action Specify 7 does not define (a newer Specify) instead of reporting them')
        .option('-q, --quiet', 'report only failures and test-file problems, and nothing when all pass')
        .option('--no-color', 'no colour in text output (as NO_COLOR=1 does); colour is only ever used on a terminal')
        .action(async (paths: string[], options: { format: string; quiet?: boolean; color: boolean; allowUnknown?: boolean }) => {
            const started = performance.now();
            const format = parseFormat(options.format, ['text', 'json', 'junit']);
            const { workspacePaths, testFiles } = await sortPaths(paths);
            if (testFiles.length === 0) throw new CliError(`no *.test.yaml or *.test.yml files under ${paths.join(', ')}.`);
            if (workspacePaths.length === 0) throw new CliError('the paths hold test files but no .spol files: name the workspace as well.');
            const workspace = await loadDecidable(workspacePaths, io, 'the tests');
            const cases: TestCase[] = [];
            const diagnostics: Diagnostic[] = [];
            for (const file of testFiles) {
                const text = await readFile(file, 'utf8').catch((error: unknown) => {
                    throw new CliError(`cannot read '${displayPath(file)}': ${fileErrorReason(error)}.`);
                });
                const read = readTestFile(text, pathToFileURL(file).toString(), { unknownNames: options.allowUnknown === true ? 'answer' : 'refuse' });
                cases.push(...read.cases);
                diagnostics.push(...read.diagnostics);
            }
            // A name a case depends on declared twice in the workspace: the workspace cannot be used (exit 2).
            const run = askEngine(() => runTests(compile(workspace.model), cases, { refused: 'throw' }));
            diagnostics.push(...run.diagnostics);
            const errors = diagnostics.filter((d) => d.severity === 'error').length;
            const summary = { passed: run.passed, failed: run.failed, files: testFiles.length, errors };
            const quiet = options.quiet === true;
            if (format === 'junit') {
                io.out(formatTestsJunit({ files: testFiles, cases, results: run.results, diagnostics, seconds: (performance.now() - started) / 1000 }));
            } else if (format === 'json') {
                io.out(formatJson(summary, diagnostics, quiet ? run.results.filter((r) => !r.passed) : run.results));
            } else {
                const paint = paintFor({ flag: options.color, isTTY: io.outIsTTY, env: process.env });
                io.out(formatText(summary, diagnostics, run.results, paint, quiet));
            }
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
        const info = await stat(absolute).catch((error: unknown) => {
            throw new CliError(`cannot read '${path}': ${fileErrorReason(error)}.`);
        });
        if (info.isDirectory()) {
            const below = await testFilesBelow(absolute);
            below.forEach((file) => testFiles.add(file));
            const holdsSpol = await spolFilesOf([absolute]).then((files) => files.length > 0, () => false);
            if (holdsSpol || below.length === 0) workspacePaths.push(path);
        } else if (isTestFileName(basename(absolute))) {
            testFiles.add(absolute);
        } else {
            // A .spol file, or another kind of file that loading the workspace reports.
            workspacePaths.push(path);
        }
    }
    return { workspacePaths, testFiles: [...testFiles].sort() };
}

async function testFilesBelow(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
        throw new CliError(`cannot read the folder '${displayPath(folder)}': ${fileErrorReason(error)}.`);
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

/** Problems and failures by file and place, then `N passed, M failed in K files` (with `quiet`, only when not all pass). */
function formatText(summary: Summary, diagnostics: readonly Diagnostic[], results: readonly ExpectationResult[], paint: Paint = plainPaint, quiet = false): string {
    if (quiet && summary.failed === 0 && summary.errors === 0) return '';
    const lines: Line[] = [
        ...diagnostics.map((d) => ({ source: d.source, text: `${formatLocation(d.source)} ${paint.severity(d.severity)} ${paint.code(d.code)} ${d.message}` })),
        ...results
            .filter((r) => !r.passed)
            .map((r) => ({ source: r.expectation.source, text: `${formatLocation(r.expectation.source)} ${paint.fail('FAIL')} ${describeResult(r, formatLocation)}` }))
    ];
    lines.sort((a, b) => compareSources(a.source, b.source));
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const problems = summary.errors > 0 ? `; ${plural(summary.errors, 'error')} in test files` : '';
    const out = lines.map((line) => line.text);
    const passed = `${summary.passed} passed`;
    const failed = `${summary.failed} failed`;
    out.push(`${summary.passed > 0 ? paint.pass(passed) : passed}, ${summary.failed > 0 ? paint.fail(failed) : failed} in ${plural(summary.files, 'file')}${problems}.`);
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
