/**
 * JSON with positions: the parser accepts exactly what JSON.parse accepts and builds the same value
 * (property tests against JSON.parse itself), every pointer locates text that parses back to the
 * value it names, and syntax errors land on the character where the text stops being JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    formatPointer,
    JsonDocument,
    LineIndex,
    parseJson,
    parsePointer
} from '../../../../engine/interchange/import/json-locations.js';

// ---------------------------------------------------------------- helpers

/** A small seeded generator, so one fast-check integer drives all whitespace choices of a case. */
function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const WHITESPACE = ['', '', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n\t\t', ' \n '];

/** Stringifies with random JSON whitespace between every pair of tokens. */
function renderWithWhitespace(value: unknown, seed: number): string {
    const next = random(seed);
    const ws = () => WHITESPACE[Math.floor(next() * WHITESPACE.length)]!;
    const render = (v: unknown): string => {
        if (Array.isArray(v)) return `[${ws()}${v.map((item) => `${ws()}${render(item)}${ws()}`).join(',')}${ws()}]`;
        if (v !== null && typeof v === 'object') {
            const body = Object.entries(v).map(([key, item]) => `${ws()}${JSON.stringify(key)}${ws()}:${ws()}${render(item)}${ws()}`);
            return `{${ws()}${body.join(',')}${ws()}}`;
        }
        return JSON.stringify(v);
    };
    return `${ws()}${render(value)}${ws()}`;
}

/** Every pointer into a value, with the value it names. */
function pointersOf(value: unknown, tokens: string[] = []): [string, unknown][] {
    const here: [string, unknown][] = [[formatPointer(tokens), value]];
    if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pointersOf(item, [...tokens, String(i)]))];
    if (value !== null && typeof value === 'object') {
        return [...here, ...Object.entries(value).flatMap(([key, item]) => pointersOf(item, [...tokens, key]))];
    }
    return here;
}

function acceptedByJsonParse(text: string): boolean {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
}

/** 1-based line and column of an offset, counted the slow and obvious way. */
function naivePosition(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    return { line: before.length, column: before.at(-1)!.length + 1 };
}

const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' });

// ---------------------------------------------------------------- properties

describe('parseJson agrees with JSON.parse', () => {
    it('builds the same value from JSON.stringify output at any indentation', () => {
        fc.assert(
            fc.property(json, fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom('\t', ' ', '\t\t')), (value, indent) => {
                const text = JSON.stringify(value, null, indent);
                const parsed = parseJson(text);
                expect(parsed.ok).toBe(true);
                if (parsed.ok) expect(parsed.value).toEqual(JSON.parse(text));
            }),
            { numRuns: 300 }
        );
    });

    it('accepts and rejects the same texts (random edits of valid JSON)', () => {
        const pieces = ['', ',', ':', '[', ']', '{', '}', '"', '\\', '0', '-', '.', 'e', 'tru', 'null', ' ', '\n', '\u0001', "'", '/', 'x', '\ufeff'];
        fc.assert(
            fc.property(json, fc.nat(), fc.nat(), fc.constantFrom(...pieces), fc.nat({ max: 3 }), (value, at, seed, piece, cut) => {
                const base = renderWithWhitespace(value, seed);
                const position = base.length === 0 ? 0 : at % (base.length + 1);
                const text = base.slice(0, position) + piece + base.slice(position + cut);
                const parsed = parseJson(text);
                expect(parsed.ok).toBe(acceptedByJsonParse(text));
                if (parsed.ok) expect(parsed.value).toEqual(JSON.parse(text));
                else {
                    expect(parsed.error.offset).toBeGreaterThanOrEqual(0);
                    expect(parsed.error.offset).toBeLessThanOrEqual(text.length);
                }
            }),
            { numRuns: 1500 }
        );
    });
});

