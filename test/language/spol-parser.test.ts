/**
 * spol-parser.ts places comments in linear time; it must place them exactly where Langium's own
 * parser does. Every example file, with comments inserted at random places between tokens, gives
 * the same CST (every node's kind, text, offset and nesting) through both parsers.
 *
 * It also bounds Chevrotain's recursive recovery: garbled files with errors anywhere give the same
 * tree and the same errors as Langium's parser, and a line of thousands of errors, which overflowed
 * the stack, now parses with every error placed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AstUtils, createLangiumParser, CstNodeBuilder, CstUtils, EmptyFileSystem, isCompositeCstNode, type CstNode, type LangiumParser } from 'langium';
import { describe, expect, it } from 'vitest';
import { createSpolServices } from '../../language/spol-module.js';
import { MAX_NESTED_RECOVERIES } from '../../language/spol-parser.js';

const spol = createSpolServices(EmptyFileSystem).Spol;
const langiums = createLangiumParser(spol);

const root = join(import.meta.dirname, '..', '..');
const files = ['examples/natural-history-museum', 'examples/natural-history-museum/users', 'examples/specify-defaults', 'examples/broken']
    .flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.spol')).map((f) => readFileSync(join(root, dir, f), 'utf8')));

/** Every node in document order: its depth, kind, hidden flag, offset and text. */
/**
 * Every parser error: its offset and kind (the message provider reads the services' own parser's
 * stack, so a second parser's messages are not comparable).
 */
function errors(parser: LangiumParser, text: string): string[] {
    return parser.parse(text).parserErrors.map((e) => `${e.token.startOffset} ${e.name}`);
}

/** A line of names, strings and punctuation that does not parse anywhere. */
function garbled(words: number): string {
    const pieces = ['u', '"s"', '{', '}', ':', ',', 'role', 'C', 'in', 'allow', '/table/%'];
    return Array.from({ length: words }, (_, i) => pieces[(i * 7 + (i >> 3)) % pieces.length]).join(' ');
}

function shape(parser: LangiumParser, text: string): string[] {
    const cst = parser.parse(text).value.$cstNode!;
    const depth = (node: CstNode) => {
        let d = 0;
        for (let n = node.container; n; n = n.container) d++;
        return d;
    };
    return CstUtils.streamCst(cst)
        .map((node) => `${depth(node)} ${isCompositeCstNode(node) ? 'C' : node.hidden ? 'H' : 'L'} ${node.offset} ${JSON.stringify(node.text.slice(0, 40))}`)
        .toArray();
}

/** Every AST node in stream order: its type, its container (by place in that order), property and index. */
function containers(parser: LangiumParser, text: string): string[] {
    const nodes = AstUtils.streamAst(parser.parse(text).value).toArray();
    const at = new Map(nodes.map((node, i) => [node, i]));
    return nodes.map((node) => `${node.$type} ${node.$container ? at.get(node.$container) : '-'} ${node.$containerProperty ?? '-'} ${node.$containerIndex ?? '-'}`);
}

describe('the parser with linear comment placement', () => {
    it('is the one the services use', () => {
        const builderOf = (parser: LangiumParser) => (parser as unknown as { nodeBuilder: object }).nodeBuilder.constructor;
        expect(builderOf(langiums)).toBe(CstNodeBuilder);
        expect(builderOf(spol.parser.LangiumParser)).not.toBe(CstNodeBuilder);
    });

    it('builds the same tree as Langium’s parser, comments included', () => {
        expect(files.length).toBeGreaterThan(5);
        fc.assert(
            fc.property(
                fc.constantFrom(...files),
                fc.array(fc.tuple(fc.nat(), fc.constantFrom('/* c */', '// c\n', '\n/* a\n b */ ')), { maxLength: 12 }),
                (text, inserts) => {
                    // Comments go where whitespace already is, so no token is split.
                    const spaces = [...text.matchAll(/\s/g)].map((m) => m.index);
                    let out = text;
                    for (const [at, comment] of inserts.sort((a, b) => b[0] - a[0])) {
                        const place = spaces[at % spaces.length]!;
                        out = `${out.slice(0, place)} ${comment} ${out.slice(place)}`;
                    }
                    expect(shape(spol.parser.LangiumParser, out)).toEqual(shape(langiums, out));
                }
            ),
            { numRuns: 200 }
        );
    });

    it('links every node to its container, property and index as Langium’s parser does', () => {
        let nodes = 0;
        for (const text of files) {
            const linked = containers(spol.parser.LangiumParser, text);
            expect(linked).toEqual(containers(langiums, text));
            nodes += linked.length;
        }
        expect(nodes).toBeGreaterThan(500);
    });

    it('builds the same tree for a long list with a comment after every item', () => {
        const text = `role R in C { allow /table/%: ${Array(2000).fill('read').join(' /*c*/, ')} // end\n}`;
        expect(shape(spol.parser.LangiumParser, text)).toEqual(shape(langiums, text));
    });

    it('recovers from garbled text exactly as Langium’s parser does', () => {
        const tokens = ['{', '}', ':', ',', 'role', 'user', 'in', 'allow', 'deny', 'x', '"q"', '/table/%', '%', 'read', 'institution', 'from', 'library'];
        fc.assert(
            fc.property(
                fc.constantFrom(...files),
                fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...tokens)), { minLength: 1, maxLength: 30 }),
                (text, edits) => {
                    // Tokens put in or taken out at random whitespace: errors at every level of the grammar.
                    const spaces = [...text.matchAll(/\s+/g)].map((m) => m.index);
                    let out = text;
                    for (const [at, drop, token] of edits.sort((a, b) => b[0] - a[0])) {
                        const place = spaces[at % spaces.length]!;
                        out = drop % 3 === 0 ? `${out.slice(0, place)} ${out.slice(place).replace(/^\s*\S+/, '')}` : `${out.slice(0, place)} ${token} ${out.slice(place)}`;
                    }
                    expect(errors(spol.parser.LangiumParser, out)).toEqual(errors(langiums, out));
                    expect(shape(spol.parser.LangiumParser, out)).toEqual(shape(langiums, out));
                    expect(containers(spol.parser.LangiumParser, out)).toEqual(containers(langiums, out));
                }
            ),
            { numRuns: 200 }
        );
        const text = garbled(3000);
        expect(errors(langiums, text).length).toBeGreaterThan(300);
        expect(errors(spol.parser.LangiumParser, text)).toEqual(errors(langiums, text));
    });

    it('parses a line of thousands of errors without overflowing the stack, every error placed', () => {
        const text = garbled(60_000);
        const result = spol.parser.LangiumParser.parse(text);
        expect(result.parserErrors.length).toBeGreaterThan(MAX_NESTED_RECOVERIES);
        for (const error of result.parserErrors) {
            expect(error.token.startOffset).toBeGreaterThanOrEqual(0);
            expect(error.token.startOffset).toBeLessThanOrEqual(text.length);
            expect(error.message).toMatch(/\S/);
        }
        // Completion parses the text before the cursor with the same recovery.
        expect(() => spol.parser.CompletionParser.parse(text)).not.toThrow();
    });
});
