/**
 * The layering of DESIGN.md §1, held by a test: the engine is plain TypeScript, the language never
 * touches vscode, and nothing imports the CLI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
    const full = join(root, dir);
    if (!statSync(full, { throwIfNoEntry: false })?.isDirectory()) return [];
    return readdirSync(full).flatMap((name) => {
        const path = join(dir, name);
        if (name === 'generated' || name === 'node_modules') return [];
        if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
        return /\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
    });
}

function importsOf(file: string): string[] {
    const text = readFileSync(join(root, file), 'utf8');
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)].map(
        (m) => (m[1] ?? m[2] ?? m[3])!
    );
}

/** The top folder a relative import lands in, or the package name of a bare import. */
function target(file: string, specifier: string): string {
    if (specifier.startsWith('.')) return relative(root, resolve(root, dirname(file), specifier)).split(/[\\/]/)[0]!;
    if (specifier.startsWith('node:')) return 'node:';
    const parts = specifier.split('/');
    return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

const allowed: Record<string, (dep: string) => boolean> = {
    engine: (dep) => ['engine', 'node:', '@casl/ability', 'ajv', 'yaml'].includes(dep),
    language: (dep) => ['language', 'engine', 'node:', 'langium', 'vscode-languageserver', 'vscode-uri'].includes(dep),
    cli: (dep) => ['cli', 'engine', 'language', 'database', 'node:', 'commander', 'yaml'].includes(dep),
    database: (dep) => ['database', 'engine', 'node:', 'mysql2'].includes(dep)
};

describe('layering', () => {
    for (const [layer, ok] of Object.entries(allowed)) {
        it(`${layer}/ imports only what DESIGN.md allows`, () => {
            const files = sourceFiles(layer);
            expect(files.length).toBeGreaterThan(0);
            const bad = files.flatMap((file) =>
                importsOf(file)
                    .filter((spec) => !ok(target(file, spec)))
                    .map((spec) => `${file} imports ${spec}`)
            );
            expect(bad).toEqual([]);
        });
    }

    it('nothing outside cli/ imports cli/', () => {
        const offenders = ['engine', 'language', 'extension', 'database'].flatMap((dir) =>
            sourceFiles(dir).flatMap((file) =>
                importsOf(file)
                    .filter((spec) => spec.startsWith('.') && target(file, spec) === 'cli')
                    .map((spec) => `${file} imports ${spec}`)
            )
        );
        expect(offenders).toEqual([]);
    });

    it('extension/ imports only vscode, the language client, node and the protocol files of language/', () => {
        const files = sourceFiles('extension/src');
        expect(files.length).toBeGreaterThan(0);
        const bad = files.flatMap((file) =>
            importsOf(file)
                .filter((spec) => {
                    if (spec.startsWith('.')) {
                        const path = relative(root, resolve(root, dirname(file), spec));
                        return !path.startsWith('extension/src/') && !/^language\/protocol(-[a-z-]+)?\.js$/.test(path);
                    }
                    return !['vscode', 'vscode-languageclient', 'node:'].includes(target(file, spec));
                })
                .map((spec) => `${file} imports ${spec}`)
        );
        expect(bad).toEqual([]);
    });

    it('the protocol files import only each other, so the extension bundles no engine or Langium through them', () => {
        const protocols = sourceFiles('language').filter((file) => /^language\/protocol(-[a-z-]+)?\.ts$/.test(file));
        expect(protocols).toContain('language/protocol.ts');
        for (const file of protocols) {
            expect(importsOf(file).filter((spec) => !/^\.\/protocol(-[a-z-]+)?\.js$/.test(spec)), file).toEqual([]);
        }
    });

    it('the import scanner sees imports', () => {
        expect(importsOf('engine/model/stored.ts')).toContain('../registry/registry.js');
    });
});
