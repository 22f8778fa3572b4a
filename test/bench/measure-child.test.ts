/**
 * measureChild reports the child's own CPU time and peak memory in the units it names: a child that
 * spins for 300 ms of CPU and holds 200 MB is measured at least that, and its exit code and output
 * come back as they were.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureChild } from '../../bench/measure-child.js';

let folder: string;
beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'spol-measure-child-'));
});
afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
});

describe('measureChild', () => {
    it('measures CPU time and peak memory of the child', async () => {
        const script = join(folder, 'busy.mjs');
        await writeFile(
            script,
            [
                'const held = Buffer.alloc(200 * 1024 * 1024, 1);',
                'const start = process.cpuUsage();',
                'let spins = 0;',
                'while ((process.cpuUsage(start).user) < 300_000) spins++;',
                'console.log(`spun ${spins > 0} ${held.length}`);',
                'process.exitCode = 3;'
            ].join('\n')
        );
        const usage = await measureChild(script, []);
        expect(usage.cpuMs).toBeGreaterThanOrEqual(300);
        expect(usage.cpuMs).toBeCloseTo(usage.userMs + usage.systemMs, 6);
        expect(usage.maxRssMb).toBeGreaterThanOrEqual(200);
        expect(usage.maxRssMb).toBeLessThan(2048);
        expect(usage.exitCode).toBe(3);
        expect(usage.stdout).toBe(`spun true ${200 * 1024 * 1024}\n`);
    });

    it('says so when the child dies before it can report', async () => {
        const script = join(folder, 'killed.mjs');
        await writeFile(script, "process.kill(process.pid, 'SIGKILL');\n");
        await expect(measureChild(script, [])).rejects.toThrow(/SIGKILL/);
    });
});
