/**
 * Loading a workspace from disk for the CLI (Node only): the files named or found below the folders
 * named are parsed, linked and validated together, exactly as the language server would, and turned
 * into one PolicyModel. Bad input (a missing path, a folder without .spol files, another kind of
 * file) is a WorkspaceError with a one-sentence message, never a stack trace. A command that only
 * decides asks for the blocking problems alone (`blockingOnly`), and a clean workspace is then not
 * linked or validated, and not even parsed by Langium when read-model-text.ts can read it (build).
 * A load with lint (`spol check`) of a workspace that read-model-text.ts reads, whose names all
 * resolve, builds no Langium document either: its diagnostics are the engine's lint alone (lintDirectly).
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import type { LangiumDocument } from 'langium';
import { toDiagnosticSeverity, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../engine/config/read-config.js';
import { blockingDiagnostics, compareDiagnostics, type Diagnostic, type Severity } from '../engine/diagnostic.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { errorReason } from './error-reasons.js';
import { modelReferencesResolve } from './model-references-resolve.js';
import { readModelFile, type ModelFile } from './read-model-text.js';
import { referencesResolve } from './references-resolve.js';
import type { SpolConfiguration } from './spol-configuration.js';
import { lintPlacement } from './spol-validator.js';
import { createSpolServices, type SpolOverrides, type SpolServices } from './spol-module.js';
import { diagnosticsIn, NO_LINT, SpolWorkspaceModel } from './spol-workspace-model.js';
import { withoutByteOrderMark } from './text-file.js';
import { assembleModel, type ModelPart } from './to-model.js';

export interface LoadedWorkspace {
    readonly model: PolicyModel;
    /** Syntax errors, unresolved references and engine lint, sorted with compareDiagnostics (only the blocking ones with `blockingOnly`). */
    readonly diagnostics: Diagnostic[];
    /** Absolute paths of the files loaded, sorted. */
    readonly files: string[];
}

/** A path the workspace cannot be loaded from. */
export class WorkspaceError extends Error {
    constructor(
        message: string,
        readonly path: string
    ) {
        super(message);
        this.name = 'WorkspaceError';
    }
}

export const SPOL_EXTENSION = '.spol';

/**
 * A configuration (spol.yaml) that cannot be used: its problems, each at its line and column in it.
 * The command stops (exit 2) rather than check with settings other than those written.
 */
export class ConfigError extends WorkspaceError {
    constructor(
        readonly diagnostics: readonly Diagnostic[],
        path: string
    ) {
        super(`the configuration '${shownPath(path)}' has errors; fix them first.`, path);
        this.name = 'ConfigError';
    }
}

/**
 * How to load. `lint: false` leaves out the engine's lint rules (a question needs the text parsed and
 * linked, not the rules). `blockingOnly` (with `lint: false`) asks for the problems that make
 * decisions meaningless and no others (BLOCKING_CODES: the commands that only decide read nothing
 * else): then a workspace that parses without error and whose every name resolves
 * (references-resolve.ts) is not linked or validated at all, and its diagnostics are none.
 */
export interface LoadOptions {
    readonly lint?: boolean;
    readonly blockingOnly?: boolean;
}

export async function loadWorkspace(paths: string[], options: LoadOptions = {}): Promise<LoadedWorkspace> {
    const { shared, Spol } = createSpolServices(NodeFileSystem, loadModule(options));
    const configuration = Spol.workspace.Configuration;
    await configure(configuration, paths);
    // Ignored files are not loaded at all: their names do not exist for the rest.
    const files = (await spolFilesOf(paths)).filter((file) => !configuration.isIgnored(URI.file(file)));
    const texts = await Promise.all(files.map(async (file) => withoutByteOrderMark(await readSpolText(file))));
    return build({ shared, Spol }, files.map((path, i) => ({ path, text: texts[i]! })), options);
}

/**
 * The services for one load. A load is built once and read once (model and diagnostics): nobody
 * asks it where a name is used (find references, rename), so it keeps no index of references
 * (building one walks every reference of every document again). Without lint (`lint: false`) the
 * engine's lint rules are left out too: a question needs the text parsed and linked, not the rules.
 */
