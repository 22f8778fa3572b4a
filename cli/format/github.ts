/**
 * GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request
 * (`::error file=…,line=…,col=…::message`). Values are escaped as the runner requires.
 */
import type { Diagnostic, Severity } from '../../engine/diagnostic.js';
import { displayPath } from '../paths.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(text: string): string {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
    return diagnostics
        .map((d) => {
            const props = [`title=${escapeProperty(`spol ${d.code}`)}`];
            if (d.source) {
                const { start, end } = d.source.range;
                props.unshift(
                    `file=${escapeProperty(displayPath(d.source.file))}`,
                    `line=${start.line + 1}`,
                    `col=${start.character + 1}`,
                    `endLine=${end.line + 1}`,
                    `endColumn=${end.character + 1}`
                );
            }
            return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}\n`;
        })
        .join('');
}
