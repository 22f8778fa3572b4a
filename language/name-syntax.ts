/**
 * How spol writes a name or a pattern: bare when spol's own lexer reads the text as exactly one
 * token of a kind the grammar accepts in that place (`jdoe`, `/table/%`, `export\_csv`), else
 * quoted (`"a.b@museum.org"`, `"Müller"`, `"user"`, `"/table/a b"`). Names, references, resources
 * and actions have a quoted form (the grammar's STRING, read back by Langium's string conversion);
 * discipline types and Specify 6 groups do not, so a value that is not bare cannot be written there.
 *
 * The printer, the formatter (which prefers the bare form) and completion all decide here, so the
 * three never disagree about which names need quotes.
 */
import type { Lexer } from 'langium';

/** A place in the grammar where a name or a pattern is written. */
export type TokenPlace = 'name' | 'reference' | 'resource' | 'action' | 'discipline type' | 'group';

/** Keywords that the grammar's `Name` and `ActionPattern` rules accept bare as a name or an action. */
export const NAME_KEYWORDS: readonly string[] = ['access', 'admin', 'type', 'code', 'description', 'roles', 'group', 'collections'];

const ACCEPTED: Readonly<Record<TokenPlace, ReadonlySet<string>>> = {
    name: new Set(['ID', ...NAME_KEYWORDS]),
    reference: new Set(['ID', ...NAME_KEYWORDS]),
    resource: new Set(['RESOURCE', 'WILDCARD']),
    action: new Set(['ID', 'WILDCARD', ...NAME_KEYWORDS]),
    'discipline type': new Set(['ID']),
    group: new Set(['ID'])
};

const QUOTABLE: ReadonlySet<TokenPlace> = new Set(['name', 'reference', 'resource', 'action']);

const verdicts = new Map<string, boolean>();

/** Does spol's lexer read the text as exactly one token of a kind accepted bare at `place`? */
export function isBareToken(lexer: Lexer, value: string, place: TokenPlace): boolean {
    const key = `${place}\u0000${value}`;
    let ok = verdicts.get(key);
    if (ok === undefined) {
        const result = lexer.tokenize(value);
        const token = result.tokens[0];
        ok =
            result.errors.length === 0 &&
            result.hidden.length === 0 &&
            result.tokens.length === 1 &&
            token !== undefined &&
            token.image === value &&
            ACCEPTED[place].has(token.tokenType.name);
        if (verdicts.size > 10_000) verdicts.clear();
        verdicts.set(key, ok);
    }
    return ok;
}

/** Whether the place has a quoted form for the value: not for empty text, which spol reads as nothing written. */
export function isQuotable(value: string, place: TokenPlace): boolean {
    return QUOTABLE.has(place) && value.length > 0;
}

/** The text to write for the value at the place: bare, quoted, or undefined when it cannot be written. */
export function writeToken(lexer: Lexer, value: string, place: TokenPlace): string | undefined {
    if (isBareToken(lexer, value, place)) return value;
    return isQuotable(value, place) ? quoteString(value) : undefined;
}

/** A string literal that Langium's STRING conversion turns back into `text`. */
export function quoteString(text: string): string {
    let out = '"';
    for (const ch of text) out += ESCAPES[ch] ?? ch;
    return `${out}"`;
}

const ESCAPES: Readonly<Record<string, string>> = {
    '\\': '\\\\',
    '"': '\\"',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f',
    '\v': '\\v',
    '\0': '\\0'
};
