/**
 * The language-server soak: one real server process (stdio), a workspace of generated files open
 * in it, and thousands of random incremental edits with completion and hover requests between them
 * and, every few edits, a wait for the edited file's diagnostics. Must hold:
 * - the server never exits, and answers every request within the bound (a result or a cancellation);
 * - at the end, its diagnostics for every file equal a fresh in-process validation of the final
 *   texts, and hover and completion at a place in each file answer as the in-process services do;
 * - its memory (RSS from /proc) is flat once warmed up (soak-checks.ts says what flat means).
 */
import { EmptyFileSystem, TextDocument, URI } from 'langium';
import { createSpolServices } from '../language/spol-module.js';
import { grammarDocument, universe, type Part, type Universe } from './grammar-document.js';
import { LspClient, type LspDiagnostic } from './lsp-client.js';
import { Random } from './random.js';
import { checkedAnswer, memoryVerdict, residentKb, type MemorySample, type MemoryVerdict } from './soak-checks.js';
import { TOKENS } from './vocabulary.js';

export interface SoakOptions {
    readonly server: string;
    readonly cwd: string;
    readonly seed: number;
    readonly files: number;
    readonly edits: number;
    readonly timeoutMs: number;
    /** Wait for the edited file's diagnostics after every `settleEvery` edits. */
    readonly settleEvery?: number;
    readonly progress?: (line: string) => void;
}

export interface SoakReport {
    readonly files: number;
    readonly edits: number;
    readonly requests: number;
    readonly memory: MemoryVerdict;
    readonly samples: readonly MemorySample[];
    readonly failures: readonly string[];
    readonly milliseconds: number;
}

const SOAK_ROOT = 'file:///soak/';

/** Runs this long judge memory: the second quarter then starts well past the first 1,000 edits. */
export const MIN_EDITS_FOR_MEMORY = 4000;

function notJudged(edits: number): MemoryVerdict {
    return { flat: true, secondQuarterKb: 0, lastQuarterKb: 0, sentence: `memory not judged (${edits} edits; it takes at least ${MIN_EDITS_FOR_MEMORY})` };
}

/** The soak's workspace: one institution file, library roles, roles, then users; names distinct per file. */
export function soakWorkspace(seed: number, count: number): { uri: string; text: string }[] {
    const random = new Random(seed, 0x50a4);
    const u = universe(random);
    return Array.from({ length: count }, (_, i) => {
        const part: Part = i === 0 ? 'institution' : i < 1 + Math.ceil(count / 12) ? 'library' : i < 1 + Math.ceil(count / 4) ? 'roles' : 'users';
        const mine: Universe = {
            ...u,
            libraryRoles: part === 'library' ? u.libraryRoles.map((n) => `${n}_${i}`) : u.libraryRoles.map((n) => `${n}_1`),
            roles: part === 'roles' ? u.roles.map((n) => `${n}_${i}`) : u.roles.map((n) => `${n}_${1 + Math.ceil(count / 12)}`),
            users: u.users.map((n) => `${n}_${i}`)
        };
        return { uri: `${SOAK_ROOT}file-${String(i).padStart(2, '0')}.spol`, text: grammarDocument(new Random(seed, 0x50a4, i), mine, part) };
    });
}

/** One random incremental edit of a text: its LSP change and a description. */
function randomEdit(random: Random, document: TextDocument, original: string): { range: { start: Position; end: Position }; text: string } {
    const text = document.getText();
    const at = random.int(text.length + 1);
    const roll = random.int(100);
    if (roll < 5) return { range: { start: document.positionAt(0), end: document.positionAt(text.length) }, text: original };
    if (roll < 50) {
        const token = random.pick(TOKENS);
        return { range: { start: document.positionAt(at), end: document.positionAt(at) }, text: random.chance(0.5) ? ` ${token} ` : token };
    }
    const end = Math.min(text.length, at + random.between(1, 20));
    return { range: { start: document.positionAt(at), end: document.positionAt(end) }, text: roll < 80 ? '' : random.pick(TOKENS) };
}