function loadModule(options: LoadOptions): SpolOverrides {
    const noReferenceIndex = { ReferenceDescriptionProvider: () => ({ createDescriptions: async () => [] }) };
    return options.lint === false
        ? { workspace: { ...noReferenceIndex, PolicyModel: (services: SpolServices) => new SpolWorkspaceModel(services, NO_LINT) } }
        : { workspace: noReferenceIndex };
}

/**
 * Parses, links and validates the files together: the workspace as every front end sees it. With
 * `blockingOnly` and no lint, a workspace without syntax errors whose names all resolve stops after
 * parsing: linking and validation could only add diagnostics that are not blocking (the model, and
 * an internal error in making it, come from the parse alone). Such a workspace is first read
 * without Langium at all (`readDirectly`), which gives the same model; only where that reader
 * leaves a file to Langium is it parsed. With lint, a workspace that reads directly, whose names all
 * resolve and whose users repeat no setting is linted from the parts (`lintDirectly`): Langium's build
 * would add nothing to the lint's diagnostics. Anything else is built in full, as always (and with
 * `blockingOnly` only its blocking diagnostics are kept).
 */
async function build(
    { shared, Spol }: ReturnType<typeof createSpolServices>,
    files: readonly { readonly path: string; readonly text: string }[],
    options: LoadOptions
): Promise<LoadedWorkspace> {
    const paths = files.map(({ path }) => path);
    const blockingOnly = options.blockingOnly === true;
    if (blockingOnly && options.lint === false) {
        const model = readDirectly(files)?.model;
        if (model) return { model, diagnostics: [], files: paths };
    }
    if (options.lint !== false) {
        const linted = lintDirectly(files, Spol.workspace.PolicyModel);
        if (linted) return { model: linted.model, diagnostics: blockingOnly ? blockingDiagnostics(linted.diagnostics) : linted.diagnostics, files: paths };
    }
    const documents = files.map(({ path, text }) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(path));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    if (blockingOnly && options.lint === false && documents.every(parsedCleanly) && referencesResolve(documents, Spol.shared.AstReflection)) {
        const workspaceModel = Spol.workspace.PolicyModel;
        const model = workspaceModel.model;
        // The model could not be made (a bug in spol): the full build reports it where it always has.
        if (workspaceModel.diagnostics.length === 0) return { model, diagnostics: [], files: paths };
    }
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const diagnostics = documents.flatMap(diagnosticsOf).sort(compareDiagnostics);
    return {
        model: Spol.workspace.PolicyModel.model,
        diagnostics: blockingOnly ? blockingDiagnostics(diagnostics) : diagnostics,
        files: paths
    };
}

/** The files read directly: each one's URI string and what it holds (in the files' order), and their parts in URI order. */
interface ReadDirectly {
    readonly uris: readonly string[];
    readonly read: readonly ModelFile[];
    /** As documentsToModel orders the documents' parts. */
    readonly partsByUri: readonly ModelPart[];
    readonly model: PolicyModel;
}

/**
 * The files read directly (read-model-text.ts: no Langium parser is built or run), when every file
 * reads and every name resolves (model-references-resolve.ts): then the model is the one the quick
 * path of `build` takes from Langium's parse, the files' parts assembled in URI order as
 * documentsToModel orders them. Otherwise undefined, and Langium reads the files.
 */
function readDirectly(files: readonly { readonly path: string; readonly text: string }[]): ReadDirectly | undefined {
    const uris = files.map(({ path }) => URI.file(path).toString());
    const read: ModelFile[] = [];
    for (let i = 0; i < files.length; i++) {
        const file = readModelFile(files[i]!.text, uris[i]!);
        if (!file) return undefined;
        read.push(file);
    }
    const order = uris.map((_, i) => i).sort((a, b) => (uris[a]! < uris[b]! ? -1 : uris[a]! > uris[b]! ? 1 : 0));
    const partsByUri = order.map((i) => read[i]!.part);
    return modelReferencesResolve(partsByUri) ? { uris, read, partsByUri, model: assembleModel(partsByUri) } : undefined;
}

