/**
 * loadWorkspace, the CLI's way in: folders (every .spol below, sorted) and files, parsed, linked and
 * validated as one workspace; bad paths are a WorkspaceError with one sentence, never a crash.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDiagnostics } from '../../engine/diagnostic.js';
import { loadWorkspace, spolFilesOf, WorkspaceError } from '../../language/workspace.js';
import { fixtures } from './spol-test-kit.js';

const museum = join(fixtures, 'museum');
const mixed = join(fixtures, 'mixed');
const scratch = mkdtempSync(join(tmpdir(), 'spol-workspace-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFolder(files: Record<string, string>): string {
    const folder = mkdtempSync(join(scratch, 'ws-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return folder;
}

async function workspaceError(paths: string[]): Promise<WorkspaceError> {
    const error = await loadWorkspace(paths).then(
        () => undefined,
        (e: unknown) => e
    );
    expect(error).toBeInstanceOf(WorkspaceError);
    return error as WorkspaceError;
}

describe('finding files', () => {
    it('takes every .spol file below a folder, recursively and sorted, and nothing else', async () => {
        const workspace = await loadWorkspace([mixed]);
        expect(workspace.files.map((file) => relative(mixed, file))).toEqual(['a.spol', 'nested/b.spol', 'nested/deeper/z.spol']);
    });

    it('takes files named directly, folders and files together, each once', async () => {
        const a = join(mixed, 'a.spol');
        const workspace = await loadWorkspace([join(mixed, 'nested'), a, a]);
        expect(workspace.files.map((file) => relative(mixed, file))).toEqual(['a.spol', 'nested/b.spol', 'nested/deeper/z.spol']);
    });

    it('resolves relative paths against the working directory', async () => {
        const workspace = await loadWorkspace([relative(process.cwd(), museum)]);
        expect(workspace.files).toHaveLength(5);
        expect(workspace.files.every((file) => file.startsWith(museum))).toBe(true);
    });
});

describe('the loaded workspace', () => {
    it('links names across the files and builds one model', async () => {
        const workspace = await loadWorkspace([museum]);
        expect(workspace.diagnostics.filter((d) => d.code === 'unresolved-reference' || d.code === 'syntax-error')).toEqual([]);
        expect(workspace.model.institutions.map((i) => i.name)).toEqual(['KU']);
        expect(workspace.model.roles.map((r) => r.name)).toEqual(['DataEntry', 'HerpReader']);
        expect(workspace.model.users.map((u) => u.name)).toEqual(['abentley', 'rmartin', 'jdoe']);
        expect(workspace.model.users[2]!.source!.file).toBe(pathToFileURL(join(museum, 'users/students.spol')).toString());
    });

    it('reports syntax errors and unresolved references with file URIs and ranges, sorted', async () => {
        const folder = scratchFolder({
            'b.spol': 'user u {\n    agent "U" in Nowhere\n}\n',
            'a.spol': 'institution I {\n    division D {\n}\n'
        });
        const workspace = await loadWorkspace([folder]);
        const summary = workspace.diagnostics
            .filter((d) => d.code === 'syntax-error' || d.code === 'unresolved-reference')
            .map((d) => [relative(folder, new URL(d.source!.file).pathname), d.source!.range.start.line, d.code, d.severity]);
        expect(summary).toEqual([
            ['a.spol', 2, 'syntax-error', 'error'], // after the last token: the file ends inside the institution
            ['b.spol', 1, 'unresolved-reference', 'error']
        ]);
        const unresolved = workspace.diagnostics.find((d) => d.code === 'unresolved-reference')!;
        expect(unresolved.message).toBe("No division named 'Nowhere' is declared in the workspace.");
        expect(unresolved.source!.range).toEqual({ start: { line: 1, character: 17 }, end: { line: 1, character: 24 } });
        expect(unresolved.data).toMatchObject({ refText: 'Nowhere', suggestions: [] });
        expect([...workspace.diagnostics].sort(compareDiagnostics)).toEqual(workspace.diagnostics);
    });

    it('still models the files that parse when another one does not', async () => {
        const folder = scratchFolder({ 'good.spol': 'user u {}', 'bad.spol': 'user {' });
        const workspace = await loadWorkspace([folder]);
        expect(workspace.model.users.map((u) => u.name)).toContain('u');
        expect(workspace.diagnostics.some((d) => d.code === 'syntax-error' && d.source!.file.endsWith('/bad.spol'))).toBe(true);
    });

    it('loads each call into fresh services: no documents leak between calls', async () => {
        const first = await loadWorkspace([join(mixed, 'a.spol')]);
        const second = await loadWorkspace([join(mixed, 'nested/b.spol')]);
        expect(first.model.roles).toEqual([]);
        expect(second.model.institutions).toEqual([]);
        expect(second.diagnostics.some((d) => d.code === 'unresolved-reference')).toBe(true);
    });
});

describe('bad input', () => {
    it('refuses a path that does not exist', async () => {
        const missing = join(scratch, 'no-such-folder');
        const error = await workspaceError([museum, missing]);
        expect(error.path).toBe(missing);
        expect(error.message).toBe(`Cannot read '${missing}': no such file or folder.`);
    });

    it('refuses a path through a file', async () => {
        const through = join(museum, 'library.spol', 'x.spol');
        const error = await workspaceError([through]);
        expect(error.message).toBe(`Cannot read '${through}': a part of the path is not a folder.`);
    });

    it('refuses a file that is not a .spol file', async () => {
        const notes = join(mixed, 'notes.txt');
        const error = await workspaceError([notes]);
        expect([error.path, error.message]).toEqual([notes, `'${notes}' is not a .spol file.`]);
    });

    it('refuses a folder without .spol files', async () => {
        const empty = scratchFolder({ 'readme.md': '# nothing here' });
        const error = await workspaceError([empty]);
        expect([error.path, error.message]).toEqual([empty, `The folder '${empty}' holds no .spol files.`]);
    });

    it('refuses an empty list of paths', async () => {
        const error = await workspaceError([]);
        expect(error.message).toBe('No workspace given: name a folder or a .spol file.');
    });

    it('has one-sentence messages without a stack of causes', async () => {
        const error = await workspaceError([join(scratch, 'gone.spol')]);
        expect(error.message).toMatch(/^[^\n]+\.$/);
        expect(error.name).toBe('WorkspaceError');
    });
});

describe('files that are not UTF-8 text (issue 12)', () => {
    const ERRNO = /\bE[A-Z]{3,}\b/;

    it('refuses a binary file in one sentence, not a flood of syntax errors', async () => {
        const folder = scratchFolder({ 'good.spol': 'user u {}\n' });
        writeFileSync(join(folder, 'logo.spol'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
        const error = await workspaceError([folder]);
        expect(error.message).toMatch(/logo\.spol' is not a text file \(.+\)\.$/);
        expect(error.message).not.toMatch(/\n/);
    });

    it('names the line of a byte that is not UTF-8 (a Latin-1 file)', async () => {
        const folder = scratchFolder({});
        writeFileSync(join(folder, 'latin1.spol'), Buffer.concat([Buffer.from('user u {\n    agent "Mu'), Buffer.from([0xf1]), Buffer.from('oz" in D\n}\n')]));
        const error = await workspaceError([folder]);
        expect(error.message).toMatch(/latin1\.spol' is not a text file \(line 2 has the byte 0xF1, which is not UTF-8; save the file as UTF-8\)\.$/);
    });

    it('says a UTF-16 file is UTF-16', async () => {
        const folder = scratchFolder({});
        writeFileSync(join(folder, 'wide.spol'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('user u {}\n', 'utf16le')]));
        const error = await workspaceError([folder]);
        expect(error.message).toMatch(/wide\.spol' is not a text file \(it is UTF-16; save it as UTF-8\)\.$/);
    });

    it('reads a UTF-8 file with a byte-order mark as the editor does: positions do not count the mark', async () => {
        const folder = scratchFolder({});
        writeFileSync(join(folder, 'bom.spol'), '\uFEFFuser u { agent "U" in Nowhere }\n');
        const workspace = await loadWorkspace([folder]);
        const unresolved = workspace.diagnostics.find((d) => d.code === 'unresolved-reference')!;
        expect(unresolved.source!.range.start).toEqual({ line: 0, character: 22 });
        expect(workspace.diagnostics.filter((d) => d.code === 'syntax-error')).toEqual([]);
    });

    it('has no errno names in its messages', async () => {
        const folder = scratchFolder({});
        symlinkSync('self.spol', join(folder, 'self.spol'));
        const error = await workspaceError([join(folder, 'self.spol')]);
        expect(error.message).not.toMatch(ERRNO);
        expect(error.message).toMatch(/a loop of symbolic links/);
    });
});

describe('folders reached through symbolic links (issue 12)', () => {
    it('reads the .spol files of a linked folder', async () => {
        const outside = scratchFolder({ 'shared.spol': 'user shared {}\n' });
        const folder = scratchFolder({ 'own.spol': 'user own {}\n' });
        symlinkSync(outside, join(folder, 'linked'));
        const workspace = await loadWorkspace([folder]);
        expect(workspace.files.map((file) => relative(folder, file))).toEqual(['linked/shared.spol', 'own.spol']);
        expect(workspace.model.users.map((u) => u.name).sort()).toEqual(['own', 'shared']);
    });

    it('reads a folder once when a link leads back to an ancestor, without recursing forever', async () => {
        const folder = scratchFolder({ 'a.spol': 'user a {}\n' });
        mkdirSync(join(folder, 'sub'));
        writeFileSync(join(folder, 'sub', 'b.spol'), 'user b {}\n');
        symlinkSync('..', join(folder, 'sub', 'up'));
        symlinkSync(folder, join(folder, 'again'));
        const files = await spolFilesOf([folder]);
        expect(files.map((file) => relative(folder, file))).toEqual(['a.spol', 'sub/b.spol']);
        const workspace = await loadWorkspace([folder]);
        expect(workspace.diagnostics.filter((d) => d.code === 'duplicate-name')).toEqual([]);
    });

    it('reads a file reached twice (directly and through a linked folder) once', async () => {
        const folder = scratchFolder({ 'a.spol': 'user a {}\n' });
        symlinkSync('.', join(folder, 'here'));
        expect((await spolFilesOf([folder, join(folder, 'here', 'a.spol')])).map((file) => relative(folder, file))).toEqual(['a.spol']);
    });

    it('skips a dangling link that is not a .spol file, and refuses a dangling .spol link in one sentence', async () => {
        const folder = scratchFolder({ 'a.spol': 'user a {}\n' });
        symlinkSync(join(folder, 'gone'), join(folder, 'elsewhere'));
        expect((await spolFilesOf([folder])).map((file) => relative(folder, file))).toEqual(['a.spol']);
        symlinkSync(join(folder, 'gone.spol'), join(folder, 'b.spol'));
        const error = await workspaceError([folder]);
        expect(error.message).toMatch(/b\.spol': no such file or folder \(a symbolic link to nothing\)\.$/);
    });

    it('refuses a self-referencing link in one sentence without errno names', async () => {
        const folder = scratchFolder({ 'a.spol': 'user a {}\n' });
        symlinkSync('loop', join(folder, 'loop'));
        const files = await spolFilesOf([folder]).then(
            (found) => found,
            (e: unknown) => e as WorkspaceError
        );
        // A link loop named `loop` (no .spol extension) could be anything: it is skipped.
        expect(Array.isArray(files) ? files.map((file) => relative(folder, file)) : files.message).toEqual(['a.spol']);
    });
});
