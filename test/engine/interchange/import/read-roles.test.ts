/**
 * Reading role JSON: the malformed corpus (every file rejected, or warned where Specify accepts it,
 * with the right codes, pointers and line:column), the valid examples (import cleanly), shape
 * detection, what a read role holds, and huge inputs (capped, fast).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDiagnostics, readRoles, READ_CODES, type ReadProblem, type ReadResult, type RolesShape } from '../../../../engine/interchange/import/read-roles.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/interchange');
const MALFORMED = join(FIXTURES, 'malformed');
const VALID = join(FIXTURES, 'valid');

function read(folder: string, name: string, options?: Parameters<typeof readRoles>[1]): ReadResult {
    return readRoles(readFileSync(join(folder, name), 'utf8'), options);
}

/** `code pointer line:column` of each problem, in the order reported. */
function summary(problems: readonly ReadProblem[]): string[] {
    return problems.map((p) => `${p.code} ${p.pointer} ${p.line}:${p.column}`);
}

// ---------------------------------------------------------------- the malformed corpus

interface Case {
    /** Rejected (errors) or accepted with warnings. */
    readonly ok: boolean;
    readonly shape?: RolesShape;
    readonly errors: readonly string[];
    readonly warnings?: readonly string[];
}

/** Expected problems of every file under test/fixtures/interchange/malformed, as `code pointer line:column`. */
const CORPUS: Readonly<Record<string, Case>> = {
    'empty.json': { ok: false, errors: ['empty-input  1:1'] },
    'blank.json': { ok: false, errors: ['empty-input  1:1'] },
    'yaml-not-json.json': { ok: false, errors: ['json-syntax  1:1'] },
    'trailing-comma.json': { ok: false, errors: ['json-syntax  5:17'] },
    'comments.json': { ok: false, errors: ['json-syntax  2:2'] },
    'single-quotes.json': { ok: false, errors: ['json-syntax  3:3'] },
    'unterminated-string.json': { ok: false, errors: ['json-syntax  3:22'] },
    'top-level-string.json': { ok: false, errors: ['not-roles  1:1'] },
    'top-level-number.json': { ok: false, errors: ['not-roles  1:1'] },
    'top-level-null.json': { ok: false, errors: ['not-roles  1:1'] },
    'not-a-role-object.json': { ok: false, errors: ['not-roles  1:1'] },
    'single-file-role.json': { ok: false, errors: ['single-file-role  1:1'] },
    'missing-description.json': { ok: false, shape: 'export-file', errors: ['missing-key /0 2:2'] },
    'missing-name-and-policies.json': { ok: false, shape: 'export-file', errors: ['missing-key /1 7:2', 'missing-key /1 7:2'] },
    'policies-object-in-file.json': { ok: false, shape: 'export-file', errors: ['rest-policies-in-file /1/policies 17:15'] },
    'actions-not-array.json': { ok: false, shape: 'export-file', errors: ['wrong-type /0/policies/0/actions 8:16'] },
    'null-role.json': { ok: false, shape: 'export-file', errors: ['wrong-type /0 2:2'] },
    'nested-wrong-types.json': {
        ok: false,
        shape: 'export-file',
        errors: [
            'wrong-type /0/name 3:11',
            'wrong-type /0/description 4:18',
            'wrong-type /0/policies/0 6:4',
            'wrong-type /0/policies/1/resource 8:17',
            'wrong-type /0/policies/1/actions/0 10:6',
            'missing-key /0/policies/2 14:4'
        ]
    },
    'unknown-table.json': {
        ok: false,
        shape: 'export-file',
        errors: ['unknown-table /0/policies/0/resource 7:17', 'unknown-table /0/policies/1/resource 13:17']
    },
    'unknown-tool.json': { ok: false, shape: 'export-file', errors: ['unknown-tool /0/policies/0/resource 7:17'] },
    'duplicate-names.json': { ok: false, shape: 'export-file', errors: ['duplicate-role-name /1/name 8:11'] },
    'rest-tools.json': { ok: false, shape: 'rest-role-list', errors: ['tool-in-rest /0/policies/~1tools~1queryBuilder 7:4'] },
    'rest-actions-not-array.json': { ok: false, shape: 'rest-role-list', errors: ['wrong-type /0/policies/~1report 7:15'] },
    'copy-from-library.json': {
        ok: false,
        shape: 'rest-role',
        errors: ['missing-key  1:1', 'missing-key  1:1', 'missing-key  1:1'],
        warnings: ['library-role-id /libraryroleid 1:3']
    },
    // Legal for Specify: accepted, with warnings.
    'byte-order-mark.json': { ok: true, shape: 'export-file', errors: [], warnings: ['byte-order-mark  1:1'] },
    'unknown-resource-and-action.json': {
        ok: true,
        shape: 'export-file',
        errors: [],
        warnings: ['unknown-resource /0/policies/0/resource 7:17', 'unknown-action /0/policies/1/actions/1 16:6']
    },
    'duplicate-key.json': { ok: true, shape: 'export-file', errors: [], warnings: ['duplicate-key /0/name 5:3'] },
    'unchecked-action.json': { ok: true, shape: 'rest-role', errors: [], warnings: ['unchecked-action /policies/~1preferences~1statistics/0 10:7'] },
    'tool-overlap.json': { ok: true, shape: 'export-file', errors: [], warnings: ['tool-overlap /0/policies/1/resource 13:17'] },
    'library-role-id-in-file.json': { ok: true, shape: 'export-file', errors: [], warnings: ['library-role-id /0/libraryroleid 5:3'] },
    'duplicate-resource.json': { ok: true, shape: 'export-file', errors: [], warnings: ['duplicate-resource /0/policies/1/resource 13:17'] },
    'empty-array.json': { ok: true, shape: 'export-file', errors: [], warnings: ['no-roles  1:1'] }
};

