/**
 * Reading a test file: YAML text → its well-formed cases and every problem, each at its line and
 * column. Three passes, each reporting all it finds:
 *
 * 1. YAML syntax (yaml's parseDocument with a LineCounter): one diagnostic per error; nothing more
 *    is read from a file that is not YAML;
 * 2. structure (ajv, strict mode, TEST_FILE_SCHEMA): each ajv error becomes one sentence at the node
 *    its instancePath names (a missing key at its case, an unknown key at the key itself);
 * 3. expectations against Specify's registry: a resource Specify does not define, or an action the
 *    resource does not have, would make an expectation pass or fail for no reason at all.
 *
 * A case with any error is left out of `cases`; the others still run.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { describeQueryError, QueryError, type DecisionMode } from '../decision/index.js';
import { checkRequest } from '../decision/query-names.js';
import type { Diagnostic } from '../diagnostic.js';
import { compareDiagnostics } from '../diagnostic.js';
import type { Source } from '../model/policy-model.js';
import { suggest } from '../suggest.js';
import type { TestCode } from './codes.js';
import { BECAUSE_KEYS, CASE_KEYS, EXPECTATION_PATTERN, TEST_FILE_SCHEMA } from './test-file-schema.js';
import type { Because, Expectation, TestCase, TestFile } from './types.js';
import { isRecord, keyNodeOf, kindOf, nodeAt, pointerTokens, yamlSyntaxMessage, YamlPlaces, type YamlNode } from './yaml-locations.js';

let validator: ValidateFunction | undefined;
const EXPECTATION = new RegExp(EXPECTATION_PATTERN, 'u');

/** Compiled once, on first use, in strict mode with every error reported. */
function validate(value: unknown): readonly ErrorObject[] {
    validator ??= new Ajv({ strict: true, allErrors: true }).compile(TEST_FILE_SCHEMA);
    return validator(value) ? [] : (validator.errors ?? []);
}

export interface ReadOptions {
    /**
     * An expectation naming a resource or action Specify 7 does not define: `refuse` (the
     * default) reports it (`unknown-resource`, `unknown-action`) and leaves its case out; `answer`
     * keeps the case, to be decided as written (names from a newer Specify).
     */
    readonly unknownNames?: 'refuse' | 'answer';
}

/** Reads one `*.test.yaml` file; `file` (a path or URI) is the file of every Source. */
export function readTestFile(text: string, file: string, options: ReadOptions = {}): TestFile {
    const lineCounter = new LineCounter();
    const places = new YamlPlaces(file, lineCounter);
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) {
        const diagnostics = doc.errors.map((error) =>
            problem('yaml-syntax', yamlSyntaxMessage(error.code, error.message, 'A test file'), places.span(error.pos[0], error.pos[1]))
        );
        return { file, cases: [], diagnostics: diagnostics.sort(compareDiagnostics) };
    }
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
        // Only an alias bomb gets here: yaml refuses to expand it.
        const message = error instanceof Error ? error.message : String(error);
        return { file, cases: [], diagnostics: [problem('yaml-syntax', `${message}.`, places.span(0, 0))] };
    }
    const reader = new Reader(doc, places);
    reader.checkStructure(value);
    const tests = isRecord(value) && Array.isArray(value['tests']) ? (value['tests'] as unknown[]) : [];
    const cases: TestCase[] = [];
    tests.forEach((item, index) => {
        if (!isRecord(item)) return;
        // Every well-formed expectation is checked, also in a case that has other errors.
        const testCase = reader.caseOf(item, index);
        const known = options.unknownNames === 'answer' || reader.checkExpectations(testCase);
        if (known && !reader.invalidCases.has(index)) cases.push(testCase);
    });
    return { file, cases, diagnostics: reader.diagnostics.sort(compareDiagnostics) };
}

function problem(code: TestCode, message: string, source: Source): Diagnostic {
    return { code, severity: 'error', message, source };
}

class Reader {
    readonly diagnostics: Diagnostic[] = [];
    /** Indexes of cases with an error: they do not run. */
    readonly invalidCases = new Set<number>();

    constructor(
        private readonly doc: Document,
        private readonly places: YamlPlaces
    ) {}

    private get root(): YamlNode | undefined {
        return (this.doc.contents as YamlNode | null) ?? undefined;
    }

    private report(code: TestCode, message: string, source: Source, pointer: string): void {
        this.diagnostics.push(problem(code, message, source));
        const [top, index] = pointerTokens(pointer);
        if (top === 'tests' && index !== undefined) this.invalidCases.add(Number(index));
    }

    private at(pointer: string): Source {
        return this.places.of(nodeAt(this.root, pointer));
    }

    private atKey(pointer: string, key: string): Source {
        const node = keyNodeOf(nodeAt(this.root, pointer), key);
        return node ? this.places.of(node) : this.at(pointer);
    }

