/**
 * spol-scope-provider.ts looks local symbols up by name; it must link exactly as Langium's own
 * scope provider does. The example workspaces, with names renamed, duplicated and misspelt at
 * random, link every reference to the same target (or fail with the same message) under both, and
 * a scope lists the same elements in the same order.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import fc from 'fast-check';
import type { LangiumDocument, Reference } from 'langium';
import { AstUtils, DefaultScopeProvider, EmptyFileSystem, isReference } from 'langium';
import { describe, expect, it } from 'vitest';
import { createSpolServices } from '../../language/spol-module.js';
import { SpolScopeProvider } from '../../language/spol-scope-provider.js';
import { buildWorkspace, root, spolFilesBelow, type TestServices } from './spol-test-kit.js';

const files = Object.fromEntries(
    spolFilesBelow(`${root}/examples/natural-history-museum`).map((path) => [relative(root, path).replaceAll('/', '_'), readFileSync(path, 'utf8')])
);
const names = [...new Set(Object.values(files).flatMap((text) => [...text.matchAll(/\b(?:role|collection|division|user|library role)\s+([A-Za-z][\w]*)/g)].map((m) => m[1]!)))];

/** Every reference of the documents: where it is, and what it links to (file and offset) or the error. */
function links(documents: readonly LangiumDocument[], services: TestServices): string[] {
    const out: string[] = [];
    for (const document of documents) {
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            for (const [property, value] of Object.entries(node)) {
                const references = (Array.isArray(value) ? value : [value]).filter((v): v is Reference => isReference(v));
                for (const reference of references) {
                    const target = reference.ref;
                    const where = target ? `${AstUtils.getDocument(target).uri.path}@${target.$cstNode?.offset}` : `error: ${reference.error?.message}`;
                    const scope = services.Spol.references.ScopeProvider.getScope({ reference, container: node, property });
                    const all = scope.getAllElements().map((d) => `${d.name}@${d.documentUri.path}`).toArray().join(',');
                    const same = scope.getElements(reference.$refText).map((d) => d.documentUri.path).toArray().join(',');
                    out.push(`${document.uri.path} ${reference.$refNode?.offset} ${property} ${reference.$refText} → ${where} | ${same} | ${all.length}:${hash(all)}`);
                }
            }
        }
    }
    return out;
}

function hash(text: string): number {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return h;
}

async function linked(texts: Record<string, string>, langiums: boolean): Promise<string[]> {
    const services = createSpolServices(EmptyFileSystem, langiums ? { references: { ScopeProvider: (s) => new DefaultScopeProvider(s) } } : undefined);
    const documents = await buildWorkspace(services, texts);
    return links(documents, services);
}

describe('the scope provider with local lookups by name', () => {
    it('is the one the services use', () => {
        expect(createSpolServices(EmptyFileSystem).Spol.references.ScopeProvider).toBeInstanceOf(SpolScopeProvider);
    });

    it('links a name declared in the document and in another to the one in the document, as Langium’s does, in small and large files', async () => {
        const institution = 'institution I { division D { discipline Z { collection C } } }\n';
        // The other declarations of R and T come first in the workspace's index: only the local scope makes the local ones win.
        const elsewhere = 'role R in C { allow /table/%: read }\nlibrary role T { allow /table/%: read }\n';
        const here = (extra: number) =>
            [
                'role R in C { from library T allow /table/agent: read }',
                'library role T { allow /table/agent: read }',
                'user u { agent "U" in D in C { access roles R } }',
                ...Array.from({ length: extra }, (_, i) => `user v${i} { agent "V" in D in C { access roles R } }`)
            ].join('\n');
        for (const extra of [0, 20]) {
            const texts = { 'a_institution.spol': institution, 'b_elsewhere.spol': elsewhere, 'c_here.spol': here(extra) };
            const ours = await linked(texts, false);
            expect(ours).toEqual(await linked(texts, true));
            // The references in c_here.spol to R and T link to its own declarations.
            const local = ours.filter((line) => line.startsWith('/workspace/c_here.spol') && / (roles|templates) [RT] → /.test(line));
            expect(local.length).toBe(extra + 2);
            for (const line of local) expect(line).toMatch(/→ \/workspace\/c_here\.spol@/);
        }
    });

    it('links every reference as Langium’s scope provider does, with names renamed, duplicated and misspelt', async () => {
        expect(names.length).toBeGreaterThan(10);
        await fc.assert(
            fc.asyncProperty(
                fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...names), fc.constantFrom('', 'x', names[0]!)), { maxLength: 6 }),
                fc.nat(),
                async (renames, merge) => {
                    const texts: Record<string, string> = {};
                    for (const [file, text] of Object.entries(files)) {
                        let out = text;
                        // A name written as another (a duplicate) or misspelt (unresolved), in some files only.
                        for (const [from, to, suffix] of renames) if (hash(file + from) % 2 === 0) out = out.replaceAll(new RegExp(`\\b${from}\\b`, 'g'), to + suffix);
                        texts[file] = out;
                    }
                    // Some files merged into one, so that references meet the declarations local to their
                    // document (and, with a copy left standing, the same names in another file too).
                    const keys = Object.keys(texts);
                    const merged = keys.filter((_, i) => (merge >> i) % 2 === 1);
                    if (merged.length > 1) {
                        // The first file twice: every name it declares is declared twice in one document.
                        texts['merged.spol'] = [...merged, merged[0]!].map((key) => texts[key]).join('\n');
                        for (const key of merged.slice(merge % 2)) delete texts[key];
                    }
                    expect(await linked(texts, false)).toEqual(await linked(texts, true));
                }
            ),
            { numRuns: 30 }
        );
    }, 120_000);
});
