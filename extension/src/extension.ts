/**
 * The spol extension's entry point: starts the language server and registers the features, one
 * module each. It only wires; every answer comes from the server (spol-client.ts).
 */
import * as vscode from 'vscode';
import { registerExport } from './commands/export.js';
import { registerWhoCan } from './commands/who-can.js';
import { registerPreview } from './preview/index.js';
import { SpolClient } from './spol-client.js';
import { registerTests } from './tests/index.js';

let client: SpolClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel('spol', { log: true });
    client = new SpolClient(context, output);
    context.subscriptions.push(output, client);
    context.subscriptions.push(
        vscode.commands.registerCommand('spol.restartServer', async () => {
            await client?.restart();
        })
    );
    registerExport(context, client, output);
    registerWhoCan(context, client);
    registerPreview(context, client);
    registerTests(context, client);
    await client.start();
}

export async function deactivate(): Promise<void> {
    client?.dispose();
    client = undefined;
}
