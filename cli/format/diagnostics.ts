import type { Diagnostic, Severity } from '../../engine/diagnostic.js';
import { formatLocation, locationFields } from './location.js';

export interface DiagnosticSummary {
    readonly files: number;
    readonly error: number;
    readonly warning: number;
    readonly info: number;
}

export function summarize(diagnostics: readonly Diagnostic[], files: number): DiagnosticSummary {
    const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length;
    return { files, error: count('error'), warning: count('warning'), info: count('info') };
}

/** `file:line:col severity code message`, one per line, then a summary line. */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], summary: DiagnosticSummary): string {
    const lines = diagnostics.map((d) => `${formatLocation(d.source)} ${d.severity} ${d.code} ${d.message}${pointerOf(d)}`);
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
