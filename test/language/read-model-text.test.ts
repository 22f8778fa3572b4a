/**
 * The direct reader (language/read-model-text.ts) gives exactly documentToModel of Langium's parse,
 * down to every range and the order of every object's keys (compared as JSON), on every text
 * Langium parses without error, and `undefined` (never a guess) on every text Langium does not:
 * random valid files of every grammar production and terminal form with random layout, printed
 * random models with random line ends and comments, random edits of such files, the examples and
 * the bench's generated institution. And modelReferencesResolve answers referencesResolve's
 * question on the parts it reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AstUtils, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTITUTION, generateInstitution } from '../../bench/generate-institution.js';
import { modelReferencesResolve } from '../../language/model-references-resolve.js';
import { isUser } from '../../language/generated/ast.js';
import { NAME_KEYWORDS } from '../../language/name-syntax.js';
import { printModel } from '../../language/print-model.js';
import { nodesForProperty } from '../../language/property-nodes.js';
import { readModelFile, readModelText } from '../../language/read-model-text.js';
import { suppressionsOf } from '../../language/suppressions.js';
import { referencesResolve } from '../../language/references-resolve.js';
import { documentToModel, type ModelPart } from '../../language/to-model.js';
import { modelArbitrary } from '../engine/decision/decision-arbitraries.js';
import { applyTextEdit, applyTokenEdit, DEFAULT_POOLS, spolTextArbitrary, textEditArbitrary, tokenEditArbitrary } from './model-text-arbitraries.js';
import { editArbitrary, editedWorkspace } from './random-edits.js';
import { createTestServices, root, spolFilesBelow } from './spol-test-kit.js';

const services = createTestServices(() => []);
const URI_STRING = 'file:///w/file.spol';

/** Langium's parse of the text: whether it is clean, and documentToModel of it. */
function langium(text: string, uri = URI_STRING) {
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(uri));
    const { lexerErrors, lexerReport, parserErrors } = document.parseResult;
    const clean = lexerErrors.length === 0 && (lexerReport?.diagnostics.length ?? 0) === 0 && parserErrors.length === 0;
    return { clean, part: documentToModel(document), document };
}

const json = (part: ModelPart | undefined) => JSON.stringify(part);

/** The reader's part equals Langium's, and is there. */
function expectRead(text: string, uri = URI_STRING): ModelPart {
    const expected = langium(text, uri);
    expect(expected.clean, `Langium parses ${JSON.stringify(text)}`).toBe(true);
    const read = readModelText(text, uri);
    expect(read, `read ${JSON.stringify(text)}`).toBeDefined();
    expect(json(read)).toBe(json(expected.part));
    return read!;
}

/** A printed model with its layout varied: line ends, a tab for an indentation, comments, odd spaces at line ends. */
const printedModel = fc
    .tuple(
        modelArbitrary((value) => value.length > 0, { writable: true }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.constantFrom('', '', 'tab', 'comment', 'block', 'space'), { minLength: 1, maxLength: 5 })
    )
    .map(([model, lineEnd, changes]) => {
        const printed = printModel(model);
        if (!printed.ok) return undefined;
        const lines = printed.text.split('\n').map((line, i) => {
            switch (changes[i % changes.length]) {
                case 'tab':
                    return line.replace(/^ {4}/, '\t');
                case 'comment':
                    return `// a comment${lineEnd}${line}`;
                case 'block':
                    return `/* a${lineEnd}comment */ ${line}`;
                case 'space':
                    return `${line}  \u00a0`;
                default:
                    return line;
            }
        });
        return lines.join(lineEnd);
    });

