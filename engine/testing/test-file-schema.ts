/**
 * The JSON Schema (draft-07, ajv 8's default draft, compiled in strict mode) of a `*.test.yaml`
 * permission test file, applied to the YAML document's plain value. It holds the structure only:
 * which keys a case has and of what type, exactly one place to ask, at least one expectation, and
 * the `<action> <resource>` form of an expectation. Names (users, collections, roles, templates)
 * and Specify's resources and actions are checked against the workspace and the registry later,
 * because a schema cannot know them.
 *
 * Under ajv's strictRequired, a `required` inside `oneOf`/`anyOf` must see the property declared in
 * the same subschema (ajv evaluates those applicators before `properties`), hence the property
 * schemas there; the real ones are in the case's `properties`. The `institution` branch repeats
 * `const: true`, so that `in:` with `institution: false` is one mistake (the value), not two.
 *
 * Kept as a TypeScript constant so that the engine needs no JSON module loading; `TESTING_SCHEMAS`
 * lists every top-level schema for the meta-test that compiles each under ajv strict mode.
 */

const DRAFT = 'http://json-schema.org/draft-07/schema#';

/** `<action> <resource>`: an action without spaces or slashes, spaces, then a resource starting with `/`. */
export const EXPECTATION_PATTERN = '^[^\\s/]+ +/\\S*$';

/** The keys a test case may have, in the order the documentation lists them. */
export const CASE_KEYS = ['name', 'user', 'in', 'institution', 'mode', 'allow', 'deny', 'because'] as const;

/** The keys of `because:`, each a condition on one stored row that grants the expectation. */
export const BECAUSE_KEYS = ['role', 'template', 'admin', 'policy'] as const;

const NAME = { type: 'string', minLength: 1 } as const;

const EXPECTATIONS = {
    type: 'array',
    minItems: 1,
    items: { type: 'string', pattern: EXPECTATION_PATTERN }
} as const;

const BECAUSE = {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: {
        role: NAME,
        template: NAME,
        admin: { type: 'boolean' },
        policy: { enum: ['institution', 'collection'] }
    }
} as const;

const CASE = {
    type: 'object',
    required: ['name', 'user'],
    additionalProperties: false,
    properties: {
        name: NAME,
        user: NAME,
        in: NAME,
        institution: { const: true },
        mode: { enum: ['enforce', 'query'] },
        allow: EXPECTATIONS,
        deny: EXPECTATIONS,
        because: BECAUSE
    },
    oneOf: [
        { required: ['in'], properties: { in: true } },
        { required: ['institution'], properties: { institution: { const: true } } }
    ],
    anyOf: [
        { required: ['allow'], properties: { allow: true } },
        { required: ['deny'], properties: { deny: true } }
    ],
    dependencies: { because: ['allow'] }
} as const;

/** A whole test file: `tests:`, a non-empty list of cases. */
export const TEST_FILE_SCHEMA = {
    $schema: DRAFT,
    $id: 'https://spol.dev/schemas/spol/test-file.json',
    title: 'spol permission test file (*.test.yaml)',
    type: 'object',
    required: ['tests'],
    additionalProperties: false,
    properties: {
        tests: { type: 'array', minItems: 1, items: CASE }
    }
} as const;

/** Every top-level schema, by name: each must compile under ajv strict mode (a meta-test holds it). */
export const TESTING_SCHEMAS = {
    'test-file': TEST_FILE_SCHEMA
} as const;
