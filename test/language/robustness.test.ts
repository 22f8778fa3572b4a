/**
 * Bad input never crashes spol. Every example and fixture workspace, mutated at random (characters or
 * tokens deleted, what follows a keyword deleted, a range duplicated, keywords and stray characters
 * inserted, the file cut short):
 * - loadWorkspace never throws and prints nothing (console spied), except that a file holding a NUL
 *   byte is refused as binary in one sentence (a WorkspaceError);
 * - every diagnostic is one line, never says "undefined", and lies inside its file;
 * - the PolicyModel holds no undefined value and no empty name;
 * - the language server's services (no file system) build, validate and re-validate the same
 *   documents, and answer completion, hover, formatting, semantic tokens, inlay hints, document
 *   symbols and code actions in them, without an exception or output.
 * Then what partially parsed elements become in the model, and the binary on the malformed fixtures
 * (the bugs this test found): one-line diagnostics, no stack trace, exit 1.
 *
 * The run counts find both original bugs (an agent without a division crashed to-model.ts; a nameless
 * institution was linted as "Institution undefined") in a few hundred runs at most, and keep the file
 * near 15 s. SPOL_FUZZ_SCALE=<n> multiplies them for a longer hunt.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { AstUtils, GrammarAST, URI } from 'langium';
import { clearDocuments } from 'langium/test';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Range } from '../../engine/model/policy-model.js';
import { internalError } from '../../language/spol-workspace-model.js';
import { loadWorkspace } from '../../language/workspace.js';
import { runSpol } from '../cli/run-binary.js';
import { createTestServices, fixtures, root, spolFilesBelow, workspaceUri } from './spol-test-kit.js';

// ---------------------------------------------------------------- the corpus

interface Workspace {
    /** Where it comes from, relative to the repository. */
    readonly name: string;
    /** Path relative to the workspace folder → text. */
    readonly files: ReadonlyMap<string, string>;
}

function workspaceOf(folder: string): Workspace {
    const files = new Map(spolFilesBelow(folder).map((path) => [relative(folder, path), readFileSync(path, 'utf8')] as const));
    return { name: relative(root, folder), files };
}

/** The folders below `folder` that hold .spol files. */
function foldersBelow(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && spolFilesBelow(join(folder, entry.name)).length > 0)
        .map((entry) => join(folder, entry.name))
        .sort();
}

/**
 * Every example workspace (examples/<name>/) and language fixture folder (test/fixtures/language/<name>/),
 * each loaded whole; each file of test/fixtures/language/malformed/ is a workspace of its own.
 */
const WORKSPACES: readonly Workspace[] = [
    ...foldersBelow(join(root, 'examples')).map(workspaceOf),
    ...foldersBelow(fixtures)
        .filter((folder) => !folder.endsWith('malformed'))
        .map(workspaceOf),
    ...spolFilesBelow(join(fixtures, 'malformed')).map((path) => ({
        name: relative(root, path),
        files: new Map([[relative(dirname(path), path), readFileSync(path, 'utf8')]])
    }))
];

/** The grammar's keywords and punctuation, and one sample of each terminal. */
const VOCABULARY: readonly string[] = (() => {
    const { Spol } = createTestServices(() => []);
    const keywords = AstUtils.streamAllContents(Spol.Grammar)
        .filter(GrammarAST.isKeyword)
        .map((keyword) => keyword.value)
        .toArray();
    return [...new Set([...keywords, 'jdoe', '"Doe, Jane"', '""', '/table/collectionobject', '/', '%', 'export_%', '_', '//', '/*', '*/'])];
})();

const KEYWORDS: ReadonlySet<string> = new Set(VOCABULARY.filter((word) => /^[a-z0-9]+$/.test(word) && word !== 'jdoe'));

/** Stray characters worth trying besides random ones. */
const ODD_CHARACTERS = ['"', '\\', '#', ';', '\n', '\r', '\r\n', '\t', '\u0000', '\u00a0', '\u2028', '\ufeff', 'é', '😀', '{', '}', ':', ','];

