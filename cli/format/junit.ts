/**
 * JUnit XML for CI test reports (Jenkins, GitLab, the GitHub JUnit reporters): the common Ant shape,
 * `<testsuites>` of `<testsuite name tests failures errors skipped time>` of
 * `<testcase classname name file line>` with at most one `<failure message type>` or
 * `<error message type>` whose text is the full report. test/fixtures/junit/junit.xsd describes
 * exactly what is written here, and the tests validate every shape against it.
 *
 * `spol check`: one testsuite per .spol file, because CI report pages list suites and let you open
 * one, and a file is what a reader fixes (one suite per rule would scatter one file's findings and
 * would need a passing case per rule that did not fire). Each finding at or above the fail level is
 * a failing testcase named `<code> at <line>:<col>`; a file without such findings is one passing
 * testcase, so a clean run still shows every file checked; findings below the fail level are listed
 * in the `<system-out>` of the file's last testcase. `--max-warnings` adds a suite `spol check` whose one testcase fails
 * when the warnings are too many, so the report agrees with the exit code.
 *
 * `spol test`: one testsuite per test file, one testcase per case (classname the file, `line` the
 * case's first line). A failed case carries one `<failure>` listing each failed expectation with
 * what was expected, what Specify answered, why, and the policy that granted it (file:line:col).
 * Problems in a test file are `<error>` testcases: at the case they belong to when it is known, else
 * named `<code> at <line>:<col>` (a problem that is not an error is only listed in `<system-out>`).
 *
 * Times: the workspace is loaded and checked (or compiled) once for all files, so only the whole run
 * is timed (`<testsuites time>`); suites and cases say 0.
 */
import type { Diagnostic, Severity } from '../../engine/diagnostic.js';
import type { Source } from '../../engine/model/policy-model.js';
import { describeExpectation, describeOutcome, type ExpectationResult, type TestCase } from '../../engine/testing/index.js';
import { failsAt } from './diagnostics.js';
import { formatLocation } from './location.js';
import { displayPath } from '../paths.js';

// ---------------------------------------------------------------- XML

/**
 * Characters XML 1.0 forbids anywhere (C0 controls other than tab, newline and carriage return,
 * U+FFFE, U+FFFF, and unpaired surrogates). They are written as the text `\uXXXX`, so a stray control
 * character in a name or message is visible in the report instead of breaking the whole document.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(text: string): string {
    return text.replace(FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Element text: `&`, `<`, `>` (for `]]>`) escaped; `\r` kept as a reference, or parsers turn it into `\n`. */
