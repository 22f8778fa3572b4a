/**
 * Reading role JSON: text → the shape it is in, its roles, and every problem with its JSON pointer
 * and line:column. Checks mirror what Specify itself needs (role-export-format.md):
 *
 * - the Export/Import file is an array of `{id?, name, description, policies: [{resource, actions}]}`;
 *   the Import button calls `.map` on `policies`, so an object there (the REST shape) breaks it;
 * - a REST role is `{id?, name, description, policies: {resource: [actions]}}`; a REST list is an
 *   array of those (`GET /permissions/roles/<cid>/`, `GET /permissions/library_roles/`);
 * - `name`, `description` and `policies` are required (the server reads each key: a missing
 *   `description` is a KeyError, HTTP 500); resources and actions are strings;
 * - a `/table/<name>` naming no table is an error: Specify's Security page runs every stored role
 *   through `processPolicies`, which throws on it; an unknown `/tools/<name>` is an error in the
 *   file shape, where `decompressPolicies` throws on it;
 * - other unknown resources and actions are warnings: the server stores any string; an action that
 *   Specify itself stores but never checks (`/preferences/statistics` `edit`) has its own code;
 * - `libraryroleid` is a warning: a collection-role POST body holding it is a copy from the library;
 * - two roles with one name: Import matches by exact name, so both would land on one role.
 *
 * Shape detection (the first rule that applies):
 * 1. empty or blank text → error; text that is not JSON → the syntax error's place;
 * 2. an array: `export-file` if some element has an array `policies`, or if no element has an
 *    object `policies` (an empty array, or roles too broken to tell); otherwise it is a REST list
 *    (`rest-library-list` when reading for the library, else `rest-role-list`). In an export file, an
 *    element whose `policies` is an object is an error that says the REST shape was given;
 * 3. an object whose `policies` is an array: one file-shape role without its array → error;
 * 4. an object with `name`, `description`, `policies` or `libraryroleid` → `rest-role`;
 * 5. anything else (another object, a string, a number, `true`, `null`) → error.
 *
 * Huge inputs stay fast: the parser is linear, resource verdicts are cached per distinct resource,
 * and only the first `maxProblems` problems of each severity (by place in the text) are reported,
 * with a count of the rest.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../../diagnostic.js';
import { like } from '../../like.js';
import { actionsOfPattern, matchingResources, resourceCandidates } from '../../lint/resources.js';
import { suggest } from '../../suggest.js';
import type { Range } from '../../model/policy-model.js';
import { registry } from '../../registry/registry.js';
import type { FilePolicy, ServerPolicies } from '../policy-converter.js';
import { EXPORT_FILE_SCHEMA, REST_ROLE_LIST_SCHEMA, REST_ROLE_SCHEMA } from '../schemas/role-schemas.js';
import { formatPointer, JsonDocument, parsePointer, type JsonMember, type JsonNode, type JsonObjectNode } from './json-locations.js';

// ---------------------------------------------------------------- public types

/** The JSON shapes of roles that spol reads. The two REST lists are the same JSON; the target tells them apart. */
export type RolesShape = 'export-file' | 'rest-role' | 'rest-role-list' | 'rest-library-list';

export const ROLES_SHAPES: readonly RolesShape[] = ['export-file', 'rest-role', 'rest-role-list', 'rest-library-list'];

/** What each shape is, in words for messages and the CLI. */
export const SHAPE_DESCRIPTIONS: Readonly<Record<RolesShape, string>> = {
    'export-file': 'a Security and Accounts Export/Import file (an array of roles, policies as [{resource, actions}])',
    'rest-role': 'one role in the REST shape (policies as {resource: [actions]}), as GET /permissions/role/<id>/ returns it',
    'rest-role-list': 'a REST list of collection roles, as GET /permissions/roles/<collection id>/ returns it',
    'rest-library-list': 'a REST list of library roles, as GET /permissions/library_roles/ returns it'
};

/** Stable problem codes; tests and the CLI switch on these, never on messages. */
export const READ_CODES = {
    'empty-input': 'The text is empty or blank.',
    'json-syntax': 'The text is not JSON; reported where it stops being JSON.',
    'byte-order-mark': 'A leading byte order mark: browsers drop it, JSON.parse does not.',
    'not-roles': 'The JSON is neither an array of roles nor a role object.',
    'single-file-role': 'One Export-file role given without the array around it.',
    'missing-key': 'A role or policy lacks a key Specify reads (name, description, policies, resource, actions).',
    'wrong-type': 'A value of the wrong JSON type.',
    'rest-policies-in-file': 'An object `policies` (the REST shape) where the Export/Import file needs an array.',
    'file-policies-in-rest': 'An array `policies` (the file shape) where the REST shape needs an object.',
    'unknown-table': "A `/table/<name>` naming no table: Specify's Security page throws on it.",
    'unknown-tool': "A `/tools/<name>` Specify's UI does not know (tool names are case-sensitive): saving throws.",
    'tool-in-rest': 'A `/tools/...` resource in the REST shape: the server stores it as is and it grants nothing.',
    'tool-overlap': 'Two policies of one role produce the same /table resource; Specify keeps only the last one.',
    'non-canonical-tool': 'A tool resource written in a form other than `/tools/<name>`.',
    'unknown-resource': 'A resource that matches nothing Specify knows (Specify stores it anyway).',
    'unknown-action': 'An action the resource does not have (Specify stores it anyway).',
    'unchecked-action': 'An action Specify itself stores but never checks (a migration writes it): it grants nothing.',
    'library-role-id': 'A `libraryroleid` key: a collection-role POST holding it copies a library role.',
    'duplicate-role-name': 'Two roles with one name: Import matches by exact name.',
    'duplicate-key': 'A key written twice in one object; JSON.parse keeps the last value.',
    'duplicate-resource': 'A resource listed twice in one role; Specify merges the actions.',
    'unknown-key': 'A key that Specify ignores.',
    'empty-name': 'A role with an empty name.',
    'no-roles': 'An array with no roles.'
} as const;

