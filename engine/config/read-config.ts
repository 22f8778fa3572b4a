/**
 * Reading `spol.yaml`, the workspace's configuration: text in, the configuration and every problem
 * out, each at its line and column (as test files are read, engine/testing/read-test-file.ts).
 *
 * ```yaml
 * rules:                 # a rule's findings get another severity, or none (`off`)
 *   escalation: warning
 *   unused-role: off
 * ignore:                # files neither loaded nor linted: globs relative to spol.yaml's folder
 *   - generated/**
 * ```
 *
 * The configuration keeps every entry that is well-formed, also when others are not: the editor
 * applies what it can while it shows the problems; the CLI refuses a configuration with errors.
 * Pure: the caller reads the file, and matches the ignore patterns against its paths.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { Source } from '../model/policy-model.js';
import { suggest } from '../suggest.js';
import { isRecord, keyNodeOf, kindOf, nodeAt, pointerTokens, yamlSyntaxMessage, YamlPlaces, type YamlNode } from '../testing/yaml-locations.js';
import { CONFIG_CODES, type ConfigCode } from './codes.js';
import { CONFIG_KEYS, CONFIG_SCHEMA, RULE_SETTINGS, type RuleSetting } from './config-schema.js';

/** A workspace's configuration, as plain data. */
export interface SpolConfig {
    /** Rule code → its setting; only rules spol has. */
    readonly rules: Readonly<Record<string, RuleSetting>>;
    /** Glob patterns of the files to leave out, relative to the configuration's folder (`/`-separated). */
    readonly ignore: readonly string[];
}

export interface ReadConfig {
    readonly config: SpolConfig;
    readonly diagnostics: Diagnostic[];
}

/** The configuration of a workspace without a spol.yaml. */
export const EMPTY_CONFIG: SpolConfig = Object.freeze({ rules: Object.freeze({}), ignore: Object.freeze([]) });

/** The name of the configuration file, at the root of a workspace. */
export const CONFIG_FILE_NAME = 'spol.yaml';

let validator: ValidateFunction | undefined;

function validate(value: unknown): readonly ErrorObject[] {
    validator ??= new Ajv({ strict: true, allErrors: true }).compile(CONFIG_SCHEMA);
    return validator(value) ? [] : (validator.errors ?? []);
}

/**
 * Reads a spol.yaml text; `file` (a path or URI) is the file of every Source, `knownRules` the codes
 * `rules:` may name (configurableRules()).
 */
