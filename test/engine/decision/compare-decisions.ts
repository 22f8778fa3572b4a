/**
 * The engine's answer against the reference evaluator's, as a list of the ways they differ (empty
 * when they agree): allowed, level, reason, the collection gate, and the multiset of matched rows
 * with their provenance (holder, template, derivation), which the engine must also list in
 * Specify's holder order. Plain functions, no test runner: the differential test expects the list
 * to be empty, and the soak (soak/) counts and prints it.
 */
import { QueryError, type Decision, type PolicyEngine } from '../../../engine/decision/index.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';
import { registry } from '../../../engine/registry/registry.js';
import type { Asked } from './decision-arbitraries.js';
import type { ReferenceAnswer, ReferenceRow } from './reference-evaluator.js';

/** A decision, or the code of the QueryError the engine refused the question with. */
export type EngineAnswer = Decision | { readonly error: string };

export function holderOf(row: StoredPolicy): string {
    const o = row.origin;
    if (o.kind === 'institution-user') return `institution-user|${o.user}|`;
    if (o.kind === 'collection-user') return `collection-user|${o.user}|${o.collection}`;
    return `role|${o.role}|${o.collection}`;
}

interface KeyedRow {
    readonly resource: string;
    readonly action: string;
    readonly template?: string;
    readonly derivation?: string;
    /** Other declarations of the same stored row (one row per resource and action per holder). */
    readonly also?: readonly { readonly template?: string; readonly derivation?: string }[];
}

/** A row with its provenance, and the template and derivation of every other declaration of it, in order. */
function keyOf(row: KeyedRow, holder: string): string {
    const also = (row.also ?? []).map((d) => [d.template ?? null, d.derivation ?? null]);
    return JSON.stringify([row.resource, row.action, holder, row.template ?? null, row.derivation ?? null, also]);
}

const engineKeys = (rows: readonly StoredPolicy[]) => rows.map((row) => keyOf(row, holderOf(row))).sort();
const referenceKeys = (rows: readonly ReferenceRow[]) => rows.map((row) => keyOf(row, row.holder)).sort();

export function engineAnswer(engine: PolicyEngine, { query, mode }: Asked): EngineAnswer {
    try {
        return engine.decide(query, { mode });
    } catch (error) {
        if (error instanceof QueryError) return { error: error.code };
        throw error;
    }
}

const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** Collects "what: engine X, reference Y" lines. */
class Differences {
    readonly list: string[] = [];

    check(what: string, engine: unknown, reference: unknown): void {
        if (!same(engine, reference)) this.list.push(`${what}: engine ${JSON.stringify(engine)}, reference ${JSON.stringify(reference)}`);
    }
}

/** Rows must be listed holder by holder in the reference's order (institution, user, roles held). */
function checkHolderOrder(diff: Differences, what: string, rows: readonly StoredPolicy[], holders: readonly string[]): void {
    const positions = rows.map((row) => holders.indexOf(holderOf(row)));
    if (positions.some((p) => p < 0)) diff.check(`${what} holders`, rows.map(holderOf), holders);
    else diff.check(`${what} in holder order`, positions, [...positions].sort((a, b) => a - b));
}

/** Every way the two answers differ; none when they agree. */
export function disagreements(decision: EngineAnswer, reference: ReferenceAnswer): string[] {
    const diff = new Differences();
    if ('error' in decision || reference.error !== undefined) {
        diff.check('refusal', 'error' in decision ? decision.error : 'answered', reference.error ?? 'answered');
        return diff.list;
    }
    diff.check('allowed', decision.allowed, reference.allowed);
    diff.check('level', decision.level, reference.level);
    diff.check('reason', decision.reason, reference.reason);
    if (reference.missingTables) {
        // A tool: the tables' rows table by table in the tool's order, each row once, so the exact sequence.
        diff.check(
            'tool rows',
            decision.matches.map((row) => keyOf(row, holderOf(row))),
            reference.matches.map((row) => keyOf(row, row.holder))
        );
        // The note names every table and then, after "allows it", the ones that did not allow it.
        const note = decision.notes.find((n) => n.includes('allows it')) ?? '';
        const tables = registry.tools.get(decision.query.resource.toLowerCase())?.tables ?? [];
        diff.check('tables named in the note', tables.filter((table) => !note.includes(table)), []);
        const after = note.slice(note.indexOf('allows it'));
        diff.check(
            'tables the note says do not allow it',
            tables.filter((table) => after.includes(`${table} `) || after.includes(`${table},`)),
            reference.missingTables
        );
    } else {
        diff.check('rows', engineKeys(decision.matches), referenceKeys(reference.matches));
        checkHolderOrder(diff, 'rows', decision.matches, reference.holders);
    }
    diff.check('collection gate run', decision.collectionAccess !== undefined, reference.gate !== undefined);
    if (decision.collectionAccess && reference.gate) {
        diff.check('collection gate allowed', decision.collectionAccess.allowed, reference.gate.allowed);
        diff.check('collection gate rows', engineKeys(decision.collectionAccess.matches), referenceKeys(reference.gate.matches));
        checkHolderOrder(diff, 'collection gate rows', decision.collectionAccess.matches, reference.holders);
    }
    const gateOk = decision.collectionAccess ? decision.collectionAccess.matches.length > 0 : true;
    const policyOk = reference.missingTables ? reference.missingTables.length === 0 : decision.matches.length > 0;
    diff.check('allowed from its own rows', decision.allowed, policyOk && gateOk);
    return diff.list;
}