/** The spans of the text's tokens, roughly as the lexer cuts them (comments and strings whole). */
function tokenSpans(text: string): [number, number][] {
    const pattern = /"(?:\\.|[^"\\])*"|\/\*[\s\S]*?\*\/|\/\/[^\n\r]*|\/[A-Za-z0-9_%.\-/]*|[A-Za-z0-9_]*%[A-Za-z0-9_%]*|[_a-zA-Z][\w.-]*|\s+|[\s\S]/gu;
    return [...text.matchAll(pattern)].filter((m) => !/^\s+$/.test(m[0])).map((m) => [m.index, m.index + m[0].length]);
}

// ---------------------------------------------------------------- mutations

/** Positions are fractions of the text (or of its tokens), so one mutation applies to any file. */
type Mutation =
    | { readonly kind: 'delete-chars'; readonly at: number; readonly length: number }
    | { readonly kind: 'delete-tokens'; readonly at: number; readonly count: number }
    /** Deletes what follows one of the keywords: the name after `user`, the division after `in`, … */
    | { readonly kind: 'delete-after-keyword'; readonly at: number; readonly count: number }
    | { readonly kind: 'duplicate-tokens'; readonly at: number; readonly count: number }
    | { readonly kind: 'insert-tokens'; readonly at: number; readonly tokens: readonly string[] }
    | { readonly kind: 'insert-chars'; readonly at: number; readonly text: string }
    | { readonly kind: 'truncate'; readonly at: number };

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('delete-chars' as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }),
    { arbitrary: fc.record({ kind: fc.constant('delete-tokens' as const), at: fraction, count: fc.integer({ min: 1, max: 4 }) }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('delete-after-keyword' as const), at: fraction, count: fc.integer({ min: 1, max: 2 }) }), weight: 3 },
    fc.record({ kind: fc.constant('duplicate-tokens' as const), at: fraction, count: fc.integer({ min: 1, max: 8 }) }),
    {
        arbitrary: fc.record({
            kind: fc.constant('insert-tokens' as const),
            at: fraction,
            tokens: fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 3 })
        }),
        weight: 2
    },
    fc.record({
        kind: fc.constant('insert-chars' as const),
        at: fraction,
        text: fc.oneof(fc.constantFrom(...ODD_CHARACTERS), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }))
    }),
    { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }), weight: 2 }
);

function mutate(text: string, m: Mutation): string {
    const spans = tokenSpans(text);
    const tokenAt = (at: number) => Math.floor(at * spans.length);
    // The offset where token `i` starts (the end of the text past the last one).
    const start = (i: number) => (i < spans.length ? spans[i]![0] : text.length);
    const end = (i: number) => (i < spans.length ? spans[i]![1] : text.length);
    switch (m.kind) {
        case 'delete-chars': {
            const from = Math.floor(m.at * text.length);
            return text.slice(0, from) + text.slice(from + m.length);
        }
        case 'delete-tokens': {
            if (spans.length === 0) return text;
            const first = tokenAt(m.at);
            const last = Math.min(first + m.count, spans.length) - 1;
            return text.slice(0, start(first)) + text.slice(end(last));
        }
        case 'delete-after-keyword': {
            const keywords = spans.flatMap(([from, to], i) => (KEYWORDS.has(text.slice(from, to)) && i + 1 < spans.length ? [i] : []));
            if (keywords.length === 0) return text;
            const first = keywords[Math.floor(m.at * keywords.length)]! + 1;
            const last = Math.min(first + m.count, spans.length) - 1;
            return text.slice(0, start(first)) + text.slice(end(last));
        }
        case 'duplicate-tokens': {
            if (spans.length === 0) return text;
            const first = tokenAt(m.at);
            const last = Math.min(first + m.count, spans.length) - 1;
            const copy = text.slice(start(first), end(last));
            return `${text.slice(0, end(last))} ${copy}${text.slice(end(last))}`;
        }
        case 'insert-tokens': {
            const at = start(tokenAt(m.at));
            return `${text.slice(0, at)}${m.tokens.join(' ')} ${text.slice(at)}`;
        }
        case 'insert-chars': {
            const at = Math.floor(m.at * (text.length + 1));
            return text.slice(0, at) + m.text + text.slice(at);
        }
        case 'truncate':
            // Half of the time at a token's end, where a declaration loses what follows its keyword.
            return spans.length > 0 && m.at < 0.5 ? text.slice(0, end(tokenAt(m.at * 2))) : text.slice(0, Math.floor(m.at * text.length));
    }
}

