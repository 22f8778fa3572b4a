import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A source file as the user should read it: relative to the working directory when below it. */
export function displayPath(file: string): string {
    const path = file.startsWith('file:') ? fileURLToPath(file) : file;
    const rel = relative(process.cwd(), path);
    return rel && !rel.startsWith('..') ? rel : path;
}
