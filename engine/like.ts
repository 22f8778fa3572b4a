/**
 * SQL LIKE as Specify's MariaDB/MySQL evaluates `:request LIKE stored_pattern` (semantics.md §2.2):
 * `%` matches any run of characters (also `/` and the empty string), `_` exactly one character,
 * `\` escapes the next character, the whole string must match, and comparison is case-insensitive
 * (Specify databases use `*_general_ci` collations).
 */

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

/** Compiles a LIKE pattern to an anchored, case-insensitive regular expression. */
export function likeToRegExp(pattern: string): RegExp {
    let cached = cache.get(pattern);
    if (cached) return cached;
    let source = '^';
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i]!;
        if (ch === '%') {
            // Collapse runs of % — same language, fewer backtracking paths.
            if (!source.endsWith('[\\s\\S]*')) source += '[\\s\\S]*';
        } else if (ch === '_') {
            source += '[\\s\\S]';
        } else if (ch === '\\' && i + 1 < pattern.length) {
            source += escapeRegExp(pattern[++i]!);
        } else {
            source += escapeRegExp(ch);
        }
    }
    source += '$';
    cached = new RegExp(source, 'iu');
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, cached);
    return cached;
}

/** `value LIKE pattern`, with the pattern on the stored side as in Specify's query. */
export function like(value: string, pattern: string): boolean {
    if (pattern === '%') return true;
    // Plain ASCII literals compare directly; anything else goes through the regex so that case
    // folding is the same (Unicode) everywhere, e.g. for 'ſ'.
    if (!pattern.includes('%') && !pattern.includes('_') && !pattern.includes('\\') && ASCII.test(pattern) && ASCII.test(value)) {
        return value.length === pattern.length && value.toLowerCase() === pattern.toLowerCase();
    }
    return likeToRegExp(pattern).test(value);
}

function escapeRegExp(ch: string): string {
    return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}