interface Case {
    /** The workspace's name, as in WORKSPACES (a name, so that counterexamples print short). */
    readonly workspace: string;
    /** The file mutated, relative to the workspace. */
    readonly file: string;
    readonly mutations: readonly Mutation[];
}

const BY_NAME = new Map(WORKSPACES.map((w) => [w.name, w]));

const mutatedCase: fc.Arbitrary<Case> = fc.constantFrom(...WORKSPACES).chain((workspace) =>
    fc.record({
        workspace: fc.constant(workspace.name),
        file: fc.constantFrom(...workspace.files.keys()),
        mutations: fc.array(mutation, { minLength: 1, maxLength: 3 })
    })
);

/** The workspace's files with the mutations applied to one of them. */
function mutatedFiles({ workspace, file, mutations }: Case): Map<string, string> {
    const files = new Map(BY_NAME.get(workspace)!.files);
    files.set(file, mutations.reduce(mutate, files.get(file)!));
    return files;
}

// ---------------------------------------------------------------- what must hold

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
let consoleSpies: MockInstance[] = [];

beforeEach(() => {
    consoleSpies = CONSOLE.map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
});

afterEach(() => {
    for (const spy of consoleSpies) spy.mockRestore();
});

/** Forgets what was printed: each run of a property starts silent. */
function clearConsole(): void {
    for (const spy of consoleSpies) spy.mockClear();
}

/** What was printed on the console since the test began, or since clearConsole. */
function consoleOutput(): string[] {
    return consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' ')));
}

function lines(text: string): string[] {
    return text.split(/\r\n|\r|\n/);
}

/** Problems with one diagnostic: its code, its message, and its range in the text of its file. */
function diagnosticProblems(code: string, message: string, range: Range | undefined, text: string | undefined): string[] {
    // internal-error is the safety net of SpolWorkspaceModel: spol threw, which is a bug here.
    const problems: string[] = code === 'internal-error' ? ['spol threw'] : [];
    if (typeof message !== 'string' || message.length === 0) problems.push('empty message');
    else {
        if (/[\r\n\u2028\u2029]/.test(message)) problems.push('message of several lines');
        if (/undefined|NaN|\[object /.test(message)) problems.push('message shows a missing value');
        if (/^\s+at /m.test(message)) problems.push('message holds a stack trace');
    }
    if (!range || text === undefined) return [...problems, 'no range or no file'];
    const fileLines = lines(text);
    const inside = (p: Range['start']) =>
        Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < fileLines.length && p.character >= 0 && p.character <= fileLines[p.line]!.length;
    const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
    if (!inside(range.start) || !inside(range.end) || !ordered) problems.push(`range ${JSON.stringify(range)} outside the file`);
    return problems;
}

/** Paths in the model holding undefined, null, NaN or an empty name. */
function modelProblems(value: unknown, path = 'model'): string[] {
    if (value === undefined || value === null || Number.isNaN(value)) return [`${path} is ${String(value)}`];
    if (Array.isArray(value)) return value.flatMap((item, i) => modelProblems(item, `${path}[${i}]`));
    if (typeof value !== 'object') return [];
    return Object.entries(value).flatMap(([key, item]) => {
        const here = `${path}.${key}`;
        // Names and resources are text; a collection's division and discipline are names, an agent's division a Ref.
        const text = ['name', 'resource'].includes(key) || (['division', 'discipline'].includes(key) && typeof item !== 'object');
        if (text && (typeof item !== 'string' || item.length === 0)) return [`${here} is ${JSON.stringify(item)}`];
        return modelProblems(item, here);
    });
}

function describeCase(c: Case, files: ReadonlyMap<string, string>): string {
    return `${c.workspace}/${c.file} after ${JSON.stringify(c.mutations)}:\n${files.get(c.file)}`;
}

/** Runs per property, times SPOL_FUZZ_SCALE for a longer hunt (`SPOL_FUZZ_SCALE=20 npx vitest run test/language/robustness.test.ts`). */
const SCALE = Math.max(1, Number(process.env['SPOL_FUZZ_SCALE']) || 1);
const runsOf = (n: number) => ({ numRuns: n * SCALE });

const scratch = mkdtempSync(join(tmpdir(), 'spol-robustness-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

function writeWorkspace(files: ReadonlyMap<string, string>): string {
    const folder = join(scratch, `run-${runs++}`);
    for (const [name, text] of files) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), text);
    }
    return folder;
}

