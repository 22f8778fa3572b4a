/**
 * Meta-test (DESIGN.md §4): every JSON Schema under engine/testing compiles under ajv strict mode,
 * is listed in TESTING_SCHEMAS, and says what the format documents: it accepts the examples'
 * test files and rejects the broken shapes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEST_FILE_SCHEMA, TESTING_SCHEMAS } from '../../../engine/testing/index.js';

const TESTING = join(import.meta.dirname, '../../../engine/testing');
const EXAMPLES = join(import.meta.dirname, '../../../examples');

/** Every exported object of every module in engine/testing that declares `$schema`. */
async function allSchemas(): Promise<Map<string, object>> {
    const found = new Map<string, object>();
    for (const file of readdirSync(TESTING).filter((name) => name.endsWith('.ts')).sort()) {
        const module = (await import(join(TESTING, file))) as Record<string, unknown>;
        for (const [name, value] of Object.entries(module)) {
            if (typeof value === 'object' && value !== null && '$schema' in value) found.set(`${file}:${name}`, value);
        }
    }
    return found;
}

function exampleTestFiles(): string[] {
    return readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.test\.ya?ml$/.test(name))
        .map((name) => join(EXAMPLES, name))
        .sort();
}

describe('test file schema', () => {
    it('every schema in engine/testing compiles under ajv strict mode', async () => {
        const schemas = await allSchemas();
        expect(schemas.size).toBeGreaterThanOrEqual(1);
        for (const [name, schema] of schemas) {
            const ajv = new Ajv({ strict: true, allErrors: true });
            expect(() => ajv.compile(schema), name).not.toThrow();
        }
    });

    it('lists every top-level schema in TESTING_SCHEMAS', async () => {
        const schemas = [...(await allSchemas()).values()];
        expect(new Set(schemas)).toEqual(new Set(Object.values(TESTING_SCHEMAS)));
    });

    const validate = new Ajv({ strict: true, allErrors: true }).compile(TEST_FILE_SCHEMA);

    it('accepts every test file of the examples', () => {
        const files = exampleTestFiles();
        expect(files.length).toBeGreaterThanOrEqual(2);
        for (const file of files) {
            expect(validate(parse(readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
        }
    });

    const base = { name: 'n', user: 'u', in: 'C', allow: ['read /table/agent'] };
    it.each([
        ['a minimal case', base],
        ['institution level in query mode', { name: 'n', user: 'u', institution: true, mode: 'query', deny: ['read /table/agent'] }],
        ['every because key', { ...base, because: { role: 'R', template: 'T', admin: false, policy: 'collection' } }]
    ])('accepts %s', (_name, testCase) => {
        expect(validate({ tests: [testCase] }), JSON.stringify(validate.errors)).toBe(true);
    });

    it.each([
        ['no user', { name: 'n', in: 'C', allow: ['read /table/agent'] }, 'required'],
        ['in and institution', { ...base, institution: true }, 'oneOf'],
        ['neither in nor institution', { name: 'n', user: 'u', allow: ['read /table/agent'] }, 'oneOf'],
        ['institution false', { name: 'n', user: 'u', institution: false, allow: ['read /table/agent'] }, 'const'],
        ['no expectations', { name: 'n', user: 'u', in: 'C' }, 'anyOf'],
        ['an expectation without resource', { ...base, allow: ['read'] }, 'pattern'],
        ['resource before action', { ...base, allow: ['/table/agent read'] }, 'pattern'],
        ['because on a deny case', { name: 'n', user: 'u', in: 'C', deny: ['read /table/agent'], because: { admin: true } }, 'dependencies'],
        ['an unknown key', { ...base, expect: 'allow' }, 'additionalProperties'],
        ['a number for user', { ...base, user: 3 }, 'type']
    ])('rejects %s (%s)', (_name, testCase, keyword) => {
        expect(validate({ tests: [testCase] })).toBe(false);
        expect(validate.errors!.map((e) => e.keyword)).toContain(keyword);
    });
});
