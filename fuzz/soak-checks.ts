/**
 * What the server's answers and memory must satisfy, as pure functions so that tests can hold them
 * to examples: an answer is a result or a cancellation (the text changed under the request), never
 * another error; memory is flat when it stops growing once the server has warmed up.
 */
import type { Message } from './lsp-client.js';

export type { Message } from './lsp-client.js';

/** LSP's codes for a request overtaken by an edit: a normal answer while the user types. */
const CANCELLED = new Set([-32800, -32801, -32802]);

/** Why an answer is wrong, or undefined when it is a result or a cancellation. */
export function checkedAnswer(method: string, answer: Message): string | undefined {
    if (answer.error) return CANCELLED.has(answer.error.code) ? undefined : `${method} answered with error ${answer.error.code}: ${answer.error.message}`;
    if (!('result' in answer)) return `${method} answered with neither a result nor an error`;
    return undefined;
}

/** One memory sample: the server's resident set after `edit` edits. */
export interface MemorySample {
    readonly edit: number;
    readonly rssKb: number;
}

export interface MemoryVerdict {
    readonly flat: boolean;
    /** Median RSS of the second and last quarters of the samples, in KB. */
    readonly secondQuarterKb: number;
    readonly lastQuarterKb: number;
    readonly sentence: string;
}

/** Growth allowed between the second and the last quarter of the run (see memoryVerdict). */
export const ALLOWED_GROWTH = 0.2;

/**
 * Flat means: the median RSS over the last quarter of the edits is at most 20 % above the median
 * over the second quarter (the first quarter, which holds the first thousand edits of a 10,000-edit
 * run, is warm-up: the JIT, Langium's caches, the registry). Medians ignore the odd sample taken
 * just before a garbage collection. Why 20 %: with the same workload the server's RSS moves by a
 * few percent from GC timing; a leak that keeps anything per edit (a document version, an AST, a
 * listener: 10 KB and more) adds 50 MB and more between the quarters of 10,000 edits, well past
 * 20 % of a server of about 150–250 MB.
 */
export function memoryVerdict(samples: readonly MemorySample[]): MemoryVerdict {
    if (samples.length < 8) return { flat: true, secondQuarterKb: 0, lastQuarterKb: 0, sentence: `too few memory samples (${samples.length}) to judge` };
    const last = samples.at(-1)!.edit;
    const inQuarter = (q: number) => samples.filter((s) => s.edit > (last * (q - 1)) / 4 && s.edit <= (last * q) / 4).map((s) => s.rssKb);
    const second = median(inQuarter(2));
    const fourth = median(inQuarter(4));
    const flat = fourth <= second * (1 + ALLOWED_GROWTH);
    const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
    const change = second > 0 ? `${fourth >= second ? '+' : ''}${(((fourth - second) / second) * 100).toFixed(1)} %` : 'n/a';
    return {
        flat,
        secondQuarterKb: second,
        lastQuarterKb: fourth,
        sentence: `server memory (median RSS) ${mb(second)} in the second quarter, ${mb(fourth)} in the last (${change}; at most +${ALLOWED_GROWTH * 100} % is flat)`
    };
}

function median(values: readonly number[]): number {
    if (values.length === 0) return 0;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The resident set of a process in KB (Linux /proc), or undefined where it cannot be read. */
export async function residentKb(pid: number): Promise<number | undefined> {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
    const match = status && /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
}