export function readConfig(text: string, file: string, knownRules: readonly string[]): ReadConfig {
    const lineCounter = new LineCounter();
    const places = new YamlPlaces(file, lineCounter);
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const diagnostics = doc.errors.map((error) => problem('config-syntax', yamlSyntaxMessage(error.code, error.message, 'spol.yaml'), places.span(error.pos[0], error.pos[1])));
        return { config: EMPTY_CONFIG, diagnostics: diagnostics.sort(compareDiagnostics) };
    }
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
        return { config: EMPTY_CONFIG, diagnostics: [problem('config-syntax', `${error instanceof Error ? error.message : String(error)}.`, places.span(0, 0))] };
    }
    // An empty spol.yaml (or one of comments only) configures nothing.
    if (value === null || value === undefined) return { config: EMPTY_CONFIG, diagnostics: [] };
    const root = (doc.contents as YamlNode | null) ?? undefined;
    const at = (pointer: string): Source => places.of(nodeAt(root, pointer));
    const diagnostics: Diagnostic[] = [];
    const bad = new Set<string>();
    const errors = validate(value);
    // A value of the wrong type fails its enum too; its type says it all.
    const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
    for (const error of errors) {
        if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
        const tokens = pointerTokens(error.instancePath);
        bad.add(error.instancePath);
        const params = error.params as Record<string, unknown>;
        if (error.keyword === 'additionalProperties') {
            const key = String(params['additionalProperty']);
            const keyNode = keyNodeOf(nodeAt(root, error.instancePath), key);
            const near = suggest(key, CONFIG_KEYS);
            const hint = near.length > 0 ? ` Did you mean \`${near[0]}\`?` : ` It has ${CONFIG_KEYS.map((k) => `\`${k}\``).join(' and ')}.`;
            diagnostics.push(problem('config-invalid', `spol.yaml has no key \`${key}\`.${hint}`, keyNode ? places.of(keyNode) : at(error.instancePath)));
        } else if (error.keyword === 'enum') {
            const choices = `${RULE_SETTINGS.slice(0, -1).join(', ')} or ${RULE_SETTINGS.at(-1)}`;
            diagnostics.push(problem('config-invalid', `Rule \`${tokens[1]}\` is set to ${choices}, not \`${String(valueAt(value, tokens))}\`.`, at(error.instancePath)));
        } else if (error.keyword === 'type') {
            diagnostics.push(problem('config-invalid', typeMessage(tokens, valueAt(value, tokens)), at(error.instancePath)));
        }
        // Other keywords cannot fail: the schema has none.
    }
    const rules: Record<string, RuleSetting> = {};
    const ignore: string[] = [];
    const record = isRecord(value) ? value : {};
    if (isRecord(record['rules']) && !bad.has('/rules')) {
        const known = new Set(knownRules);
        for (const [name, setting] of Object.entries(record['rules'])) {
            const pointer = `/rules/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
            if (!known.has(name)) {
                const keyNode = keyNodeOf(nodeAt(root, '/rules'), name);
                const near = suggest(name, knownRules);
                const message = `spol has no rule \`${name}\`.${didYouMean(near)}`;
                diagnostics.push({
                    ...problem('config-unknown-rule', message, keyNode ? places.of(keyNode) : at(pointer)),
                    ...(near.length > 0 ? { data: { suggestions: near } } : {})
                });
            } else if (!bad.has(pointer)) {
                rules[name] = setting as RuleSetting;
            }
        }
    }
    if (Array.isArray(record['ignore']) && !bad.has('/ignore')) {
        record['ignore'].forEach((pattern: unknown, i) => {
            if (typeof pattern !== 'string') return;
            const why = patternProblem(pattern);
            if (why) diagnostics.push(problem('config-invalid', why, at(`/ignore/${i}`)));
            else ignore.push(pattern);
        });
    }
    return { config: { rules, ignore }, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/** Why an ignore pattern can never match a file below the configuration's folder, if it cannot. */
export function patternProblem(pattern: string): string | undefined {
    if (pattern.trim() === '') return 'An ignore pattern is empty.';
    if (pattern.includes('\\')) return `The ignore pattern \`${pattern}\` has a backslash; separate folders with \`/\`.`;
    if (pattern.startsWith('/') || /^[A-Za-z]:/.test(pattern)) {
        return `The ignore pattern \`${pattern}\` is absolute; patterns are relative to the folder of spol.yaml.`;
    }
    if (pattern.split('/').some((part) => part === '..' || part === '.')) {
        return `The ignore pattern \`${pattern}\` has a \`.\` or \`..\` folder; patterns match paths below the folder of spol.yaml.`;
    }
    return undefined;
}

/** ` Did you mean `a` or `b`?`, or nothing. */
export function didYouMean(names: readonly string[]): string {
    return names.length > 0 ? ` Did you mean ${names.map((n) => `\`${n}\``).join(' or ')}?` : '';
}

function problem(code: ConfigCode, message: string, source: Source): Diagnostic {
    return { code, severity: CONFIG_CODES[code].severity, message, source };
}

function typeMessage(tokens: readonly string[], value: unknown): string {
    const got = kindOf(value);
    if (tokens.length === 0) return `spol.yaml is a mapping with \`rules:\` and \`ignore:\`, not ${got}.`;
    if (tokens.length === 1 && tokens[0] === 'rules') return `\`rules\` must be a mapping of rule names to error, warning, info or off, not ${got}.`;
    if (tokens.length === 1 && tokens[0] === 'ignore') return `\`ignore\` must be a list of glob patterns (\`- generated/**\`), not ${got}.`;
    if (tokens[0] === 'rules') return `Rule \`${tokens[1]}\` must be set to error, warning, info or off, not ${got}.`;
    return `An ignore pattern must be a string, not ${got}.`;
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
