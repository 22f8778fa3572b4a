import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version in package.json, read once (works from the sources and from out/). */
export function spolVersion(): string {
    if (cached === undefined) {
        for (const candidate of ['../package.json', '../../package.json']) {
            try {
                const parsed = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
                if (parsed.name === 'spol' && parsed.version) {
                    cached = parsed.version;
                    break;
                }
            } catch {
                // not at this depth; try the next
            }
        }
        cached ??= '0.0.0';
    }
    return cached;
}
