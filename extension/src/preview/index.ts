/**
 * The permission-profile preview's commands: `spol.showProfile` (from the code lens above each
 * user, with the user and place; from the palette, with pickers), `spol.showProfileAtCursor` (the
 * user name under the cursor), and the testing hooks the end-to-end tests drive the webview with
 * (`spol.internal.*`, not contributed, so not in the palette).
 */
import * as vscode from 'vscode';
import { SpolCommands } from '../../../language/protocol.js';
import type { SpolClient } from '../spol-client.js';
import { isWhere, ProfilePreview } from './panel.js';
import { names, pickTarget } from './pickers.js';

export const PreviewCommands = {
    showProfileAtCursor: 'spol.showProfileAtCursor',
    /** Resolves with what the webview renders (PreviewSnapshot), read from its DOM; undefined without a panel. */
    snapshot: 'spol.internal.previewSnapshot',
    /** `(resource, action)`: clicks that cell in the webview. */
    select: 'spol.internal.previewSelect',
    /** `({ filter?, showDenied? })`: sets the filter box and the toggle as a user would. */
    setView: 'spol.internal.previewSetView'
} as const;

export function registerPreview(context: vscode.ExtensionContext, client: SpolClient): void {
    const preview = new ProfilePreview(context, client);
    context.subscriptions.push(
        preview,
        vscode.commands.registerCommand(SpolCommands.showProfile, async (user?: unknown, where?: unknown) => {
            if (typeof user === 'string' && isWhere(where)) {
                preview.show({ user, where }, true);
                return;
            }
            const target = await pickTarget(client, typeof user === 'string' ? user : undefined);
            if (target) preview.show(target);
        }),
        vscode.commands.registerCommand(PreviewCommands.showProfileAtCursor, async () => {
            const editor = vscode.window.activeTextEditor;
            const range = editor?.document.getWordRangeAtPosition(editor.selection.active);
            const word = range ? editor?.document.getText(range) : undefined;
            const all = await names(client);
            const user = word !== undefined ? all.users.find((u) => u.name === word) : undefined;
            if (!user) {
                void vscode.window.showInformationMessage(
                    word !== undefined ? `${word} is not a user in this workspace; choose one.` : 'There is no user name at the cursor; choose a user.'
                );
                const target = await pickTarget(client);
                if (target) preview.show(target);
                return;
            }
            // One collection: straight there; otherwise ask where (the user's own collections first).
            if (user.collections.length === 1 && !user.institutionAdmin) {
                preview.show({ user: user.name, where: { collection: user.collections[0]! } }, true);
                return;
            }
            const target = await pickTarget(client, user.name);
            if (target) preview.show(target);
        }),
        vscode.commands.registerCommand(PreviewCommands.snapshot, () => preview.snapshot()),
        vscode.commands.registerCommand(PreviewCommands.select, (resource: unknown, action: unknown) => preview.select(String(resource), String(action))),
        vscode.commands.registerCommand(PreviewCommands.setView, (view: unknown) => preview.setView((view ?? {}) as { filter?: string; showDenied?: boolean }))
    );
}
