/**
 * JSON Schemas (draft-07, ajv 8's default draft, compiled in strict mode) of the role JSON that
 * Specify 7 reads and writes (role-export-format.md, semantics.md §5). They say what Specify itself
 * needs, no more:
 *
 * - `description` is required, because the server reads `data['description']` (a missing key is a
 *   KeyError, HTTP 500); `name` and `policies` likewise;
 * - in the Export/Import file, `policies` is an array of `{resource, actions}` (the UI calls `.map` on
 *   it); in the REST shape it is an object `{resource: [actions]}`;
 * - resources and actions are strings; Specify stores any string, so unknown ones are not schema
 *   errors (the reader warns about them);
 * - other keys are allowed: Specify ignores them (`id` is replaced on import; `libraryroleid` changes
 *   what a collection-role POST means, which the reader warns about).
 *
 * Kept as TypeScript constants so that the engine needs no JSON module loading; `ROLE_SCHEMAS` lists
 * every schema for the meta-test that compiles each under ajv strict mode.
 */

const DRAFT = 'http://json-schema.org/draft-07/schema#';
const BASE = 'https://spol.dev/schemas/specify7';

const STRING_ARRAY = { type: 'array', items: { type: 'string' } } as const;

/** One `{resource, actions}` entry of a file-shape role. */
export const FILE_POLICY_SCHEMA = {
    type: 'object',
    required: ['resource', 'actions'],
    properties: {
        resource: { type: 'string' },
        actions: STRING_ARRAY
    }
} as const;

/** The REST `Policies` object: resource → actions. */
export const SERVER_POLICIES_SCHEMA = {
    type: 'object',
    additionalProperties: STRING_ARRAY
} as const;

const ROLE_PROPERTIES = {
    id: {},
    name: { type: 'string' },
    description: { type: 'string' }
} as const;

/** One role of the Export/Import file. */
export const FILE_ROLE_SCHEMA = {
    type: 'object',
    required: ['name', 'description', 'policies'],
    properties: {
        ...ROLE_PROPERTIES,
        policies: { type: 'array', items: FILE_POLICY_SCHEMA }
    }
} as const;

/** One role in the REST shape: `RoleOut`, or a POST/PUT body. */
export const REST_ROLE_BODY_SCHEMA = {
    type: 'object',
    required: ['name', 'description', 'policies'],
    properties: {
        ...ROLE_PROPERTIES,
        policies: SERVER_POLICIES_SCHEMA
    }
} as const;

/** What the Security and Accounts Export button writes and the Import button reads. */
export const EXPORT_FILE_SCHEMA = {
    $schema: DRAFT,
    $id: `${BASE}/export-file.json`,
    title: 'Specify 7 role Export/Import file',
    type: 'array',
    items: FILE_ROLE_SCHEMA
} as const;

/** `GET /permissions/role/<id>/`, `POST /permissions/roles/<cid>/` and PUT bodies. */
export const REST_ROLE_SCHEMA = {
    $schema: DRAFT,
    $id: `${BASE}/rest-role.json`,
    title: 'Specify 7 role (REST shape)',
    ...REST_ROLE_BODY_SCHEMA
} as const;

/** `GET /permissions/roles/<cid>/` and `GET /permissions/library_roles/`: a list of `RoleOut`. */
export const REST_ROLE_LIST_SCHEMA = {
    $schema: DRAFT,
    $id: `${BASE}/rest-role-list.json`,
    title: 'Specify 7 role list (REST shape)',
    type: 'array',
    items: REST_ROLE_BODY_SCHEMA
} as const;

/** Every top-level schema, by name: each must compile under ajv strict mode (a meta-test holds it). */
export const ROLE_SCHEMAS = {
    'export-file': EXPORT_FILE_SCHEMA,
    'rest-role': REST_ROLE_SCHEMA,
    'rest-role-list': REST_ROLE_LIST_SCHEMA
} as const;
