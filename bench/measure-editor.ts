/**
 * The editor figure of `npm run bench`: how long after a keystroke the editor shows the edited
 * file's diagnostics, measured through the real language server (`out/language/main.js` over stdio,
 * the process VS Code starts) with the workspace opened as a workspace folder, as VS Code opens it.
 * The keystrokes type one character after a role's name in a user's grant and delete it again, so
 * that every version has its own diagnostics (an unresolved role, then none): a publication is
 * matched to the version it belongs to, not merely to the next message. Warm-up keystrokes first,
 * then the median and 90th percentile. Target (issue 14): ≤ 100 ms on a 10,000-line workspace.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PolicyModel, Position, Ref } from '../engine/model/policy-model.js';
import { LspClient, type LspDiagnostic, type Message } from '../fuzz/lsp-client.js';
import { loadWorkspace } from '../language/workspace.js';
import { repoRoot } from './repo-root.js';

export interface EditorOptions {
    /** Keystrokes measured (default 20), after `warmup` keystrokes that are not (default 6). */
    readonly keystrokes?: number;
    readonly warmup?: number;
    /** The workspace's model, when the caller has loaded it already (it is loaded otherwise). */
    readonly model?: PolicyModel;
    /** Options for the server's node, e.g. `--cpu-prof` to see where a keystroke's time goes. */
    readonly serverNodeOptions?: readonly string[];
    /** The bound on every wait (default 120 s): a server that hangs fails the measurement. */
    readonly timeoutMs?: number;
}

export interface EditorFigures {
    /** The `.spol` files the server loaded from the folder. */
    readonly files: number;
    /** The file typed in, relative to the workspace folder, and the role name typed after. */
    readonly file: string;
    readonly role: string;
    /** From `initialize` to the end of the first build (every file validated), milliseconds. */
    readonly openMs: number;
    /** Keystroke to the edited file's diagnostics for that version, milliseconds. */
    readonly medianMs: number;
    readonly p90Ms: number;
    /** Keystroke to the end of the rebuild (every file validated again): the other files' diagnostics. */
    readonly allFilesMedianMs: number;
    /** The error the server reported on the typed line once the character was typed (the name with it). */
    readonly typedError: string;
    /** Every measured keystroke, in order. */
    readonly samplesMs: readonly number[];
}

const SERVER = join(repoRoot(), 'out', 'language', 'main.js');
const PUBLISH = 'textDocument/publishDiagnostics';
const REBUILT = 'spol/workspaceChanged';

/** Opens `folder` in the language server and times keystrokes in one of its user files. */
export async function measureEditor(folder: string, options: EditorOptions = {}): Promise<EditorFigures> {
    const workspaceDir = resolve(folder);
    const timeoutMs = options.timeoutMs ?? 120_000;
    const model = options.model ?? (await loadWorkspace([workspaceDir], { lint: false })).model;
    const role = typingPlace(model);
    const uri = role.source.file;
    const path = fileURLToPath(uri);
    const client = startClient(options.serverNodeOptions ?? []);
    try {
        const started = performance.now();
        await openFolder(client, workspaceDir, timeoutMs);
        const openMs = performance.now() - started;
        const files = [...client.diagnostics.keys()].filter((published) => published.endsWith('.spol')).length;

        // The editor opens the file before typing in it.
        const text = await readFile(path, 'utf8');
        let version = 1;
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'spol', version, text } });
        await client.quiet(200, timeoutMs);

        const at: Position = role.source.range.end;
        const samples: number[] = [];
        const allFiles: number[] = [];
        let typedError = '';
        const total = (options.warmup ?? 6) + (options.keystrokes ?? 20);
        for (let i = 0; i < total; i++) {
            const typing = i % 2 === 0;
            version += 1;
            const change = typing ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
            // Registered before the change is sent: the answer may come before the next line runs.
            const diagnostics = client.next((m) => isPublished(m, uri, at.line, typing), timeoutMs, `diagnostics of version ${version} of ${path}`);
            const rebuilt = client.next((m) => m.method === REBUILT, timeoutMs, 'the end of the rebuild');
            rebuilt.catch(() => undefined); // awaited below; not left unhandled when the diagnostics fail first
            const sent = performance.now();
            client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
            const published = (await diagnostics).params as { diagnostics: LspDiagnostic[] };
            const shown = performance.now() - sent;
            if (typing) typedError = published.diagnostics.find((d) => d.range.start.line === at.line)?.message ?? '';
            await rebuilt;
            const settled = performance.now() - sent;
            if (i >= total - (options.keystrokes ?? 20)) {
                samples.push(shown);
                allFiles.push(settled);
            }
            await client.quiet(50, timeoutMs);
        }
        return {
            files,
            file: relative(workspaceDir, path),
            role: role.name,
            openMs,
            medianMs: quantile(samples, 0.5),
            p90Ms: quantile(samples, 0.9),
            allFilesMedianMs: quantile(allFiles, 0.5),
            typedError,
            samplesMs: samples
        };
    } finally {
        await client.shutdown(10_000);
    }
}

/** The last role named in a user's grant: typing after it makes the name unknown, deleting makes it known again. */
function typingPlace(model: PolicyModel): Ref & { source: NonNullable<Ref['source']> } {
    const middle = Math.floor(model.users.length / 2);
    for (const user of [...model.users.slice(middle), ...model.users.slice(0, middle)]) {
        for (const grant of user.collections) {
            const role = grant.roles.at(-1);
            if (role?.source) return { ...role, source: role.source };
        }
    }
    throw new Error('the workspace has no user with a role to type after.');
}

/** The edited file's diagnostics: with the typed name, an error on its line; after the deletion, none there. */
function isPublished(message: Message, uri: string, line: number, typed: boolean): boolean {
    if (message.method !== PUBLISH) return false;
    const params = message.params as { uri: string; diagnostics: LspDiagnostic[] };
    if (params.uri !== uri) return false;
    const unresolved = params.diagnostics.some((d) => d.severity === 1 && d.range.start.line === line);
    return unresolved === typed;
}

/** The server, started with `nodeOptions` and not yet initialised: `openFolder` sends `initialize` with the folder. */
function startClient(nodeOptions: readonly string[]): LspClient {
    return LspClient.launch(SERVER, repoRoot(), nodeOptions);
}

/** `initialize` with the folder as VS Code sends it; resolves after the first build, when every file has its diagnostics. */
async function openFolder(client: LspClient, folder: string, timeoutMs: number): Promise<void> {
    const uri = pathToFileURL(folder).href;
    const built = client.next((m) => m.method === REBUILT, timeoutMs, `the first build of ${folder}`);
    built.catch(() => undefined); // awaited below; not left unhandled when initialize fails first
    await client.request(
        'initialize',
        { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: basename(folder) }], capabilities: {} },
        timeoutMs
    );
    client.notify('initialized', {});
    await built;
}

/** The `q` quantile (nearest rank) of the samples. */
function quantile(samples: readonly number[], q: number): number {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