describe('readModelText', () => {
    it('reads a small workspace as Langium does, ranges included', () => {
        const part = expectRead('institution I "Inst" {\r\n\tdivision D { discipline F type fish { collection C code "c" } }\r}\n// x\nuser "a\\"b" { agent "A" in D institution admin in C, "E" { access roles R allow /x: read, "" } }');
        expect(part.users[0]!.name).toBe('a"b');
        expect(part.users[0]!.collections.map((grant) => grant.collection.source!.range)).toEqual([
            { start: { line: 4, character: 50 }, end: { line: 4, character: 51 } },
            { start: { line: 4, character: 53 }, end: { line: 4, character: 56 } }
        ]);
    });

    it('leaves to Langium what it does not read: errors, and empty names', () => {
        for (const text of ['user {', 'user u { in }', 'role R in C { without /x }x', 'user "" {}', 'role R in "" {}', 'user u { agent "" in D }', 'user u { institution }', '"', 'user u\u0000 {}', 'user u { specify6 { group "g" } }']) {
            expect(readModelText(text, URI_STRING), text).toBeUndefined();
        }
    });

    it('takes every keyword and terminal form where the grammar takes it, and nowhere else', () => {
        const words = ['institution', 'division', 'discipline', 'collection', 'library', 'role', 'in', 'from', 'allow', 'without', 'user', 'agent', 'specify6'];
        const forms = [...words, ...NAME_KEYWORDS, 'x', 'x.y-z', '_', '"q"', '""', '%', 'a%', '\\_b', '/r', '/', '5', '-a', '{', ':', ',', '"\u2028"', '"\\\u2028"', '"\\\u2029"', '"\\\r"', '"\\🦎"', '"a\\"', 'a\u2028b', '\ufeffa'];
        const places = [
            (w: string) => `institution ${w} {}`,
            (w: string) => `institution I ${w} {}`,
            (w: string) => `institution I { division D { discipline F type ${w} {} } }`,
            (w: string) => `institution I { division D { discipline F { collection ${w} } } }`,
            (w: string) => `institution I { division D { discipline F { collection C code ${w} } } }`,
            (w: string) => `library role L { allow ${w} }`,
            (w: string) => `library role L { allow /r: ${w} }`,
            (w: string) => `library role L { allow /r: a, ${w} }`,
            (w: string) => `library role L { description ${w} }`,
            (w: string) => `role R in ${w} {}`,
            (w: string) => `role R in C { from library ${w} }`,
            (w: string) => `role R in C { without ${w} }`,
            (w: string) => `user ${w} {}`,
            (w: string) => `user u { agent "a" in ${w} }`,
            (w: string) => `user u { agent ${w} in D }`,
            (w: string) => `user u { in ${w} {} }`,
            (w: string) => `user u { in C { roles ${w} } }`,
            (w: string) => `user u { specify6 { group ${w} } }`,
            (w: string) => `user u { specify6 { collections ${w} } }`
        ];
        const outcomes = { read: 0, left: 0 };
        for (const place of places) {
            for (const form of forms) {
                const text = place(form);
                const expected = langium(text);
                if (expected.clean && form === '""') {
                    // An empty name is left to Langium; an empty resource or action is read (and left out).
                    const read = readModelText(text, URI_STRING);
                    if (read !== undefined) expect(json(read)).toBe(json(expected.part));
                } else if (expected.clean) {
                    expectRead(text);
                    outcomes.read++;
                } else {
                    expect(readModelText(text, URI_STRING), text).toBeUndefined();
                    outcomes.left++;
                }
            }
        }
        expect(outcomes.read).toBeGreaterThan(100);
        expect(outcomes.left).toBeGreaterThan(300);
    });

    it('reads every random valid file as Langium does', () => {
        let elements = 0;
        fc.assert(
            fc.property(spolTextArbitrary(), (text) => {
                const part = expectRead(text);
                elements += part.institutions.length + part.libraryRoles.length + part.roles.length + part.users.length;
            }),
            { numRuns: 600 }
        );
        expect(elements).toBeGreaterThan(600);
    });

    it('reads every printed random model as Langium does', () => {
        fc.assert(
            fc.property(printedModel, (text) => {
                if (text !== undefined) expectRead(text);
            }),
            { numRuns: 200 }
        );
    });

    /** Nothing read where Langium finds an error; otherwise nothing, or what Langium reads. Counts both in `seen`. */
    function expectReadAsLangium(text: string, uri: string, seen: { broken: number; read: number }): void {
        const expected = langium(text, uri);
        const read = readModelText(text, uri);
        if (!expected.clean) {
            seen.broken++;
            expect(read, JSON.stringify(text)).toBeUndefined();
        } else if (read !== undefined) {
            seen.read++;
            expect(json(read)).toBe(json(expected.part));
        }
    }

    it('after random edits, reads nothing Langium finds an error in, and otherwise what Langium reads', () => {
        const seen = { broken: 0, read: 0 };
        fc.assert(
            fc.property(spolTextArbitrary(), fc.array(fc.oneof(textEditArbitrary, tokenEditArbitrary), { minLength: 1, maxLength: 3 }), (original, edits) => {
                const text = edits.reduce((edited, edit) => ('token' in edit ? applyTokenEdit(edited, edit) : applyTextEdit(edited, edit)), original);
                expectReadAsLangium(text, URI_STRING, seen);
            }),
            { numRuns: 1500 }
        );
        // Both kinds of text are met often.
        expect(seen.broken).toBeGreaterThan(300);
        expect(seen.read).toBeGreaterThan(150);
    });

    it("agrees with Langium on the soak's files with random edits", () => {
        const seen = { broken: 0, read: 0 };
        fc.assert(
            fc.property(fc.nat(), fc.array(editArbitrary, { maxLength: 4 }), (seed, edits) => {
                for (const { uri, text } of editedWorkspace(seed, 4, edits)) expectReadAsLangium(text, uri, seen);
            }),
            { numRuns: 150 }
        );
        expect(seen.broken).toBeGreaterThan(50);
        expect(seen.read).toBeGreaterThan(100);
    });

    it('reads examples/natural-history-museum as Langium does', () => {
        const files = spolFilesBelow(join(root, 'examples/natural-history-museum'));
        expect(files.length).toBeGreaterThan(0);
        for (const path of files) expectRead(readFileSync(path, 'utf8'), URI.file(path).toString());
    });

    it("reads the bench's generated institution as Langium does", () => {
        const files = generateInstitution(DEFAULT_INSTITUTION);
        expect(files.size).toBeGreaterThan(10);
        for (const [path, text] of files) expectRead(text, `file:///generated/${path}`);
    }, 60_000);
});

