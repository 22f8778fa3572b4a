/**
 * SQL LIKE as Specify's MariaDB/MySQL evaluates `:request LIKE stored_pattern` (semantics.md §2.2):
 * `%` matches any run of characters (also `/` and the empty string), `_` exactly one character,
 * `\` escapes the next character, the whole string must match, and characters compare as Specify
 * databases' `*_general_ci` collations compare them: case and accents ignored, ß = s, every
 * character beyond the BMP equal to every other (collation.ts). A pattern's literals and the value
 * are both folded to their weights, so the regular expression compares weights exactly.
 */
import { collationFold } from './collation.js';

const cache = new Map<string, RegExp>();
const ASCII = /^[\x00-\x7f]*$/;
const CACHE_LIMIT = 50_000;

/** True when the string holds a LIKE wildcard, so it stands for more than itself. */
export function isPattern(value: string): boolean {
    return value.includes('%') || value.includes('_');
}

/** True when the pattern has no `_` or `\` and at most `%` signs: the forms Specify's UI produces. */
export function isPercentOnly(pattern: string): boolean {
    return !pattern.includes('_') && !pattern.includes('\\');
}

/**
 * Compiles a LIKE pattern to an anchored regular expression over folded text (collationFold): its
 * literals are folded, so it matches `collationFold(value)` exactly when `value LIKE pattern`.
 */
export function likeToRegExp(pattern: string): RegExp {
    let cached = cache.get(pattern);
    if (cached) return cached;
    const chars = Array.from(pattern);
    let source = '^';
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (ch === '%') {
            // Collapse runs of % — same language, fewer backtracking paths.
            if (!source.endsWith('[\\s\\S]*')) source += '[\\s\\S]*';
        } else if (ch === '_') {
            source += '[\\s\\S]';
        } else if (ch === '\\' && i + 1 < chars.length) {
            source += escapeRegExp(collationFold(chars[++i]!));
        } else {
            source += escapeRegExp(collationFold(ch));
        }
    }
    source += '$';
    cached = new RegExp(source, 'u');
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, cached);
    return cached;
}

/** `value LIKE pattern`, with the pattern on the stored side as in Specify's query. */
export function like(value: string, pattern: string): boolean {
    if (pattern === '%') return true;
    // Plain ASCII on both sides compares directly (ASCII folds by case only); anything else goes
    // through the folded regex, so that 'ſ' LIKE 's' whether or not the pattern has wildcards.
    const ascii = ASCII.test(value);
    if (ascii && !pattern.includes('%') && !pattern.includes('_') && !pattern.includes('\\') && ASCII.test(pattern)) {
        return value.length === pattern.length && value.toLowerCase() === pattern.toLowerCase();
    }
    return likeToRegExp(pattern).test(ascii ? value.toUpperCase() : collationFold(value));
}

function escapeRegExp(ch: string): string {
    return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}
