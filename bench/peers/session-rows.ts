/**
 * What every peer is built from: for each session, the stored rows spol's own model gives
 * (engine/model/stored.ts, the rows Specify would store) and Specify's enforcement around them, as
 * engine/decision/compile.ts applies it: the collection gate (`/system/sp7/collection` `access`
 * from the rows held in the collection), the rows held in the collection (the user's
 * institution-level rows, collection rows and each held role's rows) for collection-level
 * resources, and the institution-level rows alone for resources Specify checks at institution level.
 */
import { like } from '../../engine/like.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type ModelIndex } from '../../engine/model/stored.js';
import type { Session } from '../queries.js';

export interface Row {
    readonly resource: string;
    readonly action: string;
}

export interface SessionRows {
    /** The collection gate passes. */
    readonly gate: boolean;
    /** The user's institution-level rows: all that counts for institution-level resources. */
    readonly institution: readonly Row[];
    /** The user's own rows in the collection. */
    readonly user: readonly Row[];
    /** The roles the user holds in the collection, each by a name unique to the workspace. */
    readonly roles: readonly string[];
}

export interface PeerInput {
    readonly sessions: readonly SessionRows[];
    /** Rows of each role held anywhere, by its name in `SessionRows.roles` (`role@collection`). */
    readonly roleRows: ReadonlyMap<string, readonly Row[]>;
}

export function peerInput(index: ModelIndex, sessions: readonly Session[]): PeerInput {
    const roleRows = new Map<string, readonly Row[]>();
    const rows = sessions.map(({ user: userName, collection }): SessionRows => {
        const user = index.users.get(userName);
        if (!user) throw new Error(`No user ${userName} in the model.`);
        const institution = index.institutionRows(user).map(plain);
        const own = index.collectionUserRows(user, collection).map(plain);
        const roles = index.rolesHeld(user, collection).map((role) => {
            const key = `${role.name}@${collection}`;
            if (!roleRows.has(key)) roleRows.set(key, index.roleRows(role, collection).map(plain));
            return key;
        });
        const held = [...institution, ...own, ...roles.flatMap((key) => roleRows.get(key)!)];
        const gate = held.some((row) => like(COLLECTION_ACCESS_RESOURCE, row.resource) && like(COLLECTION_ACCESS_ACTION, row.action));
        return { gate, institution, user: own, roles };
    });
    return { sessions: rows, roleRows };
}

function plain(row: Row): Row {
    return { resource: row.resource, action: row.action };
}
