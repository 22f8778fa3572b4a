/**
 * Meta-test (DESIGN.md §4): every JSON Schema kept under engine/interchange/schemas compiles under
 * ajv strict mode, and the schemas accept the valid examples and reject the broken ones of their shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROLE_SCHEMAS } from '../../../../engine/interchange/schemas/role-schemas.js';

const SCHEMAS = join(import.meta.dirname, '../../../../engine/interchange/schemas');
const FIXTURES = join(import.meta.dirname, '../../../fixtures/interchange');

/** Every exported object of every module in the schemas folder that declares `$schema`, by `module:export`. */
async function allSchemas(): Promise<Map<string, object>> {
    const found = new Map<string, object>();
    for (const file of readdirSync(SCHEMAS).filter((name) => name.endsWith('.ts')).sort()) {
        const module = (await import(join(SCHEMAS, file))) as Record<string, unknown>;
        for (const [name, value] of Object.entries(module)) {
            if (typeof value === 'object' && value !== null && '$schema' in value) found.set(`${file}:${name}`, value);
        }
    }
    for (const file of readdirSync(SCHEMAS).filter((name) => name.endsWith('.json')).sort()) {
        found.set(file, JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object);
    }
    return found;
}

describe('schemas', () => {
    it('every schema in engine/interchange/schemas compiles under ajv strict mode', async () => {
        const schemas = await allSchemas();
        expect(schemas.size).toBeGreaterThanOrEqual(3);
        for (const [name, schema] of schemas) {
            const ajv = new Ajv({ strict: true, allErrors: true });
            expect(() => ajv.compile(schema), name).not.toThrow();
        }
    });

    it('lists every top-level schema in ROLE_SCHEMAS', async () => {
        const schemas = [...(await allSchemas()).values()];
        expect(new Set(schemas)).toEqual(new Set(Object.values(ROLE_SCHEMAS)));
    });

    it('strict mode would catch a sloppy schema (the meta-test can fail)', () => {
        const ajv = new Ajv({ strict: true });
        expect(() => ajv.compile({ type: 'object', required: ['name'] })).toThrow(/strictRequired|required/);
        expect(() => ajv.compile({ properties: { a: { type: 'string' } } })).toThrow(/strictTypes|type/);
    });

    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = Object.fromEntries(Object.entries(ROLE_SCHEMAS).map(([shape, schema]) => [shape, ajv.compile(schema)]));
    const json = (folder: string, name: string) => JSON.parse(readFileSync(join(FIXTURES, folder, name), 'utf8')) as unknown;

    it.each([
        ['export-file', 'minimal-importable-roles.json'],
        ['export-file', 'collection-roles-export.json'],
        ['rest-role-list', 'library-roles-rest.json'],
        ['rest-role-list', 'rest-collection-roles.json'],
        ['rest-role', 'rest-role-response.json'],
        ['rest-role', 'rest-role-post-request.json']
    ])('%s accepts valid/%s', (shape, file) => {
        expect(validate[shape]!(json('valid', file)), JSON.stringify(validate[shape]!.errors)).toBe(true);
    });

    it.each([
        ['export-file', 'missing-description.json', '/0'],
        ['export-file', 'policies-object-in-file.json', '/1/policies'],
        ['export-file', 'actions-not-array.json', '/0/policies/0/actions'],
        ['export-file', 'null-role.json', '/0'],
        ['rest-role-list', 'rest-actions-not-array.json', '/0/policies/~1report'],
        ['rest-role', 'copy-from-library.json', '']
    ])('%s rejects malformed/%s at %s', (shape, file, pointer) => {
        expect(validate[shape]!(json('malformed', file))).toBe(false);
        expect(validate[shape]!.errors!.map((e) => e.instancePath)).toContain(pointer);
    });

    it('rejects an Export file as a REST list and the other way round', () => {
        expect(validate['rest-role-list']!(json('valid', 'collection-roles-export.json'))).toBe(false);
        expect(validate['export-file']!(json('valid', 'library-roles-rest.json'))).toBe(false);
    });
});
