/**
 * The engine's lint is workspace-wide: it runs over the model of every document, and each diagnostic
 * is delivered to the document its source names — after any change in any document, in the language
 * server's incremental updates as well as in batch builds. The rules here are a small stand-in, so
 * that the delivery, not the engine's rules, is what is tested.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { clearDocuments, setTextDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../../engine/diagnostic.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { buildWorkspace, createTestServices, workspaceUri, type TestServices } from './spol-test-kit.js';

/** no-institution-admin at the institution's name; missing-agent at each collection a user enters without an agent in its division. */
function standInRules(model: PolicyModel): Diagnostic[] {
    lintRuns++;
    const diagnostics: Diagnostic[] = [];
    const divisionOf = new Map<string, string>();
    for (const institution of model.institutions) {
        if (!model.users.some((user) => user.institutionAdmin)) {
            diagnostics.push({
                code: 'no-institution-admin',
                severity: 'error',
                message: 'Nobody is Institution Admin.',
                ...(institution.nameSource ? { source: institution.nameSource } : {})
            });
        }
        for (const division of institution.divisions) {
            for (const discipline of division.disciplines) for (const c of discipline.collections) divisionOf.set(c.name, division.name);
        }
    }
    for (const user of model.users) {
        for (const grant of user.collections) {
            const division = divisionOf.get(grant.collection.name);
            if (!grant.access || !division || user.agents.some((a) => a.division.name === division)) continue;
            diagnostics.push({
                code: 'missing-agent',
                severity: 'warning',
                message: `${user.name} has no agent in ${division}.`,
                ...(grant.collection.source ? { source: grant.collection.source } : {}),
                data: { user: user.name, division }
            });
        }
    }
    return diagnostics;
}

let lintRuns = 0;
let services: TestServices = createTestServices(standInRules);

afterEach(async () => {
    await clearDocuments(services.shared);
    lintRuns = 0;
});

const TREE = 'institution KU {\n    division Ichthyology {\n        discipline Fish {\n            collection FishVoucher\n        }\n    }\n}\n';
const USERS = 'user rmartin {\n    in FishVoucher { access }\n}\n';

function codes(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).map((d) => String(d.code));
}

async function edit(document: LangiumDocument, text: string): Promise<void> {
    setTextDocument(services.Spol, TextDocument.create(document.uri.toString(), 'spol', document.textDocument.version + 1, text));
    await services.shared.workspace.DocumentBuilder.update([document.uri], []);
}

