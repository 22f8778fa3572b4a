/**
 * spol-parser.ts places comments in linear time; it must place them exactly where Langium's own
 * parser does. Every example file, with comments inserted at random places between tokens, gives
 * the same CST (every node's kind, text, offset and nesting) through both parsers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createLangiumParser, CstNodeBuilder, CstUtils, EmptyFileSystem, isCompositeCstNode, type CstNode, type LangiumParser } from 'langium';
import { describe, expect, it } from 'vitest';
import { createSpolServices } from '../../language/spol-module.js';

const spol = createSpolServices(EmptyFileSystem).Spol;
const langiums = createLangiumParser(spol);

const root = join(import.meta.dirname, '..', '..');
const files = ['examples/natural-history-museum', 'examples/natural-history-museum/users', 'examples/specify-defaults', 'examples/broken']
    .flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.spol')).map((f) => readFileSync(join(root, dir, f), 'utf8')));

/** Every node in document order: its depth, kind, hidden flag, offset and text. */
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

    it('builds the same tree for a long list with a comment after every item', () => {
        const text = `role R in C { allow /table/%: ${Array(2000).fill('read').join(' /*c*/, ')} // end\n}`;
        expect(shape(spol.parser.LangiumParser, text)).toEqual(shape(langiums, text));
    });
});
