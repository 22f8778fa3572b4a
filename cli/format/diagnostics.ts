import type { Diagnostic, Severity } from '../../engine/diagnostic.js';
import { capPerFile } from './cap.js';
import { plainPaint, type Paint } from './colour.js';
import { formatLocation, locationFields } from './location.js';

export interface DiagnosticSummary {
    readonly files: number;
    readonly error: number;
    readonly warning: number;
    readonly info: number;
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** Does a finding of this severity fail a run at this fail level (`check --fail-level`)? */
export function failsAt(severity: Severity, failLevel: Severity): boolean {
    return RANK[severity] >= RANK[failLevel];
}

export function summarize(diagnostics: readonly Diagnostic[], files: number): DiagnosticSummary {
    const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length;
    return { files, error: count('error'), warning: count('warning'), info: count('info') };
}

export interface TextOptions {
    /** Colours for the severity word and the code (format/colour.ts); plain by default. */
    readonly paint?: Paint;
    /** False to leave out the summary line (`check --quiet` on a passing run). */
    readonly summaryLine?: boolean;
}

/** `file:line:col severity code message`, one per line, then a summary line. */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], summary: DiagnosticSummary, options: TextOptions = {}): string {
    const { paint = plainPaint, summaryLine = true } = options;
    // At most MAX_PER_FILE problems of one file, then a line counting the rest (format/cap.ts).
    const lines = capPerFile(diagnostics).map((d) =>
        typeof d === 'string' ? d : `${formatLocation(d.source)} ${paint.severity(d.severity)} ${paint.code(d.code)} ${d.message}${pointerOf(d)}`
    );
    if (!summaryLine) return lines.map((line) => `${line}\n`).join('');
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const counts = [plural(summary.error, 'error'), plural(summary.warning, 'warning')];
    if (summary.info > 0) counts.push(plural(summary.info, 'note'));
    lines.push(
        summary.error + summary.warning + summary.info === 0
            ? `${plural(summary.files, 'file')} checked: no problems.`
            : `${plural(summary.files, 'file')} checked: ${counts.join(', ')}.`
    );
    return lines.join('\n') + '\n';
}

/** Problems in JSON input carry their JSON pointer; the text shows it after the message. */
function pointerOf(d: Diagnostic): string {
    const pointer = d.data?.['pointer'];
    return typeof pointer === 'string' ? ` (at ${pointer === '' ? 'the top level' : pointer})` : '';
}

export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[], summary: DiagnosticSummary): string {
    const rows = diagnostics.map((d) => ({
        ...locationFields(d.source),
        severity: d.severity,
        code: d.code,
        message: d.message,
        ...(d.data ? { data: d.data } : {})
    }));
    return JSON.stringify({ summary, diagnostics: rows }, null, 2) + '\n';
}