describe('pointers locate their text', () => {
    it('for every pointer, the located text parses back to the value it names', () => {
        fc.assert(
            fc.property(json, fc.nat(), (value, seed) => {
                const text = renderWithWhitespace(value, seed);
                const parsed = JsonDocument.parse(text);
                expect(parsed.ok).toBe(true);
                if (!parsed.ok) return;
                const { document } = parsed;
                const expected = JSON.parse(text) as unknown;
                for (const [pointer, at] of pointersOf(expected)) {
                    const resolved = document.resolve(pointer);
                    expect(resolved, pointer).toBeDefined();
                    const slice = document.textOf(resolved!.node);
                    expect(JSON.parse(slice), pointer).toEqual(at);
                    const location = document.locate(pointer);
                    expect(location.offset).toBe(resolved!.node.start);
                    expect({ line: location.line, column: location.column }).toEqual(naivePosition(text, location.offset));
                    if (resolved!.member) {
                        const key = document.text.slice(resolved!.member.keyStart, resolved!.member.keyEnd);
                        expect(JSON.parse(key)).toBe(parsePointer(pointer).at(-1));
                        expect(document.locate(pointer, 'key').offset).toBe(resolved!.member.keyStart);
                    }
                }
            }),
            { numRuns: 300 }
        );
    });

    it('maps offsets to lines for \\n, \\r\\n and \\r alike', () => {
        fc.assert(
            fc.property(fc.array(fc.constantFrom('a', '\n', '\r', '\r\n', ' ', '\u00e9')), (parts) => {
                const text = parts.join('');
                const lines = new LineIndex(text);
                for (let offset = 0; offset <= text.length; offset++) {
                    // An offset between \r and \n belongs to the line the \r ends.
                    if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
                    const { line, character } = lines.position(offset);
                    expect({ line: line + 1, column: character + 1 }).toEqual(naivePosition(text, offset));
                }
            })
        );
    });
});

// ---------------------------------------------------------------- examples

describe('pointers', () => {
    it('escape ~ and / as RFC 6901 says, and parse back', () => {
        expect(formatPointer([0, 'policies', '/table/%', 'a~b'])).toBe('/0/policies/~1table~1%/a~0b');
        expect(parsePointer('/0/policies/~1table~1%/a~0b')).toEqual(['0', 'policies', '/table/%', 'a~b']);
        expect(parsePointer('')).toEqual([]);
        expect(() => parsePointer('0/x')).toThrow();
    });

    it('locate a resource key of a REST policies object, and fall back to the nearest ancestor', () => {
        const text = '{\n  "name": "R",\n  "policies": {\n    "/table/%": ["read"]\n  }\n}';
        const parsed = JsonDocument.parse(text);
        if (!parsed.ok) throw new Error('expected JSON');
        const { document } = parsed;
        expect(document.locate('/policies/~1table~1%')).toMatchObject({ line: 4, column: 17 });
        expect(document.locate('/policies/~1table~1%', 'key')).toMatchObject({ line: 4, column: 5 });
        expect(document.locate('/policies/~1table~1%/0')).toMatchObject({ line: 4, column: 18 });
        // A missing property: the object that lacks it.
        expect(document.locate('/description')).toMatchObject({ line: 1, column: 1 });
        expect(document.resolve('/description')).toBeUndefined();
        expect(document.resolve('/policies/x')).toBeUndefined();
    });

    it('resolve a duplicated key to the last value, as JSON.parse keeps it, and report the duplicate', () => {
        const parsed = JsonDocument.parse('{"a": 1, "b": [{"a": 0, "a": 2}], "a": 3}');
        if (!parsed.ok) throw new Error('expected JSON');
        expect(parsed.document.value).toEqual({ a: 3, b: [{ a: 2 }] });
        expect(parsed.document.textOf(parsed.document.resolve('/a')!.node)).toBe('3');
        expect(parsed.duplicateKeys.map((d) => d.pointer)).toEqual(['/b/0/a', '/a']);
    });

    it('keep __proto__ as an own property, as JSON.parse does', () => {
        const text = '{"__proto__": {"polluted": true}}';
        const parsed = parseJson(text);
        if (!parsed.ok) throw new Error('expected JSON');
        expect(Object.keys(parsed.value as object)).toEqual(['__proto__']);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(parsed.value).toEqual(JSON.parse(text));
    });
});