// ---------------------------------------------------------------- what the lint reads besides the model

/** Suppression comments of every form, and text that only looks like one. */
const SUPPRESSION_TEXTS = [
    '// spol-ignore-next-line missing-agent -- no agent yet\n',
    '//spol-ignore-next-line unused-role, escalation --why\n',
    '// spol-ignore-next-line\n',
    '// spol-ignore-next-line no-such-rule\n',
    '// spol-ignore-next-lines x -- y\n',
    '/* spol-ignore-next-line escalation -- in a block */',
    '// spol-ignore-next-line escalation -- at the end',
    ' // spol-ignore-next-line a -- b\r\n',
    '"// spol-ignore-next-line x -- in a string"'
];

/** What Langium's parse gives the lint: the suppressions (suppressions.ts), and whether some user repeats a setting (the validator's `repeated-setting`). */
function lintReadOfLangium(text: string, uri: string) {
    const { clean, document } = langium(text, uri);
    const users = AstUtils.streamAst(document.parseResult.value).filter(isUser).toArray();
    const repeatsSetting = users.some((user) => nodesForProperty(user.$cstNode, 'institutionAdmin').length > 1 || nodesForProperty(user.$cstNode, 'specify6').length > 1);
    return { clean, suppressions: suppressionsOf(document), repeatsSetting };
}