describe('malformed corpus', () => {
    const files = readdirSync(MALFORMED).sort();

    it('has at least 20 files, each with an expectation, and every expectation has a file', () => {
        expect(files.length).toBeGreaterThanOrEqual(20);
        expect(files).toEqual(Object.keys(CORPUS).sort());
    });

    it.each(Object.entries(CORPUS))('%s', (file, expected) => {
        const result = read(MALFORMED, file);
        expect(result.ok).toBe(expected.ok);
        expect(result.shape).toBe(expected.shape);
        expect(summary(result.ok ? [] : result.errors)).toEqual(expected.errors);
        expect(summary(result.warnings)).toEqual(expected.warnings ?? []);
        for (const problem of [...(result.ok ? [] : result.errors), ...result.warnings]) {
            expect(problem.message.length).toBeGreaterThan(10);
            expect(problem.range.start).toEqual({ line: problem.line - 1, character: problem.column - 1 });
        }
    });

    it('says what Specify would do, in words', () => {
        const messages = (file: string) => {
            const result = read(MALFORMED, file);
            return [...(result.ok ? [] : result.errors), ...result.warnings].map((p) => p.message).join('\n');
        };
        expect(messages('missing-description.json')).toMatch(/"description".*KeyError, HTTP 500/);
        expect(messages('policies-object-in-file.json')).toMatch(/REST shape.*\.map/);
        expect(messages('unknown-table.json')).toMatch(/did you mean \/table\/collectionobject\?/i);
        expect(messages('unknown-table.json')).toMatch(/throws/);
        expect(messages('unknown-tool.json')).toMatch(/Did you mean \/tools\/queryBuilder\?/);
        expect(messages('unknown-resource-and-action.json')).toMatch(/did you mean \/report\?/);
        expect(messages('unknown-resource-and-action.json')).toMatch(/did you mean read\?/);
        expect(messages('actions-not-array.json')).toMatch(/write \["execute"\]/);
        expect(messages('trailing-comma.json')).toMatch(/Trailing comma/);
        expect(messages('comments.json')).toMatch(/no comments/);
        expect(messages('single-file-role.json')).toMatch(/wrap it in \[ \]/);
        expect(messages('copy-from-library.json')).toMatch(/copies that library role/);
        expect(messages('duplicate-names.json')).toMatch(/matches roles by exact name/);
        expect(messages('top-level-string.json')).toMatch(/a string \("Cataloger"\)/);
    });

    it('gives suggestions as data, for quick fixes', () => {
        const result = read(MALFORMED, 'unknown-table.json');
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors[0]!.data).toMatchObject({ suggestions: ['/table/collectionobject'], table: 'colectionobject' });
    });
});

// ---------------------------------------------------------------- valid inputs

