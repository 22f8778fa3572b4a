/**
 * decide() with the engine's own invariant asserted on every answer: allowed is exactly "the policy
 * check matched a row, and the collection gate (when run) matched a row" (for a `/tools/<name>` in
 * enforce mode, a row on every table: allowed at least needs rows and the gate).
 */
import { expect } from 'vitest';
import { QueryError, type Decision, type DecisionMode, type DecisionQuery, type PolicyEngine } from '../../../engine/decision/index.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';
import { registry } from '../../../engine/registry/registry.js';

export function decideChecked(engine: PolicyEngine, query: DecisionQuery, mode?: DecisionMode): Decision {
    const decision = engine.decide(query, mode ? { mode } : undefined);
    const gate = decision.collectionAccess;
    if (gate) expect(gate.allowed).toBe(gate.matches.length > 0);
    const gateOk = gate ? gate.matches.length > 0 : true;
    if ((mode ?? 'enforce') === 'enforce' && registry.tools.has(query.resource.toLowerCase())) {
        // A tool needs a row on every one of its tables, so rows alone do not make it allowed.
        if (decision.allowed) expect(decision.matches.length > 0 && gateOk).toBe(true);
    } else {
        expect(decision.allowed).toBe(decision.matches.length > 0 && gateOk);
    }
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

/** The code of the QueryError that `ask` throws, or undefined when it answers. */
export function refusal(ask: () => unknown): string | undefined {
    try {
        ask();
        return undefined;
    } catch (error) {
        if (error instanceof QueryError) return error.code;
        throw error;
    }
}
