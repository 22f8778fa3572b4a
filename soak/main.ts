/**
 * `npm run soak -- --queries N [--seed S] [--per-workspace K]`: the soak (run-soak.ts) from the
 * command line. The seed goes to stdout first (a run is reproduced by its seed and N), progress to
 * stderr every few seconds, and the last line of stdout is exactly `N queries, M disagreements`.
 * On a disagreement the shrunk workspace and question come before it, and the exit code is 1;
 * bad arguments exit 2.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { describeFinding, QUESTIONS_PER_WORKSPACE, runSoak } from './run-soak.js';

const PROGRESS_EVERY_MS = 5000;

function count(text: string | undefined, name: string, fallback: number): number {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text)) throw new Error(`--${name} '${text}' is not a whole number.`);
    return Number(text);
}

async function main(argv: string[]): Promise<number> {
    let queries: number;
    let seed: number;
    let perWorkspace: number;
    try {
        const { values } = parseArgs({
            args: argv,
            options: { queries: { type: 'string' }, seed: { type: 'string' }, 'per-workspace': { type: 'string' } },
            strict: true
        });
        queries = count(values.queries, 'queries', 10_000);
        seed = values.seed !== undefined && /^-?\d+$/.test(values.seed) ? Number(values.seed) : count(values.seed, 'seed', randomInt(2 ** 31 - 1));
        if (!Number.isSafeInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31) throw new Error(`--seed '${values.seed}' is not a 32-bit integer.`);
        perWorkspace = count(values['per-workspace'], 'per-workspace', QUESTIONS_PER_WORKSPACE);
        if (perWorkspace < 1) throw new Error(`--per-workspace must be at least 1.`);
    } catch (error) {
        process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\nusage: npm run soak -- --queries N [--seed S] [--per-workspace K]\n`);
        return 2;
    }
    process.stdout.write(`soak: seed ${seed}, ${queries} queries, ${perWorkspace} per workspace\n`);
    const started = Date.now();
    let last = started;
    const result = await runSoak({
        queries,
        seed,
        perWorkspace,
        onProgress: (asked, workspaces) => {
            const now = Date.now();
            if (now - last < PROGRESS_EVERY_MS) return;
            last = now;
            const rate = asked / ((now - started) / 1000);
            const left = rate > 0 ? Math.round((queries - asked) / rate) : 0;
            process.stderr.write(`soak: ${asked} of ${queries} queries, ${workspaces} workspaces, ${Math.round(rate)}/s, about ${left}s left\n`);
        },
        onShrink: (tried) => {
            const now = Date.now();
            if (now - last < PROGRESS_EVERY_MS) return;
            last = now;
            process.stderr.write(`soak: a disagreement; shrinking it, ${tried} workspaces tried\n`);
        }
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const { granted, denied, refused } = result.outcomes;
    process.stderr.write(`soak: seed ${seed}, ${result.workspaces} workspaces in ${seconds}s; ${granted} granted, ${denied} denied, ${refused} refused\n`);
    if (result.finding) process.stdout.write(`soak: a disagreement, shrunk:\n${describeFinding(result.finding)}\n`);
    process.stdout.write(`${result.queries} queries, ${result.disagreements} disagreements\n`);
    return result.disagreements === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
