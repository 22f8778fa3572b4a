import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
    collectionRoleBodies,
    exportCollectionRoles,
    exportInstitution,
    exportLibraryRoles,
    exportRole,
    libraryRoleBodies,
    lossyLibraryRole,
    lossyRoleCopy,
    lossyFindings,
    numberModel,
    stringifyExport,
    type LossyFinding
} from '../../engine/interchange/index.js';
import { ModelIndex } from '../../engine/model/stored.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { formatLocation } from '../format/location.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { requireNamed } from '../names.js';
import { loadForCli } from '../workspace.js';
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
            const numbering = numberModel(index);

            if (options.all) {
                const folder = resolve(options.output!);
                const files = exportInstitution(index);
                await writeFilesAtomic(files.map((file) => ({ path: resolve(folder, ...file.path.split('/')), content: file.content })));
                warnLossy(io, lossyFindings(index));
                io.err(`wrote ${files.length} files to ${options.output}\n`);
                done(ExitCode.ok);
                return;
            }

            let content: string;
            let findings: LossyFinding[];
            if (options.library) {
                content = options.rest ? json(libraryRoleBodies(index, numbering)) : stringifyExport(exportLibraryRoles(index, numbering));
                findings = workspace.model.libraryRoles.flatMap((role) => lossyLibraryRole(index, role));
            } else if (options.role !== undefined) {
                ({ content, findings } = exportOneRole(workspace.model, index, options.role, options.collection));
            } else {
                const collection = requireNamed('collection', options.collection!, index.collections).name;
                const copies = numbering.roleCopiesIn(collection);
                content = options.rest
                    ? json(collectionRoleBodies(index, collection, numbering).roles)
                    : stringifyExport(exportCollectionRoles(index, collection, numbering));
                findings = copies.flatMap((copy) => lossyRoleCopy(index, copy.role, collection));
            }
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

function exportOneRole(model: PolicyModel, index: ModelIndex, name: string, collection: string | undefined): { content: string; findings: LossyFinding[] } {
    const role = index.roles.get(name);
    if (role) {
        if (collection !== undefined) {
            requireNamed('collection', collection, index.collections);
            if (!role.collections.some((ref) => ref.name === collection)) {
                throw new CliError(`role ${name} is not declared for ${collection} (only ${role.collections.map((ref) => ref.name).join(', ')}).`);
            }
        }
        const copies = collection !== undefined ? [collection] : role.collections.map((ref) => ref.name).filter((c) => index.collections.has(c));
        // The copies of one role are identical apart from their ids, so without --collection the
        // first copy stands for all, as the role's own page in Specify would export it.
        const exported = exportRole(model, role, copies[0]);
        return { content: stringifyExport(exported), findings: copies.slice(0, 1).flatMap((c) => lossyRoleCopy(index, role, c)) };
    }
    const libraryRole = requireNamed('role or library role', name, new Map([...index.libraryRoles, ...index.roles]));
    return { content: stringifyExport(exportRole(model, libraryRole)), findings: lossyLibraryRole(index, index.libraryRoles.get(name)!) };
}

function warnLossy(io: Io, findings: readonly LossyFinding[]): void {
    for (const finding of findings) io.err(`${formatLocation(finding.source)} warning lossy-export ${finding.message}\n`);
}

function json(value: unknown): string {
    return `${JSON.stringify(value, null, 2)}\n`;
}
