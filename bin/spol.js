#!/usr/bin/env node
// spol command-line entry: the polyfill must run before Langium loads, so main is imported dynamically.
import '../scripts/polyfill.mjs';

const { main } = await import('../out/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