interface Position {
    line: number;
    character: number;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
    const started = Date.now();
    const failures: string[] = [];
    const samples: MemorySample[] = [];
    const files = soakWorkspace(options.seed, options.files);
    const documents = new Map(files.map((f) => [f.uri, TextDocument.create(f.uri, 'spol', 1, f.text)]));
    const originals = new Map(files.map((f) => [f.uri, f.text]));
    const uris = files.map((f) => f.uri);
    const settleEvery = options.settleEvery ?? 25;
    let requests = 0;
    const client = await LspClient.start(options.server, options.cwd, options.timeoutMs);
    const ask = async (method: string, params: unknown, what: string) => {
        const answer = await client.request(method, params, options.timeoutMs);
        requests++;
        const problem = checkedAnswer(method, answer);
        if (problem) failures.push(`${what}: ${problem}`);
        return answer;
    };
    let edit = 0;
    try {
        for (const f of files) client.notify('textDocument/didOpen', { textDocument: { uri: f.uri, languageId: 'spol', version: 1, text: f.text } });
        await client.next((m) => m.method === 'spol/workspaceChanged', options.timeoutMs * 4, 'first build of the soak workspace');
        for (edit = 1; edit <= options.edits; edit++) {
            const random = new Random(options.seed, 0x50a4, 1_000_000 + edit);
            const uri = random.pick(uris);
            const document = documents.get(uri)!;
            const change = randomEdit(random, document, originals.get(uri)!);
            const updated = TextDocument.update(document, [change], document.version + 1);
            documents.set(uri, updated);
            const settle = edit % settleEvery === 0 || edit === options.edits;
            const published = settle
                ? client.next((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri, options.timeoutMs, `diagnostics after edit ${edit}`)
                : undefined;
            client.notify('textDocument/didChange', { textDocument: { uri, version: updated.version }, contentChanges: [change] });
            const text = updated.getText();
            const position = updated.positionAt(random.int(text.length + 1));
            const where = `edit ${edit} (${uri}, ${JSON.stringify(position)})`;
            if (random.chance(0.1)) await ask('textDocument/completion', { textDocument: { uri }, position }, where);
            if (random.chance(0.1)) await ask('textDocument/hover', { textDocument: { uri }, position }, where);
            if (published) await published;
            if (edit % 50 === 0) {
                const rssKb = await residentKb(client.pid);
                if (rssKb !== undefined) samples.push({ edit, rssKb });
            }
            if (edit % 500 === 0) options.progress?.(`soak: ${edit}/${options.edits} edits, ${requests} requests, RSS ${((samples.at(-1)?.rssKb ?? 0) / 1024).toFixed(0)} MB`);
        }
        edit = options.edits;
        failures.push(...(await finalChecks(client, documents, options, (method, params, what) => ask(method, params, what))));
    } catch (error) {
        failures.push(`at edit ${edit}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
        await client.shutdown(options.timeoutMs).catch(() => undefined);
    }
    // The first 1,000 edits are warm-up; a shorter run says nothing about growth after them.
    const memory = options.edits >= MIN_EDITS_FOR_MEMORY ? memoryVerdict(samples.filter((s) => s.edit > 1000)) : notJudged(options.edits);
    if (!memory.flat) failures.push(`memory grows: ${memory.sentence}`);
    return { files: files.length, edits: Math.min(edit, options.edits), requests, memory, samples, failures, milliseconds: Date.now() - started };
}

/** The server's final diagnostics, hover and completion against the in-process services on the final texts. */
async function finalChecks(
    client: LspClient,
    documents: ReadonlyMap<string, TextDocument>,
    options: SoakOptions,
    ask: (method: string, params: unknown, what: string) => Promise<{ result?: unknown }>
): Promise<string[]> {
    const failures: string[] = [];
    // Every edit has been sent; a request answers once the server has built the workspace, and the
    // diagnostics it publishes on the way are in once it stops talking.
    await ask('spol/names', {}, 'after the last edit');
    await client.quiet(5000, options.timeoutMs * 4);
    const { shared, Spol } = createSpolServices(EmptyFileSystem);
    const fresh = [...documents.values()].map((d) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(d.getText(), URI.parse(d.uri));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    await shared.workspace.DocumentBuilder.build(fresh, { validation: true });
    const random = new Random(options.seed, 0x50a4, 2);
    for (const document of fresh) {
        const uri = document.uri.toString();
        const expected = comparable(document.diagnostics ?? []);
        const actual = comparable(client.diagnostics.get(uri) ?? []);
        if (expected !== actual) {
            const only = (a: string, b: string) => a.split('\n').filter((line) => line && !b.split('\n').includes(line)).join('\n    ').slice(0, 1500);
            failures.push(`the server's final diagnostics for ${uri} differ from a fresh validation:\n  only the server's:\n    ${only(actual, expected)}\n  only the fresh one's:\n    ${only(expected, actual)}`);
        }
        const text = document.textDocument.getText();
        const position = document.textDocument.positionAt(random.int(text.length + 1));
        const textDocument = { uri };
        // What the server parsed: its outline of the file must be that of the final text.
        const names = (symbols: unknown): string => JSON.stringify(symbols ?? [], ['name', 'children']);
        const outline = (await ask('textDocument/documentSymbol', { textDocument }, `final outline of ${uri}`)).result;
        const expectedOutline = await Spol.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
        if (names(outline) !== names(expectedOutline))
            failures.push(`the server's outline of ${uri} is not that of the final text: ${names(outline).slice(0, 300)} vs ${names(expectedOutline).slice(0, 300)}`);
        const hover = (await ask('textDocument/hover', { textDocument, position }, `final hover in ${uri}`)).result ?? null;
        const expectedHover = (await Spol.lsp.HoverProvider!.getHoverContent(document, { textDocument, position })) ?? null;
        if (JSON.stringify(hover) !== JSON.stringify(expectedHover))
            failures.push(`the server's final hover at ${uri} ${JSON.stringify(position)} differs: ${JSON.stringify(hover)?.slice(0, 300)} vs ${JSON.stringify(expectedHover)?.slice(0, 300)}`);
        const completion = (await ask('textDocument/completion', { textDocument, position }, `final completion in ${uri}`)).result;
        const expectedCompletion = await Spol.lsp.CompletionProvider!.getCompletion(document, { textDocument, position });
        const labels = (list: unknown) => JSON.stringify(((list as { items?: { label: string }[] } | null)?.items ?? []).map((i) => i.label).sort());
        if (labels(completion) !== labels(expectedCompletion))
            failures.push(`the server's final completion at ${uri} ${JSON.stringify(position)} differs: ${labels(completion).slice(0, 300)} vs ${labels(expectedCompletion).slice(0, 300)}`);
    }
    return failures;
}

/** Diagnostics as a sorted list of what the user sees: range, severity, code, message. */
function comparable(diagnostics: readonly (Omit<LspDiagnostic, 'message'> & { message: string | { value: string } })[]): string {
    return diagnostics
        .map((d) => {
            const message = typeof d.message === 'string' ? d.message : d.message.value;
            return JSON.stringify([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity ?? 1, d.code ?? null, message]);
        })
        .sort()
        .join('\n');
}
