/**
 * `npm run bench -- [--users N] [--collections M] [--seed S] [--queries Q] [--growth] [--quick]`:
 * generates an institution (bench/generate-institution.ts) into a temporary folder, loads it
 * through the language as `spol check` does, and measures in this one process spol and its peers
 * on the same random queries, then the command line and the editor (child processes). Prints a
 * Markdown table of medians, targets and ratios to the string-keyed bitset, and writes the figures
 * to bench/results/<date>.json. `--growth` adds the phase costs at four sizes, each in a fresh
 * process; `--quick` is a small run for trying things.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ModelIndex } from '../engine/model/stored.js';
import { DEFAULT_INSTITUTION, generateInstitution, lineCount, writeInstitution } from './generate-institution.js';
import { growthTable, measureGrowthPoint, runGrowth, type GrowthPoint } from './growth.js';
import { loadWithPhases } from './load-phases.js';
import { measureChild } from './measure-child.js';
import { measureCli, type CliFigures } from './measure-cli.js';
import { measureEditor, type EditorFigures } from './measure-editor.js';
import { measurePeer, type PeerFigures } from './measure-peers.js';
import { measureSpol } from './measure-spol.js';
import { bitsetIntegers, bitsetStrings } from './peers/bitset.js';
import { casbinPerCollection } from './peers/casbin.js';
import { caslPerSession } from './peers/casl.js';
import { cedarPerCollection } from './peers/cedar.js';
import { peerPackageVersion } from './peers/peer-package.js';
import { peerInput } from './peers/session-rows.js';
import { Universe } from './peers/universe.js';
import { makeQueries } from './queries.js';
import { markdownTable, met, type Figure } from './report.js';
import { repoRoot } from './repo-root.js';
import { collectGarbage } from './timing.js';

interface Options {
    readonly users: number;
    readonly collections: number;
    readonly seed: number;
    readonly queries: number;
    readonly growth: boolean;
    readonly quick: boolean;
    readonly growthPoint: boolean;
}

function parseOptions(args: readonly string[]): Options {
    const flags = new Set<string>();
    const values = new Map<string, string>();
    for (let i = 0; i < args.length; i++) {
        const [key, inline] = args[i]!.split('=', 2) as [string, string | undefined];
        if (key === '--growth' || key === '--quick' || key === '--growth-point') flags.add(key);
        else if (/^--(users|collections|seed|queries)$/.test(key)) {
            const value = inline ?? args[++i];
            if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${key} needs a whole number.`);
            values.set(key.slice(2), value);
        } else throw new Error(`Unknown option '${args[i]}': use --users N --collections M --seed S --queries Q --growth --quick.`);
    }
    const quick = flags.has('--quick');
    const number = (key: string, fallback: number): number => (values.has(key) ? Number(values.get(key)) : fallback);
    return {
        users: number('users', quick ? 1000 : DEFAULT_INSTITUTION.users),
        collections: number('collections', quick ? 20 : DEFAULT_INSTITUTION.collections),
        seed: number('seed', DEFAULT_INSTITUTION.seed),
        queries: number('queries', quick ? 200_000 : 1_000_000),
        growth: flags.has('--growth'),
        quick,
        growthPoint: flags.has('--growth-point')
    };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
    const options = parseOptions(process.argv.slice(2));
    const parameters = { users: options.users, collections: options.collections, seed: options.seed };
    if (options.growthPoint) {
        process.stdout.write(`${JSON.stringify(await measureGrowthPoint(parameters))}\n`);
        return;
    }
    if (typeof (globalThis as { gc?: unknown }).gc !== 'function') log('warning: run node with --expose-gc, or the memory figures mean nothing.');
    const started = Date.now();
    const temp = mkdtempSync(join(os.tmpdir(), 'spol-bench-'));
    try {
        const workspace = join(temp, 'institution');
        writeInstitution(workspace, generateInstitution(parameters));
        const loaded = await loadWithPhases(workspace);
        if (loaded.errors.length > 0) throw new Error(`The generated workspace has errors: ${loaded.errors.slice(0, 5).join('; ')}`);
        const { parseMs, linkMs, lintMs } = loaded.phases;
        log(`institution: ${options.users} users × ${options.collections} collections, ${loaded.files} files, ${loaded.lines} lines; parse ${parseMs.toFixed(0)} ms, link ${linkMs.toFixed(0)} ms, lint ${lintMs.toFixed(0)} ms`);

        const q = makeQueries(loaded.model, options.queries, options.seed);
        const input = peerInput(new ModelIndex(loaded.model), q.sessions);
        const universe = new Universe(q.resources);
        log(`queries: ${q.n} over ${q.sessions.length} sessions and ${q.resources.length} resources`);

        // The string bitset is also timed in turns with spol's yes/no: the ratio the target is about.
        const stringBitsetRunner = await bitsetStrings.build(input, universe, q);
        const spol = await measureSpol(loaded.model, q, {
            referenceSize: options.quick ? 5_000 : 20_000,
            profileSamples: options.quick ? 50 : 200,
            quick: options.quick,
            stringBitset: stringBitsetRunner
        });
        log(`spol: session.can ${spol.sessionCan.nsPerOp.toFixed(1)} ns, engine.can ${spol.engineCan.nsPerOp.toFixed(1)} ns (string bitset in turns with them: ${spol.stringBitset!.nsPerOp.toFixed(1)} ns), decide ${spol.sessionDecide.nsPerOp.toFixed(0)} ns; allowed ${(spol.allowRate * 100).toFixed(1)}% of the reference sample`);
        collectGarbage();

        const peers: PeerFigures[] = [];
        for (const peer of [bitsetIntegers, bitsetStrings, caslPerSession, casbinPerCollection, cedarPerCollection]) {
            const figures = await measurePeer(peer, input, universe, q, spol.reference, {
                slowBudgetMs: options.quick ? 500 : 2000,
                agreeBudgetMs: options.quick ? 2000 : 15_000
            });
            log(`${peer.key} ${peer.label}: ${figures.timing.nsPerOp.toFixed(1)} ns per query, built in ${figures.buildMs.toFixed(0)} ms (+${figures.heapMb.toFixed(0)} MB), agrees with spol on ${figures.agreed} queries`);
            peers.push(figures);
            collectGarbage();
        }
        // Ratios of the yes/no paths are to the string bitset timed in turns with them; the peers'
        // rows are to the same figure (each peer was timed alone, after spol).
        const stringBitset = spol.stringBitset!.nsPerOp;
        const perQuery = (what: string, ns: number, target?: Figure['target'], maxRatio?: number): Figure => ({
            what,
            value: ns,
            unit: 'ns',
            ratio: ns / stringBitset,
            ...(target ? { target } : {}),
            ...(maxRatio !== undefined ? { maxRatio } : {})
        });
        const yesNo = { max: 250, text: '≤ 250 ns and ≤ 3× string bitset' };
        const figures: Figure[] = [
            perQuery('spol yes/no, session held: `s.can(resource, action)`', spol.sessionCan.nsPerOp, yesNo, 3),
            // The peers' sessions are given (d2 by index): the target row is the session's. This one
            // adds finding the session by user and collection name, which no peer does.
            perQuery('spol yes/no, session found by name: `engine.can({ user, collection, resource, action })`', spol.engineCan.nsPerOp),
            perQuery('spol decision with provenance: `s.decide(resource, action)`', spol.sessionDecide.nsPerOp, { max: 2000, text: '≤ 2 µs' }),
            perQuery('peer d2 timed in turns with spol yes/no (the ratios\' base)', stringBitset),
            ...peers.map((p) => perQuery(`peer ${p.key}: ${p.label}`, p.timing.nsPerOp)),
            { what: `build every session's abilities (${spol.abilities.sessions} sessions): time`, value: spol.abilities.ms, unit: 'ms', target: { max: 2000, text: '≤ 2 s' } },
            { what: "build every session's abilities: heap", value: spol.abilities.heapMb, unit: 'MB', target: { max: 500, text: '≤ 500 MB' } },
            ...peers.map((p): Figure => ({ what: `peer ${p.key} build (time; +${p.heapMb.toFixed(0)} MB)`, value: p.buildMs, unit: 'ms' })),
            { what: 'profile, one user in one collection, warm', value: spol.profileWarmNs, unit: 'ns', target: { max: 100_000, text: '≤ 0.1 ms' } },
            { what: 'profile, one user in one collection, cold', value: spol.profileColdNs, unit: 'ns', target: { max: 500_000, text: '≤ 0.5 ms' } },
            { what: `who-can over ${spol.whoCanUsers} users, warm`, value: spol.whoCanWarmNs, unit: 'ns', target: { max: 5_000_000, text: '≤ 5 ms' } },
            { what: `who-can over ${spol.whoCanUsers} users, cold (fresh engine)`, value: spol.whoCanColdNs, unit: 'ns' }
        ];

        const cli = await measureCommandLine(workspace, loaded, options, temp, figures);
        const editor = await measureTheEditor(options, temp, loaded.lines, figures);
        let growth: GrowthPoint[] | undefined;
        if (options.growth) growth = runGrowth(options.seed, log);

        const table = markdownTable(figures);
        const machine = { cpu: os.cpus()[0]?.model ?? '?', cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, node: process.version };
        process.stdout.write(`\n## spol benchmark, ${new Date().toISOString().slice(0, 10)}\n\n`);
        process.stdout.write(`${options.users} users × ${options.collections} collections (seed ${options.seed}): ${loaded.lines} lines in ${loaded.files} files, ${q.sessions.length} sessions, ${q.n} queries. `);
        process.stdout.write(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}. Load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.\n\n${table}\n`);
        if (growth) process.stdout.write(`\n### Growth (each size in a fresh process)\n\n${growthTable(growth)}\n`);
        const missed = figures.filter((f) => met(f) === false).map((f) => f.what);
        process.stdout.write(`\n${missed.length === 0 ? 'Every target is met.' : `Targets not met: ${missed.length}.`}\n`);

        const result = {
            date: new Date().toISOString(),
            seconds: (Date.now() - started) / 1000,
            parameters: { ...parameters, queries: q.n, quick: options.quick },
            machine: { ...machine, loadavg: os.loadavg(), v8: process.versions.v8 },
            peerVersions: Object.fromEntries(['@casl/ability', 'casbin', '@cedar-policy/cedar-wasm'].map((name) => [name, peerPackageVersion(name)])),
            workspace: { files: loaded.files, lines: loaded.lines, sessions: q.sessions.length, resources: q.resources.length, phasesMs: loaded.phases },
            figures: figures.map((f) => ({ ...f, met: met(f) })),
            spol: { ...spol, reference: undefined },
            peers,
            cli,
            editor,
            growth,
            markdown: table
        };
        const folder = join(repoRoot(), 'bench', 'results');
        mkdirSync(folder, { recursive: true });
        const file = join(folder, `${result.date.slice(0, 10)}${options.quick ? '-quick' : ''}.json`);
        writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
        log(`wrote ${file} after ${result.seconds.toFixed(0)} s`);
    } finally {
        rmSync(temp, { recursive: true, force: true });
    }
}

/**
 * The command line (bench/measure-cli.ts): one `can`, `profile` and `who-can` and a `diff` on the
 * institution, and `spol check` of it and of a workspace of about 100,000 lines (the target's size;
 * skipped with --quick).
 */