// ---------------------------------------------------------------- the properties

describe('mutated workspaces', () => {
    it('mutate what they are asked to', () => {
        expect(WORKSPACES.length).toBeGreaterThanOrEqual(10);
        expect(VOCABULARY).toEqual(expect.arrayContaining(['institution', 'allow', '{', '}', ':', ',', 'specify6']));
        const text = 'user jdoe { agent "Doe, Jane" in Ichthyology }';
        expect(tokenSpans(text).map(([a, b]) => text.slice(a, b))).toEqual(['user', 'jdoe', '{', 'agent', '"Doe, Jane"', 'in', 'Ichthyology', '}']);
        expect(mutate(text, { kind: 'delete-tokens', at: 6 / 8, count: 1 })).toBe('user jdoe { agent "Doe, Jane" in  }');
        expect(mutate(text, { kind: 'delete-after-keyword', at: 0.9, count: 1 })).toBe('user jdoe { agent "Doe, Jane" in  }');
        expect(mutate(text, { kind: 'delete-after-keyword', at: 0, count: 1 })).toBe('user  { agent "Doe, Jane" in Ichthyology }');
        expect(mutate(text, { kind: 'truncate', at: 0.25 / 8 })).toBe('user');
        expect(mutate(text, { kind: 'truncate', at: 5.5 / 16 })).toBe('user jdoe { agent "Doe, Jane" in');
        expect(mutate(text, { kind: 'duplicate-tokens', at: 0, count: 2 })).toBe('user jdoe user jdoe { agent "Doe, Jane" in Ichthyology }');
        expect(mutate(text, { kind: 'insert-tokens', at: 2 / 8, tokens: ['allow', '%'] })).toBe('user jdoe allow % { agent "Doe, Jane" in Ichthyology }');
    });

    it('load without an exception or console output, with one-line diagnostics inside the files and a model without holes', async () => {
        await fc.assert(
            fc.asyncProperty(mutatedCase, async (c) => {
                clearConsole();
                const files = mutatedFiles(c);
                const folder = writeWorkspace(files);
                if ([...files.values()].some((text) => text.includes('\u0000'))) {
                    // A NUL byte makes a file binary (as git decides): refused in one sentence, not parsed.
                    await expect(loadWorkspace([folder])).rejects.toThrow(/^'[^\n]+' is not a text file \(it holds binary data: line \d+ has a NUL byte\)\.$/);
                    rmSync(folder, { recursive: true, force: true });
                    return;
                }
                const loaded = await loadWorkspace([folder]);
                const problems = loaded.diagnostics.flatMap((d) => {
                    const file = d.source ? relative(folder, fileURLToPath(d.source.file)) : undefined;
                    return diagnosticProblems(d.code, d.message, d.source?.range, file === undefined ? undefined : files.get(file)).map(
                        (problem) => `${problem}: ${d.code} ${JSON.stringify(d.message)}`
                    );
                });
                problems.push(...modelProblems(loaded.model), ...consoleOutput().map((line) => `console: ${line}`));
                if (problems.length > 0) throw new Error(`${problems.join('\n')}\nin ${describeCase(c, files)}`);
                rmSync(folder, { recursive: true, force: true });
            }),
            runsOf(250)
        );
    });

    it('build and validate in the language server\'s services without an exception or console output', async () => {
        const services = createTestServices();
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
        await fc.assert(
            fc.asyncProperty(mutatedCase, async (c) => {
                clearConsole();
                const files = mutatedFiles(c);
                try {
                    const documents = [...files].map(([name, text]) => {
                        const document = LangiumDocumentFactory.fromString(text, URI.parse(workspaceUri(name)));
                        LangiumDocuments.addDocument(document);
                        return document;
                    });
                    await DocumentBuilder.build(documents, { validation: true });
                    // A change as the editor makes one: a file is added (the original text) and the
                    // whole workspace is validated again.
                    const original = BY_NAME.get(c.workspace)!.files.get(c.file)!;
                    LangiumDocuments.addDocument(LangiumDocumentFactory.fromString(original, URI.parse(workspaceUri(`original/${c.file}`))));
                    await DocumentBuilder.update([], []);
                    const problems = documents.flatMap((document) => {
                        const text = files.get(document.uri.path.slice('/workspace/'.length));
                        return (document.diagnostics ?? []).flatMap((d) =>
                            diagnosticProblems(String(d.code), typeof d.message === 'string' ? d.message : d.message.value, d.range, text).map(
                                (problem) => `${problem}: ${String(d.code)} ${JSON.stringify(d.message)}`
                            )
                        );
                    });
                    problems.push(...modelProblems(services.Spol.workspace.PolicyModel.model), ...consoleOutput().map((line) => `console: ${line}`));
                    if (problems.length > 0) throw new Error(`${problems.join('\n')}\nin ${describeCase(c, files)}`);
                } finally {
                    await clearDocuments(services.shared);
                }
            }),
            runsOf(400)
        );
    });

    it('answer completion, hover, formatting, semantic tokens, inlay hints, symbols and code actions in them', async () => {
        const services = createTestServices();
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
        const lsp = services.Spol.lsp;
        await fc.assert(
            fc.asyncProperty(mutatedCase, fraction, async (c, where) => {
                clearConsole();
                const files = mutatedFiles(c);
                try {
                    const documents = [...files].map(([name, text]) => {
                        const document = LangiumDocumentFactory.fromString(text, URI.parse(workspaceUri(name)));
                        LangiumDocuments.addDocument(document);
                        return document;
                    });
                    await DocumentBuilder.build(documents, { validation: true });
                    const document = documents.find((d) => d.uri.toString() === workspaceUri(c.file))!;
                    const textDocument = { uri: document.uri.toString() };
                    const position = document.textDocument.positionAt(Math.floor(where * (document.textDocument.getText().length + 1)));
                    await lsp.CompletionProvider!.getCompletion(document, { textDocument, position });
                    await lsp.HoverProvider!.getHoverContent(document, { textDocument, position });
                    await lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 4, insertSpaces: true } });
                    await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument });
                    const whole = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(document.textDocument.getText().length) };
                    await lsp.InlayHintProvider!.getInlayHints(document, { textDocument, range: whole });
                    await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
                    for (const diagnostic of document.diagnostics ?? []) {
                        await lsp.CodeActionProvider!.getCodeActions(document, { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
                    }
                    const output = consoleOutput();
                    if (output.length > 0) throw new Error(`${output.join('\n')}\nin ${describeCase(c, files)}`);
                } finally {
                    await clearDocuments(services.shared);
                }
            }),
            runsOf(300)
        );
    });

    it('turn an exception in the lint rules into one internal-error diagnostic, not a crash', async () => {
        const services = createTestServices(() => {
            throw new TypeError('rule failed\n    at somewhere (rule.ts:1:1)');
        });
        const document = services.shared.workspace.LangiumDocumentFactory.fromString('user jdoe { }', URI.parse(workspaceUri('a.spol')));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        const internal = (document.diagnostics ?? []).filter((d) => d.code === 'internal-error');
        expect(internal.map((d) => d.message)).toEqual([
            'spol could not lint this workspace (internal error: TypeError: rule failed); please report it. Syntax and reference errors are still shown.'
        ]);
        expect(consoleOutput()).toEqual([]);
        expect(internalError('plain').message).not.toMatch(/\n/);
        await clearDocuments(services.shared);
    });
});

