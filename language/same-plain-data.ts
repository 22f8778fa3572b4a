/**
 * Deep equality of plain data, for telling whether a document's new parse contributes what its
 * last one did (SpolWorkspaceModel): walking both values stops at the first difference, where
 * comparing their JSON would first build both strings in full, on every keystroke.
 */

/**
 * Whether two values of plain data (objects, arrays, strings, numbers, booleans, null) are equal:
 * the same keys with equal values, in any order; arrays element by element.
 */
export function samePlainData(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!samePlainData(a[i], b[i])) return false;
        return true;
    }
    if (Array.isArray(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) {
        if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
        if (!samePlainData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
    }
    return true;
}