/**
 * A load with lint of files that read directly, whose names all resolve and whose users write no
 * setting twice: then Langium's build could report no syntax or reference error and the validator
 * no `repeated-setting`, and its diagnostics are exactly the engine's lint, which is computed here
 * by the workspace model's own code (SpolWorkspaceModel.lintRead: the same rules, suppressions and
 * configuration) and delivered to each file as the validator and `diagnosticsOf` deliver it
 * (`delivered`), in the order of the files, then sorted. Otherwise undefined, and Langium builds.
 */
function lintDirectly(
    files: readonly { readonly path: string; readonly text: string }[],
    workspaceModel: SpolWorkspaceModel
): { readonly model: PolicyModel; readonly diagnostics: Diagnostic[] } | undefined {
    const direct = readDirectly(files);
    if (!direct || direct.read.some((file) => file.repeatsSetting)) return undefined;
    const { uris, read, partsByUri } = direct;
    const linted = workspaceModel.lintRead(partsByUri, read.flatMap((file) => file.suppressions), uris);
    const diagnostics = uris.flatMap((uri) => diagnosticsIn(linted, uri).map((diagnostic) => delivered(diagnostic, uri)));
    return { model: linted.model, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/** No lexing or parsing problem of any kind: the validator would report none. */
function parsedCleanly(document: LangiumDocument): boolean {
    const { lexerErrors, lexerReport, parserErrors } = document.parseResult;
    return lexerErrors.length === 0 && (lexerReport?.diagnostics.length ?? 0) === 0 && parserErrors.length === 0;
}

/** Reads the spol.yaml files that configure the paths into `configuration`; one with errors throws ConfigError. */
async function configure(configuration: SpolConfiguration, paths: readonly string[]): Promise<void> {
    for (const file of await configFilesOf(paths)) {
        const entry = configuration.set(URI.file(dirname(file)), withoutByteOrderMark(await readSpolText(file)), URI.file(file));
        const errors = entry?.diagnostics.filter((d) => d.severity === 'error') ?? [];
        if (errors.length > 0) throw new ConfigError([...entry!.diagnostics].sort(compareDiagnostics), file);
    }
}

/** The .spol files the paths name that their spol.yaml does not ignore (`spol fmt` formats these). */
export async function configuredSpolFiles(paths: readonly string[]): Promise<string[]> {
    const { Spol } = createSpolServices(NodeFileSystem);
    const configuration = Spol.workspace.Configuration;
    await configure(configuration, paths);
    return (await spolFilesOf(paths)).filter((file) => !configuration.isIgnored(URI.file(file)));
}

/**
 * The spol.yaml files that configure the paths: for each path (a folder, or a file's folder), the
 * nearest spol.yaml in it or in a folder above, looking no higher than the root of its git
 * repository (the folder holding `.git`) or, outside one, the root of the file system. Each applies
 * to the files below its own folder; sorted, each once.
 */
export async function configFilesOf(paths: readonly string[]): Promise<string[]> {
    const found = new Set<string>();
    for (const path of paths) {
        const absolute = resolve(path);
        const info = await stat(absolute).catch(() => undefined);
        if (!info) continue; // spolFilesOf says why
        let folder = info.isDirectory() ? absolute : dirname(absolute);
        for (;;) {
            const candidate = join(folder, CONFIG_FILE_NAME);
            if (await isFile(candidate)) {
                found.add(candidate);
                break;
            }
            const parent = dirname(folder);
            if (parent === folder || (await exists(join(folder, '.git')))) break;
            folder = parent;
        }
    }
    return [...found].sort();
}

async function isFile(path: string): Promise<boolean> {
    return stat(path).then((info) => info.isFile(), () => false);
}

async function exists(path: string): Promise<boolean> {
    return stat(path).then(() => true, () => false);
}

/**
 * A workspace from texts already in memory (say, the files of a git revision), parsed, linked and
 * validated together exactly as `loadWorkspace` does with files on disk. Each `path` names its
 * file in diagnostics and provenance (relative paths are resolved against the working directory);
 * nothing is read from disk. No files at all give an empty model.
 *
 * `configs` are the spol.yaml texts to apply (each to the files below its folder), as
 * `loadWorkspace` applies those it finds on disk; their problems are not reported here.
 *
 * `lint: false` leaves out the engine's lint rules (they dominate the time on a large institution)
 * and keeps Langium's own checks: syntax and references, the problems that make decisions
 * meaningless. For callers that only decide over the model, such as `spol diff`.
 */
export async function loadWorkspaceFromTexts(
    files: readonly { readonly path: string; readonly text: string }[],
    options: LoadOptions & { readonly configs?: readonly { readonly path: string; readonly text: string }[] } = {}
): Promise<LoadedWorkspace> {
    const byPath = new Map<string, string>();
    for (const file of files) byPath.set(resolve(file.path), withoutByteOrderMark(file.text));
    const paths = [...byPath.keys()].sort();
    const { shared, Spol } = createSpolServices(NodeFileSystem, loadModule(options));
    for (const config of options.configs ?? []) {
        const file = resolve(config.path);
        Spol.workspace.Configuration.set(URI.file(dirname(file)), withoutByteOrderMark(config.text), URI.file(file));
    }
    const loaded = paths.filter((path) => !Spol.workspace.Configuration.isIgnored(URI.file(path)));
    return build({ shared, Spol }, loaded.map((path) => ({ path, text: byPath.get(path)! })), options);
}

/**
 * Every .spol file the paths name, once each, sorted. Folders are searched below, through symbolic
 * links too; a folder or file reached twice (two links to it, a link back to an ancestor) is read
 * once, under the path by which it was first reached.
 */
export async function spolFilesOf(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) throw new WorkspaceError('No workspace given: name a folder or a .spol file.', '');
    const found = new Found();
    for (const path of paths) {
        const absolute = resolve(path);
        const info = await stat(absolute).catch((error: unknown) => {
            throw new WorkspaceError(`Cannot read '${path}': ${fileErrorReason(error)}.`, path);
        });
        if (info.isDirectory()) {
            if (await found.seenFolder(absolute)) continue;
            const before = found.files.size;
            await spolFilesBelow(absolute, path, found);
            if (found.files.size === before) throw new WorkspaceError(`The folder '${path}' holds no ${SPOL_EXTENSION} files.`, path);
        } else if (extname(absolute) !== SPOL_EXTENSION) {
            throw new WorkspaceError(`'${path}' is not a ${SPOL_EXTENSION} file.`, path);
        } else {
            await found.addFile(absolute);
        }
    }
    return [...found.files.values()].sort();
}

/** What a search has met, by real path: folders entered and files taken (real path → path as reached). */
class Found {
    readonly files = new Map<string, string>();
    private readonly folders = new Set<string>();

    /** Marks a folder as entered; true if it already was (under this or another path). */
    async seenFolder(folder: string): Promise<boolean> {
        const real = await realpath(folder).catch(() => folder);
        if (this.folders.has(real)) return true;
        this.folders.add(real);
        return false;
    }

    async addFile(file: string): Promise<void> {
        const real = await realpath(file).catch(() => file);
        if (!this.files.has(real)) this.files.set(real, file);
    }
}

async function spolFilesBelow(folder: string, shown: string, found: Found): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
        throw new WorkspaceError(`Cannot read the folder '${shown}': ${fileErrorReason(error)}.`, shown);
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
        const path = join(folder, entry.name);
        const shownPath = join(shown, entry.name);
        const isSpol = extname(entry.name) === SPOL_EXTENSION;
        let isFolder = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
            // Follow the link. One that leads nowhere is skipped unless it is named like a .spol file:
            // what it was meant to be cannot be known.
            const target = await stat(path).catch((error: unknown) => {
                if (!isSpol) return undefined;
                const code = (error as { code?: unknown } | null)?.code;
                const why = code === 'ENOENT' ? `${fileErrorReason(error)} (a symbolic link to nothing)` : fileErrorReason(error);
                throw new WorkspaceError(`Cannot read '${shownPath}': ${why}.`, shownPath);
            });
            isFolder = target?.isDirectory() ?? false;
            isFile = target?.isFile() ?? false;
        }
        if (isFolder) {
            if (!(await found.seenFolder(path))) await spolFilesBelow(path, shownPath, found);
        } else if (isFile && isSpol) {
            await found.addFile(path);
        }
    }
}

