/**
 * The permission-profile preview in a real VS Code: it shows what `spol profile` shows for jdoe in
 * FishVoucher (a copy of examples/natural-history-museum), lists the grants behind a cell with
 * links to their lines, and follows an edit of roles.spol without being reopened. It reads the
 * webview through `spol.internal.previewSnapshot` (the webview's own DOM) and clicks through
 * `spol.internal.previewSelect`.
 */
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { spolExtension, waitFor } from './support.js';

type CellState = 'allowed' | 'denied' | 'blocked';

interface Link {
    readonly label: string;
    readonly uri?: string;
    readonly line?: number;
}

interface Snapshot {
    readonly user: string;
    readonly where: { collection?: string; institution?: true };
    readonly status: 'profile' | 'blocked' | 'unknown' | 'loading' | 'error';
    readonly version: number;
    readonly cells: readonly { group: string; resource: string; action: string; state: CellState }[];
    readonly selected?: { resource: string; action: string; state: CellState; grants: readonly Link[] };
    readonly message?: string;
    readonly problems?: readonly Link[];
    readonly suggestions?: readonly string[];
}

const OBJECTS = '/table/collectionobject';

function snapshot(): Thenable<Snapshot | undefined> {
    return vscode.commands.executeCommand<Snapshot | undefined>('spol.internal.previewSnapshot');
}

function stateOf(shot: Snapshot, resource: string, action: string): CellState | undefined {
    return shot.cells.find((cell) => cell.resource === resource && cell.action === action)?.state;
}

/** Polls the webview until `accept` holds for what it shows (200 ms, up to 30 s). */
function until(what: string, accept: (shot: Snapshot) => boolean): Promise<Snapshot> {
    return waitFor(what, async () => {
        const shot = await snapshot();
        return shot !== undefined && accept(shot) ? shot : undefined;
    });
}

async function select(resource: string, action: string): Promise<Snapshot> {
    await vscode.commands.executeCommand('spol.internal.previewSelect', resource, action);
    return until(`the grants of ${action} on ${resource}`, (shot) => shot.selected?.resource === resource && shot.selected.action === action);
}

