import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportFor, exportInstitution, lossyFindings, type ExportTarget, type LossyFinding } from '../../engine/interchange/index.js';
import { ModelIndex } from '../../engine/model/stored.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { formatLocation } from '../format/location.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { askEngine, loadForCli } from '../workspace.js';
import { writeFilesAtomic } from '../write-atomic.js';

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
                const folder = resolve(options.output!);
                const files = exportInstitution(index);
                await writeFilesAtomic(files.map((file) => ({ path: resolve(folder, ...file.path.split('/')), content: file.content })));
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
                await writeFilesAtomic([{ path: resolve(options.output), content }]);
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
