/**
 * Specify's own permission query, run on a database as Specify 7.12 runs it
 * (specifyweb/backend/permissions/permissions.py `query()`): a request is allowed when a
 * `spuserpolicy` row of the collection or of no collection (NULL), of the user or of every user
 * (NULL), matches it with `%(resource)s like resource and %(action)s like action`
 * (`_get_spuser_policies`), or when a `sprolepolicy` row of a role the user holds (`spuserrole`)
 * whose role is in the collection matches it the same way (`_get_role_policies`). At institution
 * level Specify passes collectionid None, so `collection_id = NULL` matches no row and only
 * institution-level user rows count: the same SQL with a NULL parameter does that here.
 *
 * To ask thousands of requests at once, they go into a temporary table (`load`), and one
 * statement per user and place answers which of them are allowed: it selects the rows of both of
 * Specify's queries with their own WHERE conditions (user or NULL, collection or NULL; roles held,
 * role in the collection) and LIKE-matches every request against them, the request's text on the
 * left of LIKE as Specify puts it. A request is in the answer exactly when one of Specify's two
 * queries would return a row for it. The temporary table takes the database's collation, so LIKE
 * compares as it does in Specify's database.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

export interface Request {
    readonly resource: string;
    readonly action: string;
}

/** Puts the requests in the session's temporary table `spol_request`, numbered from 0. */
export async function load(connection: Connection, requests: readonly Request[]): Promise<void> {
    await connection.query('DROP TEMPORARY TABLE IF EXISTS spol_request');
    await connection.query('CREATE TEMPORARY TABLE spol_request (i INT PRIMARY KEY, resource VARCHAR(1024) NOT NULL, action VARCHAR(1024) NOT NULL)');
    for (let start = 0; start < requests.length; start += 1000) {
        const batch = requests.slice(start, start + 1000).map((r, k) => [start + k, r.resource, r.action]);
        await connection.query('INSERT INTO spol_request (i, resource, action) VALUES ?', [batch]);
    }
}

const ALLOWED = `
    SELECT DISTINCT q.i FROM spol_request q
    JOIN (
        SELECT resource, action FROM spuserpolicy
        WHERE (collection_id = ? OR collection_id IS NULL)
        AND (specifyuser_id = ? OR specifyuser_id IS NULL)
        UNION ALL
        SELECT rp.resource, rp.action FROM spuserrole ur
        JOIN sprole r ON r.id = ur.role_id
        JOIN sprolepolicy rp ON rp.role_id = r.id
        WHERE ur.specifyuser_id = ?
        AND collection_id = ?
    ) p ON q.resource LIKE p.resource AND q.action LIKE p.action`;

/** The numbers of the loaded requests Specify's query allows the user in the collection (null: institution level). */
export async function allowedRequests(connection: Connection, userId: number, collectionId: number | null): Promise<Set<number>> {
    const [rows] = await connection.query<RowDataPacket[]>(ALLOWED, [collectionId, userId, userId, collectionId]);
    return new Set(rows.map((row) => row['i'] as number));
}