// ---------------------------------------------------------------- what partial elements become

describe('partially parsed elements in the model (to-model.ts)', () => {
    const services = createTestServices(() => []);
    afterEach(() => clearDocuments(services.shared));

    async function modelOf(text: string) {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(workspaceUri('a.spol')));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        expect((document.diagnostics ?? []).some((d) => d.code === 'syntax-error')).toBe(true);
        const model = services.Spol.workspace.PolicyModel.model;
        expect(modelProblems(model)).toEqual([]);
        return model;
    }

    it('leaves out a declaration without a name, with everything written in it', async () => {
        const model = await modelOf('institution { division D { discipline F { collection C } } }\nuser { agent "A" in D }\nuser b { }');
        expect(model.institutions).toEqual([]);
        expect(model.users.map((u) => u.name)).toEqual(['b']);
    });

    it('leaves out a division without a name but keeps its named siblings', async () => {
        const model = await modelOf('institution KU { division { } division D { discipline F { collection C } } }');
        expect(model.institutions[0]!.divisions.map((d) => d.name)).toEqual(['D']);
        expect(model.institutions[0]!.divisions[0]!.disciplines[0]!.collections.map((c) => [c.name, c.division, c.discipline])).toEqual([['C', 'D', 'F']]);
    });

    it('leaves out an agent without its division and a policy without its resource', async () => {
        const model = await modelOf('user u {\n  agent "A" in\n}\nrole R in C { allow : read\n allow /x: read }');
        expect(model.users[0]!.agents).toEqual([]);
        expect(model.roles[0]!.policies.map((p) => p.resource)).toEqual(['/x']);
    });

    it('keeps what was parsed of a list, and the block it is in', async () => {
        const model = await modelOf('user u { in A, { roles R, } }');
        expect(model.users[0]!.collections.map((g) => [g.collection.name, g.roles.map((r) => r.name)])).toEqual([['A', ['R']]]);
    });
});

