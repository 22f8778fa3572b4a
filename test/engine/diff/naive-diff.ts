/**
 * The diff the slow, obvious way: every user of either side, every place (institution level and
 * every collection of either side), the whole profile on both sides, cell by cell. A side without
 * the user or the collection allows nothing. No fingerprints, no skipping: what `diffModels` must equal.
 */
import { compile, type PolicyEngine } from '../../../engine/decision/index.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';
import { profile, profileEntries, type ProfileEntry, type ProfileWhere } from '../../../engine/profile/index.js';

export interface NaiveChange {
    readonly key: string;
    readonly matches: readonly StoredPolicy[];
}

export function naiveDiff(oldModel: PolicyModel, newModel: PolicyModel): { engines: [PolicyEngine, PolicyEngine]; changes: NaiveChange[] } {
    const before = compile(oldModel);
    const after = compile(newModel);
    const users = [...new Set([...before.index.users.keys(), ...after.index.users.keys()])];
    const collections = [...new Set([...before.index.collectionNames(), ...after.index.collectionNames()])];
    const changes: NaiveChange[] = [];
    const entries = (engine: PolicyEngine, where: ProfileWhere): readonly ProfileEntry[] | undefined => {
        if (!engine.index.users.has(where.user)) return undefined;
        if (where.collection !== undefined && !engine.index.collections.has(where.collection)) return undefined;
        return profileEntries(profile(engine, where));
    };
    for (const user of users) {
        const places: ProfileWhere[] = [{ user, institution: true }, ...collections.map((collection) => ({ user, collection }))];
        for (const where of places) {
            const old = entries(before, where);
            const now = entries(after, where);
            const shape = (now ?? old ?? []) as readonly ProfileEntry[];
            shape.forEach((entry, e) =>
                entry.cells.forEach((cell, c) => {
                    const was = old?.[e]?.cells[c]?.allowed === true;
                    const is = now?.[e]?.cells[c]?.allowed === true;
                    if (was === is) return;
                    const side = is ? now! : old!;
                    changes.push({
                        key: changeKey(user, where.collection, is ? 'gained' : 'lost', entry.resource, cell.action),
                        matches: side[e]!.cells[c]!.matches
                    });
                })
            );
        }
    }
    return { engines: [before, after], changes };
}

export function changeKey(user: string, collection: string | undefined, change: string, resource: string, action: string): string {
    return `${user} ${collection ?? '(institution)'} ${change} ${action} ${resource}`;
}