suite('profile preview', () => {
    let roles: vscode.TextDocument;
    /** The text of roles.spol as the test found it, put back at the end. */
    let original: string;

    suiteSetup(async () => {
        await spolExtension();
        const folder = vscode.workspace.workspaceFolders?.[0];
        assert.ok(folder, 'the test window has no workspace folder');
        roles = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'roles.spol'));
        original = roles.getText();
    });

    suiteTeardown(async () => {
        if (roles && roles.getText() !== original) {
            const edit = new vscode.WorkspaceEdit();
            edit.replace(roles.uri, new vscode.Range(roles.positionAt(0), roles.positionAt(roles.getText().length)), original);
            await vscode.workspace.applyEdit(edit);
        }
        if (roles?.isDirty) {
            await vscode.window.showTextDocument(roles);
            await vscode.commands.executeCommand('workbench.action.files.revert');
        }
    });

    test('shows jdoe in FishVoucher, the grants behind a cell, and follows an edit of the role', async () => {
        await vscode.commands.executeCommand('spol.showProfile', 'jdoe', { collection: 'FishVoucher' });
        const shown = await until('the profile of jdoe in FishVoucher', (shot) => shot.status === 'profile' && shot.user === 'jdoe');
        assert.deepEqual(shown.where, { collection: 'FishVoucher' });
        assert.equal(stateOf(shown, OBJECTS, 'read'), 'allowed');
        assert.equal(stateOf(shown, OBJECTS, 'update'), 'allowed');
        assert.equal(stateOf(shown, OBJECTS, 'delete'), 'denied', 'Data Entry Staff cannot delete records');
        assert.ok(shown.cells.every((cell) => ['operation', 'tool', 'table', 'system-table', 'preference'].includes(cell.group)));

        // read comes from the templates DataEntry copies (`from library …`): their policy lines.
        const read = await select(OBJECTS, 'read');
        assert.equal(read.selected?.state, 'allowed');
        const readGrants = read.selected?.grants ?? [];
        assert.ok(
            readGrants.some((grant) => /^role DataEntry \(from library \w+\)$/.test(grant.label) && grant.uri?.endsWith('.spol') && typeof grant.line === 'number'),
            `no template grant with a place among ${JSON.stringify(readGrants)}`
        );
        assert.ok(readGrants.some((grant) => grant.label === 'role DataEntry (from library RunQueries)'), JSON.stringify(readGrants));

        // update comes from the role's own line in roles.spol.
        const update = await select(OBJECTS, 'update');
        const own = update.selected?.grants.find((grant) => grant.label === 'role DataEntry');
        assert.ok(own, `no grant by the role itself among ${JSON.stringify(update.selected?.grants)}`);
        assert.ok(own.uri?.endsWith('roles.spol'), `the role's grant points at ${own.uri}`);
        const ownLine = roles.lineAt(own.line! - 1).text;
        assert.match(ownLine, /allow \/table\/%: update/, `line ${own.line} of roles.spol is ${JSON.stringify(ownLine)}`);

        // Give DataEntry delete on collection objects, below that line, without saving.
        const insertAt = new vscode.Position(own.line!, 0);
        const added = '    allow /table/collectionobject: delete\n';
        const edit = new vscode.WorkspaceEdit();
        edit.insert(roles.uri, insertAt, added);
        assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
        const after = await until('delete on collection objects to be allowed', (shot) => shot.status === 'profile' && stateOf(shot, OBJECTS, 'delete') === 'allowed');
        assert.ok(after.version > update.version, `version ${after.version} after the edit, ${update.version} before`);
        assert.equal(after.selected?.resource, OBJECTS, 'the selected cell survives the update');
        assert.equal(after.selected?.action, 'update');

        const deleted = await select(OBJECTS, 'delete');
        const newGrant = deleted.selected?.grants.find((grant) => grant.label === 'role DataEntry');
        assert.ok(newGrant?.uri?.endsWith('roles.spol'), JSON.stringify(deleted.selected));
        assert.equal(newGrant?.line, own.line! + 1, 'the new line is the grant');

        // Undo: the preview follows back.
        const undo = new vscode.WorkspaceEdit();
        undo.delete(roles.uri, new vscode.Range(insertAt, insertAt.translate(1)));
        assert.ok(await vscode.workspace.applyEdit(undo));
        await until('delete on collection objects to be denied again', (shot) => shot.status === 'profile' && stateOf(shot, OBJECTS, 'delete') === 'denied');
        assert.equal(roles.getText(), original);
    });

    test('a syntax error blocks the profile with its problem as a link; fixing it brings the profile back', async () => {
        await vscode.commands.executeCommand('spol.showProfile', 'jdoe', { collection: 'FishVoucher' });
        await until('the profile of jdoe', (shot) => shot.status === 'profile' && shot.user === 'jdoe');
        const at = new vscode.Position(roles.lineCount, 0);
        const broken = new vscode.WorkspaceEdit();
        broken.insert(roles.uri, at, 'role Broken "Broken" in FishVoucher {\n    allow /table/collectionobject:\n');
        assert.ok(await vscode.workspace.applyEdit(broken));
        const blocked = await until('the preview to say it is blocked', (shot) => shot.status === 'blocked');
        assert.ok(blocked.message && blocked.message.length > 0);
        assert.deepEqual(blocked.cells, [], 'no live cells while blocked');
        assert.ok((blocked.problems ?? []).some((problem) => problem.uri?.endsWith('roles.spol') && typeof problem.line === 'number'), JSON.stringify(blocked.problems));

        const fix = new vscode.WorkspaceEdit();
        fix.replace(roles.uri, new vscode.Range(roles.positionAt(0), roles.positionAt(roles.getText().length)), original);
        assert.ok(await vscode.workspace.applyEdit(fix));
        const back = await until('the profile to come back', (shot) => shot.status === 'profile');
        assert.equal(stateOf(back, OBJECTS, 'read'), 'allowed');
    });

    test('the context-menu command shows the user under the cursor', async () => {
        const folder = vscode.workspace.workspaceFolders![0]!;
        const users = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'users', 'ichthyology.spol'));
        const editor = await vscode.window.showTextDocument(users, { viewColumn: vscode.ViewColumn.One });
        const at = users.positionAt(users.getText().indexOf('user jdoe') + 'user j'.length);
        editor.selection = new vscode.Selection(at, at);
        await vscode.commands.executeCommand('spol.showProfileAtCursor');
        const shown = await until('the profile of jdoe, from the cursor', (shot) => shot.status === 'profile' && shot.user === 'jdoe');
        assert.deepEqual(shown.where, { collection: 'FishVoucher' }, 'jdoe has something in FishVoucher only');
    });

    test('an unknown user is said so, with did-you-mean suggestions', async () => {
        await vscode.commands.executeCommand('spol.showProfile', 'jdo', { collection: 'FishVoucher' });
        const unknown = await until('the preview to say jdo is unknown', (shot) => shot.status === 'unknown' && shot.user === 'jdo');
        assert.ok(unknown.suggestions?.includes('jdoe'), JSON.stringify(unknown));
        assert.deepEqual(unknown.cells, []);
    });
});
