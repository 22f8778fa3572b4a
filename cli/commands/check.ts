import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { ExitCode, type Io } from '../io.js';
import { paintFor } from '../format/colour.js';
import { failsAt, formatDiagnosticsJson, formatDiagnosticsText, summarize } from '../format/diagnostics.js';
import { formatDiagnosticsGithub } from '../format/github.js';
import { formatDiagnosticsJunit, tooManyWarningsMessage } from '../format/junit.js';
import { formatDiagnosticsSarif } from '../format/sarif.js';
import { spolPackage } from '../version.js';
import { loadForCli } from '../workspace.js';
import { parseFailLevel, parseFormat, parseMaxWarnings } from '../options.js';

interface CheckOptions {
    readonly format: string;
    readonly failLevel: string;
    readonly maxWarnings?: string;
    readonly quiet?: boolean;
    readonly color: boolean;
}

/**
 * `spol check`: every problem of the workspace in one of five formats, and the gates a CI needs.
 * Exit 1 when a finding is at or above `--fail-level` (default error) or the warnings are more than
 * `--max-warnings`; `--quiet` reports only the findings that fail the run. The counts in summaries
 * are always of every finding, so a quiet run that fails on warnings still says why.
 */
export function registerCheck(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('check')
        .description('parse, link and lint a workspace; print every problem as file:line:col severity code message')
        .argument('[paths...]', 'folders (every *.spol below) or .spol files', ['.'])
        .option('-f, --format <format>', 'output format: text, json, sarif, github or junit', 'text')
        .option('--fail-level <level>', 'the least severity that fails the check (exit 1): error or warning', 'error')
        .option('--max-warnings <n>', 'also fail the check when there are more than n warnings')
        .option('-q, --quiet', 'report only the findings that fail the check, and nothing on a clean run')
        .option('--no-color', 'no colour in text output (as NO_COLOR=1 does); colour is only ever used on a terminal')
        .action(async (paths: string[], options: CheckOptions) => {
            const started = performance.now();
            const format = parseFormat(options.format, ['text', 'json', 'sarif', 'github', 'junit']);
            const failLevel = parseFailLevel(options.failLevel);
            const maxWarnings = options.maxWarnings === undefined ? undefined : parseMaxWarnings(options.maxWarnings);
            const workspace = await loadForCli(paths);
            const summary = summarize(workspace.diagnostics, workspace.files.length);
            const failing = workspace.diagnostics.filter((d) => failsAt(d.severity, failLevel));
            const tooManyWarnings = maxWarnings !== undefined && summary.warning > maxWarnings;
            const failed = failing.length > 0 || tooManyWarnings;
            const diagnostics = options.quiet ? failing : workspace.diagnostics;
            const warningsNote = tooManyWarnings ? `${tooManyWarningsMessage(summary.warning, maxWarnings)}\n` : '';
            switch (format) {
                case 'json':
                    io.out(formatDiagnosticsJson(diagnostics, summary));
                    break;
                case 'sarif':
                    io.out(formatDiagnosticsSarif(diagnostics, spolPackage()));
                    break;
                case 'github':
                    io.out(formatDiagnosticsGithub(diagnostics));
                    break;
                case 'junit':
                    io.out(
                        formatDiagnosticsJunit(diagnostics, {
                            files: workspace.files,
                            failLevel,
                            ...(maxWarnings !== undefined ? { maxWarnings: { limit: maxWarnings, warnings: summary.warning } } : {}),
                            seconds: (performance.now() - started) / 1000
                        })
                    );
                    break;
                default: {
                    const paint = paintFor({ flag: options.color, isTTY: io.outIsTTY, env: process.env });
                    io.out(formatDiagnosticsText(diagnostics, summary, { paint, summaryLine: !options.quiet || failed }) + warningsNote);
                }
            }
            // Machine formats keep their shape; the reason for failing on warnings goes to stderr.
            if (format !== 'text' && warningsNote) io.err(`spol: ${warningsNote}`);
            done(failed ? ExitCode.failure : ExitCode.ok);
        });
}
