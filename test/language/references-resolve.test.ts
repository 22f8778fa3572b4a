/**
 * referencesResolve says "every name resolves" exactly when Langium's linking finds every name
 * (SpolLinker over SpolScopeProvider), and a load that asks only for the blocking problems
 * (`blockingOnly`, which skips linking when it may) gives the model and the blocking diagnostics of
 * a full load: on random workspaces with words swapped for declared names or misspelt (a name of
 * another kind, a misspelling, a name where a keyword was), which breaks references with and
 * without breaking the syntax.
 */
import fc from 'fast-check';
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { blockingDiagnostics } from '../../engine/diagnostic.js';
import { referencesResolve } from '../../language/references-resolve.js';
import { diagnosticsOf, loadWorkspaceFromTexts } from '../../language/workspace.js';
import { generateInstitution } from '../../bench/generate-institution.js';
import { soakWorkspace } from '../../fuzz/soak.js';
import { createTestServices, type TestServices } from './spol-test-kit.js';

/** Parses the files and answers referencesResolve on them, before any linking. */
function parse(files: readonly { uri: string; text: string }[]): { services: TestServices; documents: ReturnType<typeof parseOne>[] } {
    const services = createTestServices();
    const documents = files.map((file) => parseOne(services, file));
    return { services, documents };
}

function parseOne(services: TestServices, file: { uri: string; text: string }) {
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(file.text, URI.parse(file.uri));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    return document;
}

/** What Langium's own build says: any unresolved reference, any syntax error. */
async function linked(files: readonly { uri: string; text: string }[]): Promise<{ resolves: boolean; parsed: boolean; resolvedFirst: boolean }> {
    const { services, documents } = parse(files);
    const resolvedFirst = referencesResolve(documents, services.shared.AstReflection);
    await services.shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const diagnostics = documents.flatMap(diagnosticsOf);
    return {
        resolvedFirst,
        resolves: !diagnostics.some((d) => d.code === 'unresolved-reference'),
        parsed: !diagnostics.some((d) => d.code === 'syntax-error')
    };
}

const WORD = /"(?:\\.|[^"\\\r\n])*"|[_a-zA-Z][\w.\-]*/g;
/** A declaration's name: what a swapped word becomes, so that references name declarations of other kinds. */
const DECLARED = /\b(?:institution|division|discipline|collection|role|user)\s+("(?:\\.|[^"\\\r\n])*"|[_a-zA-Z][\w.\-]*)/g;

interface Swap {
    readonly file: number;
    /** Which word of the file (modulo their number) is replaced, and by which declared name. */
    readonly at: number;
    readonly by: number;
    /** Misspell the word instead. */
    readonly misspell: boolean;
    /** Any word (a keyword, a resource: mostly a syntax error), not only a name declared or referred to. */
    readonly anyWord: boolean;
}

const swapArbitrary: fc.Arbitrary<Swap> = fc.record({ file: fc.nat(), at: fc.nat(), by: fc.nat(), misspell: fc.boolean(), anyWord: fc.boolean() });

/** `files` with words swapped: each for a name declared in the workspace, or itself misspelt. */
function swapped(original: readonly { uri: string; text: string }[], swaps: readonly Swap[]): { uri: string; text: string }[] {
    const files = original.map((file) => ({ ...file }));
    const vocabulary = [...new Set(files.flatMap((file) => [...file.text.matchAll(DECLARED)].map((match) => match[1]!)))];
    const names = new Set(vocabulary);
    for (const swap of swaps) {
        const file = files[swap.file % files.length]!;
        const words = [...file.text.matchAll(WORD)].filter((word) => swap.anyWord || names.has(word[0]));
        if (words.length === 0) continue;
        const word = words[swap.at % words.length]!;
        const replacement = swap.misspell || vocabulary.length === 0 ? `${word[0]}x` : vocabulary[swap.by % vocabulary.length]!;
        file.text = file.text.slice(0, word.index) + replacement + file.text.slice(word.index + word[0].length);
    }
    return files;
}

/**
 * The soak's files (odd names, keywords as names, comments; often with names of files left out) or
 * a small generated institution (every name resolves), with up to three words swapped.
 */
const workspaceArbitrary = fc
    .record({
        base: fc.oneof(
            fc.record({ seed: fc.nat(1000), count: fc.integer({ min: 1, max: 6 }) }).map(({ seed, count }) => soakWorkspace(seed, count)),
            fc.record({ seed: fc.nat(1000), users: fc.integer({ min: 1, max: 12 }) }).map(({ seed, users }) =>
                [...generateInstitution({ users, collections: 2, seed })].map(([path, text]) => ({ uri: `file:///generated/${path}`, text }))
            )
        ),
        swaps: fc.array(swapArbitrary, { maxLength: 3 })
    })
    .map(({ base, swaps }) => swapped(base, swaps));

describe('referencesResolve', () => {
    it('says yes on a workspace whose names all resolve, no on one with a name of the wrong kind', async () => {
        const good = [
            { uri: 'file:///w/inst.spol', text: 'institution I { division D { discipline F { collection C } } }\nlibrary role L { }\nrole R in C { from library L }\n' },
            { uri: 'file:///w/users.spol', text: 'user u { agent "U" in D\n in C { access\n roles R } specify6 { collections C } }\n' }
        ];
        expect(await linked(good)).toEqual({ resolvedFirst: true, resolves: true, parsed: true });
        for (const [from, to] of [
            ['roles R', 'roles C'],
            ['in D', 'in C'],
            ['from library L', 'from library R'],
            ['collections C', 'collections D'],
            ['in C {', 'in L {']
        ] as const) {
            const broken = good.map((file) => ({ ...file, text: file.text.replace(from, to) }));
            expect(await linked(broken), `${from} → ${to}`).toEqual({ resolvedFirst: false, resolves: false, parsed: true });
        }
    });

    it('agrees with linking on random workspaces (whenever they parse; and never says yes where linking fails)', async () => {
        const both = [0, 0];
        await fc.assert(
            fc.asyncProperty(workspaceArbitrary, async (files) => {
                const { resolvedFirst, resolves, parsed } = await linked(files);
                if (resolvedFirst) expect(resolves).toBe(true);
                if (parsed) {
                    expect(resolvedFirst).toBe(resolves);
                    both[resolves ? 1 : 0]!++;
                }
            }),
            { numRuns: 60 }
        );
        // The generator reaches both answers on workspaces that parse.
        expect(both.every((n) => n > 5), `${both}`).toBe(true);
    });

    it('lets a blocking-only load give what a full load gives: the model and the blocking diagnostics', async () => {
        await fc.assert(
            fc.asyncProperty(workspaceArbitrary, async (files) => {
                const texts = files.map((file) => ({ path: URI.parse(file.uri).fsPath, text: file.text }));
                const quick = await loadWorkspaceFromTexts(texts, { lint: false, blockingOnly: true });
                const full = await loadWorkspaceFromTexts(texts, { lint: false });
                expect(JSON.stringify(quick.model)).toBe(JSON.stringify(full.model));
                expect(quick.diagnostics).toEqual(blockingDiagnostics(full.diagnostics));
                expect(quick.files).toEqual(full.files);
            }),
            { numRuns: 40 }
        );
    });
});