export function escapeXmlText(text: string): string {
    return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes; tab and line breaks as references, or parsers turn them into spaces. */
export function escapeXmlAttribute(text: string): string {
    return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

type Attributes = Readonly<Record<string, string | number | undefined>>;

function open(name: string, attributes: Attributes, selfClose = false): string {
    const written = Object.entries(attributes)
        .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
        .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
        .join('');
    return `<${name}${written}${selfClose ? '/>' : '>'}`;
}

// ---------------------------------------------------------------- the report

/** A `<failure>` or `<error>`: `message` is the one line a CI list shows, `text` the whole report. */
interface Problem {
    readonly kind: 'failure' | 'error';
    readonly message: string;
    readonly type: string;
    readonly text: string;
}

interface Case {
    readonly name: string;
    readonly classname: string;
    readonly file?: string;
    readonly line?: number;
    readonly problem?: Problem;
    readonly output?: string;
}

interface Suite {
    readonly name: string;
    readonly file?: string;
    readonly cases: readonly Case[];
}

function writeCase(c: Case): string[] {
    const attributes = { name: c.name, classname: c.classname, file: c.file, line: c.line, time: 0 };
    if (!c.problem && c.output === undefined) return [`    ${open('testcase', attributes, true)}`];
    const lines = [`    ${open('testcase', attributes)}`];
    if (c.problem) {
        const { kind, message, type, text } = c.problem;
        lines.push(`      ${open(kind, { message, type })}${escapeXmlText(text)}</${kind}>`);
    }
    if (c.output !== undefined) lines.push(`      <system-out>${escapeXmlText(c.output)}</system-out>`);
    lines.push('    </testcase>');
    return lines;
}

function count(cases: readonly Case[], kind: Problem['kind']): number {
    return cases.filter((c) => c.problem?.kind === kind).length;
}

function writeReport(name: string, suites: readonly Suite[], seconds: number): string {
    const all = suites.flatMap((s) => s.cases);
    const time = Math.max(0, seconds).toFixed(3);
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        open('testsuites', { name, tests: all.length, failures: count(all, 'failure'), errors: count(all, 'error'), skipped: 0, time })
    ];
    for (const suite of suites) {
        const { cases } = suite;
        lines.push(
            `  ${open('testsuite', { name: suite.name, tests: cases.length, failures: count(cases, 'failure'), errors: count(cases, 'error'), skipped: 0, time: 0, file: suite.file })}`
        );
        lines.push(...cases.flatMap(writeCase));
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>');
    return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- spol check

/** `3 warnings, more than --max-warnings 1.` */
export function tooManyWarningsMessage(warnings: number, limit: number | undefined): string {
    return `${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${limit}.`;
}

export interface CheckJunitOptions {
    /** The files checked (absolute paths): each gets a suite, so clean files show as passing. */
    readonly files: readonly string[];
    readonly failLevel: Severity;
    /** With `--max-warnings`: the limit and the number of warnings found. */
    readonly maxWarnings?: { readonly limit: number; readonly warnings: number };
    /** Seconds the whole run took. */
    readonly seconds: number;
}

const WORKSPACE = '<workspace>';

function line(d: Diagnostic): string {
    return `${formatLocation(d.source)} ${d.severity} ${d.code} ${d.message}`;
}

function place(source: Source | undefined): string {
    return source ? `${source.range.start.line + 1}:${source.range.start.character + 1}` : 'workspace';
}

export function formatDiagnosticsJunit(diagnostics: readonly Diagnostic[], options: CheckJunitOptions): string {
    const byFile = new Map<string, Diagnostic[]>(options.files.map((file) => [displayPath(file), []]));
    for (const d of diagnostics) {
        const key = d.source ? displayPath(d.source.file) : WORKSPACE;
        byFile.set(key, [...(byFile.get(key) ?? []), d]);
    }
    const suites: Suite[] = [...byFile].map(([file, found]) => {
        const onFile = file === WORKSPACE ? {} : { file };
        const failing = found.filter((d) => failsAt(d.severity, options.failLevel));
        const others = found.filter((d) => !failsAt(d.severity, options.failLevel));
        const output = others.length > 0 ? others.map(line).join('\n') + '\n' : undefined;
        const cases: Case[] =
            failing.length > 0
                ? failing.map((d) => ({
                      name: `${d.code} at ${place(d.source)}`,
                      classname: file,
                      ...onFile,
                      ...(d.source ? { line: d.source.range.start.line + 1 } : {}),
                      problem: { kind: 'failure', message: d.message, type: d.code, text: `${line(d)}\n` }
                  }))
                : [{ name: `no ${options.failLevel === 'error' ? 'errors' : 'errors or warnings'}`, classname: file, ...onFile }];
        // Findings below the fail level stay visible, without failing anything, in the last testcase of the file.
        if (output !== undefined) cases[cases.length - 1] = { ...cases[cases.length - 1]!, output };
        return { name: file, ...onFile, cases };
    });
    if (options.maxWarnings) {
        const { limit, warnings } = options.maxWarnings;
        const tooMany = warnings > limit;
        suites.push({
            name: 'spol check',
            cases: [
                {
                    name: `at most ${limit} warning${limit === 1 ? '' : 's'}`,
                    classname: 'spol check',
                    ...(tooMany
                        ? {
                              problem: {
                                  kind: 'failure',
                                  message: tooManyWarningsMessage(warnings, limit),
                                  type: 'max-warnings',
                                  text: `${tooManyWarningsMessage(warnings, limit)}\n`
                              }
                          }
                        : {})
                }
            ]
        });
    }
    return writeReport('spol check', suites, options.seconds);
}

// ---------------------------------------------------------------- spol test

export interface TestJunitOptions {
    /** The test files run (absolute paths), in the order to report them. */
    readonly files: readonly string[];
    /** Every case read from the files, run or not. */
    readonly cases: readonly TestCase[];
    readonly results: readonly ExpectationResult[];
    /** Test-file problems, and cases that could not run. */
    readonly diagnostics: readonly Diagnostic[];
    readonly seconds: number;
}

function contains(outer: Source, inner: Source): boolean {
    const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
        a.line < b.line || (a.line === b.line && a.character <= b.character);
    return outer.file === inner.file && before(outer.range.start, inner.range.start) && before(inner.range.start, outer.range.end);
}

function startsBefore(a: Source | undefined, b: Source | undefined): number {
    return (a?.range.start.line ?? -1) - (b?.range.start.line ?? -1) || (a?.range.start.character ?? -1) - (b?.range.start.character ?? -1);
}

export function formatTestsJunit(options: TestJunitOptions): string {
    const resultsOf = new Map<TestCase, ExpectationResult[]>();
    for (const result of options.results) resultsOf.set(result.case, [...(resultsOf.get(result.case) ?? []), result]);
    const suites = options.files.map((path): Suite => {
        const file = displayPath(path);
        const entries: { source: Source | undefined; testCase: Case }[] = [];
        const cases = options.cases.filter((c) => displayPath(c.source.file) === file);
        const problems = options.diagnostics.filter((d) => d.source !== undefined && displayPath(d.source.file) === file);
        const placed = new Set<Diagnostic>();
        for (const testCase of cases) {
            const within = problems.filter((d) => !placed.has(d) && contains(testCase.source, d.source!));
            within.forEach((d) => placed.add(d));
            const own = within.filter((d) => d.severity === 'error');
            const notes = within.filter((d) => d.severity !== 'error');
            const failed = (resultsOf.get(testCase) ?? []).filter((r) => !r.passed);
            const base = {
                name: testCase.name,
                classname: file,
                file,
                line: testCase.source.range.start.line + 1,
                ...(notes.length > 0 ? { output: notes.map(line).join('\n') + '\n' } : {})
            };
            let problem: Problem | undefined;
            if (own.length > 0) {
                problem = { kind: 'error', message: own[0]!.message, type: own[0]!.code, text: own.map(line).join('\n') + '\n' };
            } else if (failed.length > 0) {
                problem = {
                    kind: 'failure',
                    message: failed.map((r) => `expected ${describeExpectation(r.expectation)}, got ${r.decision.allowed ? 'allow' : 'deny'}`).join('; '),
                    type: failed[0]!.failure?.kind ?? 'failure',
                    text: failed.map((r) => `${formatLocation(r.expectation.source)} expected ${describeExpectation(r.expectation)}, ${describeOutcome(r, formatLocation)}`).join('\n') + '\n'
                };
            }
            entries.push({ source: testCase.source, testCase: { ...base, ...(problem ? { problem } : {}) } });
        }
        // Problems outside every well-formed case: the case they belong to did not parse.
        for (const d of problems.filter((p) => !placed.has(p))) {
            const base = { name: `${d.code} at ${place(d.source)}`, classname: file, file, line: d.source!.range.start.line + 1 };
            entries.push({
                source: d.source,
                testCase:
                    d.severity === 'error'
                        ? { ...base, problem: { kind: 'error', message: d.message, type: d.code, text: `${line(d)}\n` } }
                        : { ...base, output: `${line(d)}\n` }
            });
        }
        entries.sort((a, b) => startsBefore(a.source, b.source));
        return { name: file, file, cases: entries.map((e) => e.testCase) };
    });
    return writeReport('spol test', suites, options.seconds);
}
