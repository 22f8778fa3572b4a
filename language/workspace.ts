/**
 * Loading a workspace from disk for the CLI (Node only): the files named or found below the folders
 * named are parsed, linked and validated together, exactly as the language server would, and turned
 * into one PolicyModel. Bad input (a missing path, a folder without .spol files, another kind of
 * file) is a WorkspaceError with a one-sentence message, never a stack trace.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { compareDiagnostics, type Diagnostic, type Severity } from '../engine/diagnostic.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { createSpolServices } from './spol-module.js';

export interface LoadedWorkspace {
    readonly model: PolicyModel;
    /** Syntax errors, unresolved references and engine lint, sorted with compareDiagnostics. */
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

export async function loadWorkspace(paths: string[]): Promise<LoadedWorkspace> {
    const files = await spolFilesOf(paths);
    const texts = await Promise.all(files.map(readText));
    const { shared, Spol } = createSpolServices(NodeFileSystem);
    const documents = files.map((file, i) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(texts[i]!, URI.file(file));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return {
        model: Spol.workspace.PolicyModel.model,
        diagnostics: documents.flatMap(diagnosticsOf).sort(compareDiagnostics),
        files
    };
}

/** Every .spol file the paths name, once each, sorted. */
export async function spolFilesOf(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) throw new WorkspaceError('No workspace given: name a folder or a .spol file.', '');
    const found = new Set<string>();
    for (const path of paths) {
        const absolute = resolve(path);
        const info = await stat(absolute).catch((error: unknown) => {
            throw new WorkspaceError(`Cannot read '${path}': ${reason(error)}.`, path);
        });
        if (info.isDirectory()) {
            const below = await spolFilesBelow(absolute, path);
            if (below.length === 0) throw new WorkspaceError(`The folder '${path}' holds no ${SPOL_EXTENSION} files.`, path);
            below.forEach((file) => found.add(file));
        } else if (extname(absolute) !== SPOL_EXTENSION) {
            throw new WorkspaceError(`'${path}' is not a ${SPOL_EXTENSION} file.`, path);
        } else {
            found.add(absolute);
        }
    }
    return [...found].sort();
}

async function spolFilesBelow(folder: string, shown: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
        throw new WorkspaceError(`Cannot read the folder '${shown}': ${reason(error)}.`, shown);
    });
    const files: string[] = [];
    for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) files.push(...(await spolFilesBelow(path, join(shown, entry.name))));
        else if (extname(entry.name) === SPOL_EXTENSION && (entry.isFile() || entry.isSymbolicLink())) files.push(path);
    }
    return files;
}

async function readText(file: string): Promise<string> {
    return readFile(file, 'utf8').catch((error: unknown) => {
        throw new WorkspaceError(`Cannot read '${file}': ${reason(error)}.`, file);
    });
}

function reason(error: unknown): string {
    const code = (error as { code?: unknown } | null)?.code;
    switch (code) {
        case 'ENOENT':
            return 'no such file or folder';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'EISDIR':
            return 'it is a folder';
        case 'ENOTDIR':
            return 'a part of the path is not a folder';
        default:
            return typeof code === 'string' ? `error ${code}` : 'unreadable';
    }
}

// ---------------------------------------------------------------- diagnostics

const SEVERITIES: Readonly<Record<number, Severity>> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' };

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
