/**
 * JSON with positions: a small tokenizer and parser that accepts exactly what `JSON.parse` accepts,
 * builds the same value, and remembers where every value and property name was written, so that a
 * JSON pointer (an ajv `instancePath`, a role's `/3/policies/1/resource`) can be shown as
 * `line:column` in the file, and a syntax error as the place where the text stops being JSON.
 *
 * `JSON.parse` does not tell where an error is in a form we can rely on (Node 20's messages carry a
 * position only for some errors), so the text is scanned here. The parser is iterative, so deeply
 * nested input cannot overflow the stack, and linear, so multi-megabyte files stay fast.
 *
 * Positions: offsets are UTF-16 code unit indexes into the text given; lines and columns are
 * counted from 1 for messages (`line`, `column`) and from 0 for editor ranges (`Range`, as the
 * Language Server Protocol counts). `\n`, `\r\n` and `\r` end a line. A leading byte order mark,
 * when allowed, is skipped and takes no column, as editors show it.
 */
import type { Range } from '../../model/policy-model.js';

// ---------------------------------------------------------------- nodes

interface NodeBase {
    /** Offset of the value's first character. */
    readonly start: number;
    /** Offset just after the value's last character. */
    readonly end: number;
}

export interface JsonObjectNode extends NodeBase {
    readonly kind: 'object';
    /** Members in text order, duplicates included (the value keeps the last). */
    readonly members: readonly JsonMember[];
}

export interface JsonArrayNode extends NodeBase {
    readonly kind: 'array';
    readonly items: readonly JsonNode[];
}

export interface JsonScalarNode extends NodeBase {
    readonly kind: 'string' | 'number' | 'boolean' | 'null';
}

export type JsonNode = JsonObjectNode | JsonArrayNode | JsonScalarNode;

export interface JsonMember {
    readonly key: string;
    /** Offsets of the property name, quotes included. */
    readonly keyStart: number;
    readonly keyEnd: number;
    readonly value: JsonNode;
}

/** A property name written twice in one object: `JSON.parse` keeps the last value. */
export interface DuplicateKey {
    /** Pointer of the property (the value that wins). */
    readonly pointer: string;
    readonly keyStart: number;
    readonly keyEnd: number;
}

// ---------------------------------------------------------------- pointers

/** RFC 6901 escaping of one reference token: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
    return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JSON pointer from its tokens: `['policies', '/table/%']` → `/policies/~1table~1%`. */
export function formatPointer(tokens: readonly (string | number)[]): string {
    return tokens.map((token) => `/${escapePointerToken(String(token))}`).join('');
}

