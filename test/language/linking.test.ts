/**
 * Names across files: divisions, disciplines and collections are nested in the institution, yet any
 * file of the workspace names them; unresolved names are `unresolved-reference` errors at the name,
 * with the declared names that look like it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LangiumDocument, Reference } from 'langium';
import { AstUtils } from 'langium';
import { clearDocuments } from 'langium/test';
import { buildFixture, buildWorkspace, createTestServices, withCode } from './spol-test-kit.js';

const services = createTestServices(() => []);

afterEach(() => clearDocuments(services.shared));

function referencesOf(document: LangiumDocument): Reference[] {
    return AstUtils.streamAst(document.parseResult.value)
        .flatMap((node) => AstUtils.streamReferences(node).map((info) => info.reference as Reference))
        .toArray();
}

describe('the museum fixture (five files in three folders)', () => {
    it('resolves every name, across files, to a declaration of the right kind', async () => {
        const documents = await buildFixture(services, 'museum');
        const institution = documents.get('institution.spol')!;
        const library = documents.get('library.spol')!;
        const targets = new Map<string, string>();
        for (const [name, document] of documents) {
            expect(withCode(document, 'unresolved-reference'), name).toEqual([]);
            for (const reference of referencesOf(document)) {
                const target = reference.ref;
                expect(target, `${name}: ${reference.$refText}`).toBeDefined();
                targets.set(`${reference.$refText}`, `${target!.$type} in ${AstUtils.getDocument(target!).uri.path.split('/').pop()}`);
            }
        }
        expect(Object.fromEntries(targets)).toEqual({
            FishVoucher: 'Collection in institution.spol',
            FishTissue: 'Collection in institution.spol',
            HerpVoucher: 'Collection in institution.spol',
            Ichthyology: 'Division in institution.spol',
            Herpetology: 'Division in institution.spol',
            FullDataAccess: 'LibraryRole in library.spol',
            RunQueries: 'LibraryRole in library.spol',
            DataEntry: 'Role in collection-roles.spol',
            HerpReader: 'Role in collection-roles.spol'
        });
        expect(institution.uri.toString()).not.toBe(library.uri.toString());
    });

    it('exports nested institution elements and top-level elements, but not agents', async () => {
        const documents = await buildFixture(services, 'museum');
        const exported = services.shared.workspace.IndexManager.allElements()
            .map((d) => `${d.type} ${d.name}`)
            .toArray()
            .sort();
        expect(exported).toEqual(
            [
                'Collection FishTissue', 'Collection FishVoucher', 'Collection HerpVoucher',
                'Discipline Fish', 'Discipline Herps',
                'Division Herpetology', 'Division Ichthyology',
                'Institution KU',
                'LibraryRole FullDataAccess', 'LibraryRole RunQueries',
                'Role DataEntry', 'Role HerpReader',
                'User abentley', 'User jdoe', 'User rmartin'
            ].sort()
        );
        expect(documents.size).toBe(5);
    });
});

describe('unresolved references', () => {
    it('reports each unknown name at the name, with a did-you-mean from the names of that kind', async () => {
        const documents = await buildFixture(services, 'unresolved');
        const users = documents.get('users.spol')!;
        const text = users.textDocument.getText();
        const reported = withCode(users, 'unresolved-reference').map((d) => ({
            written: text.slice(users.textDocument.offsetAt(d.range.start), users.textDocument.offsetAt(d.range.end)),
            message: d.message,
            suggestions: (d.data as { suggestions: string[] }).suggestions,
            severity: d.severity
        }));
        expect(reported).toEqual([
            {
                written: 'FishVouchr',
                message: "No collection named 'FishVouchr' is declared in the workspace. Did you mean 'FishVoucher'?",
                suggestions: ['FishVoucher'],
                severity: 1
            },
            {
                written: 'RunQuery',
                message: "No library role named 'RunQuery' is declared in the workspace. Did you mean 'RunQueries'?",
                suggestions: ['RunQueries'],
                severity: 1
            },
            {
                written: 'Ichthyolgy',
                message: "No division named 'Ichthyolgy' is declared in the workspace. Did you mean 'Ichthyology'?",
                suggestions: ['Ichthyology'],
                severity: 1
            },
            {
                // A discipline is not a collection, however close the name.
                written: 'Herps',
                message: "No collection named 'Herps' is declared in the workspace.",
                suggestions: [],
                severity: 1
            },
            {
                written: 'DataEntri',
                message: "No role named 'DataEntri' is declared in the workspace. Did you mean 'DataEntry'?",
                suggestions: ['DataEntry'],
                severity: 1
            },
            {
                written: 'Curator',
                message: "No role named 'Curator' is declared in the workspace.",
                suggestions: [],
                severity: 1
            }
        ]);
        expect(withCode(documents.get('institution.spol')!, 'unresolved-reference')).toEqual([]);
    });

    it('keeps Langium data for its helpers: linking-error code, container, property, text', async () => {
        const [document] = await buildWorkspace(services, { 'a.spol': 'role R in Nowhere {}' });
        expect(withCode(document!, 'unresolved-reference')[0]!.data).toEqual({
            code: 'linking-error',
            containerType: 'Role',
            property: 'collections',
            refText: 'Nowhere',
            suggestions: []
        });
    });

    it('suggests a name differing only in case first', async () => {
        const [document] = await buildWorkspace(services, {
            'a.spol': 'institution I { division D { discipline X { collection FishVoucher collection FishVouchers } } }\nrole R in fishvoucher {}'
        });
        const [diagnostic] = withCode(document!, 'unresolved-reference');
        expect((diagnostic!.data as { suggestions: string[] }).suggestions).toEqual(['FishVoucher', 'FishVouchers']);
    });

    it('resolves a name once its declaration is added in another file', async () => {
        const [users] = await buildWorkspace(services, { 'users.spol': 'user u { agent "U" in Later }' });
        expect(withCode(users!, 'unresolved-reference')).toHaveLength(1);
        await buildWorkspace(services, { 'tree.spol': 'institution I { division Later {} }' });
        await services.shared.workspace.DocumentBuilder.update([], []);
        expect(withCode(users!, 'unresolved-reference')).toEqual([]);
    });
});
