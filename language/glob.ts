/**
 * The glob patterns of spol.yaml's `ignore:`, matched against `/`-separated paths relative to the
 * configuration's folder. A small dialect, all a list of files to leave out needs:
 *
 * - `*` any run of characters within one folder or file name, `?` one character (never a `/`);
 * - `**` as a whole path segment: any number of folders, none included (`generated/**`, `**\/old.spol`);
 * - a pattern that matches a folder also matches everything below it (`generated` is `generated/**`);
 * - everything else is literal (`[`, `{` included), compared case-sensitively, as git does.
 */

/** Does `path` (relative, `/`-separated) match the glob `pattern`? */
export function matchesGlob(pattern: string, path: string): boolean {
    return globToRegExp(pattern).test(path);
}

const cache = new Map<string, RegExp>();

/** The pattern as an anchored regular expression (cached). */
export function globToRegExp(pattern: string): RegExp {
    let regexp = cache.get(pattern);
    if (!regexp) {
        regexp = new RegExp(`^${segmentsSource(pattern.replace(/\/+$/, '').split('/'))}(?:/.*)?$`, 'u');
        cache.set(pattern, regexp);
    }
    return regexp;
}

function segmentsSource(segments: readonly string[]): string {
    let source = '';
    segments.forEach((segment, i) => {
        const last = i === segments.length - 1;
        if (segment === '**') {
            // Any number of whole folders: `a/**/b` matches `a/b`; a trailing `**` matches all below.
            source += last ? (i === 0 ? '.*' : '(?:/.*)?') : i === 0 ? '(?:[^/]+/)*' : '(?:/[^/]+)*/';
            return;
        }
        const separator = i === 0 || segments[i - 1] === '**' ? '' : '/';
        source += separator + [...segment].map(characterSource).join('');
    });
    return source;
}

function characterSource(char: string): string {
    if (char === '*') return '[^/]*';
    if (char === '?') return '[^/]';
    return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
