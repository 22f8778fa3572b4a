/**
 * node:util's isDeepStrictEqual for plain data, several times faster. SpolWorkspaceModel compares
 * every element of the edited document with its last parse on each keystroke; isDeepStrictEqual,
 * which also handles symbols, Maps, Dates, holes and cycles, took a third of a keystroke's time in
 * a 3,500-line file (about 25 ms of 100). A model element is plain data: objects with own string
 * keys, arrays without holes, strings, numbers, booleans, null; on such values the answers are the
 * same (test/language/same-plain-data.test.ts checks it on random values).
 */

/**
 * Whether two plain values are equal: primitives by Object.is, arrays element by element, objects
 * with the same prototype and the same enumerable keys holding equal values, in any order.
 */
export function samePlainData(a: unknown, b: unknown): boolean {
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
    if (a === b) return true;
    if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!samePlainData(a[i], b[i])) return false;
        return true;
    }
    if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    // `for … in` rather than Object.keys: no array of keys is built for each of thousands of objects.
    let keys = 0;
    for (const key in x) {
        if (!Object.hasOwn(y, key) || !samePlainData(x[key], y[key])) return false;
        keys++;
    }
    for (const _key in y) keys--;
    return keys === 0;
}
