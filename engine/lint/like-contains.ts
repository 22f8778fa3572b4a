/**
 * Containment of SQL LIKE patterns, as engine/like.ts matches them: `likeContains(inner, outer)` is
 * true only when every string that matches `inner` also matches `outer`. It is sound, not complete:
 * when it cannot prove containment it answers false ("not covered"), which is the safe answer for
 * lint rules that would otherwise tell someone to delete a grant.
 *
 * The proof aligns the patterns token by token: an `outer` `%` may absorb any run of `inner`
 * tokens, an `outer` `_` one `inner` token that stands for exactly one character (a literal or `_`),
 * and an `outer` literal an equal `inner` literal. Literals are equal when they are the same
 * character or, for ASCII, the same letter in another case; any other pair is left unproven (Unicode case folding has surprises such as
 * `ſ` ~ `s` and `K` ~ `k`, and like.ts need not agree with `toLowerCase` on them).
 *
 * Shortcuts come first: a plain outer name is only covered by the same name, and a plain ASCII inner
 * name is covered exactly when like.ts matches it against `outer` (LIKE ignores case, so its case
 * variants match too). Alignment results are cached, as rules compare the same patterns many times.
 */

import { isAscii } from '../collation.js';
import { like } from '../like.js';

type Token = { readonly kind: 'any' } | { readonly kind: 'one' } | { readonly kind: 'char'; readonly char: string };

const ANY: Token = { kind: 'any' };
const ONE: Token = { kind: 'one' };

/** Tokens of a LIKE pattern, by code point, with `\x` as the literal x and runs of `%` collapsed. */
export function likeTokens(pattern: string): Token[] {
    const chars = [...pattern];
    const tokens: Token[] = [];
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (ch === '%') {
            if (tokens[tokens.length - 1]?.kind !== 'any') tokens.push(ANY);
        } else if (ch === '_') {
            tokens.push(ONE);
        } else if (ch === '\\' && i + 1 < chars.length) {
            tokens.push({ kind: 'char', char: chars[++i]! });
        } else {
            tokens.push({ kind: 'char', char: ch });
        }
    }
    return tokens;
}

/** The same character, or the same ASCII letter in another case. */
function sameLiteral(a: string, b: string): boolean {
    return a === b || (a.length === 1 && b.length === 1 && isAscii(a) && isAscii(b) && a.toLowerCase() === b.toLowerCase());
}

/** Holds `%`, `_` or `\\`: three scans of a short string, cheaper than a regex test. */
function hasWildcard(pattern: string): boolean {
    return pattern.includes('%') || pattern.includes('_') || pattern.includes('\\');
}
const CACHE_LIMIT = 50_000;
const cache = new Map<string, boolean>();

/** True only when every string matching `inner` (a LIKE pattern) also matches `outer`. */
export function likeContains(inner: string, outer: string): boolean {
    if (outer === '%' || inner === outer) return true;
    // A plain outer name covers only itself in another ASCII case, so never a string of another length.
    if (!hasWildcard(outer)) {
        return inner.length === outer.length && !hasWildcard(inner) && isAscii(inner) && isAscii(outer) && inner.toLowerCase() === outer.toLowerCase();
    }
    // A plain ASCII name: its case variants match exactly when it does, as LIKE is case-insensitive.
    if (!hasWildcard(inner) && isAscii(inner) && isAscii(outer)) return like(inner, outer);
    const key = `${inner}\u0000${outer}`;
    let known = cache.get(key);
    if (known === undefined) {
        known = alignContains(inner, outer);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, known);
    }
    return known;
}

/**
 * The token alignment described above, without likeContains' shortcuts and cache. Exported so that
 * tests can hold the alignment itself to like.ts.
 */
export function alignContains(inner: string, outer: string): boolean {
    const a = likeTokens(inner);
    const b = likeTokens(outer);
    // covers[i][j]: outer tokens j.. cover inner tokens i..
    const covers: boolean[][] = Array.from({ length: a.length + 1 }, () => new Array<boolean>(b.length + 1).fill(false));
    covers[a.length]![b.length] = true;
    for (let i = a.length; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            const o = b[j]!;
            const t = a[i];
            let ok: boolean;
            if (o.kind === 'any') {
                ok = covers[i]![j + 1]! || (t !== undefined && covers[i + 1]![j]!);
            } else if (o.kind === 'one') {
                ok = t !== undefined && t.kind !== 'any' && covers[i + 1]![j + 1]!;
            } else {
                ok = t !== undefined && t.kind === 'char' && sameLiteral(t.char, o.char) && covers[i + 1]![j + 1]!;
            }
            covers[i]![j] = ok;
        }
    }
    return covers[0]![0]!;
}
