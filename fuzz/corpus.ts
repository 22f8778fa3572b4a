/**
 * The seeds of the mutated documents: every example workspace (examples/<name>/) and language
 * fixture folder (test/fixtures/language/<name>/), each file of the malformed fixtures a workspace
 * of its own. Read once, in the order of their names, so that a seed makes the same documents.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface CorpusWorkspace {
    /** Where it comes from, relative to the repository. */
    readonly name: string;
    /** Path relative to the workspace folder → text. */
    readonly files: ReadonlyMap<string, string>;
}

export interface Corpus {
    readonly workspaces: readonly CorpusWorkspace[];
}

/** The repository's root: the nearest folder above this module that holds package.json and examples/. */
export function repositoryRoot(from = import.meta.dirname): string {
    for (let folder = from; ; folder = dirname(folder)) {
        if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'examples'))) return folder;
        if (dirname(folder) === folder) throw new Error(`No spol repository above ${from}.`);
    }
}

function spolFilesBelow(folder: string): string[] {
    return readdirSync(folder)
        .sort()
        .flatMap((name) => {
            const path = join(folder, name);
            return statSync(path).isDirectory() ? spolFilesBelow(path) : name.endsWith('.spol') ? [path] : [];
        });
}

function workspaceOf(root: string, folder: string, files = spolFilesBelow(folder)): CorpusWorkspace {
    return { name: relative(root, folder), files: new Map(files.map((path) => [relative(folder, path), readFileSync(path, 'utf8')])) };
}

function foldersBelow(folder: string): string[] {
    return readdirSync(folder)
        .sort()
        .map((name) => join(folder, name))
        .filter((path) => statSync(path).isDirectory() && spolFilesBelow(path).length > 0);
}

export function loadCorpus(root = repositoryRoot()): Corpus {
    const fixtures = join(root, 'test/fixtures/language');
    const workspaces = [
        ...foldersBelow(join(root, 'examples')).map((folder) => workspaceOf(root, folder)),
        ...foldersBelow(fixtures)
            .filter((folder) => !folder.endsWith('malformed'))
            .map((folder) => workspaceOf(root, folder)),
        ...(existsSync(join(fixtures, 'malformed')) ? spolFilesBelow(join(fixtures, 'malformed')) : []).map((path) => workspaceOf(root, dirname(path), [path]))
    ];
    if (workspaces.length === 0) throw new Error(`No .spol files below ${root}/examples to fuzz from.`);
    return { workspaces };
}