/** The tokens of a JSON pointer; throws on a pointer that does not start with `/` (other than ``). */
export function parsePointer(pointer: string): string[] {
    if (pointer === '') return [];
    if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${JSON.stringify(pointer)}`);
    return pointer
        .slice(1)
        .split('/')
        .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// ---------------------------------------------------------------- lines

/** Zero-based line and character of an offset, as the Language Server Protocol counts. */
export interface LinePosition {
    readonly line: number;
    readonly character: number;
}

/** Offsets to lines and columns for one text, by binary search over the line starts. */
export class LineIndex {
    private readonly starts: number[];

    constructor(readonly text: string) {
        // A byte order mark is not shown by editors: the first line starts after it.
        const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
        for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c === 0x0a) starts.push(i + 1);
            else if (c === 0x0d) {
                if (text.charCodeAt(i + 1) === 0x0a) i++;
                starts.push(i + 1);
            }
        }
        this.starts = starts;
    }

    get lineCount(): number {
        return this.starts.length;
    }

    position(offset: number): LinePosition {
        const at = Math.max(0, Math.min(offset, this.text.length));
        let low = 0;
        let high = this.starts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (this.starts[mid]! <= at) low = mid;
            else high = mid - 1;
        }
        return { line: low, character: Math.max(0, at - this.starts[low]!) };
    }

    range(start: number, end: number): Range {
        return { start: this.position(start), end: this.position(end) };
    }
}

// ---------------------------------------------------------------- parsing

export interface JsonSyntaxError {
    /** Where the text stops being JSON. */
    readonly offset: number;
    /** One sentence, without the position. */
    readonly message: string;
}

export type JsonParseResult =
    | { readonly ok: true; readonly value: unknown; readonly root: JsonNode; readonly duplicateKeys: readonly DuplicateKey[] }
    | { readonly ok: false; readonly error: JsonSyntaxError };

export interface ParseOptions {
    /** Skip a leading U+FEFF (browsers' FileReader drops it; `JSON.parse` rejects it). Default false. */
    readonly allowByteOrderMark?: boolean;
}

class SyntaxFailure extends Error {
    constructor(
        readonly offset: number,
        message: string
    ) {
        super(message);
    }
}

interface ObjectFrame {
    readonly kind: 'object';
    readonly start: number;
    readonly value: Record<string, unknown>;
    readonly members: JsonMember[];
    readonly seen: Set<string>;
    key: string;
    keyStart: number;
    keyEnd: number;
}

interface ArrayFrame {
    readonly kind: 'array';
    readonly start: number;
    readonly value: unknown[];
    readonly items: JsonNode[];
}

type Frame = ObjectFrame | ArrayFrame;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

function isDigit(c: number): boolean {
    return c >= ZERO && c <= NINE;
}

function isHexDigit(c: number): boolean {
    return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A character as a message names it: `'x'`, or `U+000A` for the invisible ones. */
export function describeCharacter(text: string, offset: number): string {
    const code = text.codePointAt(offset);
    if (code === undefined) return 'the end of the file';
    if (code <= 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xfeff || code === 0x2028 || code === 0x2029) {
        return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    const ch = String.fromCodePoint(code);
    return ch === "'" ? `"'"` : `'${ch}'`;
}

class Parser {
    private i = 0;
    private readonly duplicates: { frame: ObjectFrame; path: readonly (string | number)[]; keyStart: number; keyEnd: number }[] = [];

    constructor(private readonly text: string) {}

    parse(allowBom: boolean): JsonParseResult {
        try {
            if (allowBom && this.text.charCodeAt(0) === 0xfeff) this.i = 1;
            const { node, value } = this.document();
            return { ok: true, value, root: node, duplicateKeys: this.duplicateKeys() };
        } catch (error) {
            if (error instanceof SyntaxFailure) return { ok: false, error: { offset: error.offset, message: error.message } };
            throw error;
        }
    }

    private fail(offset: number, message: string): never {
        throw new SyntaxFailure(offset, message);
    }

    private skipWhitespace(): void {
        const { text } = this;
        let i = this.i;
        for (;;) {
            const c = text.charCodeAt(i);
            if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
            else break;
        }
        this.i = i;
    }

    /** The value, then nothing but whitespace. */
    private document(): { node: JsonNode; value: unknown } {
        const stack: Frame[] = [];
        // Positions of containers, for pointers of duplicate keys: the index or key in the parent.
        const path: (string | number)[] = [];
        const text = this.text;
        for (;;) {
            // A value is expected here.
            this.skipWhitespace();
            let node: JsonNode;
            let value: unknown;
            const start = this.i;
            const c = text.charCodeAt(start);
            if (c === OPEN_BRACE) {
                this.i++;
                const frame: ObjectFrame = { kind: 'object', start, value: {}, members: [], seen: new Set(), key: '', keyStart: 0, keyEnd: 0 };
                this.skipWhitespace();
                if (text.charCodeAt(this.i) !== CLOSE_BRACE) {
                    stack.push(frame);
                    this.key(frame, false);
                    path.push(frame.key);
                    continue;
                }
                this.i++;
                node = { kind: 'object', start, end: this.i, members: frame.members };
                value = frame.value;
            } else if (c === OPEN_BRACKET) {
                this.i++;
                const frame: ArrayFrame = { kind: 'array', start, value: [], items: [] };
                this.skipWhitespace();
                if (text.charCodeAt(this.i) !== CLOSE_BRACKET) {
                    stack.push(frame);
                    path.push(0);
                    continue;
                }
                this.i++;
                node = { kind: 'array', start, end: this.i, items: frame.items };
                value = frame.value;
            } else {
                ({ node, value } = this.scalar());
            }

            // A value is complete: attach it, then close containers or move past a comma.
            for (;;) {
                const frame = stack.at(-1);
                if (!frame) {
                    this.skipWhitespace();
                    if (this.i < text.length) {
                        this.fail(this.i, `Unexpected ${describeCharacter(text, this.i)} after the end of the JSON value.`);
                    }
                    return { node, value };
                }
                if (frame.kind === 'array') {
                    frame.items.push(node);
                    frame.value.push(value);
                } else {
                    this.setMember(frame, node, value, path);
                }
                path.pop();
                this.skipWhitespace();
                const next = text.charCodeAt(this.i);
                if (next === COMMA) {
                    const comma = this.i++;
                    if (frame.kind === 'array') {
                        this.skipWhitespace();
                        if (text.charCodeAt(this.i) === CLOSE_BRACKET) this.fail(comma, "Trailing comma before ']': JSON allows none.");
                        path.push(frame.items.length);
                    } else {
                        this.key(frame, true);
                        path.push(frame.key);
                    }
                    break;
                }
                const closer = frame.kind === 'array' ? CLOSE_BRACKET : CLOSE_BRACE;
                if (next === closer) {
                    this.i++;
                    stack.pop();
                    node =
                        frame.kind === 'array'
                            ? { kind: 'array', start: frame.start, end: this.i, items: frame.items }
                            : { kind: 'object', start: frame.start, end: this.i, members: frame.members };
                    value = frame.value;
                    continue;
                }
                const expected = frame.kind === 'array' ? "',' or ']'" : "',' or '}'";
                if (this.i >= text.length) this.fail(this.i, `Unexpected end of the file: expected ${expected}.`);
                this.fail(this.i, `Unexpected ${describeCharacter(text, this.i)}: expected ${expected}${this.hint()}`);
            }
        }
    }

    private setMember(frame: ObjectFrame, node: JsonNode, value: unknown, path: readonly (string | number)[]): void {
        const { key } = frame;
        if (frame.seen.has(key)) {
            this.duplicates.push({ frame, path: [...path], keyStart: frame.keyStart, keyEnd: frame.keyEnd });
        }
        frame.seen.add(key);
        frame.members.push({ key, keyStart: frame.keyStart, keyEnd: frame.keyEnd, value: node });
        if (key === '__proto__') {
            // JSON.parse makes an own property; an assignment would set the prototype instead.
            Object.defineProperty(frame.value, key, { value, enumerable: true, writable: true, configurable: true });
        } else {
            frame.value[key] = value;
        }
    }

    /** A property name and its colon; `afterComma` words the error for `{"a": 1,}`. */
    private key(frame: ObjectFrame, afterComma: boolean): void {
        const text = this.text;
        this.skipWhitespace();
        const start = this.i;
        const c = text.charCodeAt(start);
        if (c !== QUOTE) {
            if (afterComma && c === CLOSE_BRACE) this.fail(this.lastComma(start), "Trailing comma before '}': JSON allows none.");
            if (start >= text.length) this.fail(start, 'Unexpected end of the file: expected a property name.');
            this.fail(start, `Unexpected ${describeCharacter(text, start)}: expected a property name in double quotes${this.hint()}`);
        }
        frame.key = this.string();
        frame.keyStart = start;
        frame.keyEnd = this.i;
        this.skipWhitespace();
        if (text.charCodeAt(this.i) !== COLON) {
            if (this.i >= text.length) this.fail(this.i, "Unexpected end of the file: expected ':'.");
            this.fail(this.i, `Unexpected ${describeCharacter(text, this.i)}: expected ':' after the property name.`);
        }
        this.i++;
    }

    /** The offset of the comma before `before`, skipping whitespace backwards. */
    private lastComma(before: number): number {
        let i = before - 1;
        while (i > 0 && this.text.charCodeAt(i) !== COMMA) i--;
        return i;
    }

    /** A few words for the mistakes people make most: comments, single quotes, bare words. */
    private hint(): string {
        const text = this.text;
        const c = text[this.i];
        if (c === '/' && (text[this.i + 1] === '/' || text[this.i + 1] === '*')) return ' (JSON has no comments).';
        if (c === "'") return ' (JSON strings use double quotes).';
        if (c !== undefined && /[A-Za-z_$]/.test(c)) return ' (names and strings need double quotes).';
        return '.';
    }

    private scalar(): { node: JsonScalarNode; value: unknown } {
        const text = this.text;
        const start = this.i;
        const c = text.charCodeAt(start);
        if (c === QUOTE) {
            const value = this.string();
            return { node: { kind: 'string', start, end: this.i }, value };
        }
        if (c === MINUS || isDigit(c)) {
            const value = this.number();
            return { node: { kind: 'number', start, end: this.i }, value };
        }
        for (const [word, value] of LITERALS) {
            if (text.startsWith(word, start)) {
                this.i = start + word.length;
                return { node: { kind: value === null ? 'null' : 'boolean', start, end: this.i }, value };
            }
        }
        if (start >= text.length) this.fail(start, 'Unexpected end of the file: expected a value.');
        this.fail(start, `Unexpected ${describeCharacter(text, start)}: expected a value${this.hint()}`);
    }

    /** A string starting at the opening quote; leaves `i` after the closing quote. */
    private string(): string {
        const text = this.text;
        const open = this.i;
        let i = open + 1;
        let escaped = false;
        for (;;) {
            const c = text.charCodeAt(i);
            if (c === QUOTE) break;
            if (Number.isNaN(c)) this.fail(open, 'Unterminated string: the file ends before its closing quote.');
            if (c < 0x20) {
                if (c === 0x0a || c === 0x0d) {
                    this.fail(i, 'A line break cannot appear inside a string: is its closing quote missing? (Write a line break in a string as \\n.)');
                }
                this.fail(i, `The control character ${describeCharacter(text, i)} cannot appear inside a string: write it as an escape (\\t, \\u00XX).`);
            }
            if (c === BACKSLASH) {
                escaped = true;
                if (i + 1 >= text.length) this.fail(open, 'Unterminated string: the file ends before its closing quote.');
                const e = text.charCodeAt(i + 1);
                if (e === 0x75) {
                    for (let k = 2; k < 6; k++) {
                        if (!isHexDigit(text.charCodeAt(i + k))) this.fail(i, 'Invalid \\u escape: it needs four hexadecimal digits.');
                    }
                    i += 6;
                    continue;
                }
                if (!'"\\/bfnrt'.includes(text[i + 1] ?? 'x')) {
                    this.fail(i, `Invalid escape \\${text[i + 1] ?? ''} in a string: JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.`);
                }
                i += 2;
                continue;
            }
            i++;
        }
        this.i = i + 1;
        // Escapes are already checked; JSON.parse decodes them exactly as it would in the whole text.
        return escaped ? (JSON.parse(text.slice(open, i + 1)) as string) : text.slice(open + 1, i);
    }

    /** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` */
    private number(): number {
        const text = this.text;
        const start = this.i;
        let i = start;
        if (text.charCodeAt(i) === MINUS) i++;
        if (!isDigit(text.charCodeAt(i))) this.fail(i, `Unexpected ${describeCharacter(text, i)}: expected a digit.`);
        if (text.charCodeAt(i) === ZERO) {
            i++;
            if (isDigit(text.charCodeAt(i))) this.fail(start, 'A number cannot start with 0 followed by more digits.');
        } else {
            while (isDigit(text.charCodeAt(i))) i++;
        }
        if (text.charCodeAt(i) === DOT) {
            i++;
            if (!isDigit(text.charCodeAt(i))) this.fail(i, `Unexpected ${describeCharacter(text, i)}: expected a digit after the decimal point.`);
            while (isDigit(text.charCodeAt(i))) i++;
        }
        const e = text.charCodeAt(i);
        if (e === 0x65 || e === 0x45) {
            i++;
            const sign = text.charCodeAt(i);
            if (sign === PLUS || sign === MINUS) i++;
            if (!isDigit(text.charCodeAt(i))) this.fail(i, `Unexpected ${describeCharacter(text, i)}: expected a digit in the exponent.`);
            while (isDigit(text.charCodeAt(i))) i++;
        }
        this.i = i;
        return Number(text.slice(start, i));
    }

    private duplicateKeys(): DuplicateKey[] {
        return this.duplicates.map(({ path, keyStart, keyEnd }) => ({ pointer: formatPointer(path), keyStart, keyEnd }));
    }
}

