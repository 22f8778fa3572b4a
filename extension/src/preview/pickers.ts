/**
 * The quick picks that choose whose profile to show and where: users (with their titles), then the
 * collections (the user's own first) or institution level. Names come from `spol/names`; nothing
 * here reads `.spol` text.
 */
import * as vscode from 'vscode';
import { SpolMethods, type NamesResult, type SpolWhere, type UserView } from '../../../language/protocol.js';
import type { SpolClient } from '../spol-client.js';

export interface ProfileTarget {
    readonly user: string;
    readonly where: SpolWhere;
}

export function names(client: SpolClient): Promise<NamesResult> {
    return client.request<NamesResult>(SpolMethods.names, {});
}

/** Both picks, the user's skipped when given. Undefined when cancelled. */
export async function pickTarget(client: SpolClient, user?: string): Promise<ProfileTarget | undefined> {
    const all = await names(client);
    const chosen = user !== undefined ? all.users.find((u) => u.name === user) : await pickUser(all);
    if (!chosen) return undefined;
    const where = await pickWhere(all, chosen);
    return where ? { user: chosen.name, where } : undefined;
}

async function pickUser(all: NamesResult): Promise<UserView | undefined> {
    if (all.users.length === 0) {
        void vscode.window.showInformationMessage('The workspace declares no users yet.');
        return undefined;
    }
    type Item = vscode.QuickPickItem & { readonly user: UserView };
    const items: Item[] = all.users.map((user) => ({
        label: user.name,
        ...(user.title !== undefined ? { description: user.title } : {}),
        detail: [user.institutionAdmin ? 'Institution Admin' : undefined, user.collections.length > 0 ? `in ${user.collections.join(', ')}` : 'in no collection']
            .filter((part) => part !== undefined)
            .join(' · '),
        user
    }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Permission profile: user', placeHolder: 'Whose permissions?', matchOnDescription: true });
    return picked?.user;
}

async function pickWhere(all: NamesResult, user: UserView): Promise<SpolWhere | undefined> {
    type Item = vscode.QuickPickItem & { readonly where?: SpolWhere };
    const theirs = new Set(user.collections);
    const collectionItem = (name: string): Item => {
        const view = all.collections.find((c) => c.name === name);
        return {
            label: name,
            ...(view?.title !== undefined ? { description: view.title } : {}),
            ...(view ? { detail: `${view.division} › ${view.discipline}` } : {}),
            where: { collection: name }
        };
    };
    const institution: Item = {
        label: 'Institution level',
        description: 'only institution-level user policies count',
        where: { institution: true }
    };
    const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const own = user.collections.filter((name) => all.collections.some((c) => c.name === name)).map(collectionItem);
    const others = all.collections.filter((c) => !theirs.has(c.name)).map((c) => collectionItem(c.name));
    const items: Item[] = [
        ...(own.length > 0 ? [separator(`${user.name} has something in`), ...own] : []),
        separator('institution'),
        institution,
        ...(others.length > 0 ? [separator('other collections'), ...others] : [])
    ];
    const picked = await vscode.window.showQuickPick(items, {
        title: `Permission profile of ${user.name}: where`,
        placeHolder: 'In which collection (or at institution level)?',
        matchOnDescription: true
    });
    return picked?.where;
}
