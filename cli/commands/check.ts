import type { Command } from 'commander';
import { ExitCode, type Io } from '../io.js';
import { formatDiagnosticsJson, formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { loadForCli } from '../workspace.js';
import { parseFormat } from '../options.js';

export function registerCheck(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('check')
        .description('parse, link and lint a workspace; print every problem as file:line:col severity code message')
        .argument('[paths...]', 'folders (every *.spol below) or .spol files', ['.'])
        .option('-f, --format <format>', 'output format: text or json', 'text')
        .action(async (paths: string[], options: { format: string }) => {
            const format = parseFormat(options.format, ['text', 'json']);
            const workspace = await loadForCli(paths);
            const summary = summarize(workspace.diagnostics, workspace.files.length);
            io.out(
                format === 'json'
                    ? formatDiagnosticsJson(workspace.diagnostics, summary)
                    : formatDiagnosticsText(workspace.diagnostics, summary)
            );
            done(summary.error > 0 ? ExitCode.failure : ExitCode.ok);
        });
}
