/**
 * The extension's one connection to the spol language server: starts it (node IPC, the bundled
 * dist/server.cjs), and gives the rest of the client typed access to spol's own requests
 * (language/protocol.ts) and an event for every rebuild of the workspace. Everything the engine
 * computes is asked of the server here; the client never parses `.spol` text itself.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SpolMethods, type WorkspaceChangedParams } from '../../language/protocol.js';

export class SpolClient implements vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<WorkspaceChangedParams>();
    private readonly client: LanguageClient;

    /** Fires after every rebuild of the workspace in the server (edits, files added or removed). */
    readonly onWorkspaceChanged = this.changed.event;

    constructor(context: vscode.ExtensionContext, output: vscode.LogOutputChannel) {
        const module = context.asAbsolutePath('dist/server.cjs');
        const serverOptions: ServerOptions = {
            run: { module, transport: TransportKind.ipc },
            debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
        };
        const clientOptions: LanguageClientOptions = {
            documentSelector: [{ scheme: 'file', language: 'spol' }],
            outputChannel: output,
            synchronize: {
                // Files changed outside the editor (git checkout, spol fmt) reach the server too, and spol.yaml edits.
                fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.spol'), vscode.workspace.createFileSystemWatcher('**/spol.yaml')]
            },
            middleware: {
                provideCodeLenses: (document, token, next) =>
                    vscode.workspace.getConfiguration('spol').get<boolean>('codeLens.enabled', true) ? next(document, token) : []
            }
        };
        this.client = new LanguageClient('spol', 'spol', serverOptions, clientOptions);
    }

    async start(): Promise<void> {
        await this.client.start();
        this.client.onNotification(SpolMethods.workspaceChanged, (params: WorkspaceChangedParams) => {
            this.changed.fire(params);
        });
    }

    async restart(): Promise<void> {
        await this.client.restart();
    }

    /** One of spol's own requests (SpolMethods), answered by the server with the engine. */
    async request<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R> {
        await this.ready();
        return this.client.sendRequest<R>(method, params, token);
    }

    /** Resolves once the server is running (requests made during start-up wait for it). */
    private async ready(): Promise<void> {
        if (this.client.isRunning()) return;
        await new Promise<void>((resolve) => {
            const subscription = this.client.onDidChangeState(() => {
                if (this.client.isRunning()) {
                    subscription.dispose();
                    resolve();
                }
            });
            if (this.client.isRunning()) {
                subscription.dispose();
                resolve();
            }
        });
    }

    /** The URI of a server answer's location as VS Code's, and its range. */
    static location(location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }): vscode.Location {
        const { start, end } = location.range;
        return new vscode.Location(vscode.Uri.parse(location.uri), new vscode.Range(start.line, start.character, end.line, end.character));
    }

    dispose(): void {
        this.changed.dispose();
        void this.client.stop();
    }
}

/** Reveals a server answer's location in an editor (beside the preview when asked). */
export async function revealLocation(
    location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } },
    column: vscode.ViewColumn = vscode.ViewColumn.One
): Promise<void> {
    const target = SpolClient.location(location);
    const editor = await vscode.window.showTextDocument(target.uri, { viewColumn: column, preserveFocus: false });
    editor.selection = new vscode.Selection(target.range.start, target.range.start);
    editor.revealRange(target.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
