/**
 * `--format junit` for `spol check` and `spol test`: every report is validated with libxml2's XML
 * Schema validator (xmllint-wasm) against test/fixtures/junit/junit.xsd, which is held to reject
 * broken documents too; then the shape CI systems read is asserted: suites per file, a failing
 * testcase per finding or failed case, passing ones for clean files and passing cases, `<error>`
 * for test-file problems, and escaping of everything XML 1.0 cannot hold as it is.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { escapeXmlAttribute, escapeXmlText, formatDiagnosticsJunit, formatTestsJunit } from '../../cli/format/junit.js';
import { root, runSpol, spolInProcess, tempWorkspace } from './run-binary.js';

const xsd = readFileSync(resolve(import.meta.dirname, '../fixtures/junit/junit.xsd'), 'utf8');

async function schemaErrors(xml: string): Promise<string[]> {
    const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: xsd }] });
    return result.valid ? [] : result.errors.map((e) => e.message);
}

const folder = (files: Record<string, string>): string => tempWorkspace(files, 'spol-junit-');

const spol = spolInProcess;

/** The opening tags of one element name, each as its attributes (values unescaped enough for these tests). */
function tags(xml: string, name: string): Record<string, string>[] {
    return [...xml.matchAll(new RegExp(`<${name}((?:\\s+[\\w-]+="[^"]*")*)\\s*/?>`, 'g'))].map((m) =>
        Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')]))
    );
}

const hierarchy = `institution M { division D { discipline F type fish { collection C } } }
user a { institution admin agent "A" in D }
`;
const broken = `role R in C { allow /tabel/%: read }
user b { agent "B" in D in C { access roles R } }
`;
const warned = `role Unused in C { allow /table/%: read }
`;

