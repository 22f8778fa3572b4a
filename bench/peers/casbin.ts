/**
 * node-casbin: one enforcer per collection, RBAC (roles held there as `g` rows), resources matched
 * with `keyMatch` (`/table/%` → `/table/*`, `%` → `*`; other patterns as the concrete names they
 * match), actions exactly or `*`. The request's domain is `i` for a resource checked at institution
 * level and `c` otherwise; institution-level rows hold in both (`*`), the collection's rows only in
 * `c`. A user the gate refuses has no rows in that collection's enforcer.
 */
import type * as Casbin from 'casbin';
import type { Queries } from '../queries.js';
import type { Peer, PeerRunner } from './peer.js';
import { peerPackage } from './peer-package.js';
import type { PeerInput, Row } from './session-rows.js';
import { prefixOf, type Universe } from './universe.js';

const MODEL = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && (p.dom == "*" || p.dom == r.dom) && keyMatch(r.obj, p.obj) && (p.act == "*" || p.act == r.act)
`;

/** Hands casbin its rule arrays directly, as its own loader does after parsing a CSV line. */
function arrayAdapter(p: string[][], g: string[][]): Casbin.Adapter {
    const none = async (): Promise<void> => {};
    return {
        async loadPolicy(model: Casbin.Model): Promise<void> {
            model.model.get('p')!.get('p')!.policy.push(...p);
            model.model.get('g')!.get('g')!.policy.push(...g);
        },
        savePolicy: async () => true,
        addPolicy: none,
        removePolicy: none,
        removeFilteredPolicy: none
    };
}

export const casbinPerCollection: Peer = {
    key: 'b1',
    label: 'node-casbin, one enforcer per collection (RBAC, keyMatch)',
    slow: true,
    async build(input: PeerInput, universe: Universe, q: Queries): Promise<PeerRunner> {
        const casbin = peerPackage<typeof Casbin>('casbin');
        const objects = (pattern: string): string[] => {
            if (pattern === '%') return ['*'];
            const prefix = prefixOf(pattern);
            if (prefix !== undefined) return [`${prefix}*`];
            return universe.resourcesMatching(pattern).map((r) => universe.resources[r]!.name);
        };
        const actions = (pattern: string): string[] => (pattern === '%' ? ['*'] : [...universe.actionsMatching(pattern)]);
        const rulesOf = (subject: string, domain: string, rows: readonly Row[], into: string[][]): void => {
            for (const row of rows) for (const obj of objects(row.resource)) for (const act of actions(row.action)) into.push([subject, domain, obj, act]);
        };
        const byCollection = new Map<string, { p: string[][]; g: string[][]; roles: Set<string> }>();
        q.sessions.forEach((session, s) => {
            const rows = input.sessions[s]!;
            let shard = byCollection.get(session.collection);
            if (!shard) byCollection.set(session.collection, (shard = { p: [], g: [], roles: new Set() }));
            if (!rows.gate) return;
            rulesOf(session.user, '*', rows.institution, shard.p);
            rulesOf(session.user, 'c', rows.user, shard.p);
            for (const role of rows.roles) {
                shard.g.push([session.user, role]);
                if (!shard.roles.has(role)) {
                    shard.roles.add(role);
                    rulesOf(role, 'c', input.roleRows.get(role)!, shard.p);
                }
            }
        });
        const enforcers = new Map<string, Casbin.Enforcer>();
        for (const [collection, shard] of byCollection) {
            enforcers.set(collection, await casbin.newEnforcer(casbin.newModelFromString(MODEL), arrayAdapter(shard.p, shard.g)));
        }
        const sessionEnforcer = q.sessions.map((session) => enforcers.get(session.collection)!);
        const domainOf = new Map(universe.resources.map((r) => [r.name, r.institutionLevel ? 'i' : 'c']));
        const { session, user, resourceName, actionName } = q;
        return {
            run(n: number, out?: Uint8Array): number {
                let allowed = 0;
                for (let i = 0; i < n; i++) {
                    const resource = resourceName[i]!;
                    const v = sessionEnforcer[session[i]!]!.enforceSync(user[i]!, domainOf.get(resource) ?? 'c', resource, actionName[i]!) ? 1 : 0;
                    if (out) out[i] = v;
                    allowed += v;
                }
                return allowed;
            }
        };
    }
};
