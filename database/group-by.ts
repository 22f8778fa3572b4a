/** Rows grouped by a key, each group in the rows' order (Node 20 has no Map.groupBy). */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
    const out = new Map<K, T[]>();
    for (const row of rows) {
        const k = key(row);
        let list = out.get(k);
        if (!list) out.set(k, (list = []));
        list.push(row);
    }
    return out;
}
