/**
 * Every example's YAML permission tests (examples/<name>/tests/*.test.yaml) through the library and
 * again through the CLI binary: all pass, with the same count both ways. A temporary copy of the
 * museum with one deliberately wrong expectation shows that the corpus can fail: exit 1 and a FAIL
 * line at the wrong expectation's file:line. README's test example passes against README's tour.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/decision/index.js';
import { isTestFileName, readTestFile, runTests, type TestRun } from '../engine/testing/index.js';
import { loadWorkspace } from '../language/workspace.js';
import { root, runSpol } from './cli/run-binary.js';

const examples = join(root, 'examples');
const withTests = readdirSync(examples)
    .filter((name) => existsSync(join(examples, name, 'tests')))
    .sort();

function testFiles(dir: string): string[] {
    return readdirSync(join(dir, 'tests'))
        .filter(isTestFileName)
        .map((name) => join(dir, 'tests', name))
        .sort();
}

/** The example's tests through the library: the test files' problems, and the run. */
async function runThroughLibrary(dir: string): Promise<{ problems: string[]; run: TestRun; files: number }> {
    const workspace = await loadWorkspace([dir]);
    const files = testFiles(dir);
    const reads = files.map((file) => readTestFile(readFileSync(file, 'utf8'), pathToFileURL(file).toString()));
    const run = runTests(
        compile(workspace.model),
        reads.flatMap((read) => read.cases)
    );
    const problems = [...reads.flatMap((read) => read.diagnostics), ...run.diagnostics].map((d) => `${d.code} ${d.message}`);
    return { problems, run, files: files.length };
}

describe('examples: YAML permission tests', () => {
    it('the museum and the Specify defaults have tests', () => {
        expect(withTests).toEqual(expect.arrayContaining(['natural-history-museum', 'specify-defaults']));
    });

    describe.each(withTests)('examples/%s/tests', (name) => {
        const dir = join(examples, name);

        it('all pass through the library', async () => {
            const { problems, run } = await runThroughLibrary(dir);
            expect(problems).toEqual([]);
            const failures = run.results.filter((r) => !r.passed).map((r) => `${r.case.name}: ${r.expectation.action} ${r.expectation.resource}`);
            expect(failures).toEqual([]);
            expect(run.passed).toBeGreaterThanOrEqual(20);
        });

        it('all pass through the CLI (exit 0), as many as through the library', async () => {
            const { run, files } = await runThroughLibrary(dir);
            const result = runSpol(['test', relative(root, dir)]);
            expect(result.stderr).toBe('');
            expect(result.stdout).toBe(`${run.passed} passed, 0 failed in ${files} file${files === 1 ? '' : 's'}.\n`);
            expect(result.status).toBe(0);
        });
    });

    describe('a deliberately wrong expectation in a copy of the museum', () => {
        const copy = mkdtempSync(join(tmpdir(), 'spol-examples-yaml-'));
        cpSync(join(examples, 'natural-history-museum'), copy, { recursive: true });
        const file = join(copy, 'tests', 'data-entry.test.yaml');
        const before = readFileSync(file, 'utf8');
        // jdoe cannot delete specimens; this case claims she can. The expectation is the last line.
        appendFileSync(file, '\n  - name: wrongly claims jdoe deletes specimens\n    user: jdoe\n    in: FishVoucher\n    allow:\n      - delete /table/collectionobject\n');
        const line = before.replace(/\n$/, '').split('\n').length + 6;

        it('fails through the library at that expectation', async () => {
            const { problems, run } = await runThroughLibrary(copy);
            expect(problems).toEqual([]);
            const failures = run.results.filter((r) => !r.passed);
            expect(failures).toHaveLength(1);
            expect(failures[0]!.failure?.kind).toBe('unexpected-deny');
            expect(failures[0]!.expectation.source.file).toBe(pathToFileURL(file).toString());
            expect(failures[0]!.expectation.source.range.start.line + 1).toBe(line);
        });

        it('fails through the CLI with exit 1 and a FAIL line at file:line', () => {
            const result = runSpol(['test', '.'], copy);
            expect(result.status).toBe(1);
            expect(result.stdout).toMatch(
                new RegExp(`^tests/data-entry\\.test\\.yaml:${line}:9 FAIL wrongly claims jdoe deletes specimens: expected allow delete /table/collectionobject, got deny `, 'm')
            );
            expect(result.stdout).toMatch(/ passed, 1 failed in \d+ files\.\n$/);
        });
    });
});

describe("README's test example", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');

    it('is a valid test file that passes against the language tour, through the library and the CLI', async () => {
        const tour = /```spol\n([\s\S]*?)```/.exec(readme)?.[1];
        const tests = /```yaml\n(tests:[\s\S]*?)```/.exec(readme)?.[1];
        expect(tour).toBeDefined();
        expect(tests).toBeDefined();
        const dir = mkdtempSync(join(tmpdir(), 'spol-readme-tests-'));
        writeFileSync(join(dir, 'tour.spol'), tour!);
        writeFileSync(join(dir, 'readme.test.yaml'), tests!);
        const read = readTestFile(tests!, 'readme.test.yaml');
        expect(read.diagnostics).toEqual([]);
        const run = runTests(compile((await loadWorkspace([dir])).model), read.cases);
        expect(run.diagnostics).toEqual([]);
        expect(run.results.filter((r) => !r.passed).map((r) => r.case.name)).toEqual([]);
        expect(run.passed).toBeGreaterThanOrEqual(5);
        const result = runSpol(['test', dir]);
        expect(result.stdout).toBe(`${run.passed} passed, 0 failed in 1 file.\n`);
        expect(result.status).toBe(0);
    });
});