export type ReadCode = keyof typeof READ_CODES;

export interface ReadProblem {
    readonly code: ReadCode;
    readonly severity: 'error' | 'warning';
    /** JSON pointer of the value concerned ('' for the whole text). */
    readonly pointer: string;
    /** 1-based line and column of where it is written. */
    readonly line: number;
    readonly column: number;
    /** Offset in the text given. */
    readonly offset: number;
    /** 0-based editor range. */
    readonly range: Range;
    /** One sentence naming the input. */
    readonly message: string;
    readonly data?: Readonly<Record<string, unknown>>;
}

/** Where one policy of a role is written. */
export interface PolicyLocation {
    /** The whole policy: `{resource, actions}` in the file shape, `"resource": [...]` in the REST shape. */
    readonly range: Range;
    readonly resourceRange: Range;
    /** One per action, in order. */
    readonly actionRanges: readonly Range[];
}

interface ImportedRoleBase {
    /** Position in the input (0 for a single REST role). */
    readonly index: number;
    /** JSON pointer of the role object. */
    readonly pointer: string;
    /** The id written in the input, when it is a number (Specify's Import ignores it). */
    readonly id?: number;
    readonly name: string;
    readonly description: string;
    /** The role object as JSON.parse makes it, keys in their order: what Specify's Import dialog compares. */
    readonly json: Readonly<Record<string, unknown>>;
    readonly range: Range;
    readonly nameRange: Range;
}

/** A role of the Export/Import file: policies as written, in file order. */
export interface ImportedFileRole extends ImportedRoleBase {
    readonly form: 'file';
    readonly policies: readonly FilePolicy[];
    /** Parallel to `policies`. */
    readonly policyLocations: readonly PolicyLocation[];
}

/** A role in the REST shape: the server's object. */
export interface ImportedServerRole extends ImportedRoleBase {
    readonly form: 'server';
    readonly policies: ServerPolicies;
    /** Parallel to `Object.entries(policies)`. */
    readonly policyLocations: readonly PolicyLocation[];
}

export type ImportedRole = ImportedFileRole | ImportedServerRole;

export interface ReadSuccess {
    readonly ok: true;
    readonly shape: RolesShape;
    readonly roles: readonly ImportedRole[];
    readonly warnings: readonly ReadProblem[];
    /** Warnings found beyond `maxProblems` and left out. */
    readonly omittedWarnings: number;
}

export interface ReadFailure {
    readonly ok: false;
    /** The shape detected, when the JSON got that far. */
    readonly shape?: RolesShape;
    readonly errors: readonly ReadProblem[];
    readonly warnings: readonly ReadProblem[];
    readonly omittedErrors: number;
    readonly omittedWarnings: number;
}

export type ReadResult = ReadSuccess | ReadFailure;

export interface ReadOptions {
    /**
     * Where the roles are going: a REST list is `rest-library-list` for the library and
     * `rest-role-list` otherwise (the JSON is the same). Default `collection`.
     */
    readonly target?: 'collection' | 'library';
    /**
     * The shapes to accept (default: all). Another shape is checked against the first accepted
     * shape of the same JSON type, so `['export-file']` reports each REST `policies` object as the
     * error Specify's Import button would hit.
     */
    readonly accept?: readonly RolesShape[];
    /** Problems of each severity reported at most (default 100); the rest are counted. */
    readonly maxProblems?: number;
}

// ---------------------------------------------------------------- schemas

interface Validators {
    readonly exportFile: ValidateFunction;
    readonly restRole: ValidateFunction;
    readonly restRoleList: ValidateFunction;
}

let validators: Validators | undefined;

/** Compiled once, on first use, in strict mode with every error reported. */
function compiled(): Validators {
    if (!validators) {
        const ajv = new Ajv({ allErrors: true, strict: true });
        validators = {
            exportFile: ajv.compile(EXPORT_FILE_SCHEMA),
            restRole: ajv.compile(REST_ROLE_SCHEMA),
            restRoleList: ajv.compile(REST_ROLE_LIST_SCHEMA)
        };
    }
    return validators;
}

