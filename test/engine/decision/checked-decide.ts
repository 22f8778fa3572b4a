/**
 * decide() with the engine's own invariant asserted on every answer: allowed is exactly "the policy
 * check matched a row, and the collection gate (when run) matched a row".
 */
import { expect } from 'vitest';
import type { Decision, DecisionMode, DecisionQuery, PolicyEngine } from '../../../engine/decision/index.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';

export function decideChecked(engine: PolicyEngine, query: DecisionQuery, mode?: DecisionMode): Decision {
    const decision = engine.decide(query, mode ? { mode } : undefined);
    const gate = decision.collectionAccess;
    if (gate) expect(gate.allowed).toBe(gate.matches.length > 0);
    expect(decision.allowed).toBe(decision.matches.length > 0 && (gate ? gate.matches.length > 0 : true));
    expect(decision.reason === 'granted').toBe(decision.allowed);
    return decision;
}

/** `resource action @ holder` for each row, short enough to compare in a test. */
export function rowsOf(rows: readonly StoredPolicy[]): string[] {
    return rows.map((row) => {
        const o = row.origin;
        const holder =
            o.kind === 'institution-user' ? `${o.user}@institution` : o.kind === 'collection-user' ? `${o.user}@${o.collection}` : `role ${o.role}@${o.collection}`;
        return `${row.resource} ${row.action} @ ${holder}`;
    });
}
