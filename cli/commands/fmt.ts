import type { Command } from 'commander';
import type { Diagnostic } from '../../engine/diagnostic.js';
import { formatText } from '../../language/format-text.js';
import { configuredSpolFiles, readSpolText } from '../../language/workspace.js';
import { formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { displayPath } from '../paths.js';
import { CliError, ExitCode, type Io } from '../io.js';
import { writeFilesAtomic } from '../write-atomic.js';
import { asCliError } from '../workspace.js';

interface FmtOptions {
    check?: boolean;
    stdout?: boolean;
}

export function registerFmt(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('fmt')
        .description('format .spol files in place (canonical layout); --check only lists the files that would change')
        .argument('[paths...]', 'folders (every *.spol below) or .spol files', ['.'])
        .option('--check', 'change nothing; exit 1 if a file is not formatted')
        .option('--stdout', 'print the formatted text instead of writing (one file)')
        .action(async (paths: string[], options: FmtOptions) => {
            let files: string[];
            let texts: string[];
            try {
                files = await configuredSpolFiles(paths);
                // Every file is read (and known to be UTF-8 text) before anything is formatted or written.
                texts = await Promise.all(files.map(readSpolText));
            } catch (error) {
                throw asCliError(error);
            }
            if (options.stdout && files.length !== 1) throw new CliError('--stdout prints one file: name exactly one .spol file.');
            const errors: Diagnostic[] = [];
            const changed: { path: string; content: string }[] = [];
            for (const [i, file] of files.entries()) {
                const result = await formatText(texts[i]!, file);
                errors.push(...result.errors);
                if (options.stdout) io.out(result.text);
                else if (result.changed) changed.push({ path: file, content: result.text });
            }
            if (errors.length > 0) io.err(formatDiagnosticsText(errors, summarize(errors, files.length)));
            if (options.check) {
                for (const file of changed) io.out(`${displayPath(file.path)}\n`);
                done(changed.length > 0 || errors.length > 0 ? ExitCode.failure : ExitCode.ok);
                return;
            }
            if (!options.stdout) {
                for (const note of await writeFilesAtomic(changed)) io.err(`note: ${note}\n`);
                io.err(`${changed.length} of ${files.length} file${files.length === 1 ? '' : 's'} reformatted.\n`);
            }
            done(errors.length > 0 ? ExitCode.failure : ExitCode.ok);
        });
}
