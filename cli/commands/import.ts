import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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
import { loadWorkspace, WorkspaceError } from '../../language/workspace.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { displayPath } from '../paths.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { blockingDiagnostics } from '../../engine/diagnostic.js';
import { askEngine } from '../workspace.js';
import { collectionNamed } from '../../engine/decision/query-names.js';
import { writeFilesAtomic } from '../write-atomic.js';

interface ImportOptions {
    collection?: string;
    library?: boolean;
    write?: boolean;
    into?: string;
}

export function registerImport(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('import')
        .description("read Specify role JSON (the Export file or REST bodies), compare it with the workspace as Specify's Import dialog does, and print it as spol (or --write it)")
        .argument('<file>', 'a .json file from Specify (Export button or /permissions/ REST)')
        .argument('[paths...]', 'the workspace folders or .spol files to import into (default: this folder, if it holds .spol files)')
        .option('-c, --collection <collection>', 'import as roles of this collection')
        .option('-l, --library', 'import as library roles')
        .option('-w, --write', 'write the changed and new roles into the workspace (atomically)')
        .option('--into <file>', 'the .spol file new roles are appended to (default: beside the existing ones)')
        .action(async (file: string, paths: string[], options: ImportOptions) => {
            if ((options.collection === undefined) === (options.library !== true)) {
                throw new CliError('say where the roles go: --collection <C> or --library (one of them).');
            }
            const text = await readFile(file, 'utf8').catch(() => {
                throw new CliError(`cannot read '${file}'.`);
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
            const written = await applyPlan(plan.edits);
            io.err(written.length === 0 ? 'nothing to write: every role is unchanged.\n' : `wrote ${written.map(displayPath).join(', ')}\n`);
            done(ExitCode.ok);
        });
}

interface LoadedTarget {
    readonly model: PolicyModel;
    readonly root: string;
}

/** The workspace to compare with: the paths named, or this folder if it has .spol files. */
async function workspaceFor(paths: readonly string[], writing: boolean): Promise<LoadedTarget | undefined> {
    const explicit = !(paths.length === 1 && paths[0] === '.');
    try {
        const workspace = await loadWorkspace([...paths]);
        const blocking = blockingDiagnostics(workspace.diagnostics);
        if (blocking.length > 0) {
            throw new CliError(`the workspace has errors (${blocking.length}, first: ${blocking[0]!.message}); run spol check and fix them first.`);
        }
        return { model: workspace.model, root: resolve(paths[0] ?? '.') };
    } catch (error) {
        if (error instanceof WorkspaceError && !explicit && !writing) return undefined;
        if (error instanceof WorkspaceError) throw new CliError(error.message);
        throw error;
    }
}

/** Groups edits by file, applies them to the current text, and writes every file atomically. */
async function applyPlan(edits: readonly TextEdit[]): Promise<string[]> {
    const byFile = new Map<string, TextEdit[]>();
    for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
    const files: { path: string; content: string }[] = [];
    for (const [file, fileEdits] of byFile) {
        const path = file.startsWith('file:') ? fileURLToPath(file) : file;
        const current = await readFile(path, 'utf8').catch((error: { code?: string }) => {
            if (error.code === 'ENOENT') return '';
            throw new CliError(`cannot read '${displayPath(path)}'; nothing was written.`);
        });
        files.push({ path, content: applyEdits(current, fileEdits) });
    }
    await writeFilesAtomic(files);
    return files.map((f) => f.path);
}
