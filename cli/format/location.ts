import type { Source } from '../../engine/model/policy-model.js';
import { displayPath } from '../paths.js';

/** `file:line:col`, one-based as editors and compilers print it. */
export function formatLocation(source: Source | undefined): string {
    if (!source) return '<workspace>';
    const { line, character } = source.range.start;
    return `${displayPath(source.file)}:${line + 1}:${character + 1}`;
}

/** One-based location fields for machine output. */
export function locationFields(source: Source | undefined): Record<string, unknown> {
    if (!source) return { file: null };
    const { start, end } = source.range;
    return {
        file: displayPath(source.file),
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1
    };
}
