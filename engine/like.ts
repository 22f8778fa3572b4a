/**
 * SQL LIKE as Specify's MariaDB/MySQL evaluates `:request LIKE stored_pattern` (semantics.md §2.2):
 * `%` matches any run of characters (also `/` and the empty string), `_` exactly one character,
 * `\` escapes the next character, the whole string must match, and characters compare as Specify
 * databases' `*_general_ci` collations compare them: case and accents ignored, ß = s, every
 * character beyond the BMP equal to every other (collation.ts). A pattern's literals and the value
 * are both folded to their weights, so the regular expression compares weights exactly.
 */
import { collationFold, isAscii } from './collation.js';

/** A pattern read once: its tokens over folded text, its shortest match, and (when not huge) a regex. */
interface CompiledLike {
    readonly tokens: readonly LikeToken[];
    /** The fewest characters a value needs to match: one per `_` or literal. */
    readonly minLength: number;
    readonly regex?: RegExp;
}

type LikeToken = { readonly kind: 'any' } | { readonly kind: 'one' } | { readonly kind: 'char'; readonly char: string };

const cache = new Map<string, CompiledLike>();
const CACHE_LIMIT = 50_000;
/**
 * Beyond this many tokens, or this many `%`, the pattern is matched by hand (matchTokens), not by a
 * regex: V8 refuses a regular expression that large, and a backtracking regex with many `[\s\S]*`
 * takes exponential time on a value that almost matches (`%a%a%a%a%b` against `aaaa…`).
 */
const REGEX_TOKEN_LIMIT = 2_000;
const REGEX_ANY_LIMIT = 3;

/** True when the string holds a LIKE wildcard, so it stands for more than itself. */
export function isPattern(value: string): boolean {
    return value.includes('%') || value.includes('_');
}

/** True when the pattern has no `_` or `\\` and at most `%` signs: the forms Specify's UI produces. */
export function isPercentOnly(pattern: string): boolean {
    return !pattern.includes('_') && !pattern.includes('\\');
}

/**
 * Whether a pattern has no wildcard, no escape and only ASCII, remembered per pattern: like() asks
 * it on every call, and the same stored patterns are matched against many values.
 */
const plainAscii = new Map<string, boolean>();

function isPlainAscii(pattern: string): boolean {
    let plain = plainAscii.get(pattern);
    if (plain === undefined) {
        plain = !pattern.includes('%') && !pattern.includes('_') && !pattern.includes('\\') && isAscii(pattern);
        if (plainAscii.size >= CACHE_LIMIT) plainAscii.clear();
        plainAscii.set(pattern, plain);
    }
    return plain;
}

function compileLike(pattern: string): CompiledLike {
    let compiled = cache.get(pattern);
    if (compiled) return compiled;
    const chars = Array.from(pattern);
    const tokens: LikeToken[] = [];
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (ch === '%') {
            // Runs of % collapse: the same language, fewer backtracking paths.
            if (tokens.at(-1)?.kind !== 'any') tokens.push({ kind: 'any' });
        } else if (ch === '_') {
            tokens.push({ kind: 'one' });
        } else {
            // A trailing `\\` stands for itself, as in MySQL.
            const literal = ch === '\\' && i + 1 < chars.length ? chars[++i]! : ch;
            for (const folded of collationFold(literal)) tokens.push({ kind: 'char', char: folded });
        }
    }
    const minLength = tokens.filter((token) => token.kind !== 'any').length;
    const anys = tokens.length - minLength;
    compiled = tokens.length <= REGEX_TOKEN_LIMIT && anys <= REGEX_ANY_LIMIT ? { tokens, minLength, regex: regexOf(tokens) } : { tokens, minLength };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
    return compiled;
}

function regexOf(tokens: readonly LikeToken[]): RegExp {
    let source = '^';
    for (const token of tokens) source += token.kind === 'any' ? '[\\s\\S]*' : token.kind === 'one' ? '[\\s\\S]' : escapeRegExp(token.char);
    return new RegExp(`${source}$`, 'u');
}

/**
 * The tokens against folded code points, without a regex: the classic greedy match with one
 * backtrack point (the last `%`), linear in practice and never worse than their product.
 */
function matchTokens(tokens: readonly LikeToken[], chars: readonly string[]): boolean {
    let t = 0;
    let c = 0;
    let starToken = -1;
    let starChar = 0;
    while (c < chars.length) {
        const token = tokens[t];
        if (token !== undefined && token.kind !== 'any' && (token.kind === 'one' || token.char === chars[c])) {
            t++;
            c++;
        } else if (token?.kind === 'any') {
            starToken = t++;
            starChar = c;
        } else if (starToken >= 0) {
            t = starToken + 1;
            c = ++starChar;
        } else {
            return false;
        }
    }
    while (tokens[t]?.kind === 'any') t++;
    return t === tokens.length;
}

/**
 * Compiles a LIKE pattern to an anchored regular expression over folded text (collationFold): its
 * literals are folded, so it matches `collationFold(value)` exactly when `value LIKE pattern`.
 */
export function likeToRegExp(pattern: string): RegExp {
    const compiled = compileLike(pattern);
    return compiled.regex ?? regexOf(compiled.tokens);
}

/** `value LIKE pattern`, with the pattern on the stored side as in Specify's query. */
export function like(value: string, pattern: string): boolean {
    if (pattern === '%') return true;
    // Plain ASCII on both sides compares directly (ASCII folds by case only); anything else goes
    // through the folded pattern, so that 'ſ' LIKE 's' whether or not the pattern has wildcards.
    if (isPlainAscii(pattern)) {
        // Each BMP character weighs as one BMP character and each character beyond it (two UTF-16
        // units) as U+FFFD, which no ASCII literal equals: only a value of the pattern's length can match.
        if (value.length !== pattern.length) return false;
        if (value === pattern) return true;
        if (isAscii(value)) return value.toLowerCase() === pattern.toLowerCase();
    }
    const ascii = isAscii(value);
    const compiled = compileLike(pattern);
    const folded = ascii ? value.toUpperCase() : collationFold(value);
    if (folded.length < compiled.minLength) return false;
    return compiled.regex ? compiled.regex.test(folded) : matchTokens(compiled.tokens, Array.from(folded));
}

/** A character escaped for a `u`-mode regex: only syntax characters may be escaped there (not `-`). */
function escapeRegExp(ch: string): string {
    return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}
