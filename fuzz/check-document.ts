/**
 * The in-process pipeline one fuzzed document goes through, and what must hold at each step:
 *
 * 1. decode: the CLI reads the bytes (`readSpolText`): it accepts UTF-8 text, or refuses in one
 *    sentence naming the line; an editor decodes them, bad bytes becoming U+FFFD, and that text
 *    (or the CLI's, when it accepts) goes on;
 * 2. parse, link, validate (engine lint included) with the other files of its workspace, in the
 *    language server's services: nothing throws, nothing is printed, no `internal-error`, and every
 *    diagnostic has a message and a range inside its document ("no error without a position");
 * 3. the language server's answers in the document: completion and hover at random places,
 *    semantic tokens, document symbols, formatting edits;
 * 4. when it parses: `formatText` (what `spol fmt` runs) is idempotent, its output parses, and the
 *    workspace with the formatted text stores the same rows and decides every query the same.
 *
 * Nothing here catches a hang: the caller runs this under a watchdog (run-fuzz.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LangiumDocument } from 'langium';
import { EmptyFileSystem, URI } from 'langium';
import { compile } from '../engine/decision/compile.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { ModelIndex, type StoredPolicy } from '../engine/model/stored.js';
import { formatText, type FormatResult } from '../language/format-text.js';
import { createSpolServices, type SpolServices } from '../language/spol-module.js';
import { INTERNAL_ERROR, NO_LINT, SpolWorkspaceModel } from '../language/spol-workspace-model.js';
import { withoutByteOrderMark } from '../language/text-file.js';
import { readSpolText, WorkspaceError } from '../language/workspace.js';
import type { DocumentOutcome, FuzzDocument } from './fuzz-document.js';
import { Random } from './random.js';

type Services = ReturnType<typeof createSpolServices>;

const ROOT = 'file:///fuzz/';

/** Services and scratch space kept between documents (one set per worker). */
export class DocumentChecker {
    private readonly linted: Services = createSpolServices(EmptyFileSystem);
    private readonly plain: Services = createSpolServices(EmptyFileSystem, {
        workspace: { PolicyModel: (services: SpolServices) => new SpolWorkspaceModel(services, NO_LINT) }
    });
    private scratch: string | undefined;

    /** `format` is `spol fmt`'s formatText unless a test plants another (one that must be caught). */
    constructor(
        private readonly seed: number,
        private readonly format: (text: string, file: string) => Promise<FormatResult> = formatText
    ) {}

    /** Runs the pipeline; an exception anywhere becomes a failure naming the step. */
    async check(document: FuzzDocument): Promise<DocumentOutcome> {
        const failures: string[] = [];
        const printed = captureConsole();
        let parsed = false;
        let formatted = false;
        let requests = 0;
        let step = 'decode';
        try {
            const text = await this.decode(document, failures);
            step = 'parse, link and validate';
            const built = await this.build(this.linted, document, text);
            try {
                const target = built.target;
                failures.push(...positionFailures(target.diagnostics ?? [], text));
                parsed = target.parseResult.lexerErrors.length === 0 && target.parseResult.parserErrors.length === 0;
                step = 'language server requests';
                requests = await this.requests(target, new Random(this.seed, document.index, 1));
                if (parsed) {
                    step = 'format';
                    failures.push(...(await this.checkFormatting(document, text, built.model)));
                    formatted = true;
                }
            } finally {
                await clear(this.linted);
            }
        } catch (error) {
            failures.push(`${step} threw: ${describeError(error)}`);
        } finally {
            printed.restore();
        }
        failures.push(...printed.lines.map((line) => `printed on the console: ${line.slice(0, 600)}`));
        return { failures, parsed, formatted, requests };
    }

    /** Removes the scratch folder. */
    dispose(): void {
        if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    }

    /** The text an editor would show; checks on the way that the CLI accepts or refuses the bytes cleanly. */
    private async decode(document: FuzzDocument, failures: string[]): Promise<string> {
        if (document.kind === 'invalid-utf8' || document.kind === 'mutated') {
            this.scratch ??= mkdtempSync(join(tmpdir(), 'spol-fuzz-'));
            const file = join(this.scratch, 'document.spol');
            writeFileSync(file, document.bytes);
            await cliCheck(file, document.bytes, failures);
        }
        return new TextDecoder('utf-8').decode(document.bytes);
    }