function validatorFor(shape: RolesShape): ValidateFunction {
    const v = compiled();
    return shape === 'export-file' ? v.exportFile : shape === 'rest-role' ? v.restRole : v.restRoleList;
}

// ---------------------------------------------------------------- problems

const DEFAULT_MAX_PROBLEMS = 100;
/** Problems gathered (before sorting by place) per severity; beyond it they are only counted. */
const GATHER_LIMIT = 10_000;

interface PendingProblem {
    readonly code: ReadCode;
    readonly severity: 'error' | 'warning';
    readonly pointer: string;
    /** Locate the property name rather than its value, or the very start of the text. */
    readonly part: 'value' | 'key' | 'start';
    readonly message: string;
    readonly data?: Readonly<Record<string, unknown>>;
}

/** Where a problem is: the location fields of a ReadProblem. */
type Placement = Pick<ReadProblem, 'offset' | 'line' | 'column' | 'range'>;

class Problems {
    private readonly pending: Record<'error' | 'warning', PendingProblem[]> = { error: [], warning: [] };
    private readonly counts = { error: 0, warning: 0 };

    add(problem: PendingProblem): void {
        this.counts[problem.severity]++;
        const list = this.pending[problem.severity];
        if (list.length < GATHER_LIMIT) list.push(problem);
    }

    error(code: ReadCode, pointer: string, message: string, data?: Record<string, unknown>, part: PendingProblem['part'] = 'value'): void {
        this.add({ code, severity: 'error', pointer, part, message, ...(data ? { data } : {}) });
    }

    warning(code: ReadCode, pointer: string, message: string, data?: Record<string, unknown>, part: PendingProblem['part'] = 'value'): void {
        this.add({ code, severity: 'warning', pointer, part, message, ...(data ? { data } : {}) });
    }

    get errorCount(): number {
        return this.counts.error;
    }

    /** The first `max` problems of a severity by place in the text, and how many were left out. */
    located(severity: 'error' | 'warning', locate: (p: PendingProblem) => Placement, max: number): { list: ReadProblem[]; omitted: number } {
        const placed = this.pending[severity].map((p, order) => ({ p, order, at: locate(p) }));
        placed.sort((a, b) => a.at.offset - b.at.offset || a.order - b.order);
        const list = placed.slice(0, max).map(({ p, at }) => ({
            code: p.code,
            severity: p.severity,
            pointer: p.pointer,
            ...at,
            message: p.message,
            ...(p.data ? { data: p.data } : {})
        }));
        return { list, omitted: this.counts[severity] - list.length };
    }
}

// ---------------------------------------------------------------- reading

const ROLE_KEYS = new Set(['id', 'name', 'description', 'policies']);
const POLICY_KEYS = new Set(['resource', 'actions']);
const LIBRARY_ROLE_ID = 'libraryroleid';

