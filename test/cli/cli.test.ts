import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { spawnSync } from 'node:child_process';
import { capture, root, runSpol } from './run-binary.js';

function workspace(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-cli-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
}

const tiny = `
institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" } }
}
role Reader in Voucher { description "Reads" allow /table/%: read }
user admin { institution admin agent "Admin" in Fishes }
user reader { agent "Reader, R." in Fishes in Voucher { access roles Reader } }
`;

describe('spol can', () => {
    it('answers allowed with the role policy and the access that granted it (exit 0)', async () => {
        const io = capture();
        const code = await main(['can', 'reader', 'read', '/table/agent', '--in', 'Voucher', workspace({ 'a.spol': tiny })], io);
        expect(code).toBe(0);
        expect(io.stdout).toMatch(/^allowed: reader may read \/table\/agent in Voucher/);
        expect(io.stdout).toContain('role Reader in Voucher');
        expect(io.stdout).toMatch(/a\.spol:5:\d+/);
        expect(io.stdout).toContain('reader has access to Voucher');
    });

    it('answers denied with exit 1', async () => {
        const io = capture();
        const code = await main(['can', 'reader', 'update', '/table/agent', '--in', 'Voucher', workspace({ 'a.spol': tiny })], io);
        expect(code).toBe(1);
        expect(io.stdout).toMatch(/^denied: reader may not update \/table\/agent in Voucher: no policy matches/);
    });

    it('prints JSON with --format json', async () => {
        const io = capture();
        await main(['can', 'admin', 'update', '/admin/user/password', '--institution', '--format', 'json', workspace({ 'a.spol': tiny })], io);
        const parsed = JSON.parse(io.stdout);
        expect(parsed.allowed).toBe(true);
        expect(parsed.level).toBe('institution');
        expect(parsed.matches[0]).toMatchObject({ resource: '%', action: '%', derivation: 'institution-admin' });
        expect(parsed.matches[0].source.line).toBe(6);
    });

    it('rejects an unknown user with one line and exit 2', async () => {
        const io = capture();
        const code = await main(['can', 'readr', 'read', '/table/agent', '--in', 'Voucher', workspace({ 'a.spol': tiny })], io);
        expect(code).toBe(2);
        expect(io.stderr.trim().split('\n')).toHaveLength(1);
        expect(io.stderr).toMatch(/^spol: .*readr.*reader/);
    });

    it('needs exactly one of --in and --institution', async () => {
        const io = capture();
        expect(await main(['can', 'reader', 'read', '/table/agent', workspace({ 'a.spol': tiny })], io)).toBe(2);
        expect(io.stderr).toMatch(/--in <collection> or --institution/);
    });

    it('refuses to decide over a workspace with syntax errors (exit 2)', async () => {
        const io = capture();
        const code = await main(['can', 'reader', 'read', '/table/agent', '--in', 'Voucher', workspace({ 'a.spol': tiny + '\nuser {' })], io);
        expect(code).toBe(2);
        expect(io.stderr).toMatch(/a\.spol:\d+:\d+ error syntax-error /);
    });
});

describe('spol check', () => {
    it('exits 0 on a clean workspace', async () => {
        const io = capture();
        expect(await main(['check', workspace({ 'a.spol': tiny })], io)).toBe(0);
        expect(io.stdout).toMatch(/1 file checked/);
    });

    it('prints file:line:col severity code message and exits 1 on errors', async () => {
        const io = capture();
        const dir = workspace({ 'a.spol': tiny.replace('/table/%: read', '/tabel/%: read') });
        expect(await main(['check', dir], io)).toBe(1);
        expect(io.stdout).toMatch(/a\.spol:5:\d+ error unknown-resource /);
    });

    it('prints JSON with --format json', async () => {
        const io = capture();
        const dir = workspace({ 'a.spol': tiny.replace('/table/%: read', '/tabel/%: read') });
        await main(['check', '--format', 'json', dir], io);
        const parsed = JSON.parse(io.stdout);
        expect(parsed.summary.error).toBeGreaterThan(0);
        expect(parsed.diagnostics[0]).toMatchObject({ line: 5, severity: 'error', code: 'unknown-resource' });
    });

    it('reports a syntax error with its position and exits 1', async () => {
        const io = capture();
        expect(await main(['check', workspace({ 'a.spol': 'user {' })], io)).toBe(1);
        expect(io.stdout).toMatch(/a\.spol:1:\d+ error syntax-error /);
    });

    it('exits 2 with one line for a missing path, an unreadable file and a bad format', async () => {
        for (const args of [
            ['check', '/nonexistent/spol/folder'],
            ['check', '--format', 'xml', workspace({ 'a.spol': tiny })]
        ]) {
            const io = capture();
            expect(await main(args, io), args.join(' ')).toBe(2);
            expect(io.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
            expect(io.stderr).not.toMatch(/\n\s+at /);
        }
        if (process.getuid?.() !== 0) {
            const dir = workspace({ 'a.spol': tiny });
            chmodSync(join(dir, 'a.spol'), 0o000);
            const io = capture();
            expect(await main(['check', dir], io)).toBe(2);
        }
    });

    it('exits 2 for an unknown command or option', async () => {
        const io = capture();
        expect(await main(['chek'], io)).toBe(2);
        expect(await main(['check', '--bogus'], io)).toBe(2);
    });
});

describe('spol binary', () => {
    it('runs check and can as a process, without stack traces on bad input', () => {
        const dir = workspace({ 'a.spol': tiny });
        expect(runSpol(['check', dir]).status).toBe(0);
        const allowed = runSpol(['can', 'reader', 'read', '/table/agent', '--in', 'Voucher', dir]);
        expect(allowed.status).toBe(0);
        expect(allowed.stdout).toMatch(/^allowed:/);
        const missing = runSpol(['check', join(dir, 'nope.spol')]);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toMatch(/^spol: /);
        expect(missing.stderr).not.toMatch(/\n\s+at /);
    });
});

describe('spol can on the collection gate itself', () => {
    it('prints the access grant once, not again as the gate', async () => {
        const io = capture();
        const code = await main(['can', 'reader', 'access', '/system/sp7/collection', '--in', 'Voucher', workspace({ 'a.spol': tiny })], io);
        expect(code).toBe(0);
        expect(io.stdout.match(/reader has access to Voucher/g)).toHaveLength(1);
        expect(io.stdout).not.toContain('collection access (/system/sp7/collection access)');
    });
});

describe('spol binary in a pipeline', () => {
    it('stops quietly when the reader closes the pipe early', () => {
        const result = spawnSync('sh', ['-c', `"${process.execPath}" bin/spol.js profile mokafor --in FishVoucher --all --format json examples/natural-history-museum | head -c 10`], {
            cwd: root,
            encoding: 'utf8'
        });
        expect(result.stdout).toHaveLength(10);
        expect(result.stderr).toBe('');
    });
});
