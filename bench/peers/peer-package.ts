/**
 * The peers' packages live in bench/node_modules (bench/package.json), not in spol's own
 * dependencies, so they are required from there: the compiled benchmark under out/ finds them too.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../repo-root.js';

const requireFromBench = createRequire(join(repoRoot(), 'bench', 'package.json'));

export function peerPackage<T>(name: string): T {
    return requireFromBench(name) as T;
}

/** The installed version, read from the package's manifest (some packages do not export it). */
export function peerPackageVersion(name: string): string {
    const manifest = JSON.parse(readFileSync(join(repoRoot(), 'bench', 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '?';
}
