/**
 * The permission-profile preview: one webview panel beside the editor showing what `spol/profile`
 * answers for one user in one collection (or at institution level), and asking again, debounced,
 * after every rebuild of the workspace (`spol/workspaceChanged`), so that it follows edits as they
 * are typed. The panel keeps the chosen user and place; the webview keeps its own view state
 * (selected cell, filter, "show denied", closed groups) across answers.
 *
 * It only shows. Every answer is the server's; this side adds the names the editor gives files and
 * remembers the last good answer, which the webview shows greyed under a `blocked` message.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { SpolMethods, type ProfileResult, type ProfileView, type SpolLocation, type SpolWhere } from '../../../language/protocol.js';
import { revealLocation, type SpolClient } from '../spol-client.js';
import type { FromWebview, PreviewModel, PreviewSnapshot, ToWebview } from './messages.js';
import { names, pickTarget, type ProfileTarget } from './pickers.js';

export const PREVIEW_VIEW_TYPE = 'spol.profilePreview';

/** How long a testing hook waits for the webview to answer. */
const REPLY_TIMEOUT_MS = 15_000;

export class ProfilePreview implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private target: ProfileTarget | undefined;
    /** The latest model sent (or to send once the webview has loaded). */
    private model: PreviewModel | undefined;
    private version = 0;
    /** Only the answer to the latest request is shown. */
    private requestSeq = 0;
    private lastGood: { readonly key: string; readonly profile: ProfileView } | undefined;
    private webviewReady = false;
    private readonly whenReady: (() => void)[] = [];
    private debounce: ReturnType<typeof setTimeout> | undefined;
    private replySeq = 0;
    private readonly replies = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();
    private readonly subscriptions: vscode.Disposable[] = [];
    private panelSubscriptions: vscode.Disposable[] = [];

    constructor(
        private readonly context: vscode.ExtensionContext,
        private readonly client: SpolClient
    ) {
        this.subscriptions.push(client.onWorkspaceChanged(() => this.scheduleRefresh()));
    }

    /** Opens (or reuses) the panel on this user and place and asks for the profile. */
    show(target: ProfileTarget, preserveFocus = false): void {
        const changed = !this.target || keyOf(this.target) !== keyOf(target);
        this.target = target;
        if (!this.panel) this.panel = this.createPanel(preserveFocus);
        else this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus);
        this.panel.title = titleOf(target);
        if (changed) this.send({ status: 'loading' });
        void this.refresh();
    }

    /** The webview's own account of what it renders (testing hook); undefined without a panel. */
    async snapshot(): Promise<PreviewSnapshot | undefined> {
        if (!this.panel) return undefined;
        return (await this.ask({ type: 'snapshot' })) as PreviewSnapshot;
    }

    /** Clicks a cell in the webview (testing hook). Rejects when no such cell is shown. */
    async select(resource: string, action: string): Promise<void> {
        if (!this.panel) throw new Error('The profile preview is not open.');
        await this.ask({ type: 'select', resource: String(resource), action: String(action) });
    }

    /** Sets the filter and/or the "show denied" toggle as if typed (testing hook). */
    async setView(view: { filter?: string; showDenied?: boolean }): Promise<void> {
        if (!this.panel) throw new Error('The profile preview is not open.');
        await this.ask({
            type: 'setView',
            ...(typeof view?.filter === 'string' ? { filter: view.filter } : {}),
            ...(typeof view?.showDenied === 'boolean' ? { showDenied: view.showDenied } : {})
        });
    }

    dispose(): void {
        clearTimeout(this.debounce);
        this.panel?.dispose();
        for (const subscription of this.subscriptions) subscription.dispose();
    }

    private createPanel(preserveFocus: boolean): vscode.WebviewPanel {
        const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
        const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
        const panel = vscode.window.createWebviewPanel(
            PREVIEW_VIEW_TYPE,
            'Profile',
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
            { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [media, dist], enableFindWidget: true }
        );
        panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'icons', 'spol-file.svg');
        this.webviewReady = false;
        panel.webview.onDidReceiveMessage((message: FromWebview) => this.receive(message), undefined, this.panelSubscriptions);
        panel.onDidDispose(
            () => {
                this.panel = undefined;
                this.target = undefined;
                this.model = undefined;
                this.lastGood = undefined;
                this.webviewReady = false;
                this.whenReady.length = 0;
                clearTimeout(this.debounce);
                for (const subscription of this.panelSubscriptions.splice(0)) subscription.dispose();
                for (const [id, pending] of this.replies) {
                    clearTimeout(pending.timer);
                    pending.reject(new Error('The profile preview was closed.'));
                    this.replies.delete(id);
                }
            },
            undefined,
            this.panelSubscriptions
        );
        panel.webview.html = html(panel.webview, media, dist);
        return panel;
    }

    private scheduleRefresh(): void {
        if (!this.panel || !this.target) return;
        clearTimeout(this.debounce);
        const delay = vscode.workspace.getConfiguration('spol').get<number>('preview.debounceMs', 300);
        this.debounce = setTimeout(() => void this.refresh(), Math.max(0, Number(delay) || 0));
    }

    private async refresh(): Promise<void> {
        const target = this.target;
        if (!target || !this.panel) return;
        const seq = ++this.requestSeq;
        let result: ProfileResult | undefined;
        let failure: string | undefined;
        try {
            result = await this.client.request<ProfileResult>(SpolMethods.profile, { user: target.user, ...target.where });
        } catch (error) {
            failure = error instanceof Error ? error.message : String(error);
        }
        if (seq !== this.requestSeq || target !== this.target || !this.panel) return;
        const key = keyOf(target);
        if (!result) {
            this.send({ status: 'error', message: `The language server could not answer: ${failure ?? 'no answer'}` });
        } else if (result.kind === 'profile') {
            this.lastGood = { key, profile: result.profile };
            this.send({ status: 'profile', profile: result.profile, warnings: result.warnings });
        } else if (result.kind === 'blocked') {
            const stale = this.lastGood?.key === key ? this.lastGood.profile : undefined;
            this.send({ status: 'blocked', message: result.message, problems: result.problems, ...(stale ? { profile: stale } : {}) });
        } else {
            this.send({ status: 'unknown', message: result.message, suggestions: result.suggestions, ...(result.declarations ? { declarations: result.declarations } : {}) });
        }
    }

    /** Sends a new model for the current target (or keeps it until the webview has loaded). */
    private send(content: Pick<PreviewModel, 'status'> & Partial<PreviewModel>): void {
        const target = this.target;
        if (!target) return;
        const model: PreviewModel = {
            ...content,
            version: ++this.version,
            user: target.user,
            where: target.where,
            places: placesOf(content),
            showDeniedDefault: vscode.workspace.getConfiguration('spol').get<boolean>('preview.showDenied', false)
        };
        this.model = model;
        this.post({ type: 'render', model });
    }

    /** Renders go out only once the webview listens (it is sent the latest model then); questions wait. */
    private post(message: ToWebview): void {
        if (!this.panel) return;
        if (this.webviewReady) void this.panel.webview.postMessage(message);
        else if (message.type !== 'render') this.whenReady.push(() => void this.panel?.webview.postMessage(message));
    }

    /** A question to the webview, answered by its `reply`. */
    private ask(message: { type: 'snapshot' } | { type: 'select'; resource: string; action: string } | { type: 'setView'; filter?: string; showDenied?: boolean }): Promise<unknown> {
        const id = ++this.replySeq;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.replies.delete(id);
                reject(new Error(`The profile preview did not answer '${message.type}' within ${REPLY_TIMEOUT_MS} ms.`));
            }, REPLY_TIMEOUT_MS);
            this.replies.set(id, { resolve, reject, timer });
            this.post({ ...message, id } as ToWebview);
        });
    }

    private receive(message: FromWebview): void {
        switch (message?.type) {
            case 'ready': {
                // The webview (re)loaded: it gets the latest model, then whatever waited for it.
                this.webviewReady = true;
                if (this.model) void this.panel?.webview.postMessage({ type: 'render', model: this.model } satisfies ToWebview);
                for (const run of this.whenReady.splice(0)) run();
                return;
            }
            case 'reply': {
                const pending = this.replies.get(message.id);
                if (!pending) return;
                this.replies.delete(message.id);
                clearTimeout(pending.timer);
                if (message.error !== undefined) pending.reject(new Error(message.error));
                else pending.resolve(message.result);
                return;
            }
            case 'reveal':
                // In the first column, beside the preview; when the preview is the first column
                // itself (opened with no editor), beside it rather than over it.
                if (isLocation(message.location)) {
                    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
                    void revealLocation(message.location, column);
                }
                return;
            case 'showProblems':
                void vscode.commands.executeCommand('workbench.actions.view.problems');
                return;
            case 'choose':
                void this.choose();
                return;
            case 'useName':
                void this.useName(String(message.name));
                return;
        }
    }

    /** The picker, from the panel's own button. */
    private async choose(): Promise<void> {
        const target = await pickTarget(this.client);
        if (target) this.show(target);
    }

    /** A did-you-mean: a user's name replaces the user, a collection's the collection. */
    private async useName(name: string): Promise<void> {
        const target = this.target;
        if (!target) return;
        const all = await names(this.client);
        if (all.users.some((u) => u.name === name)) this.show({ user: name, where: target.where });
        else if (all.collections.some((c) => c.name === name)) this.show({ user: target.user, where: { collection: name } });
        else void vscode.window.showInformationMessage(`There is no user or collection ${name} in the workspace any more.`);
    }
}

