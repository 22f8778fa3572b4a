/**
 * The canonical layout, and that formatting is idempotent and changes nothing but layout — on
 * hand-written cases, on every fixture and on every example workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { clearDocuments, expectFormatting, parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { documentsToModel } from '../../language/to-model.js';
import { createTestServices, fixtures, root, spolFilesBelow } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper(services.Spol);
const formatting = expectFormatting(services.Spol);

afterEach(() => clearDocuments(services.shared));

async function format(text: string): Promise<{ document: LangiumDocument; formatted: string }> {
    const document = await parse(text);
    const edits = await services.Spol.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.uri.toString() },
        options: { tabSize: 4, insertSpaces: true }
    });
    return { document, formatted: TextDocument.applyEdits(document.textDocument, edits) };
}

/** The model without sources: what the text means, not where it is. */
function meaning(document: LangiumDocument): PolicyModel {
    return JSON.parse(JSON.stringify(documentsToModel([document]), (key, value) => (/source$/i.test(key) ? undefined : value)));
}

describe('canonical layout', () => {
    it('indents by four spaces per brace and puts one element on each line', async () => {
        await formatting({
            before: 'institution KU "Kansas" { division D { discipline F type fish { collection A "A" code "a" collection B } } }',
            after: [
                'institution KU "Kansas" {',
                '    division D {',
                '        discipline F type fish {',
                '            collection A "A" code "a"',
                '            collection B',
                '        }',
                '    }',
                '}',
                ''
            ].join('\n')
        });
    });

    it('spaces a policy as `allow /res: a, b` and normalises the words of every line', async () => {
        await formatting({
            before: 'role   R  "Role"  in A ,B{from   library T1 ,T2\n\tallow /table/%  :read ,create,  update\nallow %:%}',
            after: [
                'role R "Role" in A, B {',
                '    from library T1, T2',
                '    allow /table/%: read, create, update',
                '    allow %: %',
                '}',
                ''
            ].join('\n')
        });
    });

    it('breaks a one-line user into its parts, nested blocks included', async () => {
        await formatting({
            before: 'user u "U" { institution admin  agent "U, X" in D  institution { allow /admin/%: % }  in A, B { access  roles R  allow /report: execute }  specify6 { admin group Manager collections A } }',
            after: [
                'user u "U" {',
                '    institution admin',
                '    agent "U, X" in D',
                '    institution {',
                '        allow /admin/%: %',
                '    }',
                '    in A, B {',
                '        access',
                '        roles R',
                '        allow /report: execute',
                '    }',
                '    specify6 {',
                '        admin',
                '        group Manager',
                '        collections A',
                '    }',
                '}',
                ''
            ].join('\n')
        });
    });

    it('keeps at most one blank line between elements, none after `{` or before `}`', async () => {
        await formatting({
            before: 'library role L {\n\n\n    description "d"\n\n\n\n    allow /a: read\n    allow /b: read\n\n}\n\n\n\nuser u {}\nuser v {}\n\n',
            after: 'library role L {\n    description "d"\n\n    allow /a: read\n    allow /b: read\n}\n\nuser u {}\nuser v {}\n'
        });
    });

    it('writes an empty block as `{}`', async () => {
        await formatting({ before: 'institution I {\n    division D {\n\n    }\n}', after: 'institution I {\n    division D {}\n}\n' });
    });

    it('keeps comments, indented like the lines around them', async () => {
        await formatting({
            before: [
                '// Header',
                'role R in C { // why',
                '// first',
                '        allow /a: read // trailing',
                '  /* block */',
                '    allow /b: read',
                '}'
            ].join('\n'),
            after: ['// Header', 'role R in C { // why', '    // first', '    allow /a: read // trailing', '    /* block */', '    allow /b: read', '}', ''].join('\n')
        });
    });

    it('replaces a comment indentation holding tabs in one pass (a fuzz finding)', async () => {
        const once = (await format('role R in C {\n    allow /a: read\n\t    // c\n\t/* d */\n}\n')).formatted;
        expect(once).toBe('role R in C {\n    allow /a: read\n    // c\n    /* d */\n}\n');
        expect((await format(once)).formatted).toBe(once);
    });

    it('leaves a document with syntax errors alone', async () => {
        const { formatted } = await format('role R in C {   allow /a: read\nuser {');
        expect(formatted).toBe('role R in C {   allow /a: read\nuser {');
    });
});

describe('idempotence and meaning', () => {
    const folders = [fixtures, ...['examples'].map((dir) => join(root, dir)).filter((dir) => existsSync(dir))];
    const files = folders.flatMap((folder) => spolFilesBelow(folder));

    it('has files to check', () => {
        expect(files.length).toBeGreaterThan(5);
    });

    it.each(files.map((file) => [relative(root, file), file]))('%s: formats once for good, keeping its meaning', async (_name, file) => {
        const original = readFileSync(file, 'utf8');
        const once = await format(original);
        const twice = await format(once.formatted);
        expect(twice.formatted).toBe(once.formatted);
        if (once.document.parseResult.parserErrors.length === 0 && once.document.parseResult.lexerErrors.length === 0) {
            expect(meaning(twice.document)).toEqual(meaning(once.document));
        }
    });
});