    private async build(services: Services, document: FuzzDocument, text: string): Promise<{ target: LangiumDocument; model: PolicyModel }> {
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
        const target = LangiumDocumentFactory.fromString(text, URI.parse(ROOT + document.path));
        LangiumDocuments.addDocument(target);
        const documents = [target];
        for (const sibling of document.siblings) {
            const other = LangiumDocumentFactory.fromString(sibling.text, URI.parse(ROOT + sibling.path));
            LangiumDocuments.addDocument(other);
            documents.push(other);
        }
        await DocumentBuilder.build(documents, { validation: true });
        return { target, model: services.Spol.workspace.PolicyModel.model };
    }

    /** Completion and hover at a random place; every eighth document also semantic tokens, symbols and formatting edits. */
    private async requests(document: LangiumDocument, random: Random): Promise<number> {
        const lsp = this.linted.Spol.lsp;
        const textDocument = { uri: document.uri.toString() };
        const position = document.textDocument.positionAt(random.int(document.textDocument.getText().length + 1));
        await lsp.CompletionProvider!.getCompletion(document, { textDocument, position });
        await lsp.HoverProvider!.getHoverContent(document, { textDocument, position });
        if (!random.chance(1 / 8)) return 2;
        await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument });
        await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
        await lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 4, insertSpaces: true } });
        return 5;
    }

    /** `spol fmt` twice changes nothing the second time, and never changes what the workspace decides. */
    private async checkFormatting(document: FuzzDocument, text: string, before: PolicyModel): Promise<string[]> {
        const once = await this.format(text, ROOT + document.path);
        if (once.errors.length > 0) return [`formatText reported syntax errors in a document that parses: ${once.errors[0]!.message}`];
        const twice = await this.format(once.text, ROOT + document.path);
        const failures: string[] = [];
        if (twice.errors.length > 0) failures.push(`the formatted text does not parse: ${twice.errors[0]!.message}`);
        else if (twice.changed) failures.push(`formatting is not idempotent: the second run changes ${firstDifference(once.text, twice.text)}`);
        if (!once.changed) return failures;
        const after = await this.build(this.plain, document, withoutByteOrderMark(once.text));
        try {
            const rowsBefore = storedRows(before);
            const rowsAfter = storedRows(after.model);
            if (rowsBefore !== rowsAfter) failures.push(`formatting changes the stored rows: ${firstDifference(rowsBefore, rowsAfter)}`);
            else {
                const decisionsBefore = decisions(before);
                const decisionsAfter = decisions(after.model);
                if (decisionsBefore !== decisionsAfter) failures.push(`formatting changes a decision: ${firstDifference(decisionsBefore, decisionsAfter)}`);
            }
        } finally {
            await clear(this.plain);
        }
        return failures;
    }
}

async function cliCheck(file: string, bytes: Uint8Array, failures: string[]): Promise<void> {
    try {
        const text = await readSpolText(file);
        if (text !== Buffer.from(bytes).toString('utf8')) failures.push('readSpolText returned other text than the bytes hold');
    } catch (error) {
        if (!(error instanceof WorkspaceError)) failures.push(`readSpolText threw something other than a WorkspaceError: ${describeError(error)}`);
        else if (!/not a text file \(.+\)\.$/.test(error.message) || /undefined|NaN/.test(error.message))
            failures.push(`readSpolText refused the bytes without saying why in one sentence: ${error.message}`);
        else if (/line/.test(error.message) && !/line \d+/.test(error.message)) failures.push(`readSpolText names no line number: ${error.message}`);
    }
}

/**
 * Diagnostics without a message, with the internal-error code, showing a missing value (`undefined`
 * where the text holds no such word), or with a range outside the document.
 */
export function positionFailures(diagnostics: readonly PositionedDiagnostic[], text: string): string[] {
    const lines = text.split(/\r\n|\r|\n/);
    const inside = (p: { line: number; character: number } | undefined) =>
        !!p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
    const failures: string[] = [];
    for (const d of diagnostics) {
        const message = typeof d.message === 'string' ? d.message : d.message?.value;
        const what = `${String(d.code)} ${JSON.stringify(message)?.slice(0, 200)}`;
        if (d.code === INTERNAL_ERROR) failures.push(`spol threw while checking: ${what}`);
        if (!message) failures.push(`a diagnostic without a message: ${what}`);
        else if (/undefined|NaN|\[object /.exec(message)?.some((word) => !text.includes(word))) failures.push(`a message showing a missing value: ${what}`);
        const range = d.range;
        const ordered = !!range && (range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character));
        if (!range || !inside(range.start) || !inside(range.end) || !ordered) failures.push(`a diagnostic without a position in the document (${JSON.stringify(range)}): ${what}`);
    }
    return failures;
}