const LITERALS: readonly (readonly [string, boolean | null])[] = [
    ['true', true],
    ['false', false],
    ['null', null]
];

/**
 * Parses JSON as `JSON.parse` does (same value, same accepted texts), keeping where everything is.
 * Never throws on bad input: a syntax error comes back with its offset.
 */
export function parseJson(text: string, options: ParseOptions = {}): JsonParseResult {
    return new Parser(text).parse(options.allowByteOrderMark ?? false);
}

// ---------------------------------------------------------------- documents

/** A place in the text: offset, 1-based line and column, and the 0-based editor range. */
export interface JsonLocation {
    readonly offset: number;
    readonly line: number;
    readonly column: number;
    readonly range: Range;
}

/** What a pointer names: a node, and the member it is the value of (for pointers into objects). */
export interface ResolvedPointer {
    readonly node: JsonNode;
    readonly member?: JsonMember;
}

/** A parsed JSON text with its positions: pointers to places. */
export class JsonDocument {
    readonly lines: LineIndex;

    constructor(
        readonly text: string,
        readonly root: JsonNode,
        readonly value: unknown
    ) {
        this.lines = new LineIndex(text);
    }

    /** Parses the text; a syntax error comes back with its line and column. */
    static parse(
        text: string,
        options: ParseOptions = {}
    ):
        | { readonly ok: true; readonly document: JsonDocument; readonly duplicateKeys: readonly DuplicateKey[] }
        | { readonly ok: false; readonly error: JsonSyntaxError & JsonLocation } {
        const result = parseJson(text, options);
        if (!result.ok) {
            const lines = new LineIndex(text);
            return { ok: false, error: { ...result.error, ...locationAt(lines, result.error.offset, result.error.offset + 1) } };
        }
        return { ok: true, document: new JsonDocument(text, result.root, result.value), duplicateKeys: result.duplicateKeys };
    }

