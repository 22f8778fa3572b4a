/**
 * Colour for text output on a terminal: severity words and codes in `check`, FAIL and the counts in
 * `test`. Nothing else is coloured, and nothing at all unless the output is a terminal: piped or
 * redirected output (a CI log, `| grep`, a file) stays plain text that the line formats promise.
 *
 * The choice, first rule that applies wins:
 *   `--no-color` → none; `FORCE_COLOR` set → colour unless it is `0` or `false` (as Node decides);
 *   `NO_COLOR` non-empty (no-color.org) → none; `TERM=dumb` → none; otherwise colour on a TTY only.
 * Plain ANSI SGR codes, each closed by its own reset (39 for colours, 22 for bold and dim), so a
 * painted word never leaks into the rest of the line.
 */
import type { Severity } from '../../engine/diagnostic.js';

export interface Paint {
    /** `error`, `warning`, `info` as the word is printed. */
    severity(severity: Severity, text?: string): string;
    /** A diagnostic code such as `unknown-resource`. */
    code(text: string): string;
    /** A passing count or word (`3 passed`). */
    pass(text: string): string;
    /** A failing word or count (`FAIL`, `2 failed`). */
    fail(text: string): string;
}

export const plainPaint: Paint = {
    severity: (severity, text = severity) => text,
    code: (text) => text,
    pass: (text) => text,
    fail: (text) => text
};

const sgr = (open: string, close: string) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const red = sgr('31', '39');
const boldRed = (text: string) => sgr('1', '22')(red(text));
const yellow = sgr('33', '39');
const cyan = sgr('36', '39');
const green = sgr('32', '39');
const dim = sgr('2', '22');

const SEVERITY_COLOUR: Record<Severity, (text: string) => string> = { error: boldRed, warning: yellow, info: cyan };

export const ansiPaint: Paint = {
    severity: (severity, text = severity) => SEVERITY_COLOUR[severity](text),
    code: dim,
    pass: green,
    fail: boldRed
};

export interface ColourContext {
    /** False when `--no-color` was given. */
    readonly flag: boolean;
    /** Whether the output stream is a terminal. */
    readonly isTTY: boolean | undefined;
    readonly env: Readonly<Record<string, string | undefined>>;
}

export function wantsColour({ flag, isTTY, env }: ColourContext): boolean {
    if (!flag) return false;
    const force = env['FORCE_COLOR'];
    if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
    if ((env['NO_COLOR'] ?? '') !== '') return false;
    if (env['TERM'] === 'dumb') return false;
    return isTTY === true;
}

export function paintFor(context: ColourContext): Paint {
    return wantsColour(context) ? ansiPaint : plainPaint;
}