/** A diagnostic as Langium keeps it and as the server publishes it; fields may be missing in a broken one. */
export interface PositionedDiagnostic {
    readonly code?: string | number;
    readonly message?: string | { readonly value: string };
    readonly range?: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

/** Every stored row of the model, one line each, without sources (what Specify would store), and what else decides: collections, agents' divisions. */
export function storedRows(model: PolicyModel): string {
    const index = new ModelIndex(model);
    const collections = index.collectionNames();
    const line = (row: StoredPolicy) => `${JSON.stringify(row.origin)} ${row.resource} ${row.action} ${row.derivation ?? ''} ${row.template ?? ''}`;
    const out: string[] = [];
    for (const user of model.users) {
        out.push(...index.institutionRows(user).map(line));
        for (const c of collections) out.push(...index.collectionUserRows(user, c).map(line));
    }
    for (const role of model.roles) for (const c of collections) out.push(...index.roleRows(role, c).map(line));
    for (const role of model.libraryRoles) out.push(...index.libraryRoleRows(role).map((row) => `${role.name} ${row.resource} ${row.action} ${row.derivation ?? ''}`));
    out.push(`collections ${collections.join(',')}`);
    // Where each user has an agent decides which collections they can enter; the agent's name decides nothing.
    out.push(`users ${model.users.map((u) => `${u.name}:${u.agents.map((a) => a.division.name).join('+')}`).join(',')}`);
    return out.join('\n');
}

/** A sample of decisions: every user, in every collection and at institution level, on a few resources and actions. */
export function decisions(model: PolicyModel): string {
    const engine = compile(model);
    const index = new ModelIndex(model);
    const queries: [string, string][] = [
        ['/table/collectionobject', 'read'],
        ['/table/collectionobject', 'update'],
        ['/system/sp7/collection', 'access'],
        ['/admin/user/password', 'update'],
        ['/querybuilder/query', 'execute'],
        ['/field/agent', 'update']
    ];
    const out: string[] = [];
    // At most 20 users and 20 collections: a sample, which any change of stored rows above has already failed.
    for (const user of [...index.users.keys()].slice(0, 20)) {
        for (const collection of [undefined, ...index.collectionNames().slice(0, 20)]) {
            for (const [resource, action] of queries) {
                {
                    const query = collection === undefined ? { user, institution: true, resource, action } : { user, collection, resource, action };
                    try {
                        const decision = engine.decide(query);
                        out.push(`${user} ${collection ?? '(institution)'} ${resource} ${action} ${decision.allowed} ${decision.reason}`);
                    } catch (error) {
                        out.push(`${user} ${collection ?? '(institution)'} ${resource} ${action} refused: ${describeError(error)}`);
                    }
                }
            }
        }
    }
    return out.join('\n');
}

async function clear(services: Services): Promise<void> {
    const uris = services.shared.workspace.LangiumDocuments.all.map((d) => d.uri).toArray();
    await services.shared.workspace.DocumentBuilder.update([], uris);
}

function firstDifference(a: string, b: string): string {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    const line = a.slice(0, i).split('\n').length;
    return `line ${line}: ${JSON.stringify(a.slice(i, i + 60))} became ${JSON.stringify(b.slice(i, i + 60))}`;
}

export function describeError(error: unknown): string {
    if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}${error.stack ? ` (${error.stack.split('\n').slice(1, 4).map((s) => s.trim()).join(' ← ')})` : ''}`;
    return String(error).slice(0, 300);
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Swaps the console's methods for ones that record: spol must print nothing while checking. */
function captureConsole(): { lines: string[]; restore: () => void } {
    const lines: string[] = [];
    const saved = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
    for (const method of CONSOLE_METHODS) console[method] = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? describeError(a) : String(a))).join(' '));
    return { lines, restore: () => saved.forEach(([method, original]) => (console[method] = original)) };
}
