/**
 * The digest a plan carries of the rows it was computed from: sha256 over a canonical form of
 * every table read (specify-tables.ts), so that `spol apply` can read the database again and
 * refuse a plan made stale by any change since, to a permission row, a user, an agent (the agent
 * check depends on them) or the institution tree. Canonical: the tables in reading order, each row
 * as the list of its column values in column order, the rows sorted by key as read-tables reads
 * them; JSON of that. Two reads of the same rows give the same digest whatever the driver's row
 * objects look like.
 */
import { createHash } from 'node:crypto';
import { SPECIFY_TABLE_NAMES, SPECIFY_TABLES, type SpecifyTables } from './specify-tables.js';

export function tablesDigest(tables: SpecifyTables): string {
    const canonical = SPECIFY_TABLE_NAMES.map((table) => {
        const read = SPECIFY_TABLES[table] as { readonly columns: readonly string[]; readonly orderBy: readonly string[] };
        const rows = (tables[table] as unknown as readonly Record<string, unknown>[]).map((row) => read.columns.map((column) => row[column] ?? null));
        const keys = read.orderBy.map((column) => read.columns.indexOf(column));
        rows.sort((a, b) => {
            for (const k of keys) {
                const d = compareValues(a[k], b[k]);
                if (d !== 0) return d;
            }
            return 0;
        });
        return [table, read.columns, rows];
    });
    return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function compareValues(a: unknown, b: unknown): number {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
}
