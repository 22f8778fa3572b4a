/**
 * Bundles the extension for VS Code: the client (src/extension.ts) and the spol language server
 * (../language/main.ts, with the engine) each into one CommonJS file under dist/, `vscode` external,
 * so the .vsix needs no node_modules. `--production` minifies and drops source maps; `--watch`
 * rebuilds on change. The TextMate grammar comes from `npm run langium:generate` at the root.
 */
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const here = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('esbuild').BuildOptions} */
const common = {
    absWorkingDir: here,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    minify: production,
    sourcemap: production ? false : 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Langium and the engine are ES modules; in CommonJS `import.meta.url` becomes the bundle's own URL.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" }
};

const builds = [
    { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
    { ...common, entryPoints: { server: '../language/main.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
    // The profile preview's webview script: runs in the browser, not in Node.
    {
        absWorkingDir: here,
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: production,
        sourcemap: production ? false : 'linked',
        sourcesContent: false,
        legalComments: 'none',
        logLevel: 'warning',
        entryPoints: { preview: 'src/preview/webview/main.ts' },
        outdir: 'dist'
    }
];

if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
} else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
}
