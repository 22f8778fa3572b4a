/**
 * Bundles the built command line (out/cli/main.js, as `tsc -b` emitted it, with the engine, the
 * language and every package they import but the database driver) into one file, out/cli/bundle.cjs, which bin/spol.js
 * runs, and writes V8's code cache for it (out/cli/bundle.cache, see bin/load-bundle.mjs). Node then
 * reads one file instead of resolving and loading some 500 modules (Langium, Chevrotain, lodash-es,
 * vscode-languageserver, ...), and takes most of its compiled code from the cache: about half a
 * second of every command on a large workspace.
 *
 * The bundle is CommonJS because Node 20 keeps a code cache for scripts only. It is strict code
 * throughout ("use strict" heads it), as the ES modules it is made of are. It sits beside main.js,
 * so what the CLI finds relative to its own code (package.json, docs/lint/) is at the same depth;
 * `import.meta.url` is the bundle's own address. The cache is made after a few commands have run
 * on the example workspace, so it holds what they compiled (parsing, linking, the engine).
 * Run by `npm run build:cli` after `tsc -b`; esbuild comes with the extension's dev dependencies.
 */
import * as esbuild from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import './polyfill.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}out/cli/bundle.cjs`;
const cache = `${root}out/cli/bundle.cache`;

rmSync(cache, { force: true });
await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['out/cli/main.js'],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    legalComments: 'eof',
    logLevel: 'warning',
    define: { 'import.meta.url': 'spolBundleUrl' },
    // The database driver stays a package of its own, required only when a command connects
    // (database/connect.ts imports it on use): the other commands do not load it.
    // vm.Script (bin/load-bundle.mjs) has no dynamic import: esbuild writes it as a require.
    external: ['mysql2', 'mysql2/*'],
    supported: { 'dynamic-import': false },
    banner: { js: "'use strict';\nconst spolBundleUrl = require('node:url').pathToFileURL(__filename).href;" }
});

const { loadBundle, codeCacheOf } = await import('../bin/load-bundle.mjs');
const loaded = loadBundle(bundle, cache);
const example = `${root}examples/natural-history-museum`;
const quiet = { out: () => {}, err: () => {} };
for (const args of [
    ['check', example],
    ['can', 'jdoe', 'read', '/table/collectionobject', '--in', 'FishVoucher', example],
    ['profile', 'jdoe', '--in', 'FishVoucher', example],
    ['who-can', 'read', '/table/collectionobject', '--in', 'FishVoucher', example]
]) {
    await loaded.exports.main(args, quiet);
}
writeFileSync(cache, codeCacheOf(loaded));
