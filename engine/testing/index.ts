/**
 * Permission tests: YAML files that say what users may and may not do, run against a workspace
 * with Specify's own decisions (DESIGN.md §1, engine/testing).
 *
 * ## The format
 *
 * A file named `*.test.yaml` (or `*.test.yml`) holds one mapping with one key, `tests:`, a list of
 * cases:
 *
 * ```yaml
 * tests:
 *   - name: jdoe enters specimens but cannot delete them
 *     user: jdoe                      # a user of the workspace
 *     in: FishVoucher                 # the collection they are logged into …
 *     allow:
 *       - update /table/collectionobject
 *       - upload /workbench/dataset
 *     deny:
 *       - delete /table/collectionobject
 *     because:                        # optional, on cases with allow: who granted it
 *       role: DataEntry
 *
 *   - name: only the Institution Admin sets passwords
 *     user: mokafor
 *     institution: true               # … or institution level (Specify's collection None)
 *     allow: [update /admin/user/password]
 *     because: { admin: true }
 * ```
 *
 * Each case has
 * - `name`: reported with every failure;
 * - `user`: a user the workspace declares;
 * - exactly one of `in: <collection>` and `institution: true`: where Specify asks;
 * - `mode`: `enforce` (default; as Specify's server enforces, with institution-level resources
 *   checked without a collection and the collection-access gate first) or `query` (the raw
 *   `POST /permissions/query/`);
 * - `allow:` and/or `deny:`: non-empty lists of expectations, each `<action> <resource>` with
 *   Specify's names (`read /table/agent`, `execute /querybuilder/query`); the resource and action
 *   must be ones Specify 7 defines;
 * - `because:` (only with `allow:`): each allowed expectation must be granted by at least one
 *   stored row that meets every condition given: `role: <collection role>` (its copy in the
 *   case's collection), `template: <library role>` (copied into a role with `from library`),
 *   `admin: true|false` (the Institution Admin row `%` / `%`, or any other), `policy:
 *   institution|collection` (the user's own policies, not a role).
 *
 * The structure is checked with a JSON Schema (test-file-schema.ts) under ajv strict mode; every
 * problem is a Diagnostic at its line and column, with a stable code (codes.ts). A case with a
 * problem does not run; the other cases do.
 *
 * ## The API
 *
 * `readTestFile(text, file, { unknownNames })` → `{ cases, diagnostics }` (`unknownNames: 'answer'`
 * keeps expectations naming resources or actions Specify does not define); `runTests(engine, cases,
 * { refused })` → one `ExpectationResult` per expectation (passed or not, the Decision, the failure
 * and the rows behind it, the expectation's Source), plus diagnostics for cases naming what the
 * workspace lacks, or depending on a name it declares twice (`ambiguous-name`, or thrown with
 * `refused: 'throw'`).
 * `describeResult(result, locate)` words a result the same way for every front end.
 */
export { TEST_CODES, type TestCode } from './codes.js';
export { describeBecause, describeExpectation, describeGrant, describeOutcome, describeResult, type Locate } from './describe-result.js';
export { readTestFile, type ReadOptions } from './read-test-file.js';
export { meetsBecause, runTests, type RunOptions } from './run-tests.js';
export { BECAUSE_KEYS, CASE_KEYS, EXPECTATION_PATTERN, TEST_FILE_SCHEMA, TESTING_SCHEMAS } from './test-file-schema.js';
export type { Because, Expectation, ExpectationResult, FailureKind, TestCase, TestFailure, TestFile, TestRun } from './types.js';

/** The suffixes of test file names. */
export const TEST_FILE_SUFFIXES = ['.test.yaml', '.test.yml'] as const;

export function isTestFileName(name: string): boolean {
    return TEST_FILE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}
