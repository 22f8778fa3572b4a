/**
 * A question that was mistyped or means nothing is refused, never answered: `can`, `profile`,
 * `who-can` and `test` exit 2 with one `spol: …` line and did-you-mean for an action or resource
 * Specify does not define (unless `--allow-unknown`), and for a name the question depends on that
 * the workspace declares twice (naming both places). Exit codes follow one rule (README "Exit codes").
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spolInProcess, tempWorkspace } from './run-binary.js';

const folder = (files: Record<string, string>): string => tempWorkspace(files, 'spol-questions-');

const spol = spolInProcess;

const tiny = `institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" collection Tissue code "T" } }
}
role Reader in Voucher, Tissue { description "Reads" allow /table/%: read }
user admin { institution admin agent "Admin" in Fishes }
user reader { agent "Reader, R." in Fishes in Voucher { access roles Reader } }
`;

/** One line on stderr, `spol: …`. */
function oneLine(stderr: string): string {
    const lines = stderr.trimEnd().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^spol: \S/);
    return lines[0]!;
}

describe('an action or resource Specify does not define is refused (exit 2), not answered "denied"', () => {
    const ws = folder({ 'a.spol': tiny });

    it('can: a misspelt action, with did-you-mean', async () => {
        const result = await spol('can', 'reader', 'raed', '/table/agent', '--in', 'Voucher', ws);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(oneLine(result.stderr)).toBe('spol: /table/agent has no action raed in Specify 7. Did you mean read?');
    });

    it('can: a misspelt resource, with did-you-mean', async () => {
        const result = await spol('can', 'reader', 'read', '/table/agnet', '--in', 'Voucher', ws);
        expect(result.code).toBe(2);
        expect(oneLine(result.stderr)).toBe('spol: /table/agnet is not a resource Specify 7 defines. Did you mean /table/agent?');
    });

    it('can: a misspelt field and a pattern instead of one resource', async () => {
        const field = await spol('can', 'reader', 'update', '/field/agent/lastnam', '--in', 'Voucher', ws);
        expect(field.code).toBe(2);
        expect(oneLine(field.stderr)).toMatch(/Did you mean \/field\/agent\/lastname\?$/);
        const pattern = await spol('can', 'reader', 'read', '/table/%', '--in', 'Voucher', ws);
        expect(pattern.code).toBe(2);
        expect(oneLine(pattern.stderr)).toMatch(/^spol: \/table\/% is a pattern; ask about one resource/);
        const nothingClose = await spol('can', 'reader', 'fly', '/newer/thing', '--in', 'Voucher', ws);
        expect(nothingClose.code).toBe(2);
        expect(oneLine(nothingClose.stderr)).toBe('spol: /newer/thing is not a resource Specify 7 defines. List them with `spol resources <word>`.');
        const noCloseAction = await spol('can', 'reader', 'frob', '/table/agent', '--in', 'Voucher', ws);
        expect(oneLine(noCloseAction.stderr)).toBe('spol: /table/agent has no action frob in Specify 7. Its actions are read, create, update, delete.');
    });

    it('can --format json and --format specify refuse the same way', async () => {
        for (const format of ['json', 'specify']) {
            const result = await spol('can', 'reader', 'raed', '/table/agent', '--in', 'Voucher', '--format', format, ws);
            expect(result.code, format).toBe(2);
            expect(result.stdout, format).toBe('');
            expect(oneLine(result.stderr)).toBe('spol: /table/agent has no action raed in Specify 7. Did you mean read?');
        }
    });

    it('can --allow-unknown answers as before (a name from a newer Specify)', async () => {
        const result = await spol('can', 'reader', 'raed', '/table/agent', '--in', 'Voucher', '--allow-unknown', ws);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^denied: reader may not raed \/table\/agent in Voucher/);
        expect(result.stdout).toContain('note: /table/agent has no action raed in Specify 7.');
        const admin = await spol('can', 'admin', 'fly', '/newer/thing', '--institution', '--allow-unknown', ws);
        expect(admin.code).toBe(0);
    });

    it('who-can: the same words as can, and --allow-unknown answers', async () => {
        const typo = await spol('who-can', 'raed', '/table/agent', '--in', 'Voucher', ws);
        expect(typo.code).toBe(2);
        expect(oneLine(typo.stderr)).toBe('spol: /table/agent has no action raed in Specify 7. Did you mean read?');
        const allowed = await spol('who-can', 'fly', '/newer/thing', '--in', 'Voucher', '--allow-unknown', ws);
        expect(allowed.code).toBe(0);
        expect(allowed.stdout).toMatch(/^who may fly \/newer\/thing in Voucher: 1 of 2 users\n {2}admin /);
    });

    it('test: an unknown expectation is a test-file error at its line; --allow-unknown runs it', async () => {
        const dir = folder({
            'a.spol': tiny,
            'tests/t.test.yaml': 'tests:\n  - name: newer\n    user: admin\n    institution: true\n    allow:\n      - fly /newer/thing\n'
        });
        const refused = await spol('test', dir);
        expect(refused.code).toBe(1);
        expect(refused.stdout).toMatch(/t\.test\.yaml:6:9 error unknown-resource \/newer\/thing is not a resource Specify 7 defines\./);
        const run = await spol('test', '--allow-unknown', dir);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^1 passed, 0 failed in 1 file\.$/m);
    });
});