describe('delivery', () => {
    it('puts each diagnostic in the document its source names, with code and data', async () => {
        const [tree, users] = await buildWorkspace(services, { 'tree.spol': TREE, 'users.spol': USERS });
        expect(codes(tree!)).toEqual(['no-institution-admin']);
        expect(codes(users!)).toEqual(['missing-agent']);
        const [missing] = users!.diagnostics!;
        expect(missing).toMatchObject({
            code: 'missing-agent',
            severity: 2,
            message: 'rmartin has no agent in Ichthyology.',
            range: { start: { line: 1, character: 7 }, end: { line: 1, character: 18 } },
            data: { code: 'missing-agent', user: 'rmartin', division: 'Ichthyology' },
            source: 'spol'
        });
        expect(tree!.diagnostics![0]).toMatchObject({ severity: 1, range: { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } } });
    });

    it('runs the rules once for the whole workspace, not once per document', async () => {
        await buildWorkspace(services, { 'tree.spol': TREE, 'users.spol': USERS, 'more.spol': 'user x {}', 'other.spol': 'user y {}' });
        expect(lintRuns).toBe(1);
    });

    it('re-delivers to a document that did not change when another one did', async () => {
        const [tree, users] = await buildWorkspace(services, { 'tree.spol': TREE, 'users.spol': USERS });
        expect(codes(tree!)).toEqual(['no-institution-admin']);
        // tree.spol does not refer to users.spol: only the workspace-wide lint connects them.
        await edit(users!, 'user rmartin {\n    institution admin\n    agent "Martin, Robert" in Ichthyology\n    in FishVoucher { access }\n}\n');
        expect(codes(tree!)).toEqual([]);
        expect(codes(users!)).toEqual([]);
        await edit(users!, USERS);
        expect(codes(tree!)).toEqual(['no-institution-admin']);
        expect(codes(users!)).toEqual(['missing-agent']);
    });

    it('takes a deleted document out of the lint of the others', async () => {
        const [tree, , admin] = await buildWorkspace(services, {
            'tree.spol': TREE,
            'users.spol': USERS,
            'admin.spol': 'user boss { institution admin }'
        });
        expect(codes(tree!)).toEqual([]);
        await services.shared.workspace.DocumentBuilder.update([], [admin!.uri]);
        expect(codes(tree!)).toEqual(['no-institution-admin']);
    });

    it('shows a diagnostic without a source in the first document, at its start', async () => {
        services = createTestServices(() => [{ code: 'no-files', severity: 'info', message: 'Workspace-wide.' }]);
        const [b, a] = await buildWorkspace(services, { 'b.spol': 'user b {}', 'a.spol': 'user a {}' });
        expect(codes(b!)).toEqual([]);
        expect(a!.diagnostics).toMatchObject([
            { code: 'no-files', severity: 3, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }
        ]);
        services = createTestServices(standInRules);
    });

    it('keeps engine diagnostics next to syntax and linking errors', async () => {
        const [tree, users] = await buildWorkspace(services, { 'tree.spol': TREE, 'users.spol': USERS + 'user broken { in Nowhere {} \n' });
        expect(codes(tree!)).toEqual(['no-institution-admin']);
        expect(codes(users!).sort()).toEqual(['missing-agent', 'syntax-error', 'unresolved-reference']);
    });

    it('runs with the fast checks, as the language server validates while typing', async () => {
        const [tree] = await buildWorkspace(services, { 'tree.spol': TREE });
        const validator = services.Spol.validation.DocumentValidator;
        expect((await validator.validateDocument(tree!, { categories: ['built-in', 'fast'] })).map((d) => d.code)).toEqual(['no-institution-admin']);
        expect(await validator.validateDocument(tree!, { categories: ['built-in'] })).toEqual([]);
    });
});

describe('with the engine’s own rules', () => {
    const engine = createTestServices();

    afterEach(() => clearDocuments(engine.shared));

    it('reports across files and follows edits in either file', async () => {
        const [tree, users] = await buildWorkspace(engine, { 'tree.spol': TREE, 'users.spol': USERS });
        expect(codes(tree!)).toEqual(['no-institution-admin']);
        expect(codes(users!)).toEqual(['missing-agent']);
        expect(users!.diagnostics![0]).toMatchObject({
            range: { start: { line: 0, character: 5 }, end: { line: 0, character: 12 } },
            data: { code: 'missing-agent', division: 'Ichthyology', collections: ['FishVoucher'] }
        });
        setTextDocument(engine.Spol, TextDocument.create(users!.uri.toString(), 'spol', 2, 'user rmartin {\n    institution admin\n    agent "Martin, Robert" in Ichthyology\n    in FishVoucher { access }\n}\n'));
        await engine.shared.workspace.DocumentBuilder.update([users!.uri], []);
        expect(codes(tree!)).toEqual([]);
        expect(codes(users!)).toEqual([]);
    });
});

describe('the workspace model service', () => {
    it('is the model of every document, recomputed only when a document is re-parsed, added or removed', async () => {
        const [tree] = await buildWorkspace(services, { 'tree.spol': TREE, 'users.spol': USERS });
        const workspace = services.Spol.workspace.PolicyModel;
        const first = workspace.model;
        expect(first.users.map((u) => u.name)).toEqual(['rmartin']);
        expect(workspace.model).toBe(first);
        expect(workspace.diagnostics.map((d) => d.code).sort()).toEqual(['missing-agent', 'no-institution-admin']);
        expect(workspace.diagnosticsFor(tree!.uri.toString()).map((d) => d.code)).toEqual(['no-institution-admin']);
        expect(workspace.diagnosticsFor(workspaceUri('elsewhere.spol'))).toEqual([]);
        await buildWorkspace(services, { 'more.spol': 'user x {}' });
        expect(workspace.model).not.toBe(first);
        expect(workspace.model.users.map((u) => u.name)).toEqual(['x', 'rmartin']);
        expect(URI.parse(workspaceUri('more.spol')).toString()).toBe(workspaceUri('more.spol'));
    });
});
