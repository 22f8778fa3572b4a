/**
 * "Who can do this action on this resource here?": quick picks over the workspace's collections and
 * Specify's own resources and actions (from the server, so only real names are offered), then the
 * server's `spol/whoCan` answer as a tree in the Explorer ("spol: Who Can"): each allowed user, the
 * grants under them, and the users a policy grants it to but who cannot enter the collection; every
 * user and grant opens its line. The answer is asked again after every rebuild, so it follows edits.
 *
 * `spol.whoCan` also takes the question as one argument `{ action, resource, collection | institution }`
 * and resolves with the answer. `spol.showRoleHolders(role)` lists who holds a role, where.
 */
import * as vscode from 'vscode';
import { SpolMethods, type GrantView, type NamesResult, type SpolLocation, type WhoCanParams, type WhoCanResult, type WhoCanUserView } from '../../../language/protocol.js';
import { revealLocation, type SpolClient } from '../spol-client.js';
import { showNoAnswer } from './no-answer.js';

const VIEW = 'spol.whoCanResults';
const HAS_RESULTS = 'spol.whoCanHasResults';

type Node =
    | { readonly kind: 'summary'; readonly text: string; readonly tooltip?: string }
    | { readonly kind: 'section'; readonly text: string; readonly users: readonly WhoCanUserView[]; readonly blocked: boolean }
    | { readonly kind: 'user'; readonly user: WhoCanUserView; readonly blocked: boolean }
    | { readonly kind: 'grant'; readonly grant: GrantView };

class WhoCanTree implements vscode.TreeDataProvider<Node> {
    private readonly changed = new vscode.EventEmitter<Node | undefined>();
    readonly onDidChangeTreeData = this.changed.event;
    private answer?: WhoCanResult;

    show(answer: WhoCanResult): void {
        this.answer = answer;
        this.changed.fire(undefined);
    }

    getChildren(node?: Node): Node[] {
        const answer = this.answer;
        if (!answer) return [];
        if (!node) {
            if (answer.kind !== 'answer') return [{ kind: 'summary', text: answer.message }];
            const where = answer.where.collection !== undefined ? `in ${answer.where.collection}` : 'at institution level';
            const nodes: Node[] = [
                { kind: 'summary', text: `${answer.action} ${answer.resource} ${where}: ${answer.allowed.length} of ${answer.users} users`, tooltip: answer.notes.join('\n') },
                ...answer.notes.map((note): Node => ({ kind: 'summary', text: note })),
                { kind: 'section', text: `allowed (${answer.allowed.length})`, users: answer.allowed, blocked: false }
            ];
            if (answer.blocked.length > 0) {
                nodes.push({ kind: 'section', text: `granted, but cannot enter ${answer.where.collection ?? 'the collection'} (${answer.blocked.length})`, users: answer.blocked, blocked: true });
            }
            return nodes;
        }
        if (node.kind === 'section') return node.users.map((user) => ({ kind: 'user', user, blocked: node.blocked }));
        if (node.kind === 'user') return node.user.grants.map((grant) => ({ kind: 'grant', grant }));
        return [];
    }

    getTreeItem(node: Node): vscode.TreeItem {
        switch (node.kind) {
            case 'summary': {
                const item = new vscode.TreeItem(node.text);
                if (node.tooltip) item.tooltip = node.tooltip;
                item.iconPath = new vscode.ThemeIcon('info');
                return item;
            }
            case 'section':
                return Object.assign(new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.Expanded), {
                    iconPath: new vscode.ThemeIcon(node.blocked ? 'circle-slash' : 'pass')
                });
            case 'user': {
                const item = new vscode.TreeItem(node.user.user, node.user.grants.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
                item.description = node.user.title ?? '';
                item.iconPath = new vscode.ThemeIcon('person');
                item.command = openCommand(node.user.location);
                return item;
            }
            case 'grant': {
                const item = new vscode.TreeItem(node.grant.label);
                item.description = node.grant.location ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(node.grant.location.uri))}:${node.grant.location.range.start.line + 1}` : '';
                item.iconPath = new vscode.ThemeIcon('key');
                item.command = openCommand(node.grant.location);
                return item;
            }
        }
    }
}

function openCommand(location: SpolLocation | undefined): vscode.Command | undefined {
    return location ? { title: 'Open', command: 'spol.internal.reveal', arguments: [location] } : undefined;
}

export function registerWhoCan(context: vscode.ExtensionContext, client: SpolClient): void {
    const tree = new WhoCanTree();
    let question: WhoCanParams | undefined;
    const ask = async (params: WhoCanParams): Promise<WhoCanResult> => {
        const answer = await client.request<WhoCanResult>(SpolMethods.whoCan, params);
        tree.show(answer);
        await vscode.commands.executeCommand('setContext', HAS_RESULTS, true);
        return answer;
    };
    context.subscriptions.push(
        vscode.window.createTreeView(VIEW, { treeDataProvider: tree, showCollapseAll: true }),
        vscode.commands.registerCommand('spol.internal.reveal', (location: SpolLocation) => revealLocation(location)),
        vscode.commands.registerCommand('spol.whoCan', async (given?: WhoCanParams) => {
            const params = given ?? (await pickQuestion(client));
            if (!params) return undefined;
            question = params;
            const answer = await ask(params);
            if (answer.kind !== 'answer') await showNoAnswer(answer, 'Who can');
            else if (!given) await vscode.commands.executeCommand(`${VIEW}.focus`);
            return answer;
        }),
        vscode.commands.registerCommand('spol.showRoleHolders', async (role?: string) => showRoleHolders(client, role)),
        client.onWorkspaceChanged(() => {
            if (question) void ask(question);
        })
    );
}

/** Collection (or institution level), then resource, then action: only names Specify defines. */
async function pickQuestion(client: SpolClient): Promise<WhoCanParams | undefined> {
    const names = await client.request<NamesResult>(SpolMethods.names, {});
    const places = [
        ...names.collections.map((c) => ({ label: c.name, description: c.title ?? '', detail: `${c.division} › ${c.discipline}`, where: { collection: c.name } as const })),
        { label: 'Institution level', description: 'no collection: only institution-level user policies count', detail: '', where: { institution: true } as const }
    ];
    const place = await vscode.window.showQuickPick(places, { title: 'Who can… where?', matchOnDescription: true });
    if (!place) return undefined;
    const resource = await vscode.window.showQuickPick(
        names.resources.map((r) => ({ label: r.resource, detail: r.description, actions: r.actions })),
        { title: 'Who can… on which resource?', matchOnDetail: true }
    );
    if (!resource) return undefined;
    const action = await vscode.window.showQuickPick([...resource.actions], { title: `Who can… which action on ${resource.label}?` });
    if (!action) return undefined;
    return { action, resource: resource.label, ...place.where };
}

async function showRoleHolders(client: SpolClient, role: string | undefined): Promise<void> {
    const names = await client.request<NamesResult>(SpolMethods.names, {});
    const name = role ?? (await vscode.window.showQuickPick(names.roles.map((r) => r.name), { title: 'Who holds which role?' }));
    if (!name) return;
    const holders = names.users.flatMap((user) =>
        user.roles
            .filter((held) => held.role === name)
            .map((held) => ({ label: user.name, description: user.title ?? '', detail: `holds ${name} in ${held.collection}`, location: user.location }))
    );
    if (holders.length === 0) {
        void vscode.window.showInformationMessage(`spol: no user holds role ${name}.`);
        return;
    }
    const choice = await vscode.window.showQuickPick(holders, { title: `Users holding ${name}`, matchOnDetail: true });
    if (choice?.location) await revealLocation(choice.location);
}
