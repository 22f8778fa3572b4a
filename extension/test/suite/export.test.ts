/**
 * The `spol.exportRoles` command writes the very bytes `spol export` writes: Specify's Export file
 * (or the REST bodies) for the same roles of the same workspace, a copy of
 * examples/natural-history-museum.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { config, fixturePath, spolCli, spolExtension, waitFor } from './support.js';

type Target = { collection: string; rest?: boolean } | { library: true; rest?: boolean } | { role: string; collection?: string };

interface Case {
    readonly name: string;
    readonly target: Target;
    readonly cli: string[];
}

const CASES: Case[] = [
    { name: 'FishVoucher', target: { collection: 'FishVoucher' }, cli: ['--collection', 'FishVoucher'] },
    { name: 'library', target: { library: true }, cli: ['--library'] },
    { name: 'FishVoucher-rest', target: { collection: 'FishVoucher', rest: true }, cli: ['--collection', 'FishVoucher', '--rest'] },
    { name: 'role-DataEntry', target: { role: 'DataEntry' }, cli: ['--role', 'DataEntry'] }
];

/** The URIs a command returned (a Uri, a string, or a list of them), as file paths. */
function returnedPaths(value: unknown): string[] {
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item) => {
        if (item instanceof vscode.Uri) return [item.fsPath];
        if (typeof item === 'string') return [vscode.Uri.parse(item).fsPath];
        return [];
    });
}

/** Where the editor's file first differs from the CLI's, in one short paragraph. */
function firstDifference(actual: Buffer, expected: Buffer): string {
    const a = actual.toString('utf8').split('\n');
    const e = expected.toString('utf8').split('\n');
    let line = 0;
    while (line < a.length && line < e.length && a[line] === e[line]) line++;
    const show = (lines: string[]) => (line < lines.length ? JSON.stringify(lines[line]) : '(end of file)');
    return [
        `The editor's export (${actual.length} bytes) differs from the CLI's (${expected.length} bytes) at line ${line + 1}:`,
        `  editor: ${show(a)}`,
        `  CLI:    ${show(e)}`
    ].join('\n');
}

suite('export', () => {
    const out = () => path.join(config().scratch, 'export');

    suiteSetup(async () => {
        await spolExtension();
        rmSync(out(), { recursive: true, force: true });
        mkdirSync(out(), { recursive: true });
    });

    for (const { name, target, cli } of CASES) {
        test(`spol.exportRoles ${JSON.stringify({ target })} writes what \`spol export ${cli.join(' ')}\` writes`, async () => {
            const workspace = fixturePath('natural-history-museum');
            const fromCli = path.join(out(), `cli-${name}.json`);
            await spolCli(['export', ...cli, workspace, '-o', fromCli]);
            assert.ok(existsSync(fromCli), `spol export wrote no ${fromCli}`);

            const fromEditor = path.join(out(), `editor-${name}.json`);
            const uri = vscode.Uri.file(fromEditor).toString();
            const returned = await vscode.commands.executeCommand('spol.exportRoles', { target, uri });
            await waitFor(`${fromEditor} to be written`, () => existsSync(fromEditor) && readFileSync(fromEditor).length > 0);
            assert.ok(
                returnedPaths(returned).some((p) => path.resolve(p) === path.resolve(fromEditor)),
                `spol.exportRoles returned ${JSON.stringify(returned)}, not the URI it wrote`
            );
            const expected = readFileSync(fromCli);
            // Wait out a write still in progress, then compare byte for byte.
            await waitFor(`${fromEditor} to match the CLI's output`, () => readFileSync(fromEditor).equals(expected), 10_000).catch(() => undefined);
            const actual = readFileSync(fromEditor);
            assert.ok(actual.equals(expected), firstDifference(actual, expected));
        });
    }
    test('spol.exportRoles {"target":{"all":true}} writes the folder `spol export --all` writes, file for file', async () => {
        const workspace = fixturePath('natural-history-museum');
        const fromCli = path.join(out(), 'cli-all');
        await spolCli(['export', '--all', workspace, '-o', fromCli]);
        const fromEditor = path.join(out(), 'editor-all');
        const returned = await vscode.commands.executeCommand('spol.exportRoles', { target: { all: true }, uri: vscode.Uri.file(fromEditor).toString() });
        const files = (folder: string): string[] =>
            readdirSync(folder, { recursive: true, withFileTypes: true })
                .filter((entry) => entry.isFile())
                .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
                .sort();
        const expected = files(fromCli);
        assert.ok(expected.length > 3, `spol export --all wrote only ${expected.join(', ')}`);
        assert.deepEqual(files(fromEditor), expected);
        assert.equal(returnedPaths(returned).length, expected.length);
        for (const file of expected) {
            const actual = readFileSync(path.join(fromEditor, file));
            assert.ok(actual.equals(readFileSync(path.join(fromCli, file))), `${file}: ${firstDifference(actual, readFileSync(path.join(fromCli, file)))}`);
        }
    });
});
