/**
 * Export roles as the JSON that Specify's Security and Accounts Import button takes: a
 * collection's roles, the library, one role, or the whole institution as a folder (what
 * `spol export` writes; the server computes it with the same engine call). The user picks what
 * and where (quick picks, a save dialog); the file is written atomically (a temporary file beside
 * it, then a rename), and `lossy-export` warnings (where Specify's own conversion will change a
 * role) are shown in the output channel and a notification.
 *
 * `spol.exportRoles` also takes its answers as one argument, `{ target, uri }`, so that a code
 * lens, a script or a test can export without dialogs; it resolves with the URIs written.
 */
import * as vscode from 'vscode';
import { SpolMethods, type ExportResult, type ExportTargetParams, type NamesResult, type ProblemView } from '../../../language/protocol.js';
import type { SpolClient } from '../spol-client.js';
import { showNoAnswer } from './no-answer.js';

export interface ExportArguments {
    readonly target: ExportTargetParams;
    /** The file to write (a folder for `{ all: true }`), as a URI string or Uri. */
    readonly uri?: string | vscode.Uri;
}

export function registerExport(context: vscode.ExtensionContext, client: SpolClient, output: vscode.LogOutputChannel): void {
    context.subscriptions.push(
        vscode.commands.registerCommand('spol.exportRoles', async (args?: ExportArguments) => {
            const target = args?.target ?? (await pickTarget(client));
            if (!target) return undefined;
            return exportTo(client, output, target, args?.uri);
        }),
        vscode.commands.registerCommand('spol.exportRole', async (role?: string, collection?: string) => {
            if (typeof role !== 'string') return vscode.commands.executeCommand('spol.exportRoles');
            return exportTo(client, output, { role, ...(typeof collection === 'string' ? { collection } : {}) }, undefined);
        })
    );
}

async function exportTo(client: SpolClient, output: vscode.LogOutputChannel, target: ExportTargetParams, given: string | vscode.Uri | undefined): Promise<vscode.Uri[] | undefined> {
    const answer = await client.request<ExportResult>(SpolMethods.exportRoles, target);
    if (answer.kind !== 'files') {
        await showNoAnswer(answer, 'Nothing was exported');
        return undefined;
    }
    const isFolder = 'all' in target;
    const destination = given !== undefined ? (typeof given === 'string' ? vscode.Uri.parse(given) : given) : await askWhere(isFolder, answer.files[0]?.path ?? 'roles.json');
    if (!destination) return undefined;
    const files = isFolder
        ? answer.files.map((file) => ({ uri: vscode.Uri.joinPath(destination, ...file.path.split('/')), content: file.content }))
        : [{ uri: destination, content: answer.files[0]?.content ?? '' }];
    try {
        await writeAtomically(files);
    } catch (error) {
        void vscode.window.showErrorMessage(`spol: could not write ${vscode.workspace.asRelativePath(destination)}: ${error instanceof Error ? error.message : String(error)}. Nothing was written.`);
        return undefined;
    }
    reportWarnings(output, answer.warnings);
    const shown = vscode.workspace.asRelativePath(destination);
    const lossy = answer.warnings.length;
    const message = `spol: exported ${isFolder ? `${files.length} files to` : ''} ${shown}${lossy > 0 ? `, with ${lossy} lossy-export warning${lossy === 1 ? '' : 's'}` : ''}.`.replace('  ', ' ');
    if (lossy > 0) {
        void vscode.window.showWarningMessage(message, 'Show warnings').then((choice) => choice && output.show(true));
    } else {
        void vscode.window.showInformationMessage(message);
    }
    return files.map((file) => file.uri);
}

/** Every file to a temporary name beside its target first, then each renamed into place. */
async function writeAtomically(files: readonly { uri: vscode.Uri; content: string }[]): Promise<void> {
    const staged: { temp: vscode.Uri; uri: vscode.Uri }[] = [];
    const encoder = new TextEncoder();
    try {
        for (const file of files) {
            const folder = vscode.Uri.joinPath(file.uri, '..');
            await vscode.workspace.fs.createDirectory(folder);
            const temp = vscode.Uri.joinPath(folder, `.${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}.spol-tmp`);
            staged.push({ temp, uri: file.uri });
            await vscode.workspace.fs.writeFile(temp, encoder.encode(file.content));
        }
        for (const { temp, uri } of staged) await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
    } catch (error) {
        await Promise.all(staged.map(({ temp }) => vscode.workspace.fs.delete(temp).then(undefined, () => undefined)));
        throw error;
    }
}

function reportWarnings(output: vscode.LogOutputChannel, warnings: readonly ProblemView[]): void {
    for (const warning of warnings) {
        const place = warning.location ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(warning.location.uri))}:${warning.location.range.start.line + 1}:${warning.location.range.start.character + 1} ` : '';
        output.appendLine(`${place}warning lossy-export ${warning.message}`);
    }
}

async function askWhere(folder: boolean, suggested: string): Promise<vscode.Uri | undefined> {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (folder) {
        const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Export here', ...(base ? { defaultUri: base } : {}) });
        return picked?.[0];
    }
    return vscode.window.showSaveDialog({
        title: 'Export as Specify JSON',
        filters: { 'Specify role JSON': ['json'] },
        ...(base ? { defaultUri: vscode.Uri.joinPath(base, suggested) } : {})
    });
}

interface TargetPick extends vscode.QuickPickItem {
    readonly pick: () => Promise<ExportTargetParams | undefined>;
}

/** What to export, asked with quick picks over the workspace's real names. */
async function pickTarget(client: SpolClient): Promise<ExportTargetParams | undefined> {
    const names = await client.request<NamesResult>(SpolMethods.names, {});
    const items: TargetPick[] = [
        {
            label: "A collection's roles",
            detail: "The file Specify's Export writes on a collection's page; Import it on the same page.",
            pick: async () => {
                const choice = await vscode.window.showQuickPick(
                    names.collections.map((c) => ({ label: c.name, description: c.title ?? '', detail: `${c.division} › ${c.discipline}` })),
                    { title: 'Export the roles of which collection?', matchOnDescription: true }
                );
                return choice ? { collection: choice.label } : undefined;
            }
        },
        { label: 'The library roles', detail: 'The role templates; Import them on the institution page.', pick: async () => ({ library: true }) },
        {
            label: 'One role',
            detail: 'A collection role (one copy) or a library role.',
            pick: async () => {
                const roles = [
                    ...names.roles.map((r) => ({ label: r.name, description: r.title ?? '', detail: `collection role in ${r.collections.join(', ')}` })),
                    ...names.libraryRoles.map((r) => ({ label: r.name, description: r.title ?? '', detail: 'library role' }))
                ];
                const choice = await vscode.window.showQuickPick(roles, { title: 'Export which role?', matchOnDescription: true });
                if (!choice) return undefined;
                const collections = names.roles.find((r) => r.name === choice.label)?.collections ?? [];
                if (collections.length <= 1) return { role: choice.label };
                const where = await vscode.window.showQuickPick(collections, { title: `Export the copy of ${choice.label} in which collection?` });
                return where ? { role: choice.label, collection: where } : undefined;
            }
        },
        { label: 'The whole institution', detail: 'Every role file, user policy and role assignment, with a manifest (a folder).', pick: async () => ({ all: true }) }
    ];
    const chosen = await vscode.window.showQuickPick(items, { title: 'spol: export as Specify JSON' });
    return chosen?.pick();
}
