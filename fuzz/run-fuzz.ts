/**
 * The fuzz run: documents 0…n-1 of a seed (generate-document.ts), each checked by a runner under a
 * time bound, counted by kind, and every failure saved to a file with its seed and index so that it
 * can be made again alone (`npm run fuzz -- --seed S --only I`).
 *
 * The real runner is a worker thread (check-worker.ts) per lane: a document that runs past the bound
 * is reported as a hang and its worker is terminated and replaced, so one hang never stops the run.
 * A runner is a parameter so that a test can plant a failing step and see it reported.
 *
 * The bound is wall time, and a busy machine (both lanes, the server, whatever else runs) can push
 * a document past it that is nowhere near hanging. So a document whose only failure is the bound is
 * checked once more at the end, alone (one lane, nothing else of the run going on): if it passes
 * then, it is counted as slow under load and not as a failure; if it runs past the bound again, or
 * fails otherwise, that is its failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Corpus } from './corpus.js';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentOutcome, type FuzzDocument } from './fuzz-document.js';
import { generateDocument } from './generate-document.js';

/** Checks documents one at a time; `close` frees what it holds. */
export interface DocumentRunner {
    run(document: FuzzDocument): Promise<DocumentOutcome>;
    close(): Promise<void>;
}

export interface FuzzOptions {
    readonly corpus: Corpus;
    readonly seed: number;
    /** Documents 0…documents-1, or only the one numbered `only`. */
    readonly documents: number;
    readonly only?: number;
    /** Runners working side by side (one per lane). */
    readonly runners: readonly DocumentRunner[];
    /** Where failing documents are written. */
    readonly failuresDir: string;
    /** Told every document's outcome; returns more failures of the document (the server pass), if any. */
    readonly onDocument?: (document: FuzzDocument, outcome: DocumentOutcome) => Promise<MoreFailures | void>;
}

/** What a further check of a document (the server pass) found. */
export interface MoreFailures {
    readonly failures: readonly string[];
    /** It ran past the time bound. */
    readonly timedOut?: boolean;
}

export interface FuzzFailure {
    readonly index: number;
    readonly kind: DocumentKind;
    readonly recipe: string;
    readonly failures: readonly string[];
    /** The document's bytes, as a file. */
    readonly savedTo: string;
}

/** A document that ran past the bound with the run going on, and passed when checked again alone. */
export interface SlowUnderLoad {
    readonly index: number;
    readonly kind: DocumentKind;
    readonly recipe: string;
    /** What the first check reported. */
    readonly first: readonly string[];
}

export interface FuzzReport {
    readonly seed: number;
    readonly documents: number;
    readonly byKind: Readonly<Record<DocumentKind, number>>;
    readonly parsed: number;
    readonly formatted: number;
    readonly requests: number;
    readonly failures: readonly FuzzFailure[];
    /** Documents that passed when checked again alone after running past the bound in the run. */
    readonly slowUnderLoad: readonly SlowUnderLoad[];
    readonly milliseconds: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
    const started = Date.now();
    const indices = options.only !== undefined ? [options.only] : Array.from({ length: options.documents }, (_, i) => i);
    const byKind = Object.fromEntries(DOCUMENT_KINDS.map((kind) => [kind, 0])) as Record<DocumentKind, number>;
    let parsed = 0;
    let formatted = 0;
    let requests = 0;
    const failures: FuzzFailure[] = [];
    const timedOut: { readonly document: FuzzDocument; readonly first: readonly string[] }[] = [];
    let next = 0;
    /** Checks one document (and its further checks); its failures, and whether the bound was all that failed. */
    const checkOne = async (runner: DocumentRunner, document: FuzzDocument) => {
        const outcome = await runner.run(document);
        const more = (await options.onDocument?.(document, outcome)) ?? { failures: [] };
        const all = [...outcome.failures, ...more.failures];
        const onlyTheBound = all.length > 0 && (outcome.failures.length === 0 || outcome.timedOut === true) && (more.failures.length === 0 || more.timedOut === true);
        return { outcome, all, onlyTheBound };
    };
    const lane = async (runner: DocumentRunner) => {
        while (next < indices.length) {
            const document = generateDocument(options.corpus, options.seed, indices[next++]!);
            const { outcome, all, onlyTheBound } = await checkOne(runner, document);
            byKind[document.kind]++;
            if (outcome.parsed) parsed++;
            if (outcome.formatted) formatted++;
            requests += outcome.requests;
            if (onlyTheBound) timedOut.push({ document, first: all });
            else if (all.length > 0) failures.push(save(options, document, all));
        }
    };
    await Promise.all(options.runners.map(lane));
    const slowUnderLoad: SlowUnderLoad[] = [];
    for (const { document, first } of timedOut.sort((a, b) => a.document.index - b.document.index)) {
        const again = await checkOne(options.runners[0]!, document);
        if (again.all.length === 0) slowUnderLoad.push({ index: document.index, kind: document.kind, recipe: document.recipe, first });
        else failures.push(save(options, document, [...again.all.map((f) => `checked again alone: ${f}`), ...first.map((f) => `in the run: ${f}`)]));
    }
    failures.sort((a, b) => a.index - b.index);
    return { seed: options.seed, documents: indices.length, byKind, parsed, formatted, requests, failures, slowUnderLoad, milliseconds: Date.now() - started };
}