/** Reads role JSON in any of the shapes Specify uses; see the module comment for the rules. */
export function readRoles(text: string, options: ReadOptions = {}): ReadResult {
    const max = Math.max(0, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
    const problems = new Problems();
    const hasBom = text.charCodeAt(0) === 0xfeff;
    const body = hasBom ? text.slice(1) : text;

    if (body.trim() === '') {
        problems.error('empty-input', '', 'The file is empty: an Export file is a JSON array of roles, e.g. [].');
        return failure(problems, undefined, text, undefined, max);
    }
    const parsed = JsonDocument.parse(text, { allowByteOrderMark: true });
    if (!parsed.ok) {
        const { error } = parsed;
        const problem: ReadProblem = {
            code: 'json-syntax',
            severity: 'error',
            pointer: '',
            line: error.line,
            column: error.column,
            offset: error.offset,
            range: error.range,
            message: `Not valid JSON: ${error.message}`
        };
        return { ok: false, errors: [problem], warnings: [], omittedErrors: 0, omittedWarnings: 0 };
    }
    const { document, duplicateKeys } = parsed;
    if (hasBom) {
        problems.warning('byte-order-mark', '', "The file starts with a byte order mark; Specify's Import ignores it, JSON.parse would not.", undefined, 'start');
    }
    for (const duplicate of duplicateKeys) {
        const key = parsePointer(duplicate.pointer).at(-1) ?? '';
        problems.warning('duplicate-key', duplicate.pointer, `The key "${key}" is written twice in one object; only its last value counts.`, { key }, 'key');
    }

    const detected = detectShape(document.value, options.target ?? 'collection', problems);
    if (!detected) return failure(problems, undefined, text, document, max);
    const accept = options.accept ?? ROLES_SHAPES;
    const shape = accept.includes(detected) ? detected : substituteShape(detected, accept);
    if (!shape) {
        problems.error('not-roles', '', `This is ${SHAPE_DESCRIPTIONS[detected]}, which is not accepted here (${accept.join(', ')}).`, {
            shape: detected
        });
        return failure(problems, detected, text, document, max);
    }

    const validate = validatorFor(shape);
    if (!validate(document.value)) {
        for (const error of validate.errors ?? []) reportSchemaError(error, shape, document.value, problems);
    }
    const roleNodes = roleNodesOf(document.root, shape);
    checkRoles(document, roleNodes, shape, problems);

    if (problems.errorCount > 0) return failure(problems, shape, text, document, max);
    const roles = roleNodes.map(({ node, pointer, index }) => extractRole(document, node, pointer, index, shape));
    const warnings = problems.located('warning', (p) => place(document, p), max);
    return { ok: true, shape, roles, warnings: warnings.list, omittedWarnings: warnings.omitted };
}

function place(document: JsonDocument, p: PendingProblem): Placement {
    const { offset, line, column, range } = p.part === 'start' ? document.span(0, 1) : document.locate(p.pointer, p.part);
    return { offset, line, column, range };
}

function failure(problems: Problems, shape: RolesShape | undefined, text: string, document: JsonDocument | undefined, max: number): ReadFailure {
    const doc = document ?? new JsonDocument(text, { kind: 'null', start: 0, end: 0 }, null);
    const errors = problems.located('error', (p) => place(doc, p), max);
    const warnings = problems.located('warning', (p) => place(doc, p), max);
    return {
        ok: false,
        ...(shape ? { shape } : {}),
        errors: errors.list,
        warnings: warnings.list,
        omittedErrors: errors.omitted,
        omittedWarnings: warnings.omitted
    };
}

// ---------------------------------------------------------------- shape detection

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function detectShape(value: unknown, target: 'collection' | 'library', problems: Problems): RolesShape | undefined {
    const restList: RolesShape = target === 'library' ? 'rest-library-list' : 'rest-role-list';
    if (Array.isArray(value)) {
        let fileVotes = 0;
        let restVotes = 0;
        for (const item of value) {
            if (!isObject(item)) continue;
            const policies = item['policies'];
            if (Array.isArray(policies)) fileVotes++;
            else if (isObject(policies)) restVotes++;
        }
        if (value.length === 0) problems.warning('no-roles', '', 'The array holds no roles: there is nothing to import.');
        return restVotes > 0 && fileVotes === 0 ? restList : 'export-file';
    }
    if (isObject(value)) {
        if (Array.isArray(value['policies'])) {
            problems.error(
                'single-file-role',
                '',
                "This is one role of an Export file without the array around it: Specify's Import needs an array of roles, so wrap it in [ ]."
            );
            return undefined;
        }
        if (['name', 'description', 'policies', LIBRARY_ROLE_ID].some((key) => key in value)) return 'rest-role';
        problems.error(
            'not-roles',
            '',
            'This object is not a role (it has no name, description or policies): expected an array of roles or one role object.'
        );
        return undefined;
    }
    problems.error('not-roles', '', `The JSON is ${describeValue(value)}; expected an array of roles (an Export file) or one role object.`);
    return undefined;
}

/** An accepted shape that can check JSON of the detected shape's type, if any. */
function substituteShape(detected: RolesShape, accept: readonly RolesShape[]): RolesShape | undefined {
    const isList = detected !== 'rest-role';
    return accept.find((shape) => (shape !== 'rest-role') === isList);
}

function describeValue(value: unknown): string {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    switch (typeof value) {
        case 'string':
            return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
        case 'number':
            return `a number (${value})`;
        case 'boolean':
            return `${value}`;
        case 'object':
            return 'an object';
        default:
            return typeof value;
    }
}

// ---------------------------------------------------------------- schema errors

function valueAt(root: unknown, tokens: readonly string[]): unknown {
    let value = root;
    for (const token of tokens) {
        if (Array.isArray(value)) value = value[Number(token)];
        else if (isObject(value)) value = Object.prototype.hasOwnProperty.call(value, token) ? value[token] : undefined;
        else return undefined;
    }
    return value;
}

/** The role's pointer tokens and the rest, whatever the shape. */
function splitRolePath(tokens: readonly string[], shape: RolesShape): { role: string[]; rest: string[] } {
    const cut = shape === 'rest-role' ? 0 : 1;
    return { role: tokens.slice(0, cut), rest: tokens.slice(cut) };
}

function roleLabel(root: unknown, roleTokens: readonly string[], shape: RolesShape): string {
    const name = valueAt(root, [...roleTokens, 'name']);
    if (typeof name === 'string') return `Role "${name}"`;
    return shape === 'rest-role' ? 'The role' : `Role ${roleTokens[0] ?? ''}`;
}

const MISSING_KEY_MESSAGES: Readonly<Record<string, string>> = {
    name: "has no \"name\": Import matches roles by name, and Specify's server reads it (a missing key fails with HTTP 500).",
    description:
        "has no \"description\": Specify's server reads it (a missing key fails with a KeyError, HTTP 500); write \"description\": \"\" if there is none.",
    policies: 'has no "policies": Specify\'s server reads it (a missing key fails with HTTP 500).'
};

function reportSchemaError(error: ErrorObject, shape: RolesShape, root: unknown, problems: Problems): void {
    const pointer = error.instancePath;
    const tokens = parsePointer(pointer);
    const { role, rest } = splitRolePath(tokens, shape);
    const label = roleLabel(root, role, shape);
    const value = valueAt(root, tokens);

    if (error.keyword === 'required') {
        const key = String((error.params as { missingProperty?: unknown }).missingProperty ?? '');
        if (rest.length === 0) {
            problems.error('missing-key', pointer, `${label} ${MISSING_KEY_MESSAGES[key] ?? `has no "${key}".`}`, { key });
        } else {
            problems.error('missing-key', pointer, `A policy of ${lower(label)} has no "${key}": each policy is {"resource": "...", "actions": [...]}.`, { key });
        }
        return;
    }
    if (error.keyword !== 'type') {
        problems.error('wrong-type', pointer, `${label}: ${pointer || 'the value'} ${error.message ?? 'is invalid'}.`);
        return;
    }
    const found = describeValue(value);
    const [first, second, third] = rest;
    if (rest.length === 0) {
        problems.error('wrong-type', pointer, `${label} is ${found}; each role must be an object {name, description, policies}.`, { expected: 'object' });
    } else if (rest.length === 1 && (first === 'name' || first === 'description')) {
        problems.error('wrong-type', pointer, `${label}: "${first}" must be a string, not ${found}.`, { expected: 'string' });
    } else if (rest.length === 1 && first === 'policies') {
        if (shape === 'export-file' && isObject(value)) {
            problems.error(
                'rest-policies-in-file',
                pointer,
                `${label}: "policies" is an object, the REST shape; Specify's Import calls .map on it and fails. In an Export file it is an array of {"resource", "actions"}, or import the whole file as a REST list.`,
                { expected: 'array' }
            );
        } else if (shape !== 'export-file' && Array.isArray(value)) {
            problems.error(
                'file-policies-in-rest',
                pointer,
                `${label}: "policies" is an array, the Export-file shape; in the REST shape it is an object {"resource": ["action", ...]}.`,
                { expected: 'object' }
            );
        } else {
            const wanted = shape === 'export-file' ? 'an array of {"resource", "actions"}' : 'an object {"resource": ["action", ...]}';
            problems.error('wrong-type', pointer, `${label}: "policies" must be ${wanted}, not ${found}.`, {
                expected: shape === 'export-file' ? 'array' : 'object'
            });
        }
    } else if (shape === 'export-file' && rest.length === 2) {
        problems.error('wrong-type', pointer, `Policy ${second} of ${lower(label)} is ${found}; a policy is {"resource": "...", "actions": [...]}.`, {
            expected: 'object'
        });
    } else if (shape === 'export-file' && rest.length === 3 && third === 'resource') {
        problems.error('wrong-type', pointer, `Policy ${second} of ${lower(label)}: "resource" must be a string, not ${found}.`, { expected: 'string' });
    } else if (shape === 'export-file' && rest.length === 3 && third === 'actions') {
        const hint = typeof value === 'string' ? ` (write [${JSON.stringify(value)}])` : '';
        problems.error('wrong-type', pointer, `Policy ${second} of ${lower(label)}: "actions" must be an array of strings, not ${found}${hint}.`, {
            expected: 'array'
        });
    } else if (shape !== 'export-file' && rest.length === 2) {
        const hint = typeof value === 'string' ? ` (write [${JSON.stringify(value)}])` : '';
        problems.error('wrong-type', pointer, `${label}: the actions of ${second} must be an array of strings, not ${found}${hint}.`, {
            expected: 'array'
        });
    } else {
        problems.error('wrong-type', pointer, `${label}: an action must be a string, not ${found}.`, { expected: 'string' });
    }
}

function lower(label: string): string {
    return label.charAt(0).toLowerCase() + label.slice(1);
}

// ---------------------------------------------------------------- semantic checks

interface RoleNode {
    readonly node: JsonObjectNode;
    readonly pointer: string;
    readonly index: number;
}

function roleNodesOf(root: JsonNode, shape: RolesShape): RoleNode[] {
    if (shape === 'rest-role') return root.kind === 'object' ? [{ node: root, pointer: '', index: 0 }] : [];
    if (root.kind !== 'array') return [];
    const roles: RoleNode[] = [];
    root.items.forEach((node, index) => {
        if (node.kind === 'object') roles.push({ node, pointer: formatPointer([index]), index });
    });
    return roles;
}

/** The last member with a key (JSON.parse keeps the last). */
function member(node: JsonObjectNode, key: string): JsonMember | undefined {
    for (let k = node.members.length - 1; k >= 0; k--) if (node.members[k]!.key === key) return node.members[k];
    return undefined;
}

function stringOf(document: JsonDocument, node: JsonNode | undefined): string | undefined {
    if (!node || node.kind !== 'string') return undefined;
    const inner = document.text.slice(node.start + 1, node.end - 1);
    return inner.includes('\\') ? (JSON.parse(document.textOf(node)) as string) : inner;
}

function checkRoles(document: JsonDocument, roles: readonly RoleNode[], shape: RolesShape, problems: Problems): void {
    const verdicts = new ResourceVerdicts();
    const firstByName = new Map<string, string>();
    for (const { node, pointer } of roles) {
        const name = stringOf(document, member(node, 'name')?.value);
        const label = name === undefined ? 'This role' : `Role "${name}"`;
        const seenKeys = new Set<string>();
        for (const m of node.members) {
            if (seenKeys.has(m.key)) continue;
            seenKeys.add(m.key);
            const at = `${pointer}${formatPointer([m.key])}`;
            if (m.key === LIBRARY_ROLE_ID) {
                problems.warning(
                    'library-role-id',
                    at,
                    `${label} has "libraryroleid": a collection-role POST holding it copies that library role and ignores description and policies.`,
                    undefined,
                    'key'
                );
            } else if (!ROLE_KEYS.has(m.key)) {
                problems.warning('unknown-key', at, `${label} has the key "${m.key}", which Specify ignores.`, { key: m.key }, 'key');
            }
        }
        if (name !== undefined) {
            const namePointer = `${pointer}/name`;
            if (name.trim() === '') problems.warning('empty-name', namePointer, 'This role has an empty name.');
            const earlier = firstByName.get(name);
            if (earlier === undefined) firstByName.set(name, namePointer);
            else {
                const message = `Role name "${name}" is used again (first at ${earlier}): Specify's Import matches roles by exact name, so both would update or create the same role.`;
                if (shape === 'export-file') problems.error('duplicate-role-name', namePointer, message, { first: earlier });
                else problems.warning('duplicate-role-name', namePointer, message, { first: earlier });
            }
        }
        const policies = member(node, 'policies')?.value;
        if (!policies) continue;
        if (shape === 'export-file' && policies.kind === 'array') checkFilePolicies(document, policies.items, `${pointer}/policies`, label, verdicts, problems);
        if (shape !== 'export-file' && policies.kind === 'object') checkServerPolicies(document, policies, `${pointer}/policies`, label, verdicts, problems);
    }
}

function checkFilePolicies(
    document: JsonDocument,
    items: readonly JsonNode[],
    pointer: string,
    label: string,
    verdicts: ResourceVerdicts,
    problems: Problems
): void {
    const firstByResource = new Map<string, number>();
    const producedBy = new Map<string, string>();
    items.forEach((item, index) => {
        if (item.kind !== 'object') return;
        const at = `${pointer}/${index}`;
        for (const m of item.members) {
            if (!POLICY_KEYS.has(m.key)) {
                problems.warning('unknown-key', `${at}${formatPointer([m.key])}`, `Policy ${index} of ${lower(label)} has the key "${m.key}", which Specify ignores.`, { key: m.key }, 'key');
            }
        }
        const resource = stringOf(document, member(item, 'resource')?.value);
        if (resource === undefined) return;
        const resourcePointer = `${at}/resource`;
        const earlier = firstByResource.get(resource);
        if (earlier === undefined) firstByResource.set(resource, index);
        else {
            problems.warning(
                'duplicate-resource',
                resourcePointer,
                `${label} lists ${resource} again (first in policy ${earlier}); Specify merges the actions of both.`,
                { first: `${pointer}/${earlier}` }
            );
        }
        const verdict = verdicts.file(resource);
        for (const { code, severity, message, data } of verdict.problems) problems.add({ code, severity, pointer: resourcePointer, part: 'value', message, ...(data ? { data } : {}) });
        if (verdict.problems.some((p) => p.severity === 'error')) return;
        // Resources this policy becomes when Specify saves it: a later one with the same key wins.
        const overlaps = new Map<string, string[]>();
        for (const produced of verdict.produces) {
            const other = producedBy.get(produced);
            if (other !== undefined && other !== resource) overlaps.set(other, [...(overlaps.get(other) ?? []), produced]);
            producedBy.set(produced, resource);
        }
        for (const [other, tables] of overlaps) {
            problems.warning(
                'tool-overlap',
                resourcePointer,
                `${label}: ${resource} and ${other} both stand for ${tables.join(', ')}; when Specify saves the role only the actions of the later one are kept.`,
                { tables, other }
            );
        }
        const actions = member(item, 'actions')?.value;
        if (actions?.kind === 'array') checkActions(document, actions.items, `${at}/actions`, resource, verdict, problems);
    });
}

function checkServerPolicies(
    document: JsonDocument,
    policies: JsonObjectNode,
    pointer: string,
    label: string,
    verdicts: ResourceVerdicts,
    problems: Problems
): void {
    const seen = new Set<string>();
    for (let k = policies.members.length - 1; k >= 0; k--) {
        const m = policies.members[k]!;
        if (seen.has(m.key)) continue;
        seen.add(m.key);
        const at = `${pointer}${formatPointer([m.key])}`;
        const verdict = verdicts.server(m.key);
        for (const { code, severity, message, data } of verdict.problems) {
            problems.add({ code, severity, pointer: at, part: 'key', message: code === 'tool-in-rest' ? `${label}: ${message}` : message, ...(data ? { data } : {}) });
        }
        if (verdict.problems.some((p) => p.severity === 'error')) continue;
        if (m.value.kind === 'array') checkActions(document, m.value.items, at, m.key, verdict, problems);
    }
}

function checkActions(document: JsonDocument, items: readonly JsonNode[], pointer: string, resource: string, verdict: Verdict, problems: Problems): void {
    if (!verdict.known) return;
    items.forEach((item, index) => {
        const action = stringOf(document, item);
        if (action === undefined || verdict.isAction(action)) return;
        const unchecked = registry.uncheckedActions(resource, action)[0];
        if (unchecked) {
            problems.warning(
                'unchecked-action',
                `${pointer}/${index}`,
                `${resource} ${action} is never checked (Specify checks ${unchecked.checked}); Specify stores it because ${unchecked.storedBy}.`,
                { resource: unchecked.resource, action: unchecked.action, checked: unchecked.checked }
            );
            return;
        }
        const suggestions = verdict.suggestActions(action);
        const hint = suggestions.length > 0 ? `; did you mean ${suggestions[0]}?` : ` (it has ${verdict.actions.join(', ')}).`;
        problems.warning('unknown-action', `${pointer}/${index}`, `${resource} has no action ${action}${hint}`, { suggestions, actions: [...verdict.actions] });
    });
}

interface VerdictProblem {
    readonly code: ReadCode;
    readonly severity: 'error' | 'warning';
    readonly message: string;
    readonly data?: Readonly<Record<string, unknown>>;
}

interface Verdict {
    readonly problems: readonly VerdictProblem[];
    /** The resource matches something Specify knows, so its actions can be checked. */
    readonly known: boolean;
    readonly actions: readonly string[];
    /** The keys Specify's decompressPolicies turns this file resource into. */
    readonly produces: readonly string[];
    isAction(action: string): boolean;
    suggestActions(action: string): string[];
}

const TOOL_SEGMENT = 'tools';
const ANY = '%';

function segmentsOf(resource: string): string[] {
    return resource.split('/').filter((part) => part.length > 0);
}

/** Checks of one resource string, computed once per distinct string and shape. */
class ResourceVerdicts {
    private readonly fileCache = new Map<string, Verdict>();
    private readonly serverCache = new Map<string, Verdict>();

    file(resource: string): Verdict {
        let verdict = this.fileCache.get(resource);
        if (!verdict) this.fileCache.set(resource, (verdict = fileVerdict(resource)));
        return verdict;
    }

    server(resource: string): Verdict {
        let verdict = this.serverCache.get(resource);
        if (!verdict) this.serverCache.set(resource, (verdict = serverVerdict(resource)));
        return verdict;
    }
}

function verdict(problems: VerdictProblem[], known: boolean, actions: readonly string[], produces: readonly string[]): Verdict {
    return {
        problems,
        known,
        actions,
        produces,
        isAction: (action) => actions.some((name) => like(name, action)),
        suggestActions: (action) => suggest(action, actions)
    };
}

/**
 * Specify's processPolicies throws on a `/table/...` resource (lowercased) whose last segment is not
 * `%` and whose second segment names no table. Undefined when the resource is fine.
 */
function tableProblem(resource: string): VerdictProblem | undefined {
    const lower = resource.toLowerCase();
    if (!lower.startsWith('/table/')) return undefined;
    const parts = segmentsOf(lower);
    if (parts.at(-1) === ANY) return undefined;
    const table = parts[1];
    if (table !== undefined && registry.tables.has(table)) return undefined;
    const suggestions = table === undefined ? [] : suggest(table, registry.tables.keys()).map((t) => `/table/${t}`);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions[0]}?` : '';
    const what =
        table === undefined
            ? `${resource} names no table`
            : table.includes(ANY) || table.includes('_')
              ? `${resource} is a pattern inside a table name ("${table}"); only a whole % segment (/table/%) is understood`
              : `Specify has no table "${table}" (${resource})`;
    return {
        code: 'unknown-table',
        severity: 'error',
        message: `${what}: Specify's Security page throws on a role that holds it.${hint}`,
        data: { suggestions, ...(table !== undefined ? { table } : {}) }
    };
}

