/**
 * The role library a generated institution starts from: Specify's own 18 library roles, as
 * `examples/specify-defaults/library.spol` holds them (generated from Specify's sources), with the
 * rows each grants, so that the generator can tell which extra policies a role does not already hold.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export interface Row {
    readonly resource: string;
    readonly action: string;
}

export interface LibraryTemplates {
    /** The text of library.spol as Specify ships it. */
    readonly text: string;
    /** Rows of each library role, by its name. */
    readonly rows: ReadonlyMap<string, readonly Row[]>;
}

let cached: LibraryTemplates | undefined;

export function libraryTemplates(): LibraryTemplates {
    if (cached) return cached;
    const text = readFileSync(join(repoRoot(), 'examples', 'specify-defaults', 'library.spol'), 'utf8');
    const rows = new Map<string, Row[]>();
    let current: Row[] | undefined;
    for (const line of text.split('\n')) {
        const role = /^library role (\w+)/.exec(line);
        if (role) rows.set(role[1]!, (current = []));
        const allow = /^\s+allow (\S+): (.+)$/.exec(line);
        if (allow && current) for (const action of allow[2]!.split(',')) current.push({ resource: allow[1]!, action: action.trim() });
    }
    cached = { text, rows };
    return cached;
}
