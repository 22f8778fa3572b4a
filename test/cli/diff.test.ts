/**
 * spol diff through the built binary, against a real temporary git repository (and plain folders):
 * a role change lists exactly its holders with the new line; reformatting and reordering every
 * file is "no effective change"; a `%: %` grant is listed first as an escalation and fails
 * `--fail-on escalation`; a bad revision is one line (exit 2); a side with syntax errors says which;
 * and the working tree and the index are left exactly as they were.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, runSpol } from './run-binary.js';

const museum = join(root, 'examples', 'natural-history-museum');

function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

/** A repository with the museum under `policy/` and a broken `.spol` file elsewhere, committed once. */
function repository(): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-diff-git-'));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'Spol Test');
    git(dir, 'config', 'user.email', 'spol@example.org');
    git(dir, 'config', 'commit.gpgsign', 'false');
    cpSync(museum, join(dir, 'policy'), { recursive: true });
    mkdirSync(join(dir, 'scratch'));
    writeFileSync(join(dir, 'scratch', 'draft.spol'), 'user {\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'museum');
    return dir;
}

function edit(file: string, change: (text: string) => string): void {
    const before = readFileSync(file, 'utf8');
    const after = change(before);
    expect(after, file).not.toBe(before);
    writeFileSync(file, after);
}

function commit(dir: string, message: string): void {
    git(dir, 'commit', '-q', '-a', '-m', message);
}

/** One-based line of the first line of `file` that contains `needle`. */
function lineOf(file: string, needle: string): number {
    const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle));
    expect(index, needle).toBeGreaterThanOrEqual(0);
    return index + 1;
}

/** The users a text diff lists, in order. */
function usersOf(stdout: string): string[] {
    return stdout
        .split('\n')
        .filter((line) => /^\S+( \(.*\))?: \d+ gained, \d+ lost/.test(line))
        .map((line) => line.split(/[ :]/)[0]!);
}

function spolFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return spolFiles(path);
        return name.endsWith('.spol') ? [path] : [];
    });
}

/** The same declarations, laid out differently: top-level blocks in reverse order, tabs, blank lines doubled. */
function relayout(text: string): string {
    const blocks = text.split(/\n\n(?=(?:\/\/[^\n]*\n)*(?:user|role|library role|institution) )/);
    return blocks
        .reverse()
        .join('\n\n')
        .split('\n')
        .map((line) => {
            const indent = line.length - line.trimStart().length;
            return line.trim() === '' ? '' : `${'\t'.repeat(indent / 4)}${' '.repeat(indent % 4)}${line.trim()}   `;
        })
        .join('\n\n');
}

