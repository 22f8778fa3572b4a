/**
 * Syntax errors in spol's words (language/spol-parser-messages.ts): each malformed snippet gives
 * exactly the one-line messages below, at the position shown (`line:character`, zero-based as in
 * the editor), with code `syntax-error`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Document } from '../../language/generated/ast.js';
import { describeToken, parserMessage, unexpectedCharactersMessage } from '../../language/spol-parser-messages.js';
import { createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper<Document>(services.Spol);

afterEach(() => clearDocuments(services.shared));

/** `line:character message` of every syntax error of the text. */
async function syntaxErrors(text: string): Promise<string[]> {
    const document = await parse(text, { validation: true });
    const diagnostics = document.diagnostics ?? [];
    for (const diagnostic of diagnostics) expect(diagnostic.code === 'syntax-error' || diagnostic.data?.code !== 'parsing-error').toBe(true);
    return diagnostics
        .filter((d) => d.code === 'syntax-error')
        .map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
}

/** [snippet, expected `line:character message` lines] */
const TABLE: readonly (readonly [string, readonly string[]])[] = [
    // the top level
    ['allow /table/collectionobject: read', ["0:0 Unexpected 'allow' at the top level: expected institution, library role, role or user."]],
    ['institution KU { }\nallow /x: read', ["1:0 Unexpected 'allow' at the top level: expected institution, library role, role or user."]],
    ['user a { }\n}', ["1:0 Unexpected '}' at the top level: no block is open."]],
    ['discipline Fish { }', ["0:0 Unexpected 'discipline' at the top level: expected institution, library role, role or user."]],
    // names of declarations
    ['institution { }', ["0:12 Expected a name after 'institution', found '{'."]],
    ['institution KU { division { } }', ["0:26 Expected a name after 'division', found '{'."]],
    ['user', ["0:4 Expected a name after 'user', found the end of the file."]],
    ['library role { }', ["0:13 Expected a name after 'library role', found '{'."]],
    ['library RunQueries { }', ["0:8 Expected 'role' after 'library', found 'RunQueries'."]],
    // headers
    ['institution KU Kansas { }', ["0:15 Expected a quoted title or '{' after institution KU, found 'Kansas'."]],
    ['user jdoe "Jane" "Doe" { }', [`0:17 Expected '{' to open user jdoe, found "Doe".`]],
    ['institution KU { division D { discipline F fish { } } }', ["0:43 Expected a quoted title, type or '{' after discipline F, found 'fish'."]],
    ['institution KU { division D { discipline F type { } } }', ["0:48 Expected a discipline type such as fish after 'type', found '{'."]],
    ['institution KU { division D { discipline F { collection C code } } }', [`0:63 Expected a quoted code such as "KUI" after 'code', found '}'.`]],
    ['role R { }', ["0:7 Expected 'in' and the role's collections after role R, found '{'."]],
    ['role R in { }', ["0:10 Expected a collection name after 'in', found '{'."]],
    ['role R in A B { }', ["0:12 Expected ',' or '{' after 'in A' of role R, found 'B'."]],
    ['role R in A, { }', ["0:13 Expected another collection name after ',', found '{'."]],
    // role and library role bodies
    ['role R in A { description }', ["0:26 Expected a quoted description after 'description', found '}'."]],
    ['role R in A { from X }', ["0:19 Expected 'library' after 'from', found 'X'."]],
    ['role R in A { from library }', ["0:27 Expected a library role name after 'from library', found '}'."]],
    ['role R in A { from library X, }', ["0:30 Expected another library role name after ',', found '}'."]],
    ['role R in A { from library X Y }', ["0:29 Unexpected 'Y' in role R: expected ',', allow or '}'."]],
    ['role R in A { allow /x: read\n  description "d" }', ["1:2 'description' must come earlier in role R: the order is description, from library, allow."]],
    ['role R in A { description "a" description "b" }', ["0:30 Only one 'description' is allowed in role R."]],
    ['library role L { deny /x }', ["0:17 Unexpected 'deny' in library role L: expected description, allow or '}'."]],
    // policies
    ['role R in C { allow : read }', ["0:20 Expected a resource such as /table/collectionobject or % after 'allow', found ':'."]],
    ['role R in C { allow }', ["0:20 Expected a resource such as /table/collectionobject or % after 'allow', found '}'."]],
    ['role R in C { allow /x read }', ["0:23 Expected ':' and actions or the end of the policy, found 'read'."]],
    ['role R in C { allow /x: read write }', ["0:29 Expected ',' and another action or the end of the policy, found 'write'."]],
    ['role R in C { allow /x: read, }', ["0:30 Expected an action such as read after ',', found '}'."]],
    ['role R in C { allow /x: { }', [`0:24 Expected actions or the end of the policy after ':', found '{'.`]],
    ['role R in C { allow /x: "read now" allow "%/a b": "%" }', []],
    // users
    ['user jdoe {', ["0:11 Missing '}' to close user jdoe."]],
    // At the end of the file, the error sits right after the last token.
    ['user jdoe {\n  in A { access\n', ["1:15 Missing '}' to close user jdoe's block in A."]],
    ['user jdoe { foo }', ["0:12 Unexpected 'foo' in user jdoe: expected agent, institution, in, specify6 or '}'."]],
    // Chevrotain's recovery may report a second error where it resumed.
    ['user jdoe { institution }', [
        "0:12 Expected 'admin' or '{' after 'institution' in user jdoe, found '}'.",
        "0:24 Expected a name after 'institution', found '}'."
    ]],
    ['user jdoe { institution { allow /x: read } admin }', ["0:43 Unexpected 'admin' in user jdoe: expected agent, institution, in, specify6 or '}'."]],
    ['user jdoe { institution { access } }', ["0:26 Unexpected 'access' in user jdoe's institution block: expected allow or '}'."]],
    ['user jdoe { agent Doe }', [`0:18 Expected a quoted agent name such as "Doe, Jane" after 'agent', found 'Doe'.`]],
    ['user jdoe { agent "Doe, Jane" D }', [`0:30 Expected 'in' and a division after agent "Doe, Jane", found 'D'.`]],
    ['user jdoe { agent "Doe, Jane" in }', ["0:33 Expected a division name after 'in', found '}'."]],
    ['user x { in A { roles } }', ["0:22 Expected a role name after 'roles', found '}'."]],
    ['user x { in A { roles R, } }', ["0:25 Expected another role name after ',', found '}'."]],
    ['user x { in A { roles R S } }', ["0:24 Unexpected 'S' in user x's block in A: expected ',', allow or '}'."]],
    ['user x { in A { roles R access } }', ["0:24 'access' must come earlier in user x's block in A: the order is access, roles, allow."]],
    ['user x { in A { access access } }', ["0:23 Only one 'access' is allowed in user x's block in A."]],
    ['user x { in A B { } }', ["0:14 Expected ',' or '{' after 'in A' in user x, found 'B'."]],
    ['user x { specify6 admin }', ["0:18 Expected '{' after 'specify6', found 'admin'.", "0:25 Missing '}' to close user x."]],
    ['user x { specify6 { group } }', ["0:26 Expected a Specify 6 group such as Manager after 'group', found '}'."]],
    ['user x { specify6 { group Manager admin } }', ["0:34 'admin' must come earlier in user x's specify6 block: the order is admin, group, collections."]],
    ['user x { specify6 { collections A, } }', ["0:35 Expected another collection name after ',', found '}'."]],
    // nesting: the innermost open block is named
    ['institution KU {\n    division D {\n', ["1:16 Missing '}' to close division D."]],
    ['institution KU { division D { discipline F { collection C "x" "y" } } }', [`0:62 Unexpected "y" in discipline F: expected collection or '}'.`]],
    // lexer errors
    ['institution KU { # }', ["0:17 Unexpected character '#'."]],
    ['institution KU { ## }', ["0:17 Unexpected characters '##'."]],
    ['user j\u00f6e { }', [
        "0:6 Unexpected character '\u00f6': a name with other characters is written in quotes, as in \"j\u00f6e\".",
        "0:7 Expected a quoted title or '{' after user j, found 'e'."
    ]],
    ['user jdoe "Jane { }', [
        `0:10 Missing closing '"' for the quoted text that starts here.`,
        "0:11 Expected a quoted title or '{' after user jdoe, found 'Jane'."
    ]],
    // quoted text ends on its line: an open quote is reported there, and the next line still parses
    ['user jdoe "Jane\n{ }', [
        `0:10 Missing closing '"' for the quoted text that starts here.`,
        "0:11 Expected a quoted title or '{' after user jdoe, found 'Jane'."
    ]],
    ['user "a\r\nb" { }', [
        `0:5 Missing closing '"' for the quoted text that starts here.`,
        `1:1 Missing closing '"' for the quoted text that starts here.`,
        "1:0 Expected a quoted title or '{' after user a, found 'b'."
    ]],
    ['user jdoe \u0007{ }', ["0:10 Unexpected character 'U+0007'."]],
    ['user a.b@museum.org { }', [
        `0:8 Unexpected character '@': a name with other characters is written in quotes, as in "a.b@museum.org".`,
        "0:9 Expected a quoted title or '{' after user a.b, found 'museum.org'."
    ]],
    // quoted names are names: declared, referenced, and followed by a title
    ['user "a.b@museum.org" "A. B." { in "Fish Voucher" { roles "Data Entry" } }', []],
    ['user "Müller" { agent "Müller, J." in "Division 1" }', []],
    ['user "x" "y" "z" { }', [`0:13 Expected '{' to open user x, found "z".`]],
    ['user "a.b@museum.org" {\n', [`0:23 Missing '}' to close user "a.b@museum.org".`]]
];

