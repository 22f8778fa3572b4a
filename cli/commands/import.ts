import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import {
    compareWithWorkspace,
    importRoles,
    readDiagnostics,
    readRoles,
    SHAPE_DESCRIPTIONS,
    type ImportTarget
} from '../../engine/interchange/index.js';
import { emptyModel, type PolicyModel } from '../../engine/model/policy-model.js';
import { ModelIndex } from '../../engine/model/stored.js';
import { applyEdits, planImport, type TextEdit } from '../../language/import-edits.js';
import { printLibraryRoles, printRoles } from '../../language/print-model.js';
import { joinLayout, splitLayout, withoutByteOrderMark } from '../../language/text-file.js';
import { configFilesOf, loadWorkspace, loadWorkspaceFromTexts, readSpolText, WorkspaceError } from '../../language/workspace.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { displayPath } from '../paths.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { blockingDiagnostics, type Diagnostic } from '../../engine/diagnostic.js';
import { askEngine } from '../workspace.js';
import { collectionNamed } from '../../engine/decision/query-names.js';
import { fileErrorReason } from '../../language/workspace.js';
import { writeFilesAtomic } from '../write-atomic.js';
import { importAll } from './import-all.js';

interface ImportOptions {
    all?: boolean;
    output?: string;
    collection?: string;
    library?: boolean;
    write?: boolean;
    into?: string;
}

export function registerImport(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('import')
        .description(
            "read Specify role JSON (the Export file or REST bodies), compare it with the workspace as Specify's Import dialog does, and print it as spol (or --write it); --all reads a folder from export --all back into a workspace"
        )
        .argument('<file>', 'a .json file from Specify (Export button or /permissions/ REST), or with --all the folder export --all wrote')
        .argument('[paths...]', 'the workspace folders or .spol files to import into (default: this folder, if it holds .spol files)')
        .option('-c, --collection <collection>', 'import as roles of this collection')
        .option('-l, --library', 'import as library roles')
        .option('-w, --write', 'write the changed and new roles into the workspace (atomically)')
        .option('--into <file>', 'the .spol file new roles are appended to (default: beside the existing ones)')
        .option('-a, --all', 'read a whole folder written by export --all into a workspace (printed, or written with -o)')
        .option('-o, --output <folder>', 'with --all: the new or empty folder to write the workspace to (atomically)')
        .action(async (file: string, paths: string[], options: ImportOptions) => {
            if (options.all) {
                const other = [options.collection !== undefined && '--collection', options.library && '--library', options.write && '--write', options.into !== undefined && '--into'].filter(Boolean);
                if (other.length > 0 || paths.length > 0) {
                    throw new CliError(`--all reads a whole export into a new workspace: it takes no ${other.length > 0 ? other.join(', ') : 'workspace paths'}.`);
                }
                done(await importAll(file, options.output !== undefined ? { output: options.output } : {}, io));
                return;
            }
            if (options.output !== undefined) throw new CliError('-o goes with --all (the roles of one file are printed, or written with --write).');
            if ((options.collection === undefined) === (options.library !== true)) {
                throw new CliError('say where the roles go: --collection <C> or --library (one of them).');
            }
            const text = await readFile(file, 'utf8').catch((error: unknown) => {
                throw new CliError(`cannot read '${file}': ${fileErrorReason(error)}.`);
            });
            const read = readRoles(text, { target: options.library ? 'library' : 'collection' });
            const problems = readDiagnostics(read, pathToFileURL(resolve(file)).toString());
            if (problems.length > 0) io.err(formatDiagnosticsText(problems, summarize(problems, 1)));
            if (!read.ok) {
                throw new CliError(`${file} is not a role file Specify would import; nothing was written.`, ExitCode.failure);
            }
            io.err(`${file}: ${SHAPE_DESCRIPTIONS[read.shape]}, ${read.roles.length} role${read.roles.length === 1 ? '' : 's'}.\n`);

            const workspace = await workspaceFor(paths, options.write === true);
            const target: ImportTarget = options.library ? { library: true } : { collection: options.collection! };
            if (workspace && 'collection' in target) {
                askEngine(() => collectionNamed(new ModelIndex(workspace.model), target.collection));
            }
            const existing = workspace?.model ?? emptyModel();
            const comparisons = compareWithWorkspace(existing, target, read.roles);
            const imported = importRoles(read.roles, { target, existing, file: pathToFileURL(resolve(file)).toString() });
            for (const comparison of comparisons) {
                const why = comparison.differences.length > 0 ? ` (${comparison.differences.join(', ')})` : '';
                io.err(`  ${comparison.status === 'created' ? 'new' : comparison.status}: ${comparison.name}${why}\n`);
            }

            if (!options.write) {
                const printed = options.library ? printLibraryRoles(imported.model.libraryRoles) : printRoles(imported.model.roles);
                if (!printed.ok) {
                    throw new CliError(`cannot write these roles as spol: ${printed.problems.map((p) => p.message).join(' ')}`, ExitCode.failure);
                }
                io.out(printed.text.replace(/^\n+/, ''));
                done(ExitCode.ok);
                return;
            }

            const plan = planImport({
                workspace: existing,
                target,
                comparisons,
                elements: imported.elements,
                defaultFile: pathToFileURL(join(workspace!.root, options.library ? 'library.spol' : 'roles.spol')).toString(),
                ...(options.into !== undefined ? { into: pathToFileURL(resolve(options.into)).toString() } : {})
            });
            for (const note of plan.notes) io.err(`note: ${note}\n`);
            if (plan.problems.length > 0) {
                for (const problem of plan.problems) io.err(`spol: ${problem}\n`);
                throw new CliError('nothing was written.', ExitCode.failure);
            }
            const files = await editedFiles(plan.edits);
            // What is written must pass `spol check`: load the workspace as it would be, from memory.
            const introduced = await errorsIntroduced(workspace!, files);
            if (introduced.length > 0) {
                io.err(formatDiagnosticsText(introduced, summarize(introduced, files.length), { summaryLine: false }));
                throw new CliError(
                    `the imported roles would not pass spol check (${introduced.length} error${introduced.length === 1 ? '' : 's'} above); nothing was written. ` +
                        'Correct them in Specify or in the file, or import without --write and edit the printed spol.',
                    ExitCode.failure
                );
            }
            for (const note of await writeFilesAtomic(files)) io.err(`note: ${note}\n`);
            io.err(files.length === 0 ? 'nothing to write: every role is unchanged.\n' : `wrote ${files.map((f) => displayPath(f.path)).join(', ')}\n`);
            done(ExitCode.ok);
        });
}