function unknownResourceProblem(resource: string): VerdictProblem | undefined {
    if (matchingResources(resource).length > 0) return undefined;
    const suggestions = suggest(resource, resourceCandidates());
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions[0]}?` : '.';
    const written = resource === '' ? 'The empty resource ""' : resource;
    return {
        code: 'unknown-resource',
        severity: 'warning',
        message: `${written} matches no resource Specify knows (Specify stores it anyway, and it grants nothing)${hint}`,
        data: { suggestions }
    };
}

function fileVerdict(resource: string): Verdict {
    const parts = segmentsOf(resource);
    if (parts[0] === TOOL_SEGMENT) {
        const tools = [...registry.tools.values()];
        const name = parts[1];
        const tool = tools.find((t) => t.name === name);
        if (name === ANY || tool) {
            const canonical = name === ANY ? '/tools/%' : tool!.resource;
            const produces = name === ANY ? tools.flatMap((t) => t.tables) : tool!.tables;
            const problems: VerdictProblem[] = [];
            if (canonical !== resource) {
                problems.push({
                    code: 'non-canonical-tool',
                    severity: 'warning',
                    message: `Specify reads ${resource} as ${canonical}; spol writes it so.`,
                    data: { canonical }
                });
            }
            return verdict(problems, true, registry.tableActions, produces);
        }
        const suggestions = suggest(name ?? '', tools.map((t) => t.name)).map((n) => `/tools/${n}`);
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions[0]}?` : '';
        return verdict(
            [
                {
                    code: 'unknown-tool',
                    severity: 'error',
                    message: `Specify's UI knows no tool "${name ?? ''}" (${resource}); tool names are case-sensitive: ${tools.map((t) => t.name).join(', ')}. Saving the role throws.${hint}`,
                    data: { suggestions }
                }
            ],
            false,
            [],
            []
        );
    }
    if (resource.toLowerCase().startsWith('/tools/')) {
        return verdict(
            [
                {
                    code: 'unknown-tool',
                    severity: 'error',
                    message: `Specify reads /tools/ case-sensitively: ${resource} would be stored as is and grant nothing. Write /tools/<name> in lowercase "tools".`,
                    data: {}
                }
            ],
            false,
            [],
            []
        );
    }
    return plainVerdict(resource);
}