describe('syntax error messages', () => {
    it.each(TABLE)('%j', async (text, expected) => {
        expect(await syntaxErrors(text)).toEqual(expected);
    });

    it('are one line each, and never chevrotain\'s wording', async () => {
        for (const [text] of TABLE) {
            for (const line of await syntaxErrors(text)) {
                expect(line).not.toMatch(/[\r\n]|Expecting|token of type|EOF|-->|undefined/);
                expect(line.length).toBeLessThan(160);
            }
        }
    });

    it('reports a valid document with no syntax error', async () => {
        expect(await syntaxErrors('institution KU { division D { discipline F type fish { collection C code "C" } } }')).toEqual([]);
    });
});

describe('without the parser\'s context', () => {
    // The completion parser shares the provider but builds no AST: messages lose names, not their form.
    const token = (image: string, name = image) => ({ image, tokenType: { name }, startOffset: 0, endOffset: image.length - 1 }) as never;

    it('still names what was found and what was expected', () => {
        expect(parserMessage({ rule: 'User', expected: ['}'], found: token('', 'EOF'), previous: token('{'), frames: [] })).toBe(
            "Missing '}' to close the user."
        );
        expect(parserMessage({ rule: 'Name', expected: ['ID'], found: token('{'), previous: token('division'), frames: [] })).toBe(
            "Expected a name after 'division', found '{'."
        );
        expect(parserMessage({ rule: 'Agent', expected: ['STRING'], found: token('x', 'ID'), previous: undefined, frames: [] })).toBe(
            "Unexpected 'x' in the agent: expected quoted text."
        );
    });

    it('describes tokens briefly', () => {
        expect(describeToken(undefined)).toBe('the end of the file');
        expect(describeToken(token('"a\n   b"', 'STRING'))).toBe('"a b"');
        expect(describeToken(token('x'.repeat(50), 'ID'))).toBe(`'${'x'.repeat(29)}…'`);
    });

    it('describes lexer errors in one line', () => {
        expect(unexpectedCharactersMessage('\n')).toBe("Unexpected character 'U+000A'.");
        expect(unexpectedCharactersMessage('#'.repeat(12))).toBe(`Unexpected characters '${'#'.repeat(10)}…'.`);
    });
});