export function titleOf(target: ProfileTarget): string {
    return target.where.institution === true ? `Profile: ${target.user} at institution level` : `Profile: ${target.user} in ${target.where.collection}`;
}

function keyOf(target: ProfileTarget): string {
    return JSON.stringify([target.user, target.where.institution === true ? null : target.where.collection]);
}

/** Every URI in the content, named as the editor names it (workspace-relative). */
function placesOf(content: Partial<PreviewModel>): Record<string, string> {
    const uris = new Set<string>();
    const add = (location: SpolLocation | undefined) => {
        if (location) uris.add(location.uri);
    };
    const profile = content.profile;
    if (profile) {
        add(profile.userLocation);
        for (const grant of profile.collectionAccess?.grants ?? []) add(grant.location);
        for (const group of profile.groups) for (const entry of group.entries) for (const cell of entry.cells) for (const grant of cell.grants) add(grant.location);
    }
    for (const problem of content.problems ?? []) add(problem.location);
    for (const declaration of content.declarations ?? []) add(declaration);
    const places: Record<string, string> = {};
    for (const uri of uris) {
        try {
            places[uri] = vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
        } catch {
            places[uri] = uri;
        }
    }
    return places;
}

function isLocation(value: unknown): value is SpolLocation {
    const location = value as SpolLocation | undefined;
    return (
        typeof location?.uri === 'string' &&
        typeof location.range?.start?.line === 'number' &&
        typeof location.range.start.character === 'number' &&
        typeof location.range.end?.line === 'number' &&
        typeof location.range.end.character === 'number'
    );
}

/** Whether a command argument is a place to ask in. */
export function isWhere(value: unknown): value is SpolWhere {
    const where = value as { collection?: unknown; institution?: unknown } | undefined;
    return typeof where === 'object' && where !== null && (where.institution === true || typeof where.collection === 'string');
}

/** The webview's page: no inline script or style, only the bundled script (by nonce) and the stylesheet. */
function html(webview: vscode.Webview, media: vscode.Uri, dist: vscode.Uri): string {
    const nonce = randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Permission profile</title>
</head>
<body>
<main id="app" data-status="loading" data-version="0" aria-busy="true">
<p class="loading">Loading…</p>
</main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
