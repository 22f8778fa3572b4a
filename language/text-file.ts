/**
 * What a .spol file's bytes say beyond its text: a UTF-8 byte-order mark and its line endings.
 * The language works on the text as an editor shows it (no mark; `\n`, `\r\n` or both); tools
 * that write a file back (`spol fmt`, `spol import --write`) take these apart first and put
 * them back after, so that a CRLF file stays CRLF on every line and a file with a mark keeps it.
 *
 * A file whose lines end in different ways is written back with its dominant ending (the one
 * more of its lines use; LF on a tie), so `spol fmt --check` reports a mixed file as one that
 * would change. Plain string functions: no I/O, no Langium.
 */

export const BYTE_ORDER_MARK = '\uFEFF';

export type LineEnding = '\n' | '\r\n';

export interface TextLayout {
    /** The file starts with a UTF-8 byte-order mark. */
    readonly byteOrderMark: boolean;
    /** The ending its lines are written back with: the dominant one, LF on a tie or without lines. */
    readonly lineEnding: LineEnding;
}

/** The text without a leading byte-order mark: what an editor shows and what positions count. */
export function withoutByteOrderMark(text: string): string {
    return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/** The file's layout and its text without the mark and with every line ending `\n`. */
export function splitLayout(raw: string): { readonly text: string; readonly layout: TextLayout } {
    const byteOrderMark = raw.startsWith(BYTE_ORDER_MARK);
    const body = byteOrderMark ? raw.slice(1) : raw;
    const crlf = body.match(/\r\n/g)?.length ?? 0;
    const lf = (body.match(/\n/g)?.length ?? 0) - crlf;
    return { text: body.replace(/\r\n/g, '\n'), layout: { byteOrderMark, lineEnding: crlf > lf ? '\r\n' : '\n' } };
}

/** `text` (lines ending `\n`) written back with `layout`'s mark and line ending. */
export function joinLayout(text: string, layout: TextLayout): string {
    const body = layout.lineEnding === '\n' ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n');
    return layout.byteOrderMark ? `${BYTE_ORDER_MARK}${body}` : body;
}
