/**
 * Growth mode (`npm run bench -- --growth`): the cost of each phase (parse, link, lint, compile,
 * abilities, decide) at 1,000 / 5,000 / 20,000 users with 60 collections and at 5,000 users with
 * 240 collections, each size in a fresh process, and the ratio per 4× the users (or collections).
 * Linear cost means a ratio near 4; the target is at most 4.5.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../engine/decision/index.js';
import { ModelIndex } from '../engine/model/stored.js';
import { generateInstitution, writeInstitution, type InstitutionParameters } from './generate-institution.js';
import { loadWithPhases } from './load-phases.js';
import { makeQueries } from './queries.js';

export const PHASES = ['parse', 'link', 'lint', 'compile', 'abilities', 'decide'] as const;
export type Phase = (typeof PHASES)[number];

export interface GrowthPoint {
    readonly users: number;
    readonly collections: number;
    readonly lines: number;
    readonly sessions: number;
    /** Milliseconds per phase; decide is the total for a fixed number of decisions per session. */
    readonly ms: Readonly<Record<Phase, number>>;
}

/** Decisions asked per session in the decide phase, so that it grows with the institution as the rest does. */
const DECISIONS_PER_SESSION = 4;

/** One size, in this process: generate, load with phase times, compile, build every session, decide. */
export async function measureGrowthPoint(parameters: InstitutionParameters): Promise<GrowthPoint> {
    const folder = mkdtempSync(join(tmpdir(), 'spol-bench-growth-'));
    try {
        writeInstitution(folder, generateInstitution(parameters));
        const loaded = await loadWithPhases(folder);
        if (loaded.errors.length > 0) throw new Error(`The generated workspace has errors: ${loaded.errors.slice(0, 3).join('; ')}`);
        let t = performance.now();
        const engine = compile(new ModelIndex(loaded.model));
        const compileMs = performance.now() - t;
        const q = makeQueries(loaded.model, 1, parameters.seed);
        t = performance.now();
        for (const s of q.sessions) engine.session(s.user, s.collection);
        const abilitiesMs = performance.now() - t;
        const asked = makeQueries(loaded.model, q.sessions.length * DECISIONS_PER_SESSION, parameters.seed + 1);
        t = performance.now();
        for (let i = 0; i < asked.n; i++) engine.decide({ user: asked.user[i]!, collection: asked.collection[i]!, resource: asked.resourceName[i]!, action: asked.actionName[i]! });
        const decideMs = performance.now() - t;
        const { parseMs, linkMs, lintMs } = loaded.phases;
        return {
            ...parameters,
            lines: loaded.lines,
            sessions: q.sessions.length,
            ms: { parse: parseMs, link: linkMs, lint: lintMs, compile: compileMs, abilities: abilitiesMs, decide: decideMs }
        };
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}

export const GROWTH_SIZES: readonly { readonly users: number; readonly collections: number }[] = [
    { users: 1000, collections: 60 },
    { users: 5000, collections: 60 },
    { users: 20000, collections: 60 },
    { users: 5000, collections: 240 }
];

/** Runs every size in a fresh `node main.js --growth-point` (with this process's node options) and returns the points in order. */
export function runGrowth(seed: number, log: (line: string) => void): GrowthPoint[] {
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    return GROWTH_SIZES.map(({ users, collections }) => {
        log(`growth: ${users} users × ${collections} collections in a fresh process…`);
        const child = spawnSync(
            process.execPath,
            [...process.execArgv, '--max-old-space-size=8192', main, '--growth-point', '--users', String(users), '--collections', String(collections), '--seed', String(seed)],
            { encoding: 'utf8', maxBuffer: 16 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] }
        );
        if (child.status !== 0) throw new Error(`The growth run at ${users} users × ${collections} collections failed (exit ${child.status}).`);
        return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as GrowthPoint;
    });
}

/** Below this many milliseconds at the smaller size a phase's ratio is timer and GC noise, and is not judged. */
const JUDGED_FROM_MS = 20;

/**
 * The growth of a phase from b to a, per 4× the size: (a/b)^(ln 4 / ln(size a / size b)), so that
 * 1k → 5k users (5×) compares with 5k → 20k (4×). Linear cost gives 4.
 */
function perFourTimes(a: GrowthPoint | undefined, b: GrowthPoint | undefined, phase: Phase): number | undefined {
    if (!a || !b || b.ms[phase] < JUDGED_FROM_MS || a.ms[phase] <= 0) return undefined;
    const size = a.users / b.users !== 1 ? a.users / b.users : a.collections / b.collections;
    return Math.pow(a.ms[phase] / b.ms[phase], Math.log(4) / Math.log(size));
}

/** Per phase: the time at each size, and the growth per 4× users (1k → 5k, 5k → 20k) and per 4× collections. */
export function growthTable(points: readonly GrowthPoint[]): string {
    const at = (users: number, collections: number): GrowthPoint | undefined => points.find((p) => p.users === users && p.collections === collections);
    const [small, middle, large, wide] = [at(1000, 60), at(5000, 60), at(20000, 60), at(5000, 240)];
    const show = (x: number | undefined): string => (x === undefined ? '' : `${x.toFixed(2)}×`);
    const ms = (p: GrowthPoint | undefined, phase: Phase): string => (p ? p.ms[phase].toFixed(0) : '');
    const lines = [
        '| phase | 1k users (ms) | 5k users (ms) | 20k users (ms) | 5k users, 240 coll. (ms) | per 4× users, 1k→5k | per 4× users, 5k→20k | per 4× collections | ≤ 4.5× |',
        '|---|---:|---:|---:|---:|---:|---:|---:|:---:|'
    ];
    for (const phase of PHASES) {
        const growths = [perFourTimes(middle, small, phase), perFourTimes(large, middle, phase), perFourTimes(wide, middle, phase)];
        const known = growths.filter((g): g is number => g !== undefined);
        const ok = known.length === 0 ? '' : Math.max(...known) <= 4.5 ? 'yes' : 'no';
        lines.push(`| ${phase} | ${ms(small, phase)} | ${ms(middle, phase)} | ${ms(large, phase)} | ${ms(wide, phase)} | ${growths.map(show).join(' | ')} | ${ok} |`);
    }
    lines.push('', `lines: ${points.map((p) => `${p.users}×${p.collections}: ${p.lines}`).join(', ')}; sessions: ${points.map((p) => p.sessions).join(', ')}`);
    return lines.join('\n');
}
