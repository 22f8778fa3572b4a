import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportFor, exportInstitution, lossyFindings, type ExportTarget, type LossyFinding } from '../../engine/interchange/index.js';
import { ModelIndex } from '../../engine/model/stored.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { formatLocation } from '../format/location.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { askEngine, loadForCli } from '../workspace.js';
import { writeFilesAtomic } from '../write-atomic.js';
import { writeFolderAtomic } from '../write-folder-atomic.js';

interface ExportOptions {
    collection?: string;
    library?: boolean;
    role?: string;
    all?: boolean;
    rest?: boolean;
    output?: string;
}

export function registerExport(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('export')
        .description("write roles as Specify's Security and Accounts Export file (or REST bodies); --all writes the whole institution as a folder")
        .argument('[paths...]', 'workspace folders or .spol files', ['.'])
        .option('-c, --collection <collection>', "a collection's roles (with --role: that role's copy there)")
        .option('-l, --library', 'the library roles')
        .option('-r, --role <role>', 'one role (collection role or library role)')
        .option('-a, --all', 'everything, as a folder of files with a manifest (needs -o)')
        .option('--rest', 'REST bodies ({name, description, policies: {resource: [actions]}}) instead of the Export file shape')
        .option('-o, --output <path>', 'write to this file (or folder, with --all) instead of standard output')
        .action(async (paths: string[], options: ExportOptions) => {
            const what = [options.all, options.library, options.role !== undefined, options.collection !== undefined && options.role === undefined].filter(Boolean).length;
            if (what !== 1) {
                throw new CliError('say what to export: --collection <C>, --library, --role <R> [--collection <C>] or --all -o <folder> (one of them).');
            }
            if (options.all && options.output === undefined) throw new CliError('--all writes a folder: give it with -o <folder>.');
            if (options.rest && (options.all || options.role !== undefined)) throw new CliError('--rest goes with --collection or --library.');

            const workspace = await loadForCli(paths);
            const errors = workspace.diagnostics.filter((d) => d.severity === 'error');
            if (errors.length > 0) {
                io.err(formatDiagnosticsText(errors, summarize(errors, workspace.files.length)));
                throw new CliError('the workspace has errors; Specify could reject or mis-read what would be exported, so nothing was written.', ExitCode.failure);
            }
            const index = new ModelIndex(workspace.model);

            if (options.all) {
                const files = exportInstitution(index);
                const notes = await writeFolderAtomic({ folder: options.output!, files, mayReplace: replaceableExport });
                for (const note of notes) io.err(`note: ${note}\n`);
                warnLossy(io, lossyFindings(index));
                io.err(`wrote ${files.length} files to ${options.output}\n`);
                done(ExitCode.ok);
                return;
            }

            const target: ExportTarget = options.library
                ? { library: true, rest: options.rest === true }
                : options.role !== undefined
                  ? { role: options.role, ...(options.collection !== undefined ? { collection: options.collection } : {}) }
                  : { collection: options.collection!, rest: options.rest === true };
            const { content, findings } = askEngine(() => exportFor(index, target));
            if (options.output !== undefined) {
                const notes = await writeFilesAtomic([{ path: resolve(options.output), content }]);
                for (const note of notes) io.err(`note: ${note}\n`);
                io.err(`wrote ${options.output}\n`);
            } else {
                io.out(content.endsWith('\n') ? content : `${content}\n`);
            }
            warnLossy(io, findings);
            done(ExitCode.ok);
        });
}

function warnLossy(io: Io, findings: readonly LossyFinding[]): void {
    for (const finding of findings) io.err(`${formatLocation(finding.source)} warning lossy-export ${finding.message}\n`);
}

/**
 * --all replaces the output folder as a whole: it may replace an empty folder or an earlier export
 * (its manifest.json says so), never a folder of other things (a workspace named by mistake).
 */
async function replaceableExport(folder: string): Promise<string | undefined> {
    const entries = await readdir(folder).catch(() => undefined);
    if (entries === undefined) return 'cannot be read, and --all replaces the whole folder';
    if (entries.length === 0) return undefined;
    const manifest = await readFile(join(folder, 'manifest.json'), 'utf8')
        .then((text) => JSON.parse(text) as unknown)
        .catch(() => undefined);
    if ((manifest as { format?: unknown } | undefined)?.format === 'spol-specify-export') return undefined;
    return 'is neither empty nor an earlier export (it has no manifest.json from spol export --all), and --all replaces the whole folder: name a new or empty folder';
}
