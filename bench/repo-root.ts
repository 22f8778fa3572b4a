/**
 * The root of the spol checkout, found from a module's own place: the benchmark runs both as
 * TypeScript sources (vitest, `bench/*.ts`) and compiled (`out/bench/...`), so paths to `bin/spol.js`,
 * the language server and the preload are resolved from the root rather than from the module.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above this module that holds `bin/spol.js`. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
    for (let dir = from; ; dir = dirname(dir)) {
        if (existsSync(join(dir, 'bin', 'spol.js'))) return dir;
        if (dirname(dir) === dir) throw new Error(`no spol checkout (bin/spol.js) above '${from}'.`);
    }
}