// ---------------------------------------------------------------- the bugs, through the binary

describe('the binary on malformed input', () => {
    const malformed = (name: string) => relative(root, join(fixtures, 'malformed', name));
    const DIAGNOSTIC = /^\S+:\d+:\d+ (error|warning|info) [a-z0-9-]+ [^\n]+$/;

    function check(file: string): { status: number | null; lines: string[]; stderr: string } {
        const result = runSpol(['check', file]);
        return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr };
    }

    function expectClean(result: { lines: string[]; stderr: string }): void {
        expect(result.stderr).toBe('');
        const output = result.lines.join('\n');
        expect(output).not.toMatch(/^\s+at |TypeError|internal error|undefined|Expecting/m);
        // One line per diagnostic, then the summary.
        for (const line of result.lines.slice(0, -1)) expect(line).toMatch(DIAGNOSTIC);
        expect(result.lines.at(-1)).toMatch(/^1 file checked: \d+ errors?, \d+ warnings?\.$/);
    }

    it('reports an agent without a division as a syntax error, without crashing', () => {
        const file = malformed('agent-without-division.spol');
        const result = check(file);
        expect(result.status).toBe(1);
        expectClean(result);
        expect(result.lines).toContain(`${file}:4:1 error syntax-error Expected a division name after 'in', found '}'.`);
    });

    it('reports `roles` without a role as a syntax error, without crashing', () => {
        const file = malformed('roles-without-names.spol');
        const result = check(file);
        expect(result.status).toBe(1);
        expectClean(result);
        expect(result.lines).toContain(`${file}:2:23 error syntax-error Expected a role name after 'roles', found '}'.`);
    });

    it('reports an institution without a name as a syntax error, and nothing about "undefined"', () => {
        const file = malformed('nameless-institution.spol');
        const result = check(file);
        expect(result.status).toBe(1);
        expectClean(result);
        expect(result.lines).toEqual([
            `${file}:2:13 error syntax-error Expected a name after 'institution', found '{'.`,
            '1 file checked: 1 error, 0 warnings.'
        ]);
    });

    it('reports a policy at the top level in one line', () => {
        const file = malformed('top-level-policy.spol');
        const result = check(file);
        expect(result.status).toBe(1);
        expectClean(result);
        expect(result.lines).toContain(
            `${file}:2:1 error syntax-error Unexpected 'allow' at the top level: expected institution, library role, role or user.`
        );
    });
});