describe('spol diff between git revisions', () => {
    let repo: string;
    beforeAll(() => {
        repo = repository();
    });

    it('lists exactly the holders of a changed role, with the new line, and exits 0', () => {
        edit(join(repo, 'policy', 'roles.spol'), (text) => text.replace('    allow /table/%: update\n', '    allow /table/%: update\n    allow /report: execute\n'));
        commit(repo, 'Data Entry prints reports');
        const line = lineOf(join(repo, 'policy', 'roles.spol'), 'allow /report: execute');
        const { status, stdout, stderr } = runSpol(['diff', 'HEAD~1', 'HEAD', 'policy'], repo);
        expect(stderr).toBe('');
        expect(status).toBe(0);
        expect(usersOf(stdout)).toEqual(['ehartley', 'jdoe']);
        expect(stdout).toContain(`  + execute /report in FishTissue  ← role DataEntry policy/roles.spol:${line}\n`);
        expect(stdout).toContain(`  + execute /report in FishVoucher  ← role DataEntry policy/roles.spol:${line}\n`);
        expect(stdout.trimEnd().split('\n').at(-1)).toBe('HEAD~1 → HEAD: 2 users changed, 2 permissions gained, 0 lost, 0 escalations');
        expect(stdout).not.toContain('ESCALATION');

        // The reverse: the same cells lost, pointing at the old side's line; --fail-on any fails.
        const back = runSpol(['diff', 'HEAD', 'HEAD~1', 'policy', '--fail-on', 'any'], repo);
        expect(back.status).toBe(1);
        expect(back.stdout).toContain(`  - execute /report in FishVoucher  ← role DataEntry policy/roles.spol:${line}\n`);
    });

    it('says "no effective change" after every file is laid out anew and its declarations reordered', () => {
        const files = spolFiles(join(repo, 'policy'));
        expect(files.length).toBe(7);
        for (const file of files) edit(file, relayout);
        commit(repo, 'relayout');
        const check = runSpol(['check', 'policy'], repo);
        expect(check.stdout).not.toMatch(/syntax-error|unresolved-reference/);
        const { status, stdout, stderr } = runSpol(['diff', 'HEAD~1', 'HEAD', 'policy', '--fail-on', 'any'], repo);
        expect(stderr).toBe('');
        expect(stdout).toBe('no effective change (HEAD~1 → HEAD)\n');
        expect(status).toBe(0);
        const markdown = runSpol(['diff', 'HEAD~1', 'HEAD', 'policy', '--format', 'markdown'], repo);
        expect(markdown.stdout).toContain('No effective change');
    });

    it('lists a `%: %` grant first as an escalation; --fail-on escalation exits 1', () => {
        // An Institution Admin made, and an attachment template dropped from Data Entry (only losses).
        edit(join(repo, 'policy', 'users', 'botany.spol'), (text) => text.replace(/(user lchen "Lucy Chen" \{)/, '$1\n    institution { allow %: % }'));
        edit(join(repo, 'policy', 'roles.spol'), (text) => text.replace('BulkAttachmentImport, ', ''));
        commit(repo, 'lchen administers everything');
        const line = lineOf(join(repo, 'policy', 'users', 'botany.spol'), 'allow %: %');
        const { status, stdout } = runSpol(['diff', 'HEAD~1', 'HEAD', 'policy', '--fail-on', 'escalation'], repo);
        expect(status).toBe(1);
        expect(usersOf(stdout)).toEqual(['lchen', 'ehartley', 'jdoe']);
        const lines = stdout.split('\n');
        expect(lines[0]).toMatch(/^lchen \(now Institution Admin\): \d+ gained, 0 lost, \d+ escalations$/);
        expect(lines[1]).toBe('  ESCALATION + Institution Admin (institution-level %: %)');
        expect(lines[2]).toMatch(new RegExp(`^  ESCALATION \\+ .* at institution level  ← Institution Admin policy/users/botany.spol:${line}  \\[.*wildcard-resource.*\\]$`));
        expect(stdout).toMatch(/ESCALATION \+ access \/system\/sp7\/collection in FishVoucher .*\[collection-access, wildcard-resource\]/);
        const ehartley = lines.slice(lines.findIndex((l) => l.startsWith('ehartley')));
        expect(ehartley.slice(1).find((l) => l.startsWith('  '))).toMatch(/^  - .* in FishTissue  ← role DataEntry \(from library BulkAttachmentImport\) policy\/library\.spol:\d+$/);

        // The same change without --fail-on exits 0.
        expect(runSpol(['diff', 'HEAD~1', 'HEAD', 'policy'], repo).status).toBe(0);

        const markdown = runSpol(['diff', 'HEAD~1', 'HEAD', 'policy', '--format', 'markdown'], repo).stdout;
        expect(markdown).toMatch(/^## spol diff: `HEAD~1` → `HEAD`\n/);
        expect(markdown).toContain('| users changed | permissions gained | permissions lost | escalations |');
        const escalations = markdown.indexOf('### ⚠️ Escalations');
        const byUser = markdown.indexOf('### Changes by user');
        expect(escalations).toBeGreaterThan(0);
        expect(byUser).toBeGreaterThan(escalations);
        expect(markdown.slice(escalations, byUser)).toContain('- **lchen** is now Institution Admin');
        expect(markdown.slice(escalations, byUser)).not.toContain('jdoe');
        expect(markdown.slice(byUser).match(/<details><summary>/g)).toHaveLength(3);
        expect(markdown.slice(byUser)).toMatch(/^<details><summary>⚠️ <b>lchen<\/b> \(now Institution Admin\)/m);
        expect(markdown.length).toBeLessThan(65_536);
    });

    it('writes the documented JSON shape', () => {
        const { status, stdout } = runSpol(['diff', 'HEAD~3', 'HEAD~2', 'policy', '--format', 'json'], repo);
        expect(status).toBe(0);
        const json = JSON.parse(stdout) as Record<string, any>;
        expect(Object.keys(json)).toEqual(['old', 'new', 'summary', 'users']);
        expect(json['old']).toMatchObject({ name: 'HEAD~3', kind: 'revision', commit: git(repo, 'rev-parse', 'HEAD~3').trim() });
        expect(json['old'].files).toContain('policy/roles.spol');
        expect(json['summary']).toEqual({
            users: 2,
            usersAdded: 0,
            usersRemoved: 0,
            gained: 2,
            lost: 0,
            escalations: 0,
            institutionAdminsGained: [],
            institutionAdminsLost: []
        });
        const [ehartley] = json['users'];
        expect(ehartley).toMatchObject({ user: 'ehartley', presence: 'both', gained: 1, lost: 0, escalations: 0 });
        const [change] = ehartley.places[0].changes;
        expect(ehartley.places[0].collection).toBe('FishTissue');
        expect(change).toMatchObject({ change: 'gained', kind: 'operation', resource: '/report', action: 'execute', level: 'collection', escalations: [] });
        expect(change.grants).toEqual([
            expect.objectContaining({ label: 'role DataEntry', file: 'policy/roles.spol', line: expect.any(Number), actions: ['execute'] })
        ]);
        expect(change.rows[0]).toMatchObject({ resource: '/report', action: 'execute', origin: { kind: 'role', role: 'DataEntry', collection: 'FishTissue' } });
    });

    it('refuses a revision that does not exist in one line (exit 2)', () => {
        const { status, stdout, stderr } = runSpol(['diff', 'no-such-branch', 'HEAD', 'policy'], repo);
        expect(status).toBe(2);
        expect(stdout).toBe('');
        expect(stderr.trimEnd().split('\n')).toEqual([`spol: 'no-such-branch' is neither a folder nor a git revision of ${repo}.`]);
        expect(runSpol(['diff', 'HEAD', 'HEAD', '--format', 'yaml'], repo).status).toBe(2);
        expect(runSpol(['diff', 'HEAD', 'HEAD', 'policy', '--fail-on', 'sometimes'], repo).status).toBe(2);
    });

    it('names the side whose files do not parse (exit 2), and reads only the paths given', () => {
        const { status, stderr } = runSpol(['diff', 'HEAD~1', 'HEAD'], repo);
        expect(status).toBe(2);
        expect(stderr).toContain('the old side at HEAD~1');
        expect(stderr).toContain('scratch/draft.spol');
        expect(stderr.trimEnd().split('\n').at(-1)).toBe('spol: the old side (HEAD~1) has errors that make a diff meaningless; fix them first.');
    });

    it('leaves the working tree and the index as they were, and diffs a revision against the working folder', () => {
        // Uncommitted work: a staged change and an unstaged one.
        edit(join(repo, 'policy', 'users', 'herpetology.spol'), (text) => text.replace('roles VisitingResearcher', 'roles VisitingResearcher, CollectionManager'));
        git(repo, 'add', 'policy/users/herpetology.spol');
        edit(join(repo, 'policy', 'users', 'herpetology.spol'), (text) => `${text}\n// unstaged note\n`);
        const status = git(repo, 'status', '--porcelain');
        const index = readFileSync(join(repo, '.git', 'index'));
        expect(status).not.toBe('');
        const { stdout } = runSpol(['diff', 'HEAD~3', 'HEAD', 'policy'], repo);
        expect(usersOf(stdout)).toEqual(['lchen', 'ehartley', 'jdoe']);
        // The working folder is a side too (`.` with the same paths as the revision): the uncommitted role shows.
        const working = runSpol(['diff', 'HEAD', '.', 'policy'], repo);
        expect(working.status).toBe(0);
        expect(usersOf(working.stdout)).toEqual(['kmensah']);
        expect(git(repo, 'status', '--porcelain')).toBe(status);
        expect(readFileSync(join(repo, '.git', 'index')).equals(index)).toBe(true);
    });
});

describe('spol diff between folders', () => {
    it('lists the changes with file names relative to each folder', () => {
        const parent = mkdtempSync(join(tmpdir(), 'spol-diff-folders-'));
        const before = join(parent, 'before');
        const after = join(parent, 'after');
        cpSync(museum, before, { recursive: true });
        cpSync(museum, after, { recursive: true });
        edit(join(after, 'roles.spol'), (text) => text.replace('allow /permissions/roles: read', 'allow /permissions/roles: read, update'));
        const line = lineOf(join(after, 'roles.spol'), 'allow /permissions/roles: read, update');
        const { status, stdout } = runSpol(['diff', before, after, '--fail-on', 'escalation']);
        expect(status).toBe(1);
        expect(usersOf(stdout)).toEqual(['sfischer']);
        for (const collection of ['FishVoucher', 'FishTissue', 'HerpVoucher', 'Herbarium', 'Fungarium']) {
            expect(stdout).toContain(`  ESCALATION + update /permissions/roles in ${collection}  ← role SecurityAuditor roles.spol:${line}  [security]\n`);
        }
        expect(runSpol(['diff', before, before]).stdout).toBe(`no effective change (${before} → ${before})\n`);
    });
});
