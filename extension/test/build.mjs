/**
 * Bundles the in-host e2e suite for the extension host: test/suite/index.ts and every
 * test/suite/*.test.ts, each into one CommonJS file under dist/test/suite/ (`index.cjs`,
 * `<name>.test.cjs`), with `vscode` and `mocha` left external (the extension host provides the
 * first; the second resolves from the repository's node_modules, so the output must stay inside
 * the repository). `--outdir <dir>` writes elsewhere: test/e2e/run.mjs gives each run a folder of
 * its own under dist/test/, so that concurrent runs never load each other's half-written files.
 */
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = fileURLToPath(new URL('..', import.meta.url));
const suite = path.join(extension, 'test', 'suite');
const given = process.argv.indexOf('--outdir');
const outdir = given >= 0 && process.argv[given + 1] ? path.resolve(process.argv[given + 1]) : path.join(extension, 'dist', 'test', 'suite');

const tests = readdirSync(suite).filter((name) => name.endsWith('.test.ts')).sort();
const entryPoints = ['index.ts', ...tests].map((name) => path.join(suite, name));

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
    absWorkingDir: extension,
    entryPoints,
    outdir,
    outbase: suite,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning'
});
console.log(`e2e: bundled ${tests.length} in-host test file(s) into ${path.relative(process.cwd(), outdir) || outdir}`);