function serverVerdict(resource: string): Verdict {
    if (resource.toLowerCase().startsWith('/tools/') || segmentsOf(resource)[0] === TOOL_SEGMENT) {
        return verdict(
            [
                {
                    code: 'tool-in-rest',
                    severity: 'error',
                    message: `${resource} is a name only Specify's UI uses; the server stores it as is and it grants nothing. In the REST shape list the tool's /table/... resources.`
                }
            ],
            false,
            [],
            []
        );
    }
    return plainVerdict(resource);
}

function plainVerdict(resource: string): Verdict {
    const table = tableProblem(resource);
    if (table) return verdict([table], false, [], []);
    const unknown = unknownResourceProblem(resource);
    if (unknown) return verdict([unknown], false, [], [resource]);
    return verdict([], true, actionsOfPattern(resource), [resource]);
}

// ---------------------------------------------------------------- extraction

function extractRole(document: JsonDocument, node: JsonObjectNode, pointer: string, index: number, shape: RolesShape): ImportedRole {
    const json = (pointer === '' ? document.value : (document.value as unknown[])[index]) as Record<string, unknown>;
    const lines = document.lines;
    const nameMember = member(node, 'name')!;
    const id = json['id'];
    const base = {
        index,
        pointer,
        ...(typeof id === 'number' ? { id } : {}),
        name: json['name'] as string,
        description: json['description'] as string,
        json,
        range: lines.range(node.start, node.end),
        nameRange: lines.range(nameMember.value.start, nameMember.value.end)
    };
    const policiesNode = member(node, 'policies')!.value;
    if (shape === 'export-file') {
        const items = (policiesNode as { items: readonly JsonNode[] }).items as readonly JsonObjectNode[];
        const policies = (json['policies'] as { resource: string; actions: string[] }[]).map(({ resource, actions }) => ({ resource, actions: [...actions] }));
        const policyLocations = items.map((item) => {
            const resource = member(item, 'resource')!.value;
            const actions = member(item, 'actions')!.value as { items: readonly JsonNode[] };
            return {
                range: lines.range(item.start, item.end),
                resourceRange: lines.range(resource.start, resource.end),
                actionRanges: actions.items.map((a) => lines.range(a.start, a.end))
            };
        });
        return { ...base, form: 'file', policies, policyLocations };
    }
    const server = json['policies'] as ServerPolicies;
    const object = policiesNode as JsonObjectNode;
    const policyLocations = Object.keys(server).map((resource) => {
        const m = member(object, resource)!;
        const actions = m.value as { items: readonly JsonNode[] };
        return {
            range: lines.range(m.keyStart, m.value.end),
            resourceRange: lines.range(m.keyStart, m.keyEnd),
            actionRanges: actions.items.map((a) => lines.range(a.start, a.end))
        };
    });
    return { ...base, form: 'server', policies: server, policyLocations };
}

// ---------------------------------------------------------------- diagnostics

/**
 * The problems of a read as engine diagnostics (errors first, then warnings), for the CLI and the
 * editor: codes as in READ_CODES, the source in `file`, and the pointer in `data`. When problems were
 * left out, one more diagnostic says how many.
 */
export function readDiagnostics(result: ReadResult, file: string): Diagnostic[] {
    const problems = [...(result.ok ? [] : result.errors), ...result.warnings];
    const diagnostics: Diagnostic[] = problems.map((p) => ({
        code: p.code,
        severity: p.severity,
        message: p.message,
        source: { file, range: p.range },
        data: { pointer: p.pointer, ...(p.data ?? {}) }
    }));
    const omitted = (result.ok ? 0 : result.omittedErrors) + result.omittedWarnings;
    if (omitted > 0) {
        diagnostics.push({
            code: 'too-many-problems',
            severity: result.ok ? 'warning' : 'error',
            message: `${omitted} more problem${omitted === 1 ? '' : 's'} not shown.`,
            source: { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
            data: { omittedErrors: result.ok ? 0 : result.omittedErrors, omittedWarnings: result.omittedWarnings }
        });
    }
    return diagnostics;
}
