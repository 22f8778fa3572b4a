/**
 * Issue 13, items 1 and 2, at the command line: a row several lines declare (two overlapping
 * templates of a role, `institution admin` next to `allow %: %`) is answered once by
 * `--format specify` and exported once (`--rest`), while the text and JSON still name every line.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { capture, tempWorkspace } from './run-binary.js';

const text = `institution Museum {
    division Fishes { discipline Fish type fish { collection Voucher code "V" } }
}
library role Reading { allow /table/%: read }
library role Entry { allow /table/%: read, create }
role Staff in Voucher {
    from library Reading, Entry
}
user boss {
    institution admin
    agent "Boss" in Fishes
    institution { allow %: % }
}
user clerk { agent "Clerk" in Fishes  in Voucher { access  roles Staff } }
`;

async function spol(...args: string[]): Promise<{ code: number; stdout: string }> {
    const io = capture();
    const code = await main([...args, tempWorkspace({ 'a.spol': text })], io);
    return { code, stdout: io.stdout };
}

describe('one stored row, every line named', () => {
    it('spol can names the first declaration and then each other line that declares the row', async () => {
        const { code, stdout } = await spol('can', 'clerk', 'read', '/table/agent', '--in', 'Voucher');
        expect(code).toBe(0);
        const lines = stdout.split('\n');
        const at = lines.findIndex((line) => line.includes('/table/% read  ← role Staff in Voucher, from library Reading'));
        expect(at).toBeGreaterThan(0);
        expect(lines[at]).toMatch(/a\.spol:4:\d+/);
        expect(lines[at + 1]).toMatch(/^ +also ← role Staff in Voucher, from library Entry +\(.*a\.spol:5:\d+\)$/);
        expect(lines.filter((line) => line.includes('/table/% read'))).toHaveLength(1);
    });

    it('spol can names both spellings of the Institution Admin, and its JSON lists the other in `also`', async () => {
        const { stdout } = await spol('can', 'boss', 'update', '/admin/user/password', '--institution');
        expect(stdout).toMatch(/% %  ← boss is Institution Admin  \(.*a\.spol:10:\d+\)\n +also ← boss is Institution Admin  \(.*a\.spol:12:\d+\)/);
        const json = JSON.parse((await spol('can', 'boss', 'update', '/admin/user/password', '--institution', '--format', 'json')).stdout);
        expect(json.matches).toHaveLength(1);
        expect(json.matches[0]).toMatchObject({ resource: '%', action: '%', derivation: 'institution-admin', source: { line: 10 } });
        expect(json.matches[0].also).toEqual([expect.objectContaining({ resource: '%', action: '%', description: 'boss is Institution Admin', source: expect.objectContaining({ line: 12 }) })]);
    });

    it('--format specify answers each stored row once', async () => {
        const response = JSON.parse((await spol('can', 'clerk', 'read', '/table/agent', '--in', 'Voucher', '--format', 'specify')).stdout);
        expect(response.details[0].matching_role_policies.map((p: { resource: string; action: string }) => `${p.resource} ${p.action}`)).toEqual(['/table/% read']);
        const admin = JSON.parse((await spol('can', 'boss', 'update', '/admin/user/password', '--institution', '--format', 'specify')).stdout);
        expect(admin.details[0].matching_user_policies).toHaveLength(1);
    });

    it('export --rest never repeats an action', async () => {
        const { stdout } = await spol('export', '--collection', 'Voucher', '--rest');
        const bodies = JSON.parse(stdout) as { name: string; policies: Record<string, string[]> }[];
        expect(bodies.find((b) => b.name === 'Staff')!.policies).toEqual({ '/table/%': ['read', 'create'] });
    });

    it('spol profile names both templates for the one row', async () => {
        const { stdout } = await spol('profile', 'clerk', '--in', 'Voucher');
        const agent = stdout.split('\n').find((line) => /^ +\/table\/agent /.test(line))!;
        expect(agent).toContain('role Staff (from library Reading) a.spol:4');
        expect(agent).toContain('role Staff (from library Entry) a.spol:5');
    });
});
