/**
 * The Test Explorer's tree of permission tests: one item per `*.test.yaml` file (labelled with its
 * path in the workspace), one child per case at its `name:` line. The server lists them
 * (`spol/tests/discover`); this module only turns its answer into TestItems and keeps, for each
 * item, what the server needs to run it (the file's URI, the case's id).
 */
import * as vscode from 'vscode';
import { SpolTestMethods, type DiscoverTestsResult, type TestCaseView, type TestFileText, type TestRange } from '../../../language/protocol-tests.js';
import type { SpolClient } from '../spol-client.js';

/** What an item stands for: a file, or one case of it. */
export interface ItemTarget {
    readonly uri: string;
    readonly caseId?: string;
}

/** The file and case shapes both answers share (a run answers with the cases it ran). */
interface FileShape {
    readonly uri: string;
    readonly label: string;
    readonly cases: readonly TestCaseView[];
}

const TEST_FILE = /\.test\.ya?ml$/;

export function isTestFile(uri: vscode.Uri): boolean {
    return TEST_FILE.test(uri.path);
}

/** The text of every open test file with unsaved edits: the server uses it instead of the file on disk. */
export function dirtyTestFiles(): TestFileText[] {
    return vscode.workspace.textDocuments
        .filter((document) => document.isDirty && isTestFile(document.uri))
        .map((document) => ({ uri: document.uri.toString(), text: document.getText() }));
}

export function toRange(range: TestRange): vscode.Range {
    return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export class TestTree {
    private readonly targets = new WeakMap<vscode.TestItem, ItemTarget>();
    private generation = 0;
    private pending?: Promise<void>;

    constructor(
        private readonly controller: vscode.TestController,
        private readonly client: SpolClient,
        private readonly log: (line: string) => void
    ) {}

    targetOf(item: vscode.TestItem): ItemTarget | undefined {
        return this.targets.get(item);
    }

    /** Every file item. */
    files(): vscode.TestItem[] {
        const items: vscode.TestItem[] = [];
        this.controller.items.forEach((item) => items.push(item));
        return items;
    }

    /** The file item of a URI (as the server spells it). */
    file(uri: string): vscode.TestItem | undefined {
        return this.controller.items.get(uri);
    }

    /** Asks the server for the test files again and replaces the tree; concurrent calls share one request. */
    refresh(token?: vscode.CancellationToken): Promise<void> {
        const generation = ++this.generation;
        const request = this.client
            .request<DiscoverTestsResult>(SpolTestMethods.discover, { overrides: dirtyTestFiles() }, token)
            .then((answer) => {
                // A later refresh asked after this one: its answer wins.
                if (generation === this.generation && !token?.isCancellationRequested) this.replace(answer.files);
            })
            .catch((error: unknown) => this.log(`spol tests: could not list the test files: ${error instanceof Error ? error.message : String(error)}`));
        this.pending = request;
        return request;
    }

    /** Resolves when the latest refresh has been applied. */
    async settled(): Promise<void> {
        while (this.pending) {
            const pending = this.pending;
            await pending;
            if (this.pending === pending) this.pending = undefined;
        }
    }

    /** The tree is exactly these files (items are kept where they still exist, so their results stay). */
    replace(files: readonly FileShape[]): void {
        this.generation++;
        this.controller.items.replace(files.map((file) => this.fileItem(file, true)));
    }

    /** Adds or updates these files and cases, keeping the rest (after a run of some cases). */
    merge(files: readonly FileShape[]): void {
        for (const file of files) {
            const item = this.fileItem(file, false);
            if (!this.controller.items.get(item.id)) this.controller.items.add(item);
        }
    }

    private fileItem(file: FileShape, exact: boolean): vscode.TestItem {
        const uri = vscode.Uri.parse(file.uri);
        let item = this.controller.items.get(file.uri);
        if (!item) {
            item = this.controller.createTestItem(file.uri, file.label, uri);
            this.targets.set(item, { uri: file.uri });
        }
        item.label = file.label;
        const children = file.cases.map((testCase, index) => this.caseItem(item!, uri, file.uri, testCase, index));
        if (exact) {
            item.children.replace(children);
        } else {
            for (const child of children) if (!item.children.get(child.id)) item.children.add(child);
        }
        return item;
    }

    private caseItem(parent: vscode.TestItem, uri: vscode.Uri, fileUri: string, testCase: TestCaseView, index: number): vscode.TestItem {
        const id = caseItemId(fileUri, testCase.id);
        let item = parent.children.get(id);
        if (!item) {
            item = this.controller.createTestItem(id, testCase.name, uri);
            this.targets.set(item, { uri: fileUri, caseId: testCase.id });
        }
        item.label = testCase.name;
        item.range = toRange(testCase.nameRange);
        item.description = testCase.institution ? `${testCase.user}, institution level` : `${testCase.user} in ${testCase.collection ?? '?'}`;
        // File order, not the explorer's alphabetical default.
        item.sortText = String(index).padStart(5, '0');
        return item;
    }
}

/** A case's TestItem id: unique across files. */
export function caseItemId(fileUri: string, caseId: string): string {
    return `${fileUri}#${caseId}`;
}
