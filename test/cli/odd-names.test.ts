/**
 * Names that are not spol identifiers through the CLI: arguments and YAML tests name users,
 * collections and roles bare (`spol can a.b@museum.org read … --in "Fish Voucher"`), and the
 * formatter leaves a workspace of quoted names as it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpol, tempWorkspace } from './run-binary.js';

const dir = 'test/fixtures/language/odd-names';

describe('odd names through the CLI', () => {
    it('answers a question about a user and a collection named bare', () => {
        const result = runSpol(['can', 'a.b@museum.org', 'read', '/table/collectionobject', '--in', 'Fish Voucher', dir]);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('allowed: a.b@museum.org may read /table/collectionobject in Fish Voucher');
        expect(result.stdout).toContain('%/collection access');
    });

    it('runs YAML tests that name users, collections and roles bare', () => {
        const result = runSpol(['test', dir]);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/\d+ passed, 0 failed/);
    });

    it('finds the fixture formatted, and writes bare the quoted names that need no quotes', () => {
        expect(runSpol(['fmt', '--check', dir]).status).toBe(0);
        const workspace = tempWorkspace({ 'a.spol': 'user "jdoe" { in "Fish Voucher", "FishTissue" { access } }\n' });
        expect(runSpol(['fmt', workspace]).status).toBe(0);
        expect(readFileSync(join(workspace, 'a.spol'), 'utf8')).toBe('user jdoe {\n    in "Fish Voucher", FishTissue {\n        access\n    }\n}\n');
    });
});
