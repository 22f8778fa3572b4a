/**
 * How the benchmark times and weighs things, after the earlier peer measurement's method: a cold
 * pass, then repetitions of at least `minRepMs` each, the median reported; slow operations time
 * only the first calls that fit in a budget. Memory is heap plus external memory (which holds the
 * array buffers and wasm memories) after a forced GC (run node with --expose-gc), minus the same before.
 */

export interface OpTiming {
    /** Median nanoseconds per operation over the repetitions. */
    readonly nsPerOp: number;
    readonly coldNsPerOp: number;
    /** Operations per repetition (passes × calls). */
    readonly opsPerRep: number;
    readonly reps: readonly number[];
}

export interface TimingOptions {
    readonly reps?: number;
    readonly minRepMs?: number;
    /** For slow operations: time only the first calls that fit in this many milliseconds. */
    readonly budgetMs?: number;
}

/** `run(n)` performs the first n operations and returns a checksum (so the work is not optimised away). */
export type Runner = (n: number) => number;

export function timeOps(run: Runner, total: number, options: TimingOptions = {}): OpTiming {
    return timeOpsTogether([run], total, options)[0]!;
}

/**
 * Several ways of doing the same operations, timed in turns (a repetition of each, then the next
 * round), so that a slow stretch of a busy machine, or a major GC, falls on all of them alike.
 */
export function timeOpsTogether(runs: readonly Runner[], total: number, options: TimingOptions = {}): OpTiming[] {
    const reps = options.reps ?? 5;
    const minRepMs = options.minRepMs ?? 200;
    const plans = runs.map((run) => {
        let n = total;
        let passes = 1;
        let coldNsPerOp: number;
        if (options.budgetMs !== undefined) {
            const pilotN = Math.min(total, 50);
            coldNsPerOp = timed(run, pilotN, 1) / pilotN;
            n = Math.max(Math.min(total, 100), Math.min(total, Math.floor((options.budgetMs * 1e6) / Math.max(coldNsPerOp, 1))));
            timed(run, Math.min(n, 200), 1);
        } else {
            coldNsPerOp = timed(run, n, 1) / n;
            const warmNs = timed(run, n, 1);
            passes = Math.max(1, Math.ceil((minRepMs * 1e6) / Math.max(warmNs, 1)));
        }
        return { run, n, passes, coldNsPerOp, samples: [] as number[] };
    });
    for (let k = 0; k < reps; k++) for (const plan of plans) plan.samples.push(timed(plan.run, plan.n, plan.passes) / (plan.n * plan.passes));
    return plans.map((plan) => ({ nsPerOp: median(plan.samples), coldNsPerOp: plan.coldNsPerOp, opsPerRep: plan.n * plan.passes, reps: plan.samples }));
}

let sink = 0;

function timed(run: Runner, n: number, passes: number): number {
    const start = process.hrtime.bigint();
    for (let k = 0; k < passes; k++) sink += run(n);
    return Number(process.hrtime.bigint() - start);
}

/** The median of each call of `once`, timed alone, in nanoseconds; `count` calls. */
export function timeEach(once: (i: number) => unknown, count: number): { readonly medianNs: number; readonly samples: number } {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
        const start = process.hrtime.bigint();
        if (once(i) === sink) sink++;
        samples.push(Number(process.hrtime.bigint() - start));
    }
    return { medianNs: median(samples), samples: count };
}

export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function collectGarbage(): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
        gc();
        gc();
    }
}

/** Heap + external (array buffers included), bytes, after a forced GC. */
export function heldBytes(): number {
    collectGarbage();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.external;
}

/** Wall time and held-memory growth of building something; the result is returned for use. */
export async function measureBuild<T>(build: () => T | Promise<T>): Promise<{ readonly value: T; readonly ms: number; readonly heapMb: number }> {
    const before = heldBytes();
    const start = process.hrtime.bigint();
    const value = await build();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const heapMb = (heldBytes() - before) / 2 ** 20;
    return { value, ms, heapMb };
}
