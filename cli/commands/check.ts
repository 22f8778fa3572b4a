import type { Command } from 'commander';
import { ExitCode, type Io } from '../io.js';
import { formatDiagnosticsJson, formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { formatDiagnosticsGithub } from '../format/github.js';
import { formatDiagnosticsSarif } from '../format/sarif.js';
import { spolVersion } from '../version.js';
import { loadForCli } from '../workspace.js';
import { parseFormat } from '../options.js';

export function registerCheck(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('check')
        .description('parse, link and lint a workspace; print every problem as file:line:col severity code message')
        .argument('[paths...]', 'folders (every *.spol below) or .spol files', ['.'])
        .option('-f, --format <format>', 'output format: text, json, sarif or github', 'text')
        .action(async (paths: string[], options: { format: string }) => {
            const format = parseFormat(options.format, ['text', 'json', 'sarif', 'github']);
            const workspace = await loadForCli(paths);
            const summary = summarize(workspace.diagnostics, workspace.files.length);
            const { diagnostics } = workspace;
            switch (format) {
                case 'json':
                    io.out(formatDiagnosticsJson(diagnostics, summary));
                    break;
                case 'sarif':
                    io.out(formatDiagnosticsSarif(diagnostics, spolVersion()));
                    break;
                case 'github':
                    io.out(formatDiagnosticsGithub(diagnostics));
                    break;
                default:
                    io.out(formatDiagnosticsText(diagnostics, summary));
            }
            done(summary.error > 0 ? ExitCode.failure : ExitCode.ok);
        });
}
