/**
 * The code lenses and the who-can command in the real extension host, on a copy of
 * examples/natural-history-museum: the lenses the server puts above users and roles, and
 * `spol.whoCan` answering exactly what `spol who-can` answers.
 */
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { fixturePath, open, spolCli, spolExtension, waitFor } from './support.js';

suite('code lenses and who-can', () => {
    suiteSetup(async () => {
        await spolExtension();
    });

    test('a lens above each user opens its profile, and above each role says who holds it', async () => {
        const users = await open(fixturePath('natural-history-museum', 'users', 'ichthyology.spol'));
        const lenses = await waitFor('code lenses on ichthyology.spol', async () => {
            const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', users.uri);
            return found && found.length > 0 ? found : undefined;
        });
        const jdoe = lenses.find((lens) => lens.command?.arguments?.[0] === 'jdoe');
        assert.ok(jdoe, `no lens for jdoe among ${lenses.map((l) => l.command?.title).join(', ')}`);
        assert.equal(jdoe.command?.command, 'spol.showProfile');
        assert.equal(jdoe.command?.title, 'Show permission profile (in FishVoucher)');
        assert.deepEqual(jdoe.command?.arguments, ['jdoe', { collection: 'FishVoucher' }]);
        assert.equal(users.lineAt(jdoe.range.start.line).text.startsWith('user jdoe'), true);

        const roles = await open(fixturePath('natural-history-museum', 'roles.spol'));
        const roleLenses = await waitFor('code lenses on roles.spol', async () => {
            const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', roles.uri);
            return found && found.length > 0 ? found : undefined;
        });
        const dataEntry = roleLenses.filter((lens) => lens.command?.arguments?.[0] === 'DataEntry');
        assert.deepEqual(
            dataEntry.map((lens) => lens.command?.command),
            ['spol.showRoleHolders', 'spol.exportRole']
        );
        assert.match(dataEntry[0]!.command!.title, /^held by \d+ users? in \d+ collections?$/);
    });

    test('spol.whoCan answers as `spol who-can` does, with a link to each user', async () => {
        const question = { action: 'delete', resource: '/table/collectionobject', collection: 'FishVoucher' };
        const answer = await vscode.commands.executeCommand<{ kind: string; allowed: { user: string; location?: { uri: string }; grants: unknown[] }[] }>(
            'spol.whoCan',
            question
        );
        assert.equal(answer?.kind, 'answer');
        const cli = JSON.parse(await spolCli(['who-can', 'delete', '/table/collectionobject', '--in', 'FishVoucher', fixturePath('natural-history-museum'), '--format', 'json'])) as {
            allowed: { user: string }[];
        };
        assert.deepEqual(
            answer.allowed.map((entry) => entry.user),
            cli.allowed.map((entry) => entry.user)
        );
        assert.ok(answer.allowed.length > 0);
        for (const entry of answer.allowed) {
            assert.ok(entry.grants.length > 0, `${entry.user} has no grant`);
            assert.match(entry.location?.uri ?? '', /\.spol$/);
        }
    });

    test('spol.whoCan refuses a resource Specify does not define, with did-you-mean', async () => {
        const answer = await vscode.commands.executeCommand<{ kind: string; suggestions?: string[] }>('spol.whoCan', {
            action: 'read',
            resource: '/table/colectionobject',
            collection: 'FishVoucher'
        });
        assert.equal(answer?.kind, 'unknown');
        assert.ok(answer.suggestions?.includes('/table/collectionobject'));
    });
});