describe('valid inputs import cleanly', () => {
    const cases: [string, RolesShape, number][] = [
        ['minimal-importable-roles.json', 'export-file', 1],
        ['collection-roles-export.json', 'export-file', 3],
        ['library-roles-rest.json', 'rest-role-list', 18],
        ['rest-collection-roles.json', 'rest-role-list', 2],
        ['rest-role-post-request.json', 'rest-role', 1],
        ['rest-role-response.json', 'rest-role', 1],
        ['rest-role-put-request.json', 'rest-role', 1]
    ];

    it.each(cases)('%s is %s with %i roles and no problems', (file, shape, count) => {
        const result = read(VALID, file);
        if (!result.ok) throw new Error(summary(result.errors).join('\n'));
        expect(result.shape).toBe(shape);
        expect(result.roles).toHaveLength(count);
        expect(summary(result.warnings)).toEqual([]);
    });

    it('calls a REST list read for the library a library list', () => {
        const result = read(VALID, 'library-roles-rest.json', { target: 'library' });
        expect(result.ok && result.shape).toBe('rest-library-list');
    });

    it('keeps file order, ids, and where every policy and action is written', () => {
        const result = read(VALID, 'minimal-importable-roles.json');
        if (!result.ok) throw new Error('expected to read');
        const [role] = result.roles;
        expect(role!.form).toBe('file');
        if (role!.form !== 'file') return;
        expect(role!.id).toBeUndefined();
        expect(role!.name).toBe('Cataloger');
        expect(role!.policies.map((p) => p.resource)).toEqual([
            '/system/sp7/collection',
            '/table/collectionobject',
            '/table/%',
            '/tools/queryBuilder',
            '/querybuilder/query'
        ]);
        expect(Object.keys(role!.json)).toEqual(['name', 'description', 'policies']);
        // "/tools/queryBuilder" is on line 27, its "delete" on line 32 (tab-indented like Export writes).
        expect(role!.policyLocations[3]!.resourceRange.start).toEqual({ line: 26, character: 16 });
        expect(role!.policyLocations[3]!.actionRanges[3]!.start).toEqual({ line: 31, character: 5 });
        expect(role!.range.start).toEqual({ line: 1, character: 1 });
        expect(role!.nameRange.start).toEqual({ line: 2, character: 10 });
    });

    it('reads the REST shape as the server object, with key locations', () => {
        const result = read(VALID, 'rest-role-response.json');
        if (!result.ok) throw new Error('expected to read');
        const [role] = result.roles;
        expect(role!.form).toBe('server');
        expect(role!.id).toBe(1);
        expect(role!.policies).toEqual({ '/table/%': ['%'], '/field/%': ['%'] });
        expect(role!.policyLocations.map((l) => l.resourceRange.start)).toEqual([
            { line: 5, character: 4 },
            { line: 8, character: 4 }
        ]);
    });
});

// ---------------------------------------------------------------- shapes and options

describe('shape detection', () => {
    const role = (policies: unknown) => ({ name: 'R', description: '', policies });
    const cases: [string, unknown, RolesShape | undefined][] = [
        ['an empty array is an (empty) Export file', [], 'export-file'],
        ['array policies make an Export file', [role([])], 'export-file'],
        ['object policies make a REST list', [role({})], 'rest-role-list'],
        ['one array among objects makes an Export file (and the objects errors)', [role({}), role([])], 'export-file'],
        ['roles too broken to tell are read as an Export file', [{ name: 'R' }], 'export-file'],
        ['an object with policies as an object is a REST role', role({}), 'rest-role'],
        ['a copy-from-library body is a REST role', { libraryroleid: 2 }, 'rest-role'],
        ['an object with array policies is one file role unwrapped', role([]), undefined],
        ['a number is nothing', 3, undefined]
    ];

    it.each(cases)('%s', (_label, value, shape) => {
        expect(readRoles(JSON.stringify(value)).shape).toBe(shape);
    });

    it('reports every REST policies object as the Import error when only the Export file is accepted', () => {
        const result = read(VALID, 'library-roles-rest.json', { accept: ['export-file'] });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.shape).toBe('export-file');
        expect(result.errors).toHaveLength(18);
        expect(new Set(result.errors.map((e) => e.code))).toEqual(new Set(['rest-policies-in-file']));
        expect(result.errors[0]).toMatchObject({ pointer: '/0/policies', line: 6, column: 17 });
    });

    it('refuses a REST role where only lists are accepted', () => {
        const result = read(VALID, 'rest-role-response.json', { accept: ['export-file', 'rest-role-list'] });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(summary(result.errors)).toEqual(['not-roles  1:1']);
    });

    it('warns about an empty array', () => {
        const result = readRoles('[]');
        expect(result.ok).toBe(true);
        expect(summary(result.warnings)).toEqual(['no-roles  1:1']);
    });

    it('warns about keys Specify ignores and empty names, and allows a REST duplicate name with a warning', () => {
        const text = JSON.stringify([
            { name: '', description: '', policies: {}, extra: 1 },
            { name: 'A', description: '', policies: {} },
            { name: 'A', description: '', policies: {} }
        ]);
        const result = readRoles(text);
        expect(result.ok).toBe(true);
        expect(result.warnings.map((w) => `${w.code} ${w.pointer}`)).toEqual(['empty-name /0/name', 'unknown-key /0/extra', 'duplicate-role-name /2/name']);
    });

    it('accepts LIKE patterns Specify understands, warns about one that matches nothing, and flags non-canonical tools', () => {
        const text = JSON.stringify([
            {
                name: 'P',
                description: '',
                policies: [
                    { resource: '/table/%', actions: ['%'] },
                    { resource: '/field/agent/%', actions: ['update'] },
                    { resource: '/tree/%', actions: ['merge'] },
                    { resource: '%', actions: ['%'] },
                    { resource: '/tools/%', actions: ['read'] },
                    { resource: '/table/agent/%', actions: ['read'] }
                ]
            },
            { name: 'Q', description: '', policies: [{ resource: '/tools/recordSets/', actions: ['read'] }] }
        ]);
        const result = readRoles(text);
        expect(result.ok).toBe(true);
        // `/table/agent/%` needs a segment after /table/agent/, and Specify has none.
        expect(result.warnings.map((w) => `${w.code} ${w.pointer}`)).toEqual([
            'unknown-resource /0/policies/5/resource',
            'non-canonical-tool /1/policies/0/resource'
        ]);
    });
});

