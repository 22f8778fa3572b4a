// Preloaded into a measured child (`node --import <this file> ...`, see measure-child.ts): when the
// process exits, it writes its own process.resourceUsage() (CPU time of all its threads, peak
// resident memory) as JSON to the file that SPOL_BENCH_USAGE_FILE names. Only this process is
// measured: the variable is removed at once, so processes it starts are not.
import { writeFileSync } from 'node:fs';

const file = process.env.SPOL_BENCH_USAGE_FILE;
delete process.env.SPOL_BENCH_USAGE_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