describe('readModelFile', () => {
    it('reads the suppressions and repeated settings that Langium reads, on random files with suppression comments anywhere', () => {
        const seen = { read: 0, suppressions: 0, repeats: 0 };
        fc.assert(
            fc.property(
                spolTextArbitrary(),
                fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SUPPRESSION_TEXTS)), { maxLength: 4 }),
                (original, insertions) => {
                    let text = original;
                    for (const [at, inserted] of insertions) {
                        const offset = Math.floor(at * text.length);
                        text = text.slice(0, offset) + inserted + text.slice(offset);
                    }
                    const expected = lintReadOfLangium(text, URI_STRING);
                    const read = readModelFile(text, URI_STRING);
                    if (!expected.clean || !read) return;
                    seen.read++;
                    seen.suppressions += read.suppressions.length;
                    if (read.repeatsSetting) seen.repeats++;
                    expect(JSON.stringify(read.suppressions)).toBe(JSON.stringify(expected.suppressions));
                    expect(read.repeatsSetting).toBe(expected.repeatsSetting);
                    expect(json(read.part)).toBe(json(readModelText(text, URI_STRING)));
                }
            ),
            { numRuns: 800 }
        );
        expect(seen.read).toBeGreaterThan(200);
        expect(seen.suppressions).toBeGreaterThan(200);
        expect(seen.repeats).toBeGreaterThan(20);
    });

    it('reads a suppression once where the reader looks ahead (after `institution` in a user)', () => {
        for (const text of [
            'user u {\n    institution // spol-ignore-next-line escalation -- why\n    admin\n}\n',
            'user u {\n    institution /* */ // spol-ignore-next-line a\n    // spol-ignore-next-line b -- c\n{ allow /x: read }\n}\n'
        ]) {
            const expected = lintReadOfLangium(text, URI_STRING);
            expect(expected.clean).toBe(true);
            const read = readModelFile(text, URI_STRING)!;
            expect(read.suppressions.length).toBeGreaterThan(0);
            expect(JSON.stringify(read.suppressions)).toBe(JSON.stringify(expected.suppressions));
        }
    });

    it("reads the bench's generated institution's suppressions as Langium does", () => {
        const files = generateInstitution({ users: 600, collections: 20, seed: 2 });
        let suppressions = 0;
        for (const [path, text] of files) {
            const uri = `file:///generated/${path}`;
            const read = readModelFile(text, uri)!;
            expect(JSON.stringify(read.suppressions)).toBe(JSON.stringify(lintReadOfLangium(text, uri).suppressions));
            suppressions += read.suppressions.length;
        }
        expect(suppressions).toBeGreaterThan(0);
    });
});

// ---------------------------------------------------------------- references

/** A file that declares every name of the default pools, so that a reference resolves unless it names a miss. */
const DECLARATIONS = [
    `institution I { division ${DEFAULT_POOLS.divisions[0]} { discipline F { ${DEFAULT_POOLS.collections.map((name) => `collection ${name}`).join(' ')} } }`,
    ...DEFAULT_POOLS.divisions.slice(1).map((name) => `division ${name} {}`),
    '}',
    ...DEFAULT_POOLS.libraryRoles.map((name) => `library role ${name} {}`),
    ...DEFAULT_POOLS.roles.map((name) => `role ${name} in ${DEFAULT_POOLS.collections[0]} {}`)
].join('\n');

/** Names nobody declares: some differ from a declared one in case or a space only. */
const MISSES = ['fishvoucher', 'HERBARIUM', 'Ghost', '"Data entry"', 'dataentry', 'd1', '"Zoology "', 'libA', 'r1', '"ento Ñ"'];

/** A reference names one of its kind's declared names mostly (now and then quoted where it was declared bare), and now and then a miss. */
const mostlyDeclared = (names: readonly string[]) =>
    fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...names) },
        { weight: 3, arbitrary: fc.constantFrom(...names).map((name) => (name.startsWith('"') ? name : `"${name}"`)) },
        { weight: 1, arbitrary: fc.constantFrom(...MISSES) }
    );

describe('modelReferencesResolve', () => {
    it('only the four kinds a reference targets are declared by their own kind alone', () => {
        const reflection = services.shared.AstReflection;
        const types = reflection.getAllTypes();
        for (const target of ['Collection', 'Division', 'LibraryRole', 'Role']) {
            expect(types.filter((type) => reflection.isSubtype(type, target))).toEqual([target]);
        }
    });

    it('answers as referencesResolve on random workspaces with dangling and renamed references', () => {
        const answers = [0, 0];
        fc.assert(
            fc.property(
                fc.array(spolTextArbitrary(DEFAULT_POOLS, mostlyDeclared), { minLength: 1, maxLength: 4 }),
                fc.boolean(),
                (random, declare) => {
                    const texts = declare ? [DECLARATIONS, ...random] : random;
                    const parsed = texts.map((text, i) => langium(text, `file:///w/f${i}.spol`));
                    const parts = texts.map((text, i) => readModelText(text, `file:///w/f${i}.spol`));
                    expect(parts.every((part) => part !== undefined)).toBe(true);
                    const expected = referencesResolve(
                        parsed.map((p) => p.document),
                        services.shared.AstReflection
                    );
                    expect(modelReferencesResolve(parts as ModelPart[])).toBe(expected);
                    answers[expected ? 1 : 0]!++;
                }
            ),
            { numRuns: 400 }
        );
        expect(answers.every((n) => n > 40), `${answers}`).toBe(true);
    });
});