    /** The node a pointer names, or undefined when it names nothing. Duplicate keys resolve to the last. */
    resolve(pointer: string): ResolvedPointer | undefined {
        let node: JsonNode = this.root;
        let member: JsonMember | undefined;
        for (const token of parsePointer(pointer)) {
            const step = child(node, token);
            if (!step) return undefined;
            ({ node, member } = step);
        }
        return member ? { node, member } : { node };
    }

    /**
     * Where a pointer's value is written; for a pointer that names nothing (a missing property), the
     * nearest existing ancestor. `part: 'key'` gives the property name instead of its value.
     */
    locate(pointer: string, part: 'value' | 'key' = 'value'): JsonLocation {
        const tokens = parsePointer(pointer);
        let node: JsonNode = this.root;
        let member: JsonMember | undefined;
        for (const token of tokens) {
            const step = child(node, token);
            if (!step) {
                member = undefined;
                break;
            }
            ({ node, member } = step);
        }
        if (part === 'key' && member) return locationAt(this.lines, member.keyStart, member.keyEnd);
        return locationAt(this.lines, node.start, node.end);
    }

    /** The location of an offset span. */
    span(start: number, end: number): JsonLocation {
        return locationAt(this.lines, start, end);
    }

    /** The exact text of a node. */
    textOf(node: NodeBase): string {
        return this.text.slice(node.start, node.end);
    }
}

function locationAt(lines: LineIndex, start: number, end: number): JsonLocation {
    const range = lines.range(start, Math.max(start, end));
    return { offset: start, line: range.start.line + 1, column: range.start.character + 1, range };
}

function child(node: JsonNode, token: string): { node: JsonNode; member?: JsonMember } | undefined {
    if (node.kind === 'array') {
        if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
        const item = node.items[Number(token)];
        return item ? { node: item } : undefined;
    }
    if (node.kind === 'object') {
        const members = node.members;
        for (let k = members.length - 1; k >= 0; k--) {
            const member = members[k]!;
            if (member.key === token) return { node: member.value, member };
        }
    }
    return undefined;
}