describe('syntax errors', () => {
    const cases: [string, string, number, number, RegExp][] = [
        ['empty text', '', 1, 1, /end of the file: expected a value/],
        ['trailing comma in an array', '[\n  1,\n  2,\n]', 3, 4, /Trailing comma before '\]'/],
        ['trailing comma in an object', '{"a": 1,\n}', 1, 8, /Trailing comma before '\}'/],
        ['single quotes', "{'a': 1}", 1, 2, /double quotes/],
        ['a comment', '[1, // one\n2]', 1, 5, /no comments/],
        ['a bare word', '[nope]', 1, 2, /expected a value/],
        ['a missing comma', '[1\n 2]', 2, 2, /expected ',' or '\]'/],
        ['a missing colon', '{"a" 1}', 1, 6, /expected ':'/],
        ['an unterminated string', '["abc', 1, 2, /Unterminated string/],
        ['a raw line break in a string', '["a\nb"]', 1, 4, /line break cannot appear inside a string/],
        ['a bad escape', '["a\\qb"]', 1, 4, /Invalid escape \\q/],
        ['a short \\u escape', '["\\u12"]', 1, 3, /four hexadecimal digits/],
        ['a leading zero', '[01]', 1, 2, /cannot start with 0/],
        ['a dangling decimal point', '[1.]', 1, 4, /after the decimal point/],
        ['text after the value', '[] []', 1, 4, /after the end of the JSON value/],
        ['a byte order mark JSON.parse refuses', '\ufeff[]', 1, 1, /U\+FEFF/],
        ['an unclosed array', '[1, 2', 1, 6, /end of the file: expected ',' or '\]'/],
        ['an unclosed object', '{"a": {"b": 1}', 1, 15, /end of the file: expected ',' or '\}'/],
        ['CRLF line counting', '[\r\n1,\r\n}', 3, 1, /expected a value/]
    ];

    it.each(cases)('%s', (_name, text, line, column, message) => {
        expect(acceptedByJsonParse(text)).toBe(false);
        const parsed = JsonDocument.parse(text);
        expect(parsed.ok).toBe(false);
        if (parsed.ok) return;
        expect({ line: parsed.error.line, column: parsed.error.column }).toEqual({ line, column });
        expect(parsed.error.message).toMatch(message);
    });

    it('skips a byte order mark when asked, without counting it as a column', () => {
        const parsed = JsonDocument.parse('\ufeff[\n  x]', { allowByteOrderMark: true });
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.error).toMatchObject({ offset: 5, line: 2, column: 3 });
        const ok = JsonDocument.parse('\ufeff {"a": 1}', { allowByteOrderMark: true });
        expect(ok.ok && ok.document.locate('/a')).toMatchObject({ line: 1, column: 8 });
    });

    it('survives nesting far deeper than the call stack', () => {
        const depth = 200_000;
        const text = '['.repeat(depth) + ']'.repeat(depth);
        const parsed = parseJson(text);
        expect(parsed.ok).toBe(true);
        const unclosed = parseJson('['.repeat(depth));
        expect(unclosed.ok).toBe(false);
        if (!unclosed.ok) expect(unclosed.error.offset).toBe(depth);
    });

    it('parses a multi-megabyte file quickly', () => {
        const roles = Array.from({ length: 4000 }, (_, i) => ({
            id: i,
            name: `Role ${i}`,
            description: 'x'.repeat(50),
            policies: Array.from({ length: 12 }, (_, k) => ({ resource: `/table/t${k}`, actions: ['read', 'create', 'update', 'delete'] }))
        }));
        const text = JSON.stringify(roles, null, '\t');
        expect(text.length).toBeGreaterThan(4_000_000);
        // No timing assertion (speed belongs to the benchmarks); the test timeout catches a hang.
        const parsed = JsonDocument.parse(text);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.document.locate('/3999/policies/11/actions/3').line).toBe(text.split('\n').length - 5);
    });
});