/**
 * A .spol file's text exactly as stored (a byte-order mark included), once it is known to be
 * UTF-8 text: a binary file, a UTF-16 file or one with bytes that are not UTF-8 is a
 * WorkspaceError of one sentence, not a flood of syntax errors.
 */
export async function readSpolText(file: string): Promise<string> {
    const shown = shownPath(file);
    const bytes = await readFile(file).catch((error: unknown) => {
        throw new WorkspaceError(`Cannot read '${shown}': ${fileErrorReason(error)}.`, file);
    });
    const notText = notTextReason(bytes);
    if (notText) throw new WorkspaceError(`'${shown}' is not a text file (${notText}).`, file);
    return bytes.toString('utf8');
}

/** Why these bytes are not UTF-8 text, or undefined when they are. */
function notTextReason(bytes: Uint8Array): string | undefined {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'it is UTF-16; save it as UTF-8';
    const nul = bytes.indexOf(0);
    if (nul >= 0) return `it holds binary data: line ${lineAt(bytes, nul)} has a NUL byte`;
    const bad = firstNonUtf8(bytes);
    if (bad < 0) return undefined;
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return `line ${lineAt(bytes, bad)} has the byte 0x${byte}, which is not UTF-8; save the file as UTF-8`;
}

function lineAt(bytes: Uint8Array, offset: number): number {
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return line;
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
function firstNonUtf8(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; ) {
        const b = bytes[i]!;
        if (b < 0x80) {
            i++;
            continue;
        }
        // Lead byte: its length and the range its second byte must fall in (no overlong forms, no surrogates).
        const [length, low, high] =
            b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
            : b === 0xe0 ? [3, 0xa0, 0xbf]
            : b === 0xed ? [3, 0x80, 0x9f]
            : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf]
            : b === 0xf0 ? [4, 0x90, 0xbf]
            : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf]
            : b === 0xf4 ? [4, 0x80, 0x8f]
            : [0, 0, 0];
        if (length === 0 || i + length > bytes.length) return i;
        const second = bytes[i + 1]!;
        if (second < low || second > high) return i;
        for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
        i += length;
    }
    return -1;
}

