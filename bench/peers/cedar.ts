/**
 * @cedar-policy/cedar-wasm: one preparsed policy set per collection. A session's user entity has
 * as parents the roles held there and a group standing for the user's institution-level rows (none
 * when the gate refuses). Resources have as parents every `/…/%` prefix above them (so `/table/%`
 * is `resource in Resource::"/table/%"`) and `Level::"institution"` when Specify checks them at
 * institution level, which the collection's own rows exclude with `unless`. Other patterns become
 * the concrete names they match.
 */
import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { Queries } from '../queries.js';
import type { Peer, PeerRunner } from './peer.js';
import { peerPackage } from './peer-package.js';
import type { PeerInput, Row } from './session-rows.js';
import { prefixOf, type Universe } from './universe.js';

const q = (s: string): string => JSON.stringify(s);
const INSTITUTION_LEVEL = { type: 'Level', id: 'institution' };

let policySetCount = 0;

export const cedarPerCollection: Peer = {
    key: 'c1',
    label: 'cedar-wasm, one policy set per collection',
    slow: true,
    build(input: PeerInput, universe: Universe, queries: Queries): PeerRunner {
        const cedar = peerPackage<typeof Cedar>('@cedar-policy/cedar-wasm/nodejs');
        /** The resource part of a policy: its scope and, for a list of names, the condition that holds it. */
        const resourceScope = (pattern: string): { scope: string; when: string } | undefined => {
            if (pattern === '%') return { scope: 'resource', when: '' };
            const prefix = prefixOf(pattern);
            if (prefix !== undefined && prefix.endsWith('/')) return { scope: `resource in Resource::${q(pattern)}`, when: '' };
            const names = universe.resourcesMatching(pattern).map((r) => `Resource::${q(universe.resources[r]!.name)}`);
            if (names.length === 0) return undefined;
            return names.length === 1 ? { scope: `resource == ${names[0]}`, when: '' } : { scope: 'resource', when: ` when { resource in [${names.join(', ')}] }` };
        };
        const actionScope = (pattern: string): string | undefined => {
            if (pattern === '%') return 'action';
            const names = universe.actionsMatching(pattern).map((a) => `Action::${q(a)}`);
            if (names.length === 0) return undefined;
            return names.length === 1 ? `action == ${names[0]}` : `action in [${names.join(', ')}]`;
        };
        const policiesOf = (principal: string, rows: readonly Row[], collectionLevel: boolean): string[] =>
            rows.flatMap((row) => {
                const resource = resourceScope(row.resource);
                const action = actionScope(row.action);
                if (resource === undefined || action === undefined) return [];
                const unless = collectionLevel ? ` unless { resource in Level::${q('institution')} }` : '';
                return [`permit(${principal}, ${action}, ${resource.scope})${resource.when}${unless};`];
            });

        // Institution-level rows: one group per distinct set, its policies in every collection's set.
        const groupOf = new Map<string, string>();
        const groupPolicies: string[] = [];
        const sessionEntity = input.sessions.map((rows, s) => {
            const session = queries.sessions[s]!;
            const parents: { type: string; id: string }[] = [];
            if (rows.gate) {
                for (const role of rows.roles) parents.push({ type: 'Role', id: role });
                if (rows.institution.length > 0) {
                    const key = JSON.stringify(rows.institution);
                    let group = groupOf.get(key);
                    if (!group) {
                        groupOf.set(key, (group = `institution-rows-${groupOf.size}`));
                        groupPolicies.push(...policiesOf(`principal in UserGroup::${q(group)}`, rows.institution, false));
                    }
                    parents.push({ type: 'UserGroup', id: group });
                }
            }
            return { uid: { type: 'User', id: session.user }, attrs: {}, parents };
        });
        const perCollection = new Map<string, { policies: string[]; roles: Set<string> }>();
        queries.sessions.forEach((session, s) => {
            const rows = input.sessions[s]!;
            let set = perCollection.get(session.collection);
            if (!set) perCollection.set(session.collection, (set = { policies: [], roles: new Set() }));
            if (!rows.gate) return;
            set.policies.push(...policiesOf(`principal == User::${q(session.user)}`, rows.user, true));
            for (const role of rows.roles) {
                if (set.roles.has(role)) continue;
                set.roles.add(role);
                set.policies.push(...policiesOf(`principal in Role::${q(role)}`, input.roleRows.get(role)!, true));
            }
        });
        const setIds = new Map<string, string>();
        for (const [collection, set] of perCollection) {
            const id = `bench-${policySetCount++}-${collection}`;
            const answer = cedar.preparsePolicySet(id, { staticPolicies: [...set.policies, ...groupPolicies].join('\n') });
            if (answer.type !== 'success') throw new Error(`Cedar refused the policies of ${collection}: ${JSON.stringify(answer.errors).slice(0, 400)}`);
            setIds.set(collection, id);
        }
        const sessionSet = queries.sessions.map((session) => setIds.get(session.collection)!);
        const resourceEntity = new Map(
            universe.resources.map((r) => {
                const parents: { type: string; id: string }[] = [];
                for (let i = r.name.indexOf('/'); i !== -1 && i < r.name.length - 1; i = r.name.indexOf('/', i + 1)) parents.push({ type: 'Resource', id: `${r.name.slice(0, i + 1)}%` });
                if (r.institutionLevel) parents.push(INSTITUTION_LEVEL);
                return [r.name, { uid: { type: 'Resource', id: r.name }, attrs: {}, parents }];
            })
        );
        const { session, resourceName, actionName } = queries;
        return {
            run(n: number, out?: Uint8Array): number {
                let allowed = 0;
                for (let i = 0; i < n; i++) {
                    const s = session[i]!;
                    const principal = sessionEntity[s]!;
                    const resource = resourceEntity.get(resourceName[i]!)!;
                    const answer = cedar.statefulIsAuthorized({
                        principal: principal.uid,
                        action: { type: 'Action', id: actionName[i]! },
                        resource: resource.uid,
                        context: {},
                        entities: [principal, resource],
                        preparsedPolicySetId: sessionSet[s]!
                    });
                    if (answer.type !== 'success') throw new Error(`Cedar failed: ${JSON.stringify(answer.errors).slice(0, 400)}`);
                    const v = answer.response.decision === 'allow' ? 1 : 0;
                    if (out) out[i] = v;
                    allowed += v;
                }
                return allowed;
            }
        };
    }
};
