/**
 * Reading test files: well-formed cases with their places, and every malformed file (fixtures in
 * test/fixtures/testing, and small inline texts) reported by code at its line and column, never
 * by wording. A meta-test holds every reading code to at least one row of the table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestFile, TEST_CODES, type TestCode } from '../../../engine/testing/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/testing');

/** `code line:col`, one-based, for every diagnostic, in order. */
function problems(text: string): string[] {
    return readTestFile(text, 'mem.test.yaml').diagnostics.map(
        (d) => `${d.code} ${d.source!.range.start.line + 1}:${d.source!.range.start.character + 1}`
    );
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A valid case body to vary: `user`, `in` and one allow line. */
const ok = (extra = '') => `tests:\n  - name: ok\n    user: reader\n    in: Voucher\n    allow:\n      - read /table/agent\n${extra}`;

describe('readTestFile: a well-formed file', () => {
    const text = [
        'tests:',
        '  - name: reader reads agents',
        '    user: reader',
        '    in: Voucher',
        '    deny:',
        '      - update /table/agent',
        '    allow:',
        '      - read /table/agent',
        '    because: { role: Reader, admin: false }',
        '  - name: admin at institution level',
        '    user: admin',
        '    institution: true',
        '    mode: query',
        '    allow: [update /admin/user/password]',
        ''
    ].join('\n');
    const read = readTestFile(text, 'file:///w/a.test.yaml');

    it('has no diagnostics and both cases', () => {
        expect(read.diagnostics).toEqual([]);
        expect(read.cases.map((c) => c.name)).toEqual(['reader reads agents', 'admin at institution level']);
    });

    it('keeps expectations in the order written, with the place of each line', () => {
        const [first] = read.cases;
        expect(first!.expectations.map((e) => [e.expected, e.action, e.resource])).toEqual([
            ['deny', 'update', '/table/agent'],
            ['allow', 'read', '/table/agent']
        ]);
        expect(first!.expectations[0]!.source).toEqual({
            file: 'file:///w/a.test.yaml',
            range: { start: { line: 5, character: 8 }, end: { line: 5, character: 27 } }
        });
        expect(first!.expectations[1]!.source.range.start).toEqual({ line: 7, character: 8 });
    });

    it('reads the place, the mode (enforce by default) and the provenance', () => {
        const [first, second] = read.cases;
        expect(first).toMatchObject({ user: 'reader', collection: 'Voucher', mode: 'enforce', because: { role: 'Reader', admin: false } });
        expect(first!.institution).toBeUndefined();
        expect(first!.source.range.start).toEqual({ line: 1, character: 4 });
        expect(first!.userSource.range.start).toEqual({ line: 2, character: 10 });
        expect(first!.because!.roleSource!.range.start).toEqual({ line: 8, character: 21 });
        expect(second).toMatchObject({ user: 'admin', institution: true, mode: 'query' });
        expect(second!.collection).toBeUndefined();
        expect(second!.placeSource.range.start).toEqual({ line: 11, character: 17 });
        expect(second!.expectations[0]!.source.range.start).toEqual({ line: 13, character: 12 });
    });

    it('accepts .test.yml spelling of everything: quoted strings, extra spaces between action and resource', () => {
        const quoted = readTestFile(`tests:\n  - {name: "q", user: 'reader', in: "Voucher", allow: ["read   /table/agent"]}\n`, 'q.test.yml');
        expect(quoted.diagnostics).toEqual([]);
        expect(quoted.cases[0]!.expectations[0]).toMatchObject({ action: 'read', resource: '/table/agent' });
    });
});

describe('readTestFile: malformed files', () => {
    const table: [string, string, string[]][] = [
        // fixtures: the broken test files
        ['missing user (fixture)', fixture('missing-user.test.yaml'), ['missing-key 3:5']],
        ['both in and institution (fixture)', fixture('in-and-institution.test.yaml'), ['two-places 6:5']],
        ['an expectation written resource first (fixture)', fixture('bad-expectation.test.yaml'), ['bad-expectation 8:9']],
        ['wrong types (fixture)', fixture('wrong-types.test.yaml'), ['wrong-type 4:11', 'wrong-type 6:12', 'wrong-type 14:14']],
        ['a YAML syntax error (fixture)', fixture('yaml-syntax.test.yaml'), ['yaml-syntax 7:1']],
        ['a duplicate key (fixture)', fixture('duplicate-key.test.yaml'), ['yaml-syntax 5:5']],
        // inline: one mistake each
        ['a tab indent', 'tests:\n  - name: x\n\tuser: y\n', ['yaml-syntax 3:1']],
        ['two YAML documents', `${ok()}---\ntests: []\n`, ['yaml-syntax 7:1']],
        ['an empty file', '', ['wrong-type 1:1']],
        ['a list at the top', '- name: x\n', ['wrong-type 1:1']],
        ['no tests key', 'cases: []\n', ['missing-key 1:1', 'unknown-key 1:1']],
        ['tests is a mapping', 'tests:\n  name: x\n', ['wrong-type 2:3']],
        ['tests is empty', 'tests: []\n', ['no-expectations 1:8']],
        ['a case that is a string', 'tests:\n  - just a string\n', ['wrong-type 2:5']],
        ['a case without name', 'tests:\n  - user: reader\n    in: Voucher\n    deny: [read /table/agent]\n', ['missing-key 2:5']],
        ['an empty name', `tests:\n  - name: ""\n    user: reader\n    in: Voucher\n    deny: [read /table/agent]\n`, ['bad-value 2:11']],
        ['a user without value', 'tests:\n  - name: x\n    user:\n    in: Voucher\n    deny: [read /table/agent]\n', ['wrong-type 3:10']],
        ['neither in nor institution', 'tests:\n  - name: x\n    user: reader\n    deny: [read /table/agent]\n', ['no-place 2:5']],
        ['institution: false', 'tests:\n  - name: x\n    user: reader\n    institution: false\n    deny: [read /table/agent]\n', ['bad-value 4:18']],
        ['neither allow nor deny', 'tests:\n  - name: x\n    user: reader\n    in: Voucher\n', ['no-expectations 2:5']],
        ['an empty allow list', `${ok('    deny: []\n')}`, ['no-expectations 7:11']],
        ['an unknown mode', ok('    mode: strict\n'), ['bad-value 7:11']],
        ['an unknown key in a case', ok('    colection: Voucher\n'), ['unknown-key 7:5']],
        ['an unknown key in because', ok('    because: { rol: Reader }\n'), ['unknown-key 7:16']],
        ['an empty because', ok('    because: {}\n'), ['bad-value 7:14']],
        ['admin that is not a boolean', ok('    because: { admin: "yes" }\n'), ['wrong-type 7:23']],
        ['an unknown policy level', ok('    because: { policy: role }\n'), ['bad-value 7:24']],
        [
            'because on a deny-only case',
            'tests:\n  - name: x\n    user: reader\n    in: Voucher\n    deny: [read /table/agent]\n    because: { admin: true }\n',
            ['because-without-allow 6:5']
        ],
        ['an expectation that is a mapping', ok('    deny:\n      - read: /table/agent\n'), ['wrong-type 8:9']],
        ['an expectation with one word', ok('    deny:\n      - read\n'), ['bad-expectation 8:9']],
        ['an expectation without the slash', ok('    deny:\n      - read table/agent\n'), ['bad-expectation 8:9']],
        ['an unknown resource', ok('    deny:\n      - read /tabel/agent\n'), ['unknown-resource 8:9']],
        ['a pattern instead of a resource', ok('    deny:\n      - read /table/%\n'), ['unknown-resource 8:9']],
        ['an unknown action', ok('    deny:\n      - raed /table/agent\n'), ['unknown-action 8:9']],
        [
            'every problem of one case, each at its place',
            'tests:\n  - name: x\n    user: 7\n    in: Voucher\n    institution: true\n    allow: [raed /table/agent, /table/agent read]\n',
            ['wrong-type 3:11', 'two-places 5:5', 'unknown-action 6:13', 'bad-expectation 6:32']
        ]
    ];

    it.each(table)('%s', (_name, text, expected) => {
        expect(problems(text)).toEqual(expected);
    });

    it('reports every problem as an error with a one-line message', () => {
        for (const [, text] of table) {
            for (const d of readTestFile(text, 'mem.test.yaml').diagnostics) {
                expect(d.severity).toBe('error');
                expect(d.message).not.toContain('\n');
                expect(d.message.length).toBeGreaterThan(10);
            }
        }
    });

    it('leaves out the cases with errors and keeps the others', () => {
        const text = `${ok()}  - name: broken\n    user: reader\n    in: Voucher\n    allow: [raed /table/agent]\n  - name: fine\n    user: reader\n    in: Voucher\n    deny: [update /table/agent]\n`;
        const read = readTestFile(text, 'mem.test.yaml');
        expect(read.cases.map((c) => c.name)).toEqual(['ok', 'fine']);
        expect(read.diagnostics.map((d) => d.code)).toEqual(['unknown-action']);
    });

    it('reads nothing from a file that is not YAML', () => {
        const read = readTestFile(`${ok()}  - name: [unclosed\n`, 'mem.test.yaml');
        expect(read.cases).toEqual([]);
        expect(read.diagnostics.length).toBeGreaterThan(0);
    });

    it('covers every reading code in this table (the run codes are covered by run-tests.test.ts)', () => {
        const seen = new Set(table.flatMap(([, , expected]) => expected.map((e) => e.split(' ')[0])));
        const runCodes: TestCode[] = ['unknown-user', 'unknown-collection', 'unknown-role', 'unknown-template', 'ambiguous-name'];
        for (const code of Object.keys(TEST_CODES) as TestCode[]) {
            if (runCodes.includes(code)) continue;
            expect(seen, code).toContain(code);
        }
    });
});
