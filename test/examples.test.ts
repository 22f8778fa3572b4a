/**
 * Every example through the library and again through the CLI binary: the museum and Specify's
 * defaults are free of errors; every `// expect: <code>` marker in the broken twins (examples/broken,
 * and examples/broken-admin for the mistakes that need an Institution Admin) is reported on its line
 * (or the line after the marker), and nothing unmarked is an error there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../engine/lint/index.js';
import { IssueCodes } from '../language/spol-validator.js';
import { loadWorkspace } from '../language/workspace.js';
import { root, runSpol } from './cli/run-binary.js';

const examples = join(root, 'examples');

function spolFiles(dir: string): string[] {
    return readdirSync(dir)
        .flatMap((name) => {
            const path = join(dir, name);
            return statSync(path).isDirectory() ? spolFiles(path) : name.endsWith('.spol') ? [path] : [];
        })
        .sort();
}

interface Expectation {
    readonly file: string;
    readonly line: number; // zero-based line of the marker
    readonly code: string;
}

function expectationsIn(dir: string): Expectation[] {
    const found: Expectation[] = [];
    for (const file of spolFiles(dir)) {
        readFileSync(file, 'utf8')
            .split(/\r?\n/)
            .forEach((text, line) => {
                for (const match of text.matchAll(/expect:\s*([a-z0-9-]+)/g)) {
                    found.push({ file: pathToFileURL(file).toString(), line, code: match[1]! });
                }
            });
    }
    return found;
}

describe.each(['natural-history-museum', 'specify-defaults'])('examples/%s', (name) => {
    const dir = join(examples, name);

    it('has no errors through the library', async () => {
        const workspace = await loadWorkspace([dir]);
        expect(workspace.files.length).toBeGreaterThan(0);
        expect(workspace.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });

    it('checks clean through the CLI (exit 0)', () => {
        const result = runSpol(['check', relative(root, dir)]);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.stdout).not.toMatch(/ error /);
    });
});

const BROKEN = ['broken', 'broken-admin'];

describe('the broken twins', () => {
    it('mark every diagnostic code (every lint rule and language check) at least once', () => {
        const codes = new Set(BROKEN.flatMap((name) => expectationsIn(join(examples, name))).map((e) => e.code));
        for (const code of [...rules.map((rule) => rule.code), ...Object.values(IssueCodes)]) {
            expect(codes, code).toContain(code);
        }
    });
});

describe.each(BROKEN)('examples/%s', (name) => {
    const dir = join(examples, name);
    const expectations = expectationsIn(dir);

    it('reports every marked code on its line through the library', async () => {
        const workspace = await loadWorkspace([dir]);
        for (const expectation of expectations) {
            const hit = workspace.diagnostics.find(
                (d) =>
                    d.code === expectation.code &&
                    (expectation.code === 'no-institution-admin' ||
                        (d.source?.file === expectation.file &&
                            [expectation.line, expectation.line + 1].includes(d.source.range.start.line)))
            );
            expect(hit, `${expectation.code} at ${expectation.file}:${expectation.line + 1}`).toBeDefined();
        }
    });

    it('has no unmarked errors', async () => {
        const workspace = await loadWorkspace([dir]);
        const unmarked = workspace.diagnostics.filter(
            (d) =>
                d.severity === 'error' &&
                !expectations.some(
                    (e) =>
                        e.code === d.code &&
                        (d.code === 'no-institution-admin' ||
                            (d.source?.file === e.file && [e.line, e.line + 1].includes(d.source.range.start.line)))
                )
        );
        expect(unmarked).toEqual([]);
    });

    it('exits 1 through the CLI when a marked code is an error, and prints every marked code', () => {
        const result = runSpol(['check', `examples/${name}`]);
        expect(result.status).toBe(name === 'broken' ? 1 : 0);
        for (const code of new Set(expectations.map((e) => e.code))) {
            expect(result.stdout, code).toContain(` ${code} `);
        }
        if (name === 'broken') expect(result.stdout).toMatch(/^examples\/broken\/[\w/-]+\.spol:\d+:\d+ error [a-z-]+ /m);
    });
});