interface LoadedTarget {
    readonly model: PolicyModel;
    readonly root: string;
    /** The workspace's files (absolute paths) and its diagnostics now, to compare the result of --write with. */
    readonly files: readonly string[];
    readonly diagnostics: readonly Diagnostic[];
    /** The spol.yaml files that configure it (applied again to the workspace as it would be). */
    readonly configs: readonly string[];
}

/** The workspace to compare with: the paths named, or (none named) this folder if it has .spol files. */
async function workspaceFor(named: readonly string[], writing: boolean): Promise<LoadedTarget | undefined> {
    const paths = named.length > 0 ? named : ['.'];
    const explicit = !(paths.length === 1 && paths[0] === '.');
    try {
        const workspace = await loadWorkspace([...paths]);
        const blocking = blockingDiagnostics(workspace.diagnostics);
        if (blocking.length > 0) {
            throw new CliError(`the workspace has errors (${blocking.length}, first: ${blocking[0]!.message}); run spol check and fix them first.`);
        }
        const first = resolve(paths[0]!);
        const root = (await stat(first)).isDirectory() ? first : dirname(first);
        return { model: workspace.model, root, files: workspace.files, diagnostics: workspace.diagnostics, configs: await configFilesOf(paths) };
    } catch (error) {
        if (error instanceof WorkspaceError && !explicit && !writing) return undefined;
        if (error instanceof WorkspaceError) throw new CliError(error.message);
        throw error;
    }
}

/**
 * Groups edits by file and applies them to the current text: the files to write, each keeping its
 * byte-order mark and line endings (a new file gets LF and no mark).
 */
async function editedFiles(edits: readonly TextEdit[]): Promise<{ path: string; content: string }[]> {
    const byFile = new Map<string, TextEdit[]>();
    for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
    const files: { path: string; content: string }[] = [];
    for (const [file, fileEdits] of byFile) {
        const path = file.startsWith('file:') ? fileURLToPath(file) : file;
        const { text, layout } = splitLayout(existsSync(path) ? await readForWrite(path) : '');
        files.push({ path, content: joinLayout(applyEdits(text, fileEdits), layout) });
    }
    return files;
}

async function readForWrite(path: string): Promise<string> {
    try {
        return await readSpolText(path);
    } catch (error) {
        if (error instanceof WorkspaceError) throw new CliError(`${error.message.replace(/\.$/, '')}; nothing was written.`);
        throw error;
    }
}

/**
 * The errors that the workspace would have after writing `files` and does not have now: the
 * workspace is loaded from memory (its files as on disk, the edited ones as they would be) the way
 * `spol check` loads it. Errors it already has are not the import's doing and do not stop it;
 * they are matched by file, code and message, since the edits move lines.
 */
async function errorsIntroduced(workspace: LoadedTarget, files: readonly { path: string; content: string }[]): Promise<Diagnostic[]> {
    if (files.length === 0) return [];
    const texts = new Map<string, string>();
    for (const path of workspace.files) texts.set(path, withoutByteOrderMark(await readForWrite(path)));
    for (const file of files) texts.set(resolve(file.path), withoutByteOrderMark(file.content));
    const configs = await Promise.all(workspace.configs.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
    const after = await loadWorkspaceFromTexts(
        [...texts].map(([path, text]) => ({ path, text })),
        { configs }
    );
    const key = (d: Diagnostic) => `${d.source?.file ?? ''}\u0000${d.code}\u0000${d.message}`;
    const before = new Map<string, number>();
    for (const d of workspace.diagnostics.filter((d) => d.severity === 'error')) before.set(key(d), (before.get(key(d)) ?? 0) + 1);
    return after.diagnostics.filter((d) => {
        if (d.severity !== 'error') return false;
        const left = before.get(key(d)) ?? 0;
        if (left > 0) before.set(key(d), left - 1);
        return left === 0;
    });
}
