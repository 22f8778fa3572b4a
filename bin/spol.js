#!/usr/bin/env node
// spol command-line entry: the polyfill must run before Langium loads, so main is imported dynamically.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../scripts/polyfill.mjs';

// A reader that stops early (`spol profile … | head`) closes the pipe: that ends the output,
// it is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
    });
}

/**
 * The CLI as one file with V8's code cache (out/cli/bundle.cjs and bundle.cache, made by
 * `npm run build:cli`; see load-bundle.mjs): loading it costs a fraction of loading its 500
 * modules. A `tsc -b` after the bundle was made (out/.tsbuildinfo is newer) means the bundle may
 * hold older code: then the modules in out/ run, as built.
 */
function bundled() {
    const modified = (path) => {
        try {
            return statSync(new URL(path, import.meta.url)).mtimeMs;
        } catch {
            return undefined;
        }
    };
    const bundle = modified('../out/cli/bundle.cjs');
    const compiled = modified('../out/.tsbuildinfo');
    return bundle !== undefined && (compiled === undefined || compiled <= bundle);
}

async function loadMain() {
    if (!bundled()) return (await import('../out/cli/main.js')).main;
    const { loadBundle } = await import('./load-bundle.mjs');
    const here = (path) => fileURLToPath(new URL(path, import.meta.url));
    return loadBundle(here('../out/cli/bundle.cjs'), here('../out/cli/bundle.cache')).exports.main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
