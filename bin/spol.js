#!/usr/bin/env node
// spol command-line entry: the polyfill must run before Langium loads, so main is imported dynamically.
import '../scripts/polyfill.mjs';

// A reader that stops early (`spol profile … | head`) closes the pipe: that ends the output,
// it is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
    });
}

const { main } = await import('../out/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