async function measureCommandLine(workspace: string, loaded: Awaited<ReturnType<typeof loadWithPhases>>, options: Options, temp: string, figures: Figure[]): Promise<CliFigures> {
    log('command line: check, can, profile, who-can, diff…');
    const cli = await measureCli(workspace, { model: loaded.model });
    const cpu = (what: string, ms: number, max?: number, text?: string): Figure => ({ what, value: ms, unit: 'ms', ...(max !== undefined ? { target: { max, text: text! } } : {}) });
    figures.push(
        cpu(`\`spol check\`, this institution (${loaded.lines} lines): CPU`, cli.check.cpuMs),
        { what: '`spol check`, this institution: peak memory', value: cli.check.maxRssMb, unit: 'MB' },
        cpu(`\`spol ${cli.can.command}\`: CPU`, cli.can.cpuMs, 2000, '≤ 2 s CPU'),
        cpu(`\`spol ${cli.profile.command}\`: CPU`, cli.profile.cpuMs, 2000, '≤ 2 s CPU'),
        cpu(`\`spol ${cli.whoCan.command}\`: CPU`, cli.whoCan.cpuMs, 2000, '≤ 2 s CPU'),
        cpu('`spol diff` of two versions of this institution: CPU', cli.diff.cpuMs, 10_000, '≤ 10 s'),
        cpu('`spol diff`: wall', cli.diff.wallMs)
    );
    if (!options.quick) {
        const users = Math.round((options.users * 100_000) / loaded.lines);
        const folder = join(temp, 'check-100k');
        const files = generateInstitution({ users, collections: options.collections, seed: options.seed });
        writeInstitution(folder, files);
        const lines = lineCount(files);
        log(`command line: spol check of ${lines} lines (${users} users)…`);
        const check = await measureChild(join(repoRoot(), 'bin', 'spol.js'), ['check', '--quiet', folder]);
        if (check.exitCode !== 0) throw new Error(`spol check of the generated ${lines} lines failed: ${check.stdout.slice(-500)}`);
        figures.push(
            cpu(`\`spol check\`, ${lines} lines (${users} users): CPU`, check.cpuMs, 5000, '≤ 5 s CPU'),
            { what: `\`spol check\`, ${lines} lines: peak memory`, value: check.maxRssMb, unit: 'MB', target: { max: 1024, text: '≤ 1 GB' } }
        );
    }
    return cli;
}

/** Diagnostics after a keystroke, through the language server, in a workspace of about 10,000 lines. */
async function measureTheEditor(options: Options, temp: string, lines: number, figures: Figure[]): Promise<EditorFigures> {
    const users = Math.max(50, Math.round((options.users * 10_000) / lines));
    const folder = join(temp, 'editor-10k');
    const files = generateInstitution({ users, collections: Math.min(options.collections, 12), seed: options.seed });
    writeInstitution(folder, files);
    const size = lineCount(files);
    log(`editor: keystrokes in a workspace of ${size} lines…`);
    const editor = await measureEditor(folder, options.quick ? { keystrokes: 8, warmup: 3 } : {});
    figures.push(
        { what: `editor: diagnostics after a keystroke, ${size} lines (median)`, value: editor.medianMs, unit: 'ms', target: { max: 100, text: '≤ 100 ms' } },
        { what: 'editor: every file validated again after a keystroke (median)', value: editor.allFilesMedianMs, unit: 'ms' }
    );
    return editor;
}

main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