describe('a name the question depends on, declared twice, is refused (exit 2) naming both places', () => {
    const twoReaders = folder({ 'a.spol': tiny, 'b.spol': 'user reader { agent "Reader, S." in Fishes }\n' });

    it('can, profile and who-can refuse a user declared twice', async () => {
        for (const args of [
            ['can', 'reader', 'read', '/table/agent', '--in', 'Voucher', twoReaders],
            ['can', 'reader', 'read', '/table/agent', '--institution', twoReaders],
            ['profile', 'reader', '--in', 'Voucher', twoReaders],
            ['who-can', 'read', '/table/agent', '--in', 'Voucher', twoReaders]
        ]) {
            const result = await spol(...args);
            expect(result.code, args.join(' ')).toBe(2);
            expect(result.stdout, args.join(' ')).toBe('');
            const line = oneLine(result.stderr);
            expect(line).toMatch(/^spol: User reader is declared twice/);
            expect(line).toMatch(/a\.spol:6:6\b/);
            expect(line).toMatch(/b\.spol:1:6\b/);
        }
    });

    it('but answers a question about another user', async () => {
        const result = await spol('can', 'admin', 'read', '/table/agent', '--in', 'Voucher', twoReaders);
        expect(result.code).toBe(0);
    });

    it('test: a case about the twice-declared user is refused with exit 2', async () => {
        const dir = folder({
            'a.spol': tiny,
            'b.spol': 'user reader { agent "Reader, S." in Fishes }\n',
            't.test.yaml': 'tests:\n  - name: reads\n    user: reader\n    in: Voucher\n    allow: [read /table/agent]\n'
        });
        const result = await spol('test', dir);
        expect(result.code).toBe(2);
        expect(oneLine(result.stderr)).toMatch(/^spol: User reader is declared twice.*a\.spol:6:6.*b\.spol:1:6/);
    });

    it('a collection declared twice', async () => {
        const dir = folder({
            'a.spol': tiny,
            'b.spol': 'institution Other { division D { discipline F type fish { collection Voucher code "X" } } }\n'
        });
        const result = await spol('can', 'admin', 'read', '/table/agent', '--in', 'Voucher', dir);
        expect(result.code).toBe(2);
        expect(oneLine(result.stderr)).toMatch(/^spol: Collection Voucher is declared twice.*a\.spol:2:62.*b\.spol:1:70/);
    });

    it('a role the user holds there, declared twice; not a role the question does not involve', async () => {
        const dir = folder({ 'a.spol': tiny, 'b.spol': 'role Reader in Tissue { allow /table/%: update }\n' });
        const held = await spol('can', 'reader', 'read', '/table/agent', '--in', 'Voucher', dir);
        expect(held.code).toBe(2);
        expect(oneLine(held.stderr)).toMatch(/^spol: Role Reader is declared twice.*a\.spol:4:6.*b\.spol:1:6/);
        // At institution level roles never count, and admin holds no role.
        expect((await spol('can', 'reader', 'read', '/table/agent', '--institution', dir)).code).toBe(1);
        expect((await spol('can', 'admin', 'read', '/table/agent', '--in', 'Voucher', dir)).code).toBe(0);
    });
});

describe('exit codes: 0 ok, 1 the answer is no, 2 the question or the input could not be used', () => {
    const ws = folder({ 'a.spol': tiny });

    it('a test file that cannot be read says why, in words, never an errno name', async () => {
        const dangling = folder({ 'a.spol': tiny });
        symlinkSync(join(dangling, 'missing.yaml'), join(dangling, 'x.test.yaml'));
        const missing = await spol('test', dangling);
        expect(missing.code).toBe(2);
        expect(oneLine(missing.stderr)).toMatch(/^spol: cannot read '.*x\.test\.yaml': no such file or folder\.$/);
        const looping = folder({ 'a.spol': tiny });
        symlinkSync(join(looping, 'y.test.yaml'), join(looping, 'y.test.yaml'));
        const loop = await spol('test', looping);
        expect(loop.code).toBe(2);
        expect(oneLine(loop.stderr)).toMatch(/^spol: cannot read '.*y\.test\.yaml': .*symbolic links.*\.$/);
        expect(loop.stderr).not.toMatch(/\bE[A-Z]{3,}\b/);
    });

    it('a path that does not exist is "cannot read", not "no test files"', async () => {
        const gone = await spol('test', join(ws, 'no-such-folder'));
        expect(gone.code).toBe(2);
        expect(oneLine(gone.stderr)).toMatch(/^spol: cannot read '.*no-such-folder': no such file or folder\.$/);
    });

    it("commander's own usage errors are one `spol: …` line too", async () => {
        for (const [args, expected] of [
            [['frob'], "spol: unknown command 'frob'"],
            [['chek'], "spol: unknown command 'chek' Did you mean check?"],
            [['can', '--bogus'], "spol: unknown option '--bogus'"],
            [['can'], "spol: missing required argument 'user'"]
        ] as const) {
            const result = await spol(...args);
            expect(result.code, args.join(' ')).toBe(2);
            expect(oneLine(result.stderr)).toBe(expected);
        }
    });

    it('usage errors are 2 for every command', async () => {
        for (const args of [
            ['can', 'reader', 'read', '/table/agent', ws],
            ['profile', 'reader', ws],
            ['who-can', 'read', '/table/agent', ws],
            ['resources', '--format', 'xml'],
            ['test', '--format', 'xml', ws]
        ]) {
            expect((await spol(...args)).code, args.join(' ')).toBe(2);
        }
    });
});
