/**
 * Running test cases: each expectation is one `engine.decide` in the case's place and mode, judged
 * against what the test expects. A case naming a user, collection, role or template that the
 * workspace does not declare does not run; it is an error at that name, with did-you-mean.
 */
import { QueryError, type Decision, type PolicyEngine } from '../decision/index.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../model/policy-model.js';
import { declarationsOf, isAdminRow, type StoredPolicy } from '../model/stored.js';
import { suggestNames } from '../suggest.js';
import type { TestCode } from './codes.js';
import type { Because, Expectation, ExpectationResult, TestCase, TestRun } from './types.js';

export interface RunOptions {
    /**
     * A question the engine refuses (a name it depends on declared twice in the workspace):
     * `diagnose` (the default) reports it as an error at the case's user and does not run the
     * case; `throw` lets the QueryError through, for a front end that refuses the whole workspace.
     */
    readonly refused?: 'diagnose' | 'throw';
}

export function runTests(engine: PolicyEngine, cases: readonly TestCase[], options: RunOptions = {}): TestRun {
    const results: ExpectationResult[] = [];
    const diagnostics: Diagnostic[] = [];
    let passed = 0;
    for (const testCase of cases) {
        const problems = unknownNames(engine, testCase);
        if (problems.length > 0) {
            diagnostics.push(...problems);
            continue;
        }
        const place = testCase.collection !== undefined ? { collection: testCase.collection } : { institution: true };
        const caseResults: ExpectationResult[] = [];
        try {
            for (const expectation of testCase.expectations) {
                const { action, resource } = expectation;
                const decision = engine.decide({ user: testCase.user, ...place, resource, action }, { mode: testCase.mode });
                caseResults.push(judge(testCase, expectation, decision));
            }
        } catch (error) {
            if (!(error instanceof QueryError) || options.refused === 'throw') throw error;
            diagnostics.push(refusal(error, testCase));
            continue;
        }
        for (const result of caseResults) if (result.passed) passed++;
        results.push(...caseResults);
    }
    return { results, diagnostics, passed, failed: results.length - passed };
}

/** A refused question as an error at the case's user (the name it depends on), with the declarations. */
function refusal(error: QueryError, testCase: TestCase): Diagnostic {
    return {
        code: error.code,
        severity: 'error',
        message: error.message,
        source: testCase.userSource ?? testCase.source,
        ...(error.places.length > 0 ? { data: { places: error.places } } : {})
    };
}

/** Does one stored row meet every condition of `because:`? */
export function meetsBecause(row: StoredPolicy, because: Because): boolean {
    if (because.role !== undefined && !(row.origin.kind === 'role' && row.origin.role === because.role)) return false;
    // A row several templates declare is stored once (the first) but comes from each of them.
    if (because.template !== undefined && !declarationsOf(row).some((d) => d.template === because.template)) return false;
    // The Institution Admin is the row, however it was written (`institution admin` or `allow %: %`).
    if (because.admin !== undefined && isAdminRow(row) !== because.admin) return false;
    if (because.policy === 'institution' && row.origin.kind !== 'institution-user') return false;
    if (because.policy === 'collection' && row.origin.kind !== 'collection-user') return false;
    return true;
}

function judge(testCase: TestCase, expectation: Expectation, decision: Decision): ExpectationResult {
    const base = { case: testCase, expectation, decision };
    if (expectation.expected === 'deny') {
        return decision.allowed
            ? { ...base, passed: false, failure: { kind: 'unexpected-allow', grants: decision.matches } }
            : { ...base, passed: true };
    }
    if (!decision.allowed) return { ...base, passed: false, failure: { kind: 'unexpected-deny', grants: decision.matches } };
    const { because } = testCase;
    if (because && !decision.matches.some((row) => meetsBecause(row, because))) {
        return { ...base, passed: false, failure: { kind: 'wrong-provenance', grants: decision.matches } };
    }
    return { ...base, passed: true };
}

function unknownNames(engine: PolicyEngine, testCase: TestCase): Diagnostic[] {
    const { index } = engine;
    const problems: Diagnostic[] = [];
    const check = (code: TestCode, kind: string, name: string | undefined, known: Iterable<string>, source: Source | undefined) => {
        if (name === undefined || source === undefined) return;
        const names = [...known];
        if (names.includes(name)) return;
        const hint = suggestNames(name, names);
        const message = `There is no ${kind} ${name} in the workspace${hint.length > 0 ? `; did you mean ${hint.join(', ')}?` : '.'}`;
        problems.push({ code, severity: 'error', message, source, ...(hint.length > 0 ? { data: { suggestions: hint } } : {}) });
    };
    check('unknown-user', 'user', testCase.user, index.users.keys(), testCase.userSource);
    check('unknown-collection', 'collection', testCase.collection, index.collections.keys(), testCase.placeSource);
    const { because } = testCase;
    check('unknown-role', 'collection role', because?.role, index.roles.keys(), because?.roleSource);
    check('unknown-template', 'library role', because?.template, index.libraryRoles.keys(), because?.templateSource);
    return problems;
}
