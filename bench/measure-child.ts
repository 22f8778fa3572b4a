/**
 * Runs a Node script in a child process and measures that process alone: its CPU time (user +
 * system, all its threads) and its peak resident memory, as the process itself reports them on exit
 * (process.resourceUsage(), written by the preload write-resource-usage.mjs). Wall time is kept too,
 * but on a busy machine only the CPU time says what the command costs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './repo-root.js';

export interface ChildUsage {
    /** User + system CPU time, milliseconds. */
    readonly cpuMs: number;
    readonly userMs: number;
    readonly systemMs: number;
    /** Peak resident memory (max RSS), megabytes (2^20 bytes). */
    readonly maxRssMb: number;
    readonly wallMs: number;
    readonly exitCode: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface MeasureOptions {
    readonly cwd?: string;
    /** The child is killed after this long (default 10 minutes). */
    readonly timeoutMs?: number;
    /** Options for node itself, before the script (e.g. `--max-old-space-size=4096`). */
    readonly nodeOptions?: readonly string[];
}

const PRELOAD = pathToFileURL(join(repoRoot(), 'bench', 'write-resource-usage.mjs')).href;

/** Runs `node <script> <args...>` and measures it; the exit code is reported, not judged. */
export async function measureChild(script: string, args: readonly string[], options: MeasureOptions = {}): Promise<ChildUsage> {
    const folder = await mkdtemp(join(tmpdir(), 'spol-bench-usage-'));
    const usageFile = join(folder, 'usage.json');
    try {
        const started = performance.now();
        const { exitCode, stdout, stderr } = await run(
            [...(options.nodeOptions ?? []), '--import', PRELOAD, script, ...args],
            { ...process.env, SPOL_BENCH_USAGE_FILE: usageFile },
            options
        );
        const wallMs = performance.now() - started;
        const usage = await readUsage(usageFile, script, stderr);
        const userMs = usage.userCPUTime / 1000;
        const systemMs = usage.systemCPUTime / 1000;
        // Linux reports maxRSS in kilobytes.
        return { cpuMs: userMs + systemMs, userMs, systemMs, maxRssMb: usage.maxRSS / 1024, wallMs, exitCode, stdout, stderr };
    } finally {
        await rm(folder, { recursive: true, force: true });
    }
}

function run(
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    options: MeasureOptions
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 600_000 });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', (code, signal) => {
            const text = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
            if (code === null) reject(new Error(`node ${args.slice(-4).join(' ')} was stopped by ${signal}: ${text.stderr.trim().slice(-500)}`));
            else resolve({ exitCode: code, ...text });
        });
    });
}

async function readUsage(file: string, script: string, stderr: string): Promise<NodeJS.ResourceUsage> {
    try {
        return JSON.parse(await readFile(file, 'utf8')) as NodeJS.ResourceUsage;
    } catch {
        throw new Error(`'${script}' exited without reporting its resource usage: ${stderr.trim().slice(-500) || 'nothing on stderr'}`);
    }
}
