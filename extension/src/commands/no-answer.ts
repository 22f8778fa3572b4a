/**
 * What the client says when the server could not answer: the workspace has errors that make the
 * question meaningless (with a way to the first problem), or the question named something unknown
 * (with the did-you-mean).
 */
import * as vscode from 'vscode';
import type { NoAnswer } from '../../../language/protocol.js';
import { revealLocation } from '../spol-client.js';

export async function showNoAnswer(answer: NoAnswer, what: string): Promise<void> {
    if (answer.kind === 'unknown') {
        const hint = answer.suggestions.length > 0 ? ` Did you mean ${answer.suggestions.join(', ')}?` : '';
        void vscode.window.showErrorMessage(`spol: ${what}: ${answer.message}${hint}`);
        return;
    }
    const first = answer.problems.find((problem) => problem.location);
    const choice = await vscode.window.showErrorMessage(`spol: ${what}. ${answer.message}`, ...(first ? ['Show first problem'] : []), 'Open Problems');
    if (choice === 'Show first problem' && first?.location) await revealLocation(first.location);
    if (choice === 'Open Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}
