/**
 * Stable codes of the problems found in test files. The CLI prints them and tests switch on them,
 * never on the wording; a meta-test holds every code to a table-driven test.
 */
export const TEST_CODES = {
    'yaml-syntax': 'The text is not YAML (or holds more than one document); reported where it stops being YAML.',
    'missing-key': 'A required key is missing: `tests` at the top, `name` or `user` in a case.',
    'unknown-key': 'A key the format does not have; a misspelt key would otherwise be silently ignored.',
    'wrong-type': 'A value of the wrong type, e.g. a number for `user` or a single string for `allow`.',
    'bad-value': 'A value outside its choices: an empty name or `because:`, `mode` other than enforce or query, `institution` other than true.',
    'no-place': 'A case with neither `in: <collection>` nor `institution: true`.',
    'two-places': 'A case with both `in:` and `institution:`.',
    'no-expectations': 'A case with neither `allow:` nor `deny:`, or an empty `tests`, `allow` or `deny` list.',
    'bad-expectation': 'An expectation not written `<action> <resource>`.',
    'because-without-allow': '`because:` on a case without `allow:` expectations: there is no grant to explain.',
    'unknown-resource': 'An expectation names a resource Specify 7 does not define (or a pattern instead of one resource).',
    'unknown-action': 'An expectation names an action the resource does not have.',
    'unknown-user': 'A case names a user the workspace does not declare.',
    'unknown-collection': 'A case names a collection the workspace does not declare.',
    'unknown-role': '`because: role:` names a collection role the workspace does not declare.',
    'unknown-template': '`because: template:` names a library role the workspace does not declare.',
    'ambiguous-name': 'The workspace declares a name the case depends on (its user, its collection, a role held there) more than once.'
} as const;

export type TestCode = keyof typeof TEST_CODES;