/** Writes the document (and, beside it, what failed and how to make it again); returns the record. */
function save(options: FuzzOptions, document: FuzzDocument, found: readonly string[]): FuzzFailure {
    mkdirSync(options.failuresDir, { recursive: true });
    const base = join(options.failuresDir, `seed-${options.seed}-document-${document.index}`);
    writeFileSync(`${base}.spol`, document.bytes);
    const siblings = document.siblings.map((s) => s.path).join(', ') || 'none';
    writeFileSync(
        `${base}.txt`,
        [
            `seed ${options.seed}, document ${document.index} (${document.kind}): ${document.recipe}`,
            `replay: npm run fuzz -- --seed ${options.seed} --only ${document.index} --edits 0`,
            `checked as ${document.path} with the other files of its workspace: ${siblings}`,
            '',
            ...found
        ].join('\n') + '\n'
    );
    return { index: document.index, kind: document.kind, recipe: document.recipe, failures: found, savedTo: `${base}.spol` };
}

// ---------------------------------------------------------------- runners

/** Runs a check in this thread: for tests, where a planted step must fail. A synchronous hang is not caught here. */
export function inProcessRunner(check: (document: FuzzDocument) => Promise<DocumentOutcome>, timeoutMs: number): DocumentRunner {
    return {
        run: async (document) => {
            let timer: NodeJS.Timeout | undefined;
            const timeout = new Promise<DocumentOutcome>((resolve) => {
                timer = setTimeout(() => resolve(hung(timeoutMs)), timeoutMs);
            });
            try {
                return await Promise.race([
                    check(document).catch((error: unknown) => ({ failures: [`the check threw: ${String(error)}`], parsed: false, formatted: false, requests: 0 })),
                    timeout
                ]);
            } finally {
                clearTimeout(timer);
            }
        },
        close: async () => undefined
    };
}

function hung(timeoutMs: number): DocumentOutcome {
    return {
        failures: [`no answer within ${timeoutMs / 1000} s: the pipeline hangs or is far too slow on this document`],
        parsed: false,
        formatted: false,
        requests: 0,
        timedOut: true
    };
}

/**
 * Runs the check in a worker thread (`script`, a module that answers each document it is posted
 * with a DocumentOutcome). Past `timeoutMs` the worker is terminated and the document reported as
 * hanging; a worker that dies is reported as a crash; either way a new worker takes the next one.
 * Workers are replaced every `recycleAfter` documents, so that a slow leak in the pipeline cannot
 * end a long run out of memory (the soak measures leaks; this checks documents).
 */
export function workerRunner(script: URL, seed: number, timeoutMs: number, recycleAfter = 5000, memoryMb = 3072): DocumentRunner {
    let worker: Worker | undefined;
    let used = 0;
    const fresh = () => new Worker(script, { workerData: { seed }, resourceLimits: { maxOldGenerationSizeMb: memoryMb }, stdout: false, stderr: false });
    const stop = async () => {
        const w = worker;
        worker = undefined;
        if (w) await w.terminate();
    };
    return {
        run: async (document) => {
            if (worker && used >= recycleAfter) await stop();
            if (!worker) {
                worker = fresh();
                used = 0;
            }
            used++;
            const w = worker;
            const outcome = await new Promise<DocumentOutcome | { crashed: string } | 'timeout'>((resolve) => {
                const timer = setTimeout(() => finish('timeout'), timeoutMs);
                const onMessage = (outcome: DocumentOutcome) => finish(outcome);
                const onError = (error: Error) => finish({ crashed: `the worker crashed: ${error.name}: ${error.message}` });
                const onExit = (code: number) => finish({ crashed: `the worker exited (code ${code}) while checking this document` });
                function finish(result: DocumentOutcome | { crashed: string } | 'timeout'): void {
                    clearTimeout(timer);
                    w.off('message', onMessage).off('error', onError).off('exit', onExit);
                    resolve(result);
                }
                w.on('message', onMessage).on('error', onError).on('exit', onExit);
                w.postMessage(document);
            });
            if (outcome === 'timeout') {
                await stop();
                return hung(timeoutMs);
            }
            if ('crashed' in outcome) {
                await stop();
                return { failures: [outcome.crashed], parsed: false, formatted: false, requests: 0 };
            }
            return outcome;
        },
        close: stop
    };
}
