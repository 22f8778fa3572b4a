/**
 * `npm run fuzz -- [--documents N] [--edits M] [--seed S] [--only I] [--files F] [--timeout SECONDS]
 * [--workers W] [--server-every K] [--out DIR]`: fuzzed documents through the in-process pipeline
 * (every K-th also through a real language server), then the language-server soak. Prints the seed
 * first, progress on stderr, a summary with the counts and the number of failures; exits 1 on any
 * failure (each failing document saved under --out with the command that makes it again), 2 on a
 * bad argument.
 */
import '../language/polyfill.js';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus, repositoryRoot } from './corpus.js';
import { DOCUMENT_KINDS } from './fuzz-document.js';
import { runFuzz, workerRunner } from './run-fuzz.js';
import { ServerPass } from './server-pass.js';
import { runSoak } from './soak.js';

interface Arguments {
    documents: number;
    edits: number;
    seed: number;
    only?: number;
    files: number;
    timeout: number;
    workers: number;
    serverEvery: number;
    out: string;
    server: string;
}

function parseArguments(argv: readonly string[], root: string): Arguments {
    const args: Arguments = {
        documents: 100_000,
        edits: 10_000,
        seed: Math.floor(Math.random() * 2 ** 31),
        files: 50,
        timeout: 20,
        workers: Math.max(1, Math.min(2, cpus().length)),
        serverEvery: 50,
        out: join(tmpdir(), 'spol-fuzz-failures'),
        server: join(root, 'out/language/main.js')
    };
    const numeric = new Set(['documents', 'edits', 'seed', 'only', 'files', 'timeout', 'workers', 'server-every']);
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i]!;
        const name = flag.replace(/^--/, '');
        const value = argv[++i];
        if (!flag.startsWith('--') || value === undefined) throw new Error(`'${flag}' needs a value (see fuzz/main.ts for the options).`);
        if (numeric.has(name)) {
            const n = Number(value);
            if (!Number.isInteger(n) || n < 0) throw new Error(`'${flag} ${value}' is not a whole number.`);
            if (name === 'server-every') args.serverEvery = n;
            else (args as unknown as Record<string, number>)[name] = n;
        } else if (name === 'out' || name === 'server') {
            args[name] = value;
        } else {
            throw new Error(`Unknown option '${flag}'.`);
        }
    }
    return args;
}

async function main(): Promise<number> {
    const root = repositoryRoot();
    let args: Arguments;
    try {
        args = parseArguments(process.argv.slice(2), root);
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        return 2;
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    console.log(`spol fuzz: seed ${args.seed}`);
    const corpus = loadCorpus(root);
    const runners = Array.from({ length: args.workers }, () => workerRunner(new URL('./check-worker.js', import.meta.url), args.seed, args.timeout * 1000));
    const server = args.serverEvery > 0 ? await ServerPass.start(args.server, root, args.seed, args.timeout * 1000) : undefined;
    let done = 0;
    let failed = 0;
    const started = Date.now();
    const total = args.only !== undefined ? 1 : args.documents;
    const report = await runFuzz({
        corpus,
        seed: args.seed,
        documents: args.documents,
        ...(args.only !== undefined ? { only: args.only } : {}),
        runners,
        failuresDir: args.out,
        onDocument: async (document, outcome) => {
            done++;
            const more = server && document.index % args.serverEvery === 0 ? await server.check(document) : { failures: [] };
            if (outcome.failures.length > 0 || more.failures.length > 0) failed++;
            if (done % 1000 === 0 || done === total) log(`fuzz: ${done}/${total} documents, ${failed} failed or past the bound (those are checked again alone at the end), ${((Date.now() - started) / 1000).toFixed(0)} s`);
            return more;
        }
    }).finally(() => Promise.all(runners.map((r) => r.close())));
    await server?.stop();
    for (const slow of report.slowUnderLoad) {
        log(`slow under load: document ${slow.index} (${slow.kind}: ${slow.recipe.slice(0, 200)}) ran past the bound in the run and passed alone (${slow.first[0]?.slice(0, 200) ?? ''})`);
    }
    for (const failure of report.failures) {
        log(`FAILED document ${failure.index} (${failure.kind}: ${failure.recipe.slice(0, 300)}), saved to ${failure.savedTo}`);
        for (const line of failure.failures.slice(0, 5)) log(`    ${line.slice(0, 500)}`);
        log(`    replay: npm run fuzz -- --seed ${args.seed} --only ${failure.index} --edits 0`);
    }

    const soak = args.edits > 0 ? await runSoak({ server: args.server, cwd: root, seed: args.seed, files: args.files, edits: args.edits, timeoutMs: args.timeout * 1000, progress: log }) : undefined;
    for (const line of soak?.failures ?? []) log(`FAILED in the soak: ${line}`);

    const kinds = DOCUMENT_KINDS.map((kind) => `${kind} ${report.byKind[kind]}`).join(', ');
    const failures = report.failures.length + (soak?.failures.length ?? 0);
    console.log(`documents: ${report.documents} (${kinds})`);
    console.log(`past the time bound in the run and passed when checked again alone: ${report.slowUnderLoad.length}`);
    console.log(`parsed without syntax errors: ${report.parsed}; formatted and checked (idempotent, same decisions): ${report.formatted}`);
    console.log(`in-process requests: ${report.requests}; server documents: ${server?.documents ?? 0} (${server?.requests ?? 0} requests, ${server?.starts ?? 0} server start${server?.starts === 1 ? '' : 's'})`);
    if (soak) {
        console.log(`soak: ${soak.files} files, ${soak.edits} edits, ${soak.requests} requests, ${(soak.milliseconds / 1000).toFixed(0)} s; ${soak.memory.sentence}`);
    }
    console.log(`time: ${((report.milliseconds + (soak?.milliseconds ?? 0)) / 1000).toFixed(0)} s; seed ${args.seed}; ${failures} failure${failures === 1 ? '' : 's'}`);
    return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