// ---------------------------------------------------------------- huge inputs

describe('huge inputs', () => {
    function roles(count: number, resource: (i: number) => string) {
        return Array.from({ length: count }, (_, i) => ({
            id: i + 1,
            name: `Role ${i}`,
            description: 'A role generated for a size test, with a description long enough to matter.',
            policies: [
                { resource: resource(i), actions: ['read', 'create', 'update', 'delete'] },
                { resource: '/table/collectionobject', actions: ['read', 'create', 'update', 'delete'] },
                { resource: '/querybuilder/query', actions: ['execute', 'export_csv'] },
                { resource: '/tools/queryBuilder', actions: ['read', 'create', 'update', 'delete'] }
            ]
        }));
    }

    // No timing assertions here (speed belongs to the benchmarks); the test timeout catches a hang.
    it('reads a multi-megabyte valid file', () => {
        const text = JSON.stringify(roles(6000, () => '/table/agent'), null, '\t');
        expect(text.length).toBeGreaterThan(3_000_000);
        const result = readRoles(text);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.roles).toHaveLength(6000);
    });

    it('caps the errors of a multi-megabyte broken file and counts the rest', () => {
        const text = JSON.stringify(roles(6000, (i) => `/table/nosuchtable${i % 50}`), null, '\t');
        expect(text.length).toBeGreaterThan(3_000_000);
        const result = readRoles(text);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors).toHaveLength(100);
        expect(result.omittedErrors).toBe(5900);
        expect(result.errors[0]).toMatchObject({ code: 'unknown-table', pointer: '/0/policies/0/resource', line: 8, column: 17 });
        expect(result.errors[99]!.pointer).toBe('/99/policies/0/resource');
    });

    it('honours maxProblems', () => {
        const text = JSON.stringify(Array.from({ length: 30 }, () => null));
        const result = readRoles(text, { maxProblems: 5 });
        expect(result.ok).toBe(false);
        if (!result.ok) {
            expect(result.errors.map((e) => e.pointer)).toEqual(['/0', '/1', '/2', '/3', '/4']);
            expect(result.omittedErrors).toBe(25);
        }
    });
});

// ---------------------------------------------------------------- diagnostics for the CLI and the editor

describe('readDiagnostics', () => {
    it('turns problems into engine diagnostics with the file, range and pointer', () => {
        const diagnostics = readDiagnostics(read(MALFORMED, 'unknown-table.json'), 'roles.json');
        expect(diagnostics.map((d) => [d.code, d.severity, d.source?.file, d.source?.range.start, d.data?.['pointer']])).toEqual([
            ['unknown-table', 'error', 'roles.json', { line: 6, character: 16 }, '/0/policies/0/resource'],
            ['unknown-table', 'error', 'roles.json', { line: 12, character: 16 }, '/0/policies/1/resource']
        ]);
    });

    it('says how many problems were left out', () => {
        const result = readRoles(JSON.stringify(Array.from({ length: 7 }, () => 1)), { maxProblems: 2 });
        const diagnostics = readDiagnostics(result, 'big.json');
        expect(diagnostics.map((d) => d.code)).toEqual(['wrong-type', 'wrong-type', 'too-many-problems']);
        expect(diagnostics[2]!.message).toBe('5 more problems not shown.');
    });

    it('uses only documented codes across the corpus', () => {
        const codes = new Set<string>();
        for (const file of readdirSync(MALFORMED)) for (const d of readDiagnostics(read(MALFORMED, file), file)) codes.add(d.code);
        for (const code of codes) expect(Object.keys(READ_CODES)).toContain(code);
        expect(codes.size).toBeGreaterThanOrEqual(19);
    });
});