    // ------------------------------------------------------------ structure

    checkStructure(value: unknown): void {
        const errors = validate(value);
        // A value of the wrong type fails every other keyword at its place too; its type says it all.
        const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
        // oneOf/anyOf report each failed branch as well; the applicator's own error says it better.
        const branches = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
        // `institution: false` alone is one mistake, its value, not also a case without a place.
        const badInstitution = new Set(errors.filter((e) => e.instancePath.endsWith('/institution')).map((e) => e.instancePath));
        for (const error of errors) {
            if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
            if (error.keyword === 'oneOf' && badInstitution.has(`${error.instancePath}/institution`)) continue;
            if (branches.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
            this.explain(error, value);
        }
    }

    private explain(error: ErrorObject, value: unknown): void {
        const path = error.instancePath;
        const tokens = pointerTokens(path);
        const key = tokens[tokens.length - 1];
        const data = valueAt(value, tokens);
        const inCase = tokens[0] === 'tests' && tokens.length >= 2;
        const params = error.params as Record<string, unknown>;
        switch (error.keyword) {
            case 'type':
                return this.report('wrong-type', typeMessage(tokens, data), this.at(path), path);
            case 'required': {
                const missing = String(params['missingProperty']);
                const message = inCase
                    ? `The case has no \`${missing}\`: ${missing === 'name' ? 'give it a name to report it by' : 'say whose permissions it tests'}.`
                    : 'The file has no `tests:` list of cases.';
                return this.report('missing-key', message, this.at(path), path);
            }
            case 'additionalProperties': {
                const extra = String(params['additionalProperty']);
                return this.report('unknown-key', unknownKeyMessage(tokens, extra), this.atKey(path, extra), path);
            }
            case 'const':
                return this.report(
                    'bad-value',
                    `\`institution\` takes only \`true\`; to ask in a collection, write \`in: <collection>\` instead.`,
                    this.at(path),
                    path
                );
            case 'enum': {
                const choices = key === 'mode' ? '`enforce` (as Specify enforces, the default) or `query` (the raw permission query)' : '`institution` or `collection`';
                return this.report('bad-value', `\`${key}\` is ${choices}, not ${shown(data)}.`, this.at(path), path);
            }
            case 'minLength':
                return this.report('bad-value', `\`${key}\` is empty.`, this.at(path), path);
            case 'minProperties':
                return this.report('bad-value', '`because` is empty: give role, template, admin or policy.', this.at(path), path);
            case 'minItems':
                return this.report(
                    'no-expectations',
                    key === 'tests' ? '`tests` is empty: the file tests nothing.' : `\`${key}\` is empty: list expectations or leave it out.`,
                    this.at(path),
                    path
                );
            case 'pattern':
                return this.report('bad-expectation', expectationMessage(String(data)), this.at(path), path);
            case 'oneOf':
                return (params['passingSchemas'] ?? null) === null
                    ? this.report('no-place', 'The case does not say where to ask: add `in: <collection>` or `institution: true`.', this.at(path), path)
                    : this.report(
                          'two-places',
                          'The case has both `in` and `institution`: a case asks in one collection or at institution level.',
                          this.atKey(path, 'institution'),
                          path
                      );
            case 'anyOf':
                return this.report('no-expectations', 'The case has neither `allow:` nor `deny:`; it tests nothing.', this.at(path), path);
            case 'dependencies':
                return this.report(
                    'because-without-allow',
                    '`because` explains what is allowed, and the case has no `allow:` list.',
                    this.atKey(path, 'because'),
                    path
                );
            default:
                return this.report('bad-value', `${path || 'The file'} ${error.message ?? 'is not valid'}.`, this.at(path), path);
        }
    }

    // ------------------------------------------------------------ cases

    /** A case as far as it is well-formed (it runs only when it has no error), with the Sources of its parts. */
    caseOf(item: Record<string, unknown>, index: number): TestCase {
        const base = `/tests/${index}`;
        const expectations: { expectation: Expectation; offset: number }[] = [];
        for (const expected of ['allow', 'deny'] as const) {
            const list = item[expected];
            if (!Array.isArray(list)) continue;
            list.forEach((text: unknown, i) => {
                if (typeof text !== 'string' || !EXPECTATION.test(text)) return;
                const pointer = `${base}/${expected}/${i}`;
                const [action, resource] = text.trim().split(/ +/) as [string, string];
                const node = nodeAt(this.root, pointer);
                expectations.push({ expectation: { expected, action, resource, source: this.places.of(node) }, offset: node?.range?.[0] ?? 0 });
            });
        }
        expectations.sort((a, b) => a.offset - b.offset);
        const collection = item['in'];
        const because = isRecord(item['because']) ? this.becauseOf(item['because'], `${base}/because`) : undefined;
        return {
            name: String(item['name']),
            user: String(item['user']),
            ...(typeof collection === 'string' ? { collection } : { institution: true as const }),
            mode: (item['mode'] as DecisionMode | undefined) ?? 'enforce',
            expectations: expectations.map((e) => e.expectation),
            ...(because ? { because } : {}),
            source: this.at(base),
            userSource: this.at(`${base}/user`),
            placeSource: this.at(`${base}/${typeof collection === 'string' ? 'in' : 'institution'}`)
        };
    }

    private becauseOf(value: Record<string, unknown>, pointer: string): Because {
        const { role, template, admin, policy } = value;
        return {
            ...(typeof role === 'string' ? { role, roleSource: this.at(`${pointer}/role`) } : {}),
            ...(typeof template === 'string' ? { template, templateSource: this.at(`${pointer}/template`) } : {}),
            ...(typeof admin === 'boolean' ? { admin } : {}),
            ...(policy === 'institution' || policy === 'collection' ? { policy } : {}),
            source: this.at(pointer)
        };
    }

    /**
     * Every expectation names a resource and action Specify defines; false when one does not. The
     * same check and words as every other question (query-names.ts).
     */
    checkExpectations(testCase: TestCase): boolean {
        let ok = true;
        for (const { action, resource, source } of testCase.expectations) {
            try {
                checkRequest(resource, action);
            } catch (error) {
                if (!(error instanceof QueryError)) throw error;
                ok = false;
                const code: TestCode = error.code === 'unknown-action' ? 'unknown-action' : 'unknown-resource';
                this.diagnostics.push({
                    ...problem(code, describeQueryError(error), source),
                    ...(error.suggestions.length > 0 ? { data: { suggestions: error.suggestions } } : {})
                });
            }
        }
        return ok;
    }
}

function valueAt(value: unknown, tokens: readonly string[]): unknown {
    let current = value;
    for (const token of tokens) {
        if (Array.isArray(current)) current = current[Number(token)];
        else if (isRecord(current)) current = current[token];
        else return undefined;
    }
    return current;
}

function shown(value: unknown): string {
    return typeof value === 'string' ? `\`${value}\`` : kindOf(value);
}

function typeMessage(tokens: readonly string[], value: unknown): string {
    const got = kindOf(value);
    const key = tokens[tokens.length - 1];
    const parent = tokens[tokens.length - 2];
    if (tokens.length === 0) {
        return value === null || value === undefined
            ? 'The file is empty: a test file holds a `tests:` list of cases.'
            : `A test file is a mapping with a \`tests:\` list of cases, not ${got}.`;
    }
    if (tokens.length === 1) return `\`tests\` must be a list of cases (each starting \`- name:\`), not ${got}.`;
    if (tokens.length === 2) return `A test case must be a mapping of name, user, in, allow and deny, not ${got}.`;
    if (parent === 'allow' || parent === 'deny') return `An expectation must be a string \`<action> <resource>\`, not ${got}.`;
    switch (key) {
        case 'allow':
        case 'deny':
            return `\`${key}\` must be a list of expectations (\`- <action> <resource>\`), not ${got}.`;
        case 'because':
            return `\`because\` must be a mapping such as \`role: DataEntry\`, not ${got}.`;
        case 'admin':
            return `\`admin\` must be true or false, not ${got}.`;
        default:
            return value === null || value === undefined ? `\`${key}\` has no value.` : `\`${key}\` must be a string, not ${got}.`;
    }
}

function unknownKeyMessage(tokens: readonly string[], key: string): string {
    const known: readonly string[] = tokens.length === 0 ? ['tests'] : tokens[tokens.length - 1] === 'because' ? BECAUSE_KEYS : CASE_KEYS;
    const hint = suggest(key, known, { limit: 1 });
    const where = tokens.length === 0 ? 'at the top of a test file' : tokens[tokens.length - 1] === 'because' ? 'in `because`' : 'in a test case';
    return hint.length > 0
        ? `Unknown key \`${key}\` ${where}; did you mean \`${hint[0]}\`?`
        : `Unknown key \`${key}\` ${where}; ${tokens.length === 0 ? 'a test file holds only `tests:`' : `the keys are ${known.join(', ')}`}.`;
}

function expectationMessage(text: string): string {
    const words = text.trim().split(/\s+/);
    if (words.length === 2 && words[0]!.startsWith('/') && !words[1]!.includes('/')) {
        return `\`${text}\` names the resource first; write the action first: \`${words[1]} ${words[0]}\`.`;
    }
    if (words.length === 2 && !words[1]!.startsWith('/')) {
        return `\`${text}\` is not an expectation: a resource starts with \`/\`, e.g. \`${words[0]} /${words[1]!.replace(/^\/*/, '')}\`.`;
    }
    return `\`${text}\` is not an expectation: write \`<action> <resource>\`, e.g. \`update /table/collectionobject\`.`;
}

