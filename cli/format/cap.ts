/**
 * A cap on one file's problems in text output: a file that is not what it should be (a pasted
 * document, a half-finished edit) can raise hundreds, and the terminal then shows nothing else.
 * Text output keeps the first MAX_PER_FILE problems of each file (in the order given: by position)
 * and says in one line how many more there are. Machine formats (JSON, SARIF, GitHub, JUnit) keep
 * every problem: a program reading them wants all, and the summary counts every one in any format.
 */
import type { Diagnostic, Severity } from '../../engine/diagnostic.js';

export const MAX_PER_FILE = 20;

const WORDS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The diagnostics to print, each file's after the first `limit` replaced by one line
 * (`… and 143 more errors in this file …`) placed after that file's last one shown.
 */
export function capPerFile(diagnostics: readonly Diagnostic[], limit: number = MAX_PER_FILE): Array<Diagnostic | string> {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) {
        const file = d.source?.file ?? '';
        byFile.set(file, [...(byFile.get(file) ?? []), d]);
    }
    const out: Array<Diagnostic | string> = [];
    const hidden = new Set<Diagnostic>();
    const lastShown = new Map<Diagnostic, Diagnostic[]>();
    for (const items of byFile.values()) {
        if (items.length <= limit) continue;
        items.slice(limit).forEach((d) => hidden.add(d));
        lastShown.set(items[limit - 1]!, items.slice(limit));
    }
    for (const d of diagnostics) {
        if (hidden.has(d)) continue;
        out.push(d);
        const rest = lastShown.get(d);
        if (rest) out.push(moreLine(rest));
    }
    return out;
}

function moreLine(rest: readonly Diagnostic[]): string {
    const counts = (['error', 'warning', 'info'] as const)
        .map((severity) => [severity, rest.filter((d) => d.severity === severity).length] as const)
        .filter(([, n]) => n > 0);
    const plural = (n: number, severity: Severity) => `${n} ${WORDS[severity]}${n === 1 ? '' : 's'}`;
    const what =
        counts.length === 1
            ? `… and ${rest.length} more ${WORDS[counts[0]![0]]}${rest.length === 1 ? '' : 's'} in this file`
            : `… and ${rest.length} more in this file: ${counts.map(([severity, n]) => plural(n, severity)).join(', ')}`;
    return `${what} (--format json lists every one).`;
}
