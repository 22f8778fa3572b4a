/**
 * The two sides of `spol diff`: each is a folder on disk or a git revision of the repository the
 * command runs in, read into a workspace. A revision is read through git's object store only
 * (`rev-parse`, `ls-tree`, `cat-file`): the working tree and the index are never touched, so a
 * diff can run in the middle of any other work. An argument that names an existing path is a
 * folder; otherwise it must be a commit-ish (`HEAD~1`, `main`, a tag, a hash); anything else is a
 * one-line error.
 */
import { execFile, type ExecFileOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadWorkspaceFromTexts, SPOL_EXTENSION, spolFilesOf, WorkspaceError, type LoadedWorkspace } from '../language/workspace.js';
import { CliError } from './io.js';

/** A side is only decided over: no lint, and only the problems that stop a diff (see decidableSide). */
const DECIDABLE = { lint: false, blockingOnly: true } as const;

export interface DiffSide {
    /** As written on the command line. */
    readonly name: string;
    readonly kind: 'folder' | 'revision';
    /** The full commit hash, for a revision. */
    readonly commit?: string;
    /** Paths in output are relative to this: the folder, or the repository's top level. */
    readonly root: string;
    readonly workspace: LoadedWorkspace;
    /** What a grant with no place in any file is called (`<workspace>` when not given). */
    readonly unsourced?: string;
}

/**
 * Loads one side. `paths` restrict the `.spol` files read: for a folder, relative to it; for a
 * revision, as git takes them (relative to the current directory, within the repository).
 */
export async function loadSide(argument: string, paths: readonly string[], cwd: string = process.cwd()): Promise<DiffSide> {
    const asPath = resolve(cwd, argument);
    if (existsSync(asPath)) return loadFolder(argument, asPath, paths, cwd);
    const root = await repositoryRoot(cwd);
    if (root === undefined) throw new CliError(`'${argument}' is neither a folder nor a git revision (not inside a git repository).`);
    const commit = await commitOf(argument, root);
    if (commit === undefined) throw new CliError(`'${argument}' is neither a folder nor a git revision of ${root}.`);
    const inRepository = paths.map((path) => {
        const inside = relative(root, resolve(cwd, path));
        if (inside.startsWith('..') || isAbsolute(inside)) throw new CliError(`'${path}' is outside the repository ${root}.`);
        return inside === '' ? '.' : inside.split(sep).join('/');
    });
    const files = await spolFilesAt(commit, inRepository, root);
    // Lint is left out: only syntax and reference errors stop a diff, and lint is most of the time on a large institution.
    const workspace = await loadWorkspaceFromTexts(files.map((file) => ({ path: join(root, file.path), text: file.text })), DECIDABLE);
    return { name: argument, kind: 'revision', commit, root, workspace };
}

async function loadFolder(argument: string, folder: string, paths: readonly string[], cwd: string): Promise<DiffSide> {
    const named = paths.length > 0 ? paths.map((path) => resolve(folder, path)) : [folder];
    try {
        const files = await spolFilesOf(named);
        const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').then((text) => ({ path: file, text }))));
        return { name: argument, kind: 'folder', root: folder, workspace: await loadWorkspaceFromTexts(texts, DECIDABLE) };
    } catch (error) {
        if (error instanceof WorkspaceError) throw new CliError(error.message);
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === 'string') throw new CliError(`cannot read the .spol files of '${relative(cwd, folder) || '.'}' (${code}).`);
        throw error;
    }
}

// ---------------------------------------------------------------- git

/** The repository's top level, or undefined outside a repository (or without git). */
async function repositoryRoot(cwd: string): Promise<string | undefined> {
    const result = await git(['rev-parse', '--show-toplevel'], cwd);
    return result.ok ? result.stdout.toString('utf8').trim() : undefined;
}

/** The commit a revision names, or undefined. */
async function commitOf(revision: string, root: string): Promise<string | undefined> {
    // `--end-of-options` keeps a revision that starts with `-` from being read as an option.
    const result = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], root);
    const hash = result.ok ? result.stdout.toString('utf8').trim() : '';
    return /^[0-9a-f]{40,64}$/.test(hash) ? hash : undefined;
}

/** Every regular `.spol` file of the commit under the paths (repository-relative), with its text. */
async function spolFilesAt(commit: string, paths: readonly string[], root: string): Promise<{ path: string; text: string }[]> {
    const listed = await git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths], root);
    if (!listed.ok) throw new CliError(`git could not list the files of ${commit.slice(0, 12)}: ${listed.stderr.trim() || 'unknown error'}.`);
    const blobs: { path: string; oid: string }[] = [];
    for (const entry of listed.stdout.toString('utf8').split('\0')) {
        // `<mode> SP <type> SP <object> TAB <path>`; symbolic links (120000) and submodules are not files.
        const match = /^(100644|100755) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
        if (match && match[3]!.endsWith(SPOL_EXTENSION)) blobs.push({ oid: match[2]!, path: match[3]! });
    }
    if (blobs.length === 0) return [];
    const batch = await git(['cat-file', '--batch'], root, blobs.map((blob) => blob.oid).join('\n') + '\n');
    if (!batch.ok) throw new CliError(`git could not read the files of ${commit.slice(0, 12)}: ${batch.stderr.trim() || 'unknown error'}.`);
    return readBatch(batch.stdout, blobs);
}

/** `git cat-file --batch` output: `<oid> <type> <size>\n<content>\n` per object, in request order. */
function readBatch(output: Buffer, blobs: readonly { path: string; oid: string }[]): { path: string; text: string }[] {
    const files: { path: string; text: string }[] = [];
    let at = 0;
    for (const blob of blobs) {
        const end = output.indexOf(0x0a, at);
        const header = output.subarray(at, end).toString('utf8').split(' ');
        const size = Number(header[2]);
        if (end < 0 || header[1] !== 'blob' || !Number.isInteger(size)) throw new CliError(`git could not read '${blob.path}'.`);
        files.push({ path: blob.path, text: output.subarray(end + 1, end + 1 + size).toString('utf8') });
        at = end + 1 + size + 1;
    }
    return files;
}

interface GitResult {
    readonly ok: boolean;
    readonly stdout: Buffer;
    readonly stderr: string;
}

/** Runs git with arguments (never a shell), optionally feeding stdin; never throws for git's own failures. */
function git(args: readonly string[], cwd: string, input?: string): Promise<GitResult> {
    const options: ExecFileOptions & { encoding: 'buffer' } = {
        cwd,
        encoding: 'buffer',
        maxBuffer: 1024 * 1024 * 1024,
        // No pager, no prompts, and no optional locks: reading must not even refresh the index.
        env: { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' }
    };
    return new Promise((done) => {
        const child = execFile('git', [...args], options, (error, stdout, stderr) => {
            done({ ok: !error, stdout: stdout as Buffer, stderr: (stderr as Buffer).toString('utf8') });
        });
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(input ?? '');
    });
}
