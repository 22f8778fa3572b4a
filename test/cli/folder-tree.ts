/** Every file below a folder, by `/`-separated path relative to it, with its text: for comparing written workspaces. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export function folderTree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) out[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    }
    return out;
}