describe('the JUnit schema (test/fixtures/junit/junit.xsd)', () => {
    const good = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="x" tests="1" failures="1" errors="0" skipped="0" time="0.5">
  <testsuite name="a.spol" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase name="c" classname="a.spol" file="a.spol" line="3" time="0"><failure message="m" type="t">text</failure></testcase>
  </testsuite>
</testsuites>
`;

    it('accepts a well-formed report', async () => {
        expect(await schemaErrors(good)).toEqual([]);
    });

    it.each([
        ['a testcase without a name', good.replace('name="c" ', '')],
        ['a count that is not a number', good.replace('tests="1" failures="1" errors="0" skipped="0" time="0">', 'tests="one" failures="1" errors="0" skipped="0" time="0">')],
        ['a suite without its failure count', good.replace('<testsuite name="a.spol" tests="1" failures="1" ', '<testsuite name="a.spol" tests="1" ')],
        ['a line of 0', good.replace('line="3"', 'line="0"')],
        ['a failure and an error in one testcase', good.replace('</failure>', '</failure><error message="e"/>')],
        ['a failure outside a testcase', good.replace('<testsuite name="a.spol" tests="1" failures="1" errors="0" skipped="0" time="0">', '$&<failure/>')],
        ['a testsuite as the root', good.replace(/<\/?testsuites[^>]*>/g, '')],
        ['an unescaped <', good.replace('>text<', '>a < b<')],
        ['an unescaped & in an attribute', good.replace('message="m"', 'message="R & D"')],
        ['a control character XML 1.0 forbids', good.replace('>text<', '>bell \u0007<')],
        ['a document cut short', good.slice(0, good.length - 20)]
    ])('rejects %s', async (_, xml) => {
        expect(await schemaErrors(xml)).not.toEqual([]);
    });
});

describe('spol check --format junit', () => {
    it('has one suite per file: a failing testcase per error with code, line, message and file:line:col, a passing one per clean file', async () => {
        const dir = folder({ 'a.spol': hierarchy, 'b.spol': broken });
        const { code, stdout } = await spol('check', '--format', 'junit', dir);
        expect(code).toBe(1);
        expect(await schemaErrors(stdout)).toEqual([]);
        const suites = tags(stdout, 'testsuite');
        expect(suites.map((s) => s.name)).toEqual([expect.stringMatching(/a\.spol$/), expect.stringMatching(/b\.spol$/)]);
        expect(suites[0]).toMatchObject({ tests: '1', failures: '0', errors: '0', skipped: '0', time: '0' });
        expect(suites[1]).toMatchObject({ tests: '1', failures: '1', errors: '0' });
        const cases = tags(stdout, 'testcase');
        expect(cases[0]).toMatchObject({ name: 'no errors', classname: expect.stringMatching(/a\.spol$/) });
        expect(cases[1]).toMatchObject({ name: 'unknown-resource at 1:21', classname: expect.stringMatching(/b\.spol$/), file: expect.stringMatching(/b\.spol$/), line: '1' });
        const [failure] = tags(stdout, 'failure');
        expect(failure).toMatchObject({ type: 'unknown-resource', message: expect.stringContaining('/tabel/%') });
        expect(stdout).toMatch(/<failure [^>]*>\S*b\.spol:1:21 error unknown-resource [^<]+<\/failure>/);
        expect(tags(stdout, 'testsuites')[0]).toMatchObject({ name: 'spol check', tests: '2', failures: '1', errors: '0' });
        expect(Number(tags(stdout, 'testsuites')[0]!.time)).toBeGreaterThan(0);
    });

    it('passes a run with warnings only, listing them in the file\'s system-out; with --fail-level warning they fail', async () => {
        const dir = folder({ 'a.spol': hierarchy + warned });
        const passing = await spol('check', '--format', 'junit', dir);
        expect(passing.code).toBe(0);
        expect(await schemaErrors(passing.stdout)).toEqual([]);
        expect(tags(passing.stdout, 'testcase')).toEqual([expect.objectContaining({ name: 'no errors' })]);
        expect(passing.stdout).toMatch(/<system-out>\S*a\.spol:3:6 warning unused-role No user holds role Unused\.\n<\/system-out>/);

        const failing = await spol('check', '--format', 'junit', '--fail-level', 'warning', dir);
        expect(failing.code).toBe(1);
        expect(await schemaErrors(failing.stdout)).toEqual([]);
        expect(tags(failing.stdout, 'testcase')).toEqual([expect.objectContaining({ name: 'unused-role at 3:6', line: '3' })]);
        expect(failing.stdout).not.toContain('<system-out>');
    });

    it('reports --max-warnings as a testcase of its own, failing when the warnings are too many', async () => {
        const dir = folder({ 'a.spol': hierarchy + warned });
        const within = await spol('check', '--format', 'junit', '--max-warnings', '1', dir);
        expect(within.code).toBe(0);
        expect(tags(within.stdout, 'testcase').at(-1)).toMatchObject({ name: 'at most 1 warning', classname: 'spol check' });
        const over = await spol('check', '--format', 'junit', '--max-warnings', '0', dir);
        expect(over.code).toBe(1);
        expect(await schemaErrors(over.stdout)).toEqual([]);
        expect(tags(over.stdout, 'failure')).toEqual([{ message: '1 warning, more than --max-warnings 0.', type: 'max-warnings' }]);
        expect(over.stderr).toBe('spol: 1 warning, more than --max-warnings 0.\n');
    });

    it('writes a valid report for the bundled example through the binary', async () => {
        const result = runSpol(['check', '--format', 'junit', 'examples/natural-history-museum'], root);
        expect(result.status).toBe(0);
        expect(await schemaErrors(result.stdout)).toEqual([]);
        expect(tags(result.stdout, 'testsuite').length).toBeGreaterThan(3);
    });
});

describe('JUnit escaping', () => {
    it('escapes markup, keeps line breaks in attributes, and makes forbidden characters visible', () => {
        expect(escapeXmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
        expect(escapeXmlAttribute('say "hi"\n\tthere\r')).toBe('say &quot;hi&quot;&#10;&#9;there&#13;');
        expect(escapeXmlText('bell\u0007 nul\u0000 esc\u001b \uFFFF lone\uD800 pair\uD83D\uDC1F')).toBe('bell\\u0007 nul\\u0000 esc\\u001B \\uFFFF lone\\uD800 pair\uD83D\uDC1F');
    });

    it('writes a valid document whatever a message or file name holds', async () => {
        const nasty = 'R&D <"quoted"> \u0001\u000b\u001f\uFFFE ]]> line\nbreak \uDC00';
        const xml = formatDiagnosticsJunit(
            [
                {
                    code: 'unknown-resource',
                    severity: 'error',
                    message: nasty,
                    source: { file: '/tmp/odd & <name>\u0002.spol', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }
                },
                { code: 'no-institution-admin', severity: 'warning', message: nasty }
            ],
            { files: [], failLevel: 'error', seconds: 0.25 }
        );
        expect(await schemaErrors(xml)).toEqual([]);
        expect(xml).toContain('\\u0001\\u000B\\u001F\\uFFFE');
        expect(xml).toContain('<testsuite name="&lt;workspace&gt;"');
        expect(tags(xml, 'failure')[0]!.message).toBe('R&D <"quoted"> \\u0001\\u000B\\u001F\\uFFFE ]]> line&#10;break \\uDC00');
    });
});

const tiny = `
institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" } }
}
role Reader in Voucher { description "Reads" allow /table/%: read }
user admin { institution admin agent "Admin" in Fishes }
user reader { agent "Reader, R." in Fishes in Voucher { access roles Reader } }
`;

const mixed = `tests:
  - name: reader reads
    user: reader
    in: Voucher
    allow: [read /table/agent]
  - name: reader must not read agents
    user: reader
    in: Voucher
    deny:
      - read /table/agent
      - read /table/taxon
  - name: a typo in the user
    user: readr
    in: Voucher
    allow: [read /table/agent]
`;

describe('spol test --format junit', () => {
    it('has one suite per test file and one testcase per case; failures say expected, got, why and where it was granted', async () => {
        const dir = folder({ 'a.spol': tiny, 'tests/mixed.test.yaml': mixed, 'tests/syntax.test.yaml': 'tests:\n  - name: x\n\tuser: reader\n' });
        const { code, stdout } = await spol('test', '--format', 'junit', dir);
        expect(code).toBe(1);
        expect(await schemaErrors(stdout)).toEqual([]);
        const suites = tags(stdout, 'testsuite');
        expect(suites).toEqual([
            expect.objectContaining({ name: expect.stringMatching(/tests\/mixed\.test\.yaml$/), tests: '3', failures: '1', errors: '1' }),
            expect.objectContaining({ name: expect.stringMatching(/tests\/syntax\.test\.yaml$/), tests: '1', failures: '0', errors: '1' })
        ]);
        const cases = tags(stdout, 'testcase');
        expect(cases.map((c) => [c.name, c.line])).toEqual([
            ['reader reads', '2'],
            ['reader must not read agents', '6'],
            ['a typo in the user', '12'],
            [expect.stringMatching(/^yaml-syntax at 3:1$/), '3']
        ]);
        expect(cases[0]!.classname).toMatch(/tests\/mixed\.test\.yaml$/);
        const [failure] = tags(stdout, 'failure');
        expect(failure).toEqual({
            message: 'expected deny read /table/agent, got allow; expected deny read /table/taxon, got allow',
            type: 'unexpected-allow'
        });
        expect(stdout).toMatch(
            /<failure [^>]*>\S*mixed\.test\.yaml:10:9 expected deny read \/table\/agent, got allow \(granted in Voucher by role Reader in Voucher: \/table\/% read at \S*a\.spol:5:\d+\)\n\S*mixed\.test\.yaml:11:9 expected deny read \/table\/taxon/
        );
        const errors = tags(stdout, 'error');
        expect(errors[0]).toMatchObject({ type: 'unknown-user', message: expect.stringContaining('readr') });
        expect(stdout).toMatch(/<error [^>]*>\S*mixed\.test\.yaml:13:11 error unknown-user /);
        expect(errors[1]).toMatchObject({ type: 'yaml-syntax' });
        expect(tags(stdout, 'testsuites')[0]).toMatchObject({ name: 'spol test', tests: '4', failures: '1', errors: '2' });
    });

    it('makes a test-file error an <error> testcase, and lists a problem that is not an error without failing', async () => {
        const at = (line: number) => ({ file: 'file:///tmp/odd.test.yaml', range: { start: { line, character: 2 }, end: { line, character: 5 } } });
        const xml = formatTestsJunit({
            files: ['/tmp/odd.test.yaml'],
            cases: [],
            results: [],
            diagnostics: [
                { code: 'missing-key', severity: 'error', message: 'A case needs a user.', source: at(1) },
                { code: 'some-note', severity: 'warning', message: 'Just so you know.', source: at(4) }
            ],
            seconds: 0
        });
        expect(await schemaErrors(xml)).toEqual([]);
        expect(tags(xml, 'testsuite')[0]).toMatchObject({ tests: '2', failures: '0', errors: '1' });
        expect(tags(xml, 'testcase').map((c) => c.name)).toEqual(['missing-key at 2:3', 'some-note at 5:3']);
        expect(xml).toMatch(/<error message="A case needs a user\." type="missing-key">\/tmp\/odd\.test\.yaml:2:3 error missing-key A case needs a user\.\n<\/error>/);
        expect(xml).toMatch(/<system-out>\/tmp\/odd\.test\.yaml:5:3 warning some-note Just so you know\.\n<\/system-out>/);
    });

    it('writes every passing case of the bundled example, valid, through the binary', async () => {
        const result = runSpol(['test', '--format', 'junit', 'examples/natural-history-museum'], root);
        expect(result.status).toBe(0);
        expect(await schemaErrors(result.stdout)).toEqual([]);
        const cases = tags(result.stdout, 'testcase');
        expect(cases.length).toBeGreaterThan(10);
        expect(result.stdout).not.toMatch(/<failure|<error/);
    });
});
