/**
 * Completion and hover through VS Code's own command API, on a copy of
 * examples/natural-history-museum: what a user gets typing and pointing at a resource.
 */
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { config, fixturePath, open, spolExtension, waitFor } from './support.js';

const RESOURCE = '/table/collectionobject';

/** Where `allow /table/collectionobject:` is written in the fixture's library. */
async function resourceLine(): Promise<{ document: vscode.TextDocument; line: number; column: number }> {
    const document = await open(fixturePath('natural-history-museum', 'library.spol'));
    for (let line = 0; line < document.lineCount; line++) {
        const text = document.lineAt(line).text;
        const column = text.indexOf(`allow ${RESOURCE}:`);
        if (column >= 0) return { document, line, column: column + 'allow '.length };
    }
    throw new Error(`library.spol has no 'allow ${RESOURCE}:' line`);
}

function labelOf(item: vscode.CompletionItem): string {
    return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: vscode.Hover[]): string {
    return hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : content.value))
        .join('\n');
}

/** The registry's description of the resource, from the engine the CLI runs (out/, built by `npm run build`). */
async function registryDescription(resource: string): Promise<string> {
    const module = pathToFileURL(path.join(config().repoRoot, 'out', 'engine', 'registry', 'registry.js')).href;
    const { registry } = (await import(module)) as { registry: { lookup(resource: string): { description: string } | undefined } };
    const info = registry.lookup(resource);
    if (!info) throw new Error(`The registry does not know ${resource}`);
    return info.description;
}

suite('completion and hover', () => {
    suiteSetup(async () => {
        await spolExtension();
    });

    test(`completion at a resource offers ${RESOURCE}`, async () => {
        const { document, line, column } = await resourceLine();
        const typed = '/table/coll';
        const position = new vscode.Position(line, column + typed.length);
        const labels = await waitFor(`completion items with ${RESOURCE}`, async () => {
            const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
            const labels = list.items.map(labelOf);
            return labels.includes(RESOURCE) && labels;
        });
        assert.ok(labels.includes(RESOURCE));
        assert.ok(!labels.includes('/querybuilder/query'), 'completion after /table/coll should not offer /querybuilder/query');
    });

    test('hover on a resource shows its description', async () => {
        const { document, line, column } = await resourceLine();
        const description = await registryDescription(RESOURCE);
        const position = new vscode.Position(line, column + 3);
        const text = await waitFor(`a hover with "${description}"`, async () => {
            const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
            const text = hoverText(hovers);
            return text.includes(description) && text;
        });
        assert.ok(text.includes(RESOURCE), `the hover does not name ${RESOURCE}:\n${text}`);
    });
});