/** A path as the person at the terminal reads it: relative to the working directory when below it. */
function shownPath(file: string): string {
    const rel = relative(process.cwd(), file);
    return rel && !rel.startsWith('..') ? rel : file;
}

/** Why a path could not be read, in words: never a bare errno name, never an empty reason. */
export function fileErrorReason(error: unknown): string {
    return errorReason(error, 'read');
}

// ---------------------------------------------------------------- diagnostics

const SEVERITIES: Readonly<Record<number, Severity>> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' };

/**
 * An engine diagnostic as the document `file` shows it after a build: what SpolValidator's
 * checkWorkspaceLint accepts (`lintPlacement`) and Langium's validator makes an LSP diagnostic of,
 * read back by `diagnosticsOf`.
 */
function delivered(diagnostic: Diagnostic, file: string): Diagnostic {
    return fromLsp({ message: diagnostic.message, severity: toDiagnosticSeverity(diagnostic.severity), ...lintPlacement(diagnostic) }, file);
}

/** A document's diagnostics as the engine's Diagnostic: what the editor shows, the CLI prints. */
export function diagnosticsOf(document: LangiumDocument): Diagnostic[] {
    const file = document.uri.toString();
    return (document.diagnostics ?? []).map((lsp) => fromLsp(lsp, file));
}

function fromLsp(lsp: LspDiagnostic, file: string): Diagnostic {
    const { code: _langiumCode, ...data } = (lsp.data ?? {}) as Record<string, unknown>;
    const { start, end } = lsp.range;
    return {
        code: typeof lsp.code === 'string' ? lsp.code : 'internal-error',
        severity: SEVERITIES[lsp.severity ?? 1] ?? 'error',
        message: typeof lsp.message === 'string' ? lsp.message : lsp.message.value,
        source: {
            file,
            range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } }
        },
        ...(Object.keys(data).length > 0 ? { data } : {})
    };
}
