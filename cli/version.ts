import { readFileSync } from 'node:fs';

interface PackageFacts {
    readonly version: string;
    /** The web address of spol's repository on github.com, when package.json names one. */
    readonly repository?: string;
    /** package.json `homepage`, or else the repository's address. */
    readonly homepage?: string;
}

let cached: PackageFacts | undefined;

/** What spol's package.json says of spol, read once (works from the sources and from out/). */
export function spolPackage(): PackageFacts {
    if (cached === undefined) {
        for (const candidate of ['../package.json', '../../package.json']) {
            try {
                const parsed = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as Record<string, unknown>;
                if (parsed['name'] === 'spol' && typeof parsed['version'] === 'string') {
                    cached = packageFacts(parsed);
                    break;
                }
            } catch {
                // not at this depth; try the next
            }
        }
        cached ??= { version: '0.0.0' };
    }
    return cached;
}

/** The version in package.json. */
export function spolVersion(): string {
    return spolPackage().version;
}

/** Version, repository and homepage from a parsed package.json; an address that is not https is left out. */
export function packageFacts(json: Readonly<Record<string, unknown>>): PackageFacts {
    const version = typeof json['version'] === 'string' ? json['version'] : '0.0.0';
    const field = json['repository'];
    const written = typeof field === 'string' ? field : typeof (field as { url?: unknown } | null)?.url === 'string' ? (field as { url: string }).url : undefined;
    const repository = written === undefined ? undefined : githubAddress(written);
    const homepage = typeof json['homepage'] === 'string' && /^https:\/\//.test(json['homepage']) ? json['homepage'] : repository;
    return { version, ...(repository ? { repository } : {}), ...(homepage ? { homepage } : {}) };
}

/** `git+https://github.com/o/r.git`, `git@github.com:o/r.git`, `github:o/r`, `o/r` → `https://github.com/o/r`; other hosts → undefined. */
function githubAddress(written: string): string | undefined {
    const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(written);
    const url = /^(?:git\+)?(?:(?:https?|git|ssh):\/\/)?(?:git@)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(written);
    const match = shorthand ?? url;
    return match ? `https://github.com/${match[1]}/${match[2]!.replace(/\.git$/, '')}` : undefined;
}
