/**
 * The tokens of spol text as Langium's lexer (Chevrotain over the grammar's terminals and keywords)
 * makes them, for the direct reader of read-model-text.ts: the same tokens with the same images and
 * the same positions, or a stop (`Kind.Error`) wherever that lexer would report an error.
 *
 * What Chevrotain does with spol's token types (language/spol.langium; Langium's DefaultTokenBuilder
 * lists the keywords first, longest first, each with the terminals WILDCARD and ID as longer
 * alternatives, then the terminals in the grammar's order) comes down to this, by first character:
 * - white space (JavaScript's `\s`) runs to the next non-space and is skipped;
 * - `/` is a block comment when `/*` is closed, else a line comment when `//`, else a RESOURCE;
 * - a word (`[A-Za-z0-9_.-]` and the escapes `\%`, `\_`, `\\`) is a WILDCARD when that terminal
 *   matches at all (it always reaches past any keyword, which holds no `%` or `\`), else an ID when
 *   it starts with a letter or `_` (a keyword when the ID's image is one), else an error;
 * - `"` starts a STRING, which must close on its line; `{`, `}`, `,` and `:` are keywords.
 * Positions are Chevrotain's: lines end at `\n`, `\r\n` or `\r` (only white space and block
 * comments can hold them), columns count UTF-16 units from the line's start, both from 0 here.
 */

