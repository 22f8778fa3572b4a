/**
 * The shapes of permission tests and their results: plain data (no classes, no functions), so the
 * CLI can print them, write them as JSON, and the editor can show them at their places.
 */
import type { Decision, DecisionMode } from '../decision/index.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../model/policy-model.js';
import type { StoredPolicy } from '../model/stored.js';

/** One line of an `allow:` or `deny:` list: the user may (or may not) do `action` on `resource`. */
export interface Expectation {
    readonly expected: 'allow' | 'deny';
    readonly action: string;
    readonly resource: string;
    /** The list item, e.g. `update /table/collectionobject`. */
    readonly source: Source;
}

/**
 * `because:` on a case with `allow:` expectations: each allowed expectation must be granted by at
 * least one stored row that meets every condition given.
 */
export interface Because {
    /** A row of this collection role (its copy in the case's collection). */
    readonly role?: string;
    /** A row copied from this library role (`from library`). */
    readonly template?: string;
    /** `true`: the Institution Admin row (`%` / `%`); `false`: any other row. */
    readonly admin?: boolean;
    /** A row of the user's own policies: institution-level, or in the case's collection (not a role). */
    readonly policy?: 'institution' | 'collection';
    /** The `because:` mapping. */
    readonly source: Source;
    readonly roleSource?: Source;
    readonly templateSource?: Source;
}

/** One test case: a user, a place to ask, and what they may and may not do there. */
export interface TestCase {
    readonly name: string;
    readonly user: string;
    /** The collection the user is logged into; absent for institution-level cases. */
    readonly collection?: string;
    /** Present (and true) for institution-level cases (`institution: true`). */
    readonly institution?: true;
    readonly mode: DecisionMode;
    /** `allow:` and `deny:` items in the order written. */
    readonly expectations: readonly Expectation[];
    readonly because?: Because;
    /** The whole case; it starts on the line of its first key. */
    readonly source: Source;
    readonly userSource: Source;
    /** The `in:` value, or the `institution:` value. */
    readonly placeSource: Source;
}

/** What reading one test file gives: the well-formed cases and every problem found. */
export interface TestFile {
    readonly file: string;
    /** Cases without errors, in file order. A case with an error is left out (and reported). */
    readonly cases: readonly TestCase[];
    readonly diagnostics: readonly Diagnostic[];
}

/**
 * Why an expectation failed: Specify allowed what the test denies, denied what it allows, or
 * allowed it through rows that do not meet the case's `because:`.
 */
export type FailureKind = 'unexpected-allow' | 'unexpected-deny' | 'wrong-provenance';

export interface TestFailure {
    readonly kind: FailureKind;
    /**
     * The rows behind the answer: what granted the action (unexpected allow, wrong provenance);
     * for an unexpected deny, the rows that matched the policy check although the collection gate
     * refused (usually none).
     */
    readonly grants: readonly StoredPolicy[];
}

/** The outcome of one expectation. */
export interface ExpectationResult {
    readonly case: TestCase;
    readonly expectation: Expectation;
    readonly passed: boolean;
    /** Specify's answer, with every row that matched and why it was refused. */
    readonly decision: Decision;
    /** Present exactly when the expectation failed. */
    readonly failure?: TestFailure;
}

/** The outcome of running cases against one compiled workspace. */
export interface TestRun {
    /** One per expectation of every case that could run, in the order given. */
    readonly results: readonly ExpectationResult[];
    /** Cases that could not run: unknown users, collections, roles or templates (errors). */
    readonly diagnostics: readonly Diagnostic[];
    readonly passed: number;
    readonly failed: number;
}
