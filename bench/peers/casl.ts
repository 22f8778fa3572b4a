/**
 * Naive CASL: one Ability per session, built from the session's rows without sharing. `%` becomes
 * CASL's `all` / `manage`, any other pattern the concrete names it matches. Institution-level
 * resources are taken out again by an inverted rule after the collection's rows, then given back
 * by the institution-level rows; a session the gate refuses gets an empty ability.
 */
import type * as Casl from '@casl/ability';
import type { Queries } from '../queries.js';
import type { Peer, PeerRunner } from './peer.js';
import { peerPackage } from './peer-package.js';
import type { PeerInput, Row } from './session-rows.js';
import type { Universe } from './universe.js';

type Rule = { action: string | string[]; subject: string | string[]; inverted?: boolean };

export const caslPerSession: Peer = {
    key: 'a1',
    label: 'CASL, one Ability per session (naive)',
    slow: false,
    build(input: PeerInput, universe: Universe, q: Queries): PeerRunner {
        const { createMongoAbility } = peerPackage<typeof Casl>('@casl/ability');
        const institutionNames = universe.resources.filter((r) => r.institutionLevel).map((r) => r.name);
        const institutionSet = new Set(institutionNames);
        const subjectsOf = (pattern: string): string | string[] => (pattern === '%' ? 'all' : universe.resourcesMatching(pattern).map((r) => universe.resources[r]!.name));
        const actionsOf = (pattern: string): string | string[] => (pattern === '%' ? 'manage' : [...universe.actionsMatching(pattern)]);
        const ruleOf = (row: Row, onlyInstitution: boolean): Rule | undefined => {
            let subject = subjectsOf(row.resource);
            if (onlyInstitution) subject = subject === 'all' ? institutionNames : (subject as string[]).filter((s) => institutionSet.has(s));
            const action = actionsOf(row.action);
            if (subject.length === 0 || action.length === 0) return undefined;
            return { action, subject };
        };
        const empty = createMongoAbility([]);
        const abilities = input.sessions.map((session) => {
            if (!session.gate) return empty;
            const rows = [...session.institution, ...session.user, ...session.roles.flatMap((role) => input.roleRows.get(role)!)];
            const rules: Rule[] = rows.flatMap((row) => ruleOf(row, false) ?? []);
            if (institutionNames.length > 0) {
                rules.push({ action: 'manage', subject: institutionNames, inverted: true });
                rules.push(...session.institution.flatMap((row) => ruleOf(row, true) ?? []));
            }
            return createMongoAbility(rules as Casl.RawRuleOf<Casl.MongoAbility>[]);
        });
        const { session, resourceName, actionName } = q;
        return {
            run(n: number, out?: Uint8Array): number {
                let allowed = 0;
                for (let i = 0; i < n; i++) {
                    const v = abilities[session[i]!]!.can(actionName[i]!, resourceName[i]!) ? 1 : 0;
                    if (out) out[i] = v;
                    allowed += v;
                }
                return allowed;
            }
        };
    }
};