/** What a token is: a terminal, punctuation, a keyword (by its text), the end, or an error. */
export const Kind = {
    End: 0,
    Error: 1,
    Id: 2,
    String: 3,
    Resource: 4,
    Wildcard: 5,
    LeftBrace: 6,
    RightBrace: 7,
    Comma: 8,
    Colon: 9,
    Institution: 10,
    Division: 11,
    Discipline: 12,
    Type: 13,
    Collection: 14,
    Code: 15,
    Library: 16,
    Role: 17,
    Description: 18,
    In: 19,
    From: 20,
    Allow: 21,
    Without: 22,
    Access: 23,
    Admin: 24,
    Roles: 25,
    Group: 26,
    Collections: 27,
    User: 28,
    Agent: 29,
    Specify6: 30
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** The grammar's keywords made of letters and digits (each also matches ID; the lexer prefers the keyword). */
const KEYWORDS: ReadonlyMap<string, Kind> = new Map([
    ['institution', Kind.Institution],
    ['division', Kind.Division],
    ['discipline', Kind.Discipline],
    ['type', Kind.Type],
    ['collection', Kind.Collection],
    ['code', Kind.Code],
    ['library', Kind.Library],
    ['role', Kind.Role],
    ['description', Kind.Description],
    ['in', Kind.In],
    ['from', Kind.From],
    ['allow', Kind.Allow],
    ['without', Kind.Without],
    ['access', Kind.Access],
    ['admin', Kind.Admin],
    ['roles', Kind.Roles],
    ['group', Kind.Group],
    ['collections', Kind.Collections],
    ['user', Kind.User],
    ['agent', Kind.Agent],
    ['specify6', Kind.Specify6]
]);

/** The grammar's WILDCARD terminal, as a sticky expression: run only where a word meets `%` or `\`. */
const WILDCARD = /(?:[A-Za-z0-9_.\-]|\\[%_\\])*(?:%|\\[%_\\])(?:[A-Za-z0-9_%.\-]|\/(?!\/)|\\[%_\\])*/y;

/** JavaScript's `\s` (the WS terminal's class) beyond ASCII. */
const WIDE_SPACE = /\s/;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const QUOTE = 34;
const PERCENT = 37;
const UNDERSCORE = 95;

/** `[A-Za-z0-9_.-]`: the characters of an ID after its first, and of a word. */
function isWordChar(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === UNDERSCORE || c === 46 || c === 45;
}

/** `[_a-zA-Z]`: the first character of an ID. */
function isIdStart(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE;
}

/** `[A-Za-z0-9_%.\-\/]`: a RESOURCE's characters besides its escapes. */
function isResourceChar(c: number): boolean {
    return isWordChar(c) || c === PERCENT || c === SLASH;
}

/** `%`, `_` or `\`: what may follow a backslash in an escape. */
function isEscaped(c: number): boolean {
    return c === PERCENT || c === UNDERSCORE || c === BACKSLASH;
}

function isSpace(c: number): boolean {
    if (c < 128) return c === 32 || (c >= 9 && c <= 13);
    return WIDE_SPACE.test(String.fromCharCode(c));
}

/** What `.` does not match in an expression without the `s` flag: the STRING terminal's `\\.` stops there. */
function isLineBreakForDot(c: number): boolean {
    return c === NEWLINE || c === CARRIAGE_RETURN || c === 0x2028 || c === 0x2029;
}

/** A line comment (`//` to the line's end, SL_COMMENT) passed over: its offsets and where it starts. */
export interface LineComment {
    readonly start: number;
    readonly end: number;
    readonly line: number;
    readonly character: number;
}

/**
 * Reads the tokens of one text in order: `next()` moves to the next token and sets `kind`, `start`,
 * `end` (UTF-16 offsets, end excluded), `line` and `character` (where it starts). Comments and white
 * space are passed over; the line comments passed are added to `lineComments` when it is set (the
 * suppressions are written in them).
 * After an `Error` or the `End`, it stays there.
 */
export class ModelTextLexer {
    kind: Kind = Kind.End;
    start = 0;
    end = 0;
    line = 0;
    character = 0;
    /** Where the text not yet read begins, its line, and the offset at which that line begins. */
    private offset = 0;
    private currentLine = 0;
    private lineStart = 0;

    constructor(
        readonly text: string,
        readonly lineComments?: LineComment[]
    ) {}

    /** The token's text. */
    image(): string {
        return this.text.slice(this.start, this.end);
    }

    /** The kind of the token after the current one, without moving. */
    peekKind(): Kind {
        const { kind, start, end, line, character, offset, currentLine, lineStart } = this;
        const comments = this.lineComments?.length ?? 0;
        this.next();
        const after = this.kind;
        Object.assign(this, { kind, start, end, line, character, offset, currentLine, lineStart });
        // The comments before that token are passed again by the next `next()`.
        if (this.lineComments) this.lineComments.length = comments;
        return after;
    }

    next(): void {
        if (this.kind === Kind.Error) return;
        const text = this.text;
        const length = text.length;
        let i = this.offset;
        for (;;) {
            if (i >= length) {
                this.set(Kind.End, i, i);
                return;
            }
            const c = text.charCodeAt(i);
            if (isSpace(c)) {
                let stop = i + 1;
                while (stop < length && isSpace(text.charCodeAt(stop))) stop++;
                i = this.passLineEnds(i, stop);
                continue;
            }
            if (c === SLASH) {
                const d = text.charCodeAt(i + 1);
                if (d === STAR) {
                    const close = text.indexOf('*/', i + 2);
                    if (close >= 0) {
                        i = this.passLineEnds(i, close + 2);
                        continue;
                    }
                } else if (d === SLASH) {
                    const start = i;
                    i += 2;
                    while (i < length) {
                        const e = text.charCodeAt(i);
                        if (e === NEWLINE || e === CARRIAGE_RETURN) break;
                        i++;
                    }
                    this.lineComments?.push({ start, end: i, line: this.currentLine, character: start - this.lineStart });
                    continue;
                }
                let j = i + 1;
                for (;;) {
                    const e = text.charCodeAt(j);
                    if (isResourceChar(e)) j++;
                    else if (e === BACKSLASH && isEscaped(text.charCodeAt(j + 1))) j += 2;
                    else break;
                }
                this.set(Kind.Resource, i, j);
                return;
            }
            if (c === QUOTE) {
                let j = i + 1;
                for (;;) {
                    if (j >= length) return this.fail(i);
                    const e = text.charCodeAt(j);
                    if (e === QUOTE) break;
                    if (e === BACKSLASH) {
                        if (j + 1 >= length || isLineBreakForDot(text.charCodeAt(j + 1))) return this.fail(i);
                        j += 2;
                    } else if (e === NEWLINE || e === CARRIAGE_RETURN) {
                        return this.fail(i);
                    } else {
                        j++;
                    }
                }
                this.set(Kind.String, i, j + 1);
                return;
            }
            switch (c) {
                case 123:
                    return this.set(Kind.LeftBrace, i, i + 1);
                case 125:
                    return this.set(Kind.RightBrace, i, i + 1);
                case 44:
                    return this.set(Kind.Comma, i, i + 1);
                case 58:
                    return this.set(Kind.Colon, i, i + 1);
            }
            if (isWordChar(c) || c === PERCENT || c === BACKSLASH) {
                let j = i;
                while (j < length && isWordChar(text.charCodeAt(j))) j++;
                const after = text.charCodeAt(j);
                if (after === PERCENT || after === BACKSLASH) {
                    WILDCARD.lastIndex = i;
                    const match = WILDCARD.exec(text);
                    if (match) return this.set(Kind.Wildcard, i, i + match[0].length);
                }
                if (!isIdStart(c)) return this.fail(i);
                const keyword = j - i <= 11 ? KEYWORDS.get(text.slice(i, j)) : undefined;
                return this.set(keyword ?? Kind.Id, i, j);
            }
            return this.fail(i);
        }
    }

    private set(kind: Kind, start: number, end: number): void {
        this.kind = kind;
        this.start = start;
        this.end = end;
        this.line = this.currentLine;
        this.character = start - this.lineStart;
        this.offset = end;
    }

    private fail(at: number): void {
        this.set(Kind.Error, at, at);
    }

    /** Passes over the characters from `i` to `stop` (white space or a comment), counting line ends; returns `stop`. */
    private passLineEnds(i: number, stop: number): number {
        const text = this.text;
        for (let j = i; j < stop; j++) {
            const c = text.charCodeAt(j);
            if (c === NEWLINE) {
                this.currentLine++;
                this.lineStart = j + 1;
            } else if (c === CARRIAGE_RETURN) {
                // `\r\n` is one line end: the `\n` then ends nothing more.
                if (j + 1 < stop && text.charCodeAt(j + 1) === NEWLINE) j++;
                this.currentLine++;
                this.lineStart = j + 1;
            }
        }
        return stop;
    }
}
