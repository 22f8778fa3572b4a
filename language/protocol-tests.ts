/**
 * spol's LSP messages for permission tests (`*.test.yaml`, README "Testing your permissions"): the
 * editor asks the language server which test files and cases the workspace holds, and to run some
 * or all of them. The server reads the YAML and decides with the engine, exactly as `spol test`
 * does (language/spol-test-requests.ts); the VS Code client only shows the answers in its Test
 * Explorer (extension/src/tests/).
 *
 * Like protocol.ts this is a contract that imports nothing but protocol.ts (types only), so the
 * client bundles it without Langium or the engine. Positions are LSP's (zero-based line and
 * character), URIs are the files' own (`file:///…`).
 */
import type { ProblemView, SpolLocation, SpolPosition, SpolRange } from './protocol.js';

// ---------------------------------------------------------------------------------------------
// Methods

export namespace SpolTestMethods {
    /** Request (`DiscoverTestsParams` → `DiscoverTestsResult`): every test file under the workspace folders, with its cases. */
    export const discover = 'spol/tests/discover';
    /** Request (`RunTestsParams` → `RunTestsResult`): runs some or all cases against the workspace's current model. */
    export const run = 'spol/tests/run';
}

// ---------------------------------------------------------------------------------------------
// Places: protocol.ts's, under the names this file has always used

export type TestPosition = SpolPosition;
export type TestRange = SpolRange;
export type TestLocation = SpolLocation;
/**
 * A mistake in a test file (engine/testing/codes.ts: `yaml-syntax`, `missing-key`, `unknown-user`,
 * …) or, in a `blocked` answer, a problem of the workspace. The case it is in does not run.
 */
export type TestProblemView = ProblemView;

/** The text of a test file as the editor holds it (unsaved edits), used instead of the file on disk. */
export interface TestFileText {
    readonly uri: string;
    readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// spol/tests/discover

export interface DiscoverTestsParams {
    /** Texts of open test files with unsaved edits. */
    readonly overrides?: readonly TestFileText[];
}

/** One `allow:` or `deny:` item of a case. */
export interface TestExpectationView {
    readonly expected: 'allow' | 'deny';
    readonly action: string;
    readonly resource: string;
    /** The list item, e.g. `update /table/collectionobject`. */
    readonly range: TestRange;
}

/** A well-formed case (one with a mistake does not run and is reported among the file's problems). */
export interface TestCaseView {
    /**
     * Unique within its file and stable across edits that keep the name: the case's name, with
     * ` #2`, ` #3` … appended to later cases of the same name. `RunTestsParams` selects cases by it.
     */
    readonly id: string;
    readonly name: string;
    readonly user: string;
    readonly collection?: string;
    readonly institution?: true;
    readonly mode: 'enforce' | 'query';
    /** The whole case, from its first key. */
    readonly range: TestRange;
    /** The `name:` line of the case (its first key when it has none). */
    readonly nameRange: TestRange;
    readonly expectations: readonly TestExpectationView[];
}

export interface TestFileView {
    readonly uri: string;
    /** The path relative to its workspace folder (prefixed with the folder's name when there are several). */
    readonly label: string;
    /** The workspace folder it was found in; absent for a file given only by an override. */
    readonly folder?: string;
    readonly cases: readonly TestCaseView[];
    /** Mistakes found reading the file (YAML, structure, unknown resources and actions), each at its place. */
    readonly problems: readonly TestProblemView[];
}

export interface DiscoverTestsResult {
    /** Sorted by URI. */
    readonly files: readonly TestFileView[];
}

// ---------------------------------------------------------------------------------------------
// spol/tests/run

export interface RunTestsParams {
    /**
     * What to run: files, each with all its cases or only those named by `TestCaseView.id`.
     * Absent: every test file under the workspace folders.
     */
    readonly include?: readonly { readonly uri: string; readonly cases?: readonly string[] }[];
    /** Texts of open test files with unsaved edits. */
    readonly overrides?: readonly TestFileText[];
}

/** The outcome of one expectation, worded as `spol test` words it. */
export interface ExpectationRunView extends TestExpectationView {
    readonly passed: boolean;
    /** What Specify answered. */
    readonly got: 'allow' | 'deny';
    /** Why it failed (failed expectations only). */
    readonly failure?: 'unexpected-allow' | 'unexpected-deny' | 'wrong-provenance';
    /**
     * `spol test`'s line for it without the place (engine `describeResult`): `<case>: expected deny
     * delete /table/x, got allow (granted in FishVoucher by role … at roles.spol:12:5)`. Failed only.
     */
    readonly message?: string;
    /** Just the answer and its reasons (engine `describeOutcome`): `got allow (granted … by …)`. */
    readonly why: string;
    /** The expectation as written with its case's `because:` (`allow update /table/x because role R`). */
    readonly expectedText: string;
    /** The first stored row that granted the answer (or matched behind a refused gate), when there is one. */
    readonly grant?: { readonly label: string; readonly location?: TestLocation };
}

export interface CaseRunView extends TestCaseView {
    /** `errored`: the case could not run (it names a user, collection, role or template the workspace lacks). */
    readonly state: 'passed' | 'failed' | 'errored';
    /** Every expectation's outcome, in file order (empty when errored). */
    readonly results: readonly ExpectationRunView[];
    /** Why it could not run. */
    readonly problems: readonly TestProblemView[];
}

export interface FileRunView {
    readonly uri: string;
    readonly label: string;
    readonly folder?: string;
    /** The cases run (all the file's well-formed cases, or those asked for). */
    readonly cases: readonly CaseRunView[];
    /**
     * Mistakes in the file outside the cases run: YAML and structure, cases with a mistake (which do
     * not run). Running selected cases reports only the problems inside them.
     */
    readonly problems: readonly TestProblemView[];
}

export interface RunSummary {
    /** Expectations, as `spol test` counts them (`N passed, M failed`). */
    readonly passed: number;
    readonly failed: number;
    /** Errors in test files (`spol test`'s `K errors in test files`). */
    readonly errors: number;
    readonly files: number;
    /** Cases, as the Test Explorer counts them. */
    readonly cases: { readonly passed: number; readonly failed: number; readonly errored: number };
}

export type RunTestsResult =
    | {
          readonly kind: 'results';
          readonly files: readonly FileRunView[];
          readonly summary: RunSummary;
      }
    | {
          /** As `spol test` refuses: the workspace has errors that make every decision meaningless. */
          readonly kind: 'blocked';
          /** One sentence for the user. */
          readonly message: string;
          /** The blocking problems (at most 50), with their places. */
          readonly problems: readonly TestProblemView[];
          /** The test files there are (as `discover` lists them), so that every one can be marked. */
          readonly files: readonly TestFileView[];
      };
