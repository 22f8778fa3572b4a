import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/**
 * Quick fixes, chosen by diagnostic code from the data the diagnostic carries. Stand-in lint rules
 * produce the engine's diagnostics with the data the engine's rules give them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { clearDocuments } from 'langium/test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic as EngineDiagnostic } from '../../engine/diagnostic.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { buildWorkspace, createTestServices, type TestServices } from './spol-test-kit.js';

let withData = true;

function standInRules(model: PolicyModel): EngineDiagnostic[] {
    const diagnostics: EngineDiagnostic[] = [];
    for (const role of model.roles) {
        for (const policy of role.policies) {
            if (policy.resource === '/table/loans') {
                diagnostics.push({
                    code: 'unknown-resource',
                    severity: 'error',
                    message: 'Specify has no resource /table/loans.',
                    source: policy.resourceSource!,
                    data: { suggestions: ['/table/loan', '/table/loanagent'] }
                });
            }
            for (const action of policy.actions) {
                if (action.name === 'reed') {
                    diagnostics.push({ code: 'unknown-action', severity: 'error', message: 'No action reed.', source: action.source!, data: { suggestions: ['read'] } });
                }
            }
        }
    }
    for (const user of model.users) {
        if (user.agents.length > 0) continue;
        for (const grant of user.collections) {
            // As the engine's rule reports it: at the user's name, with the division and collections;
            // without data, at the collection, so the fix has to work the division out.
            diagnostics.push(
                withData
                    ? {
                          code: 'missing-agent',
                          severity: 'error',
                          message: `${user.name} has no agent in Ichthyology.`,
                          source: user.nameSource!,
                          data: { division: 'Ichthyology', collections: [grant.collection.name] }
                      }
                    : { code: 'missing-agent', severity: 'error', message: 'No agent.', source: grant.collection.source! }
            );
        }
    }
    return diagnostics;
}

const services: TestServices = createTestServices(standInRules);

afterEach(async () => {
    await clearDocuments(services.shared);
    withData = true;
});

const TREE = 'institution KU { division Ichthyology { discipline Fish { collection FishVoucher } } }\n';

async function actionsFor(document: LangiumDocument, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const diagnostics = (document.diagnostics ?? []).filter((d) => d.code === code);
    expect(diagnostics).toHaveLength(1);
    const diagnostic = diagnostics[0]!;
    const actions = await services.Spol.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] }
    });
    return { diagnostic, actions: (actions ?? []) as CodeAction[] };
}

function apply(document: LangiumDocument, action: CodeAction): string {
    const edits = action.edit!.changes![document.uri.toString()]!;
    return TextDocument.applyEdits(document.textDocument, edits);
}

describe('replacing with a suggestion', () => {
    it('offers each suggested resource for an unknown resource, the first preferred', async () => {
        const [, roles] = await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher {\n    allow /table/loans: read\n}\n' });
        const { diagnostic, actions } = await actionsFor(roles!, 'unknown-resource');
        expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([
            ["Replace with '/table/loan'", 'quickfix', true],
            ["Replace with '/table/loanagent'", 'quickfix', false]
        ]);
        expect(actions[0]!.diagnostics).toEqual([diagnostic]);
        expect(apply(roles!, actions[0]!)).toBe('role R in FishVoucher {\n    allow /table/loan: read\n}\n');
    });

    it('replaces just the misspelt action', async () => {
        const [, roles] = await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher {\n    allow /report: execute, reed\n}\n' });
        const { actions } = await actionsFor(roles!, 'unknown-action');
        expect(actions.map((a) => a.title)).toEqual(["Replace with 'read'"]);
        expect(apply(roles!, actions[0]!)).toBe('role R in FishVoucher {\n    allow /report: execute, read\n}\n');
    });

    it('replaces an unresolved name with a declared one', async () => {
        const [, roles] = await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': 'role R in FishVouchr {}\n' });
        const { actions } = await actionsFor(roles!, 'unresolved-reference');
        expect(actions.map((a) => a.title)).toEqual(["Replace with 'FishVoucher'"]);
        expect(apply(roles!, actions[0]!)).toBe('role R in FishVoucher {}\n');
    });

    it('offers nothing when there is no suggestion', async () => {
        const [, roles] = await buildWorkspace(services, { 'tree.spol': TREE, 'roles.spol': 'role R in Elsewhere {}\n' });
        expect((await actionsFor(roles!, 'unresolved-reference')).actions).toEqual([]);
    });
});

describe('adding a missing agent', () => {
    it('adds the agent, named by the user title, after the user’s last agent line or first in the block', async () => {
        const [, users] = await buildWorkspace(services, {
            'tree.spol': TREE,
            'users.spol': 'user jdoe "Jane Doe" {\n    in FishVoucher {\n        access\n    }\n}\n'
        });
        const { actions } = await actionsFor(users!, 'missing-agent');
        expect(actions.map((a) => [a.title, a.isPreferred])).toEqual([['Add agent "Jane Doe" in Ichthyology to user jdoe', true]]);
        expect(apply(users!, actions[0]!)).toBe('user jdoe "Jane Doe" {\n    agent "Jane Doe" in Ichthyology\n    in FishVoucher {\n        access\n    }\n}\n');
    });

    it('uses the user name without a title, escapes quotes, and opens a one-line user', async () => {
        const [, users] = await buildWorkspace(services, {
            'tree.spol': TREE,
            'users.spol': 'user o.neil { in FishVoucher { access } }\n'
        });
        const { actions } = await actionsFor(users!, 'missing-agent');
        expect(apply(users!, actions[0]!)).toBe('user o.neil {\n    agent "o.neil" in Ichthyology\n    in FishVoucher { access } }\n');
        const [quoted] = await buildWorkspace(services, { 'quoted.spol': 'user q "Say \\"Hi\\"" {\n  in FishVoucher { access }\n}\n' });
        const fix = (await actionsFor(quoted!, 'missing-agent')).actions[0]!;
        expect(apply(quoted!, fix)).toBe('user q "Say \\"Hi\\"" {\n  agent "Say \\"Hi\\"" in Ichthyology\n  in FishVoucher { access }\n}\n');
    });

    it('quotes a division or collection name that is not an identifier', async () => {
        withData = false;
        const tree = 'institution KU { division "Fish & Co" { discipline Fish type fish { collection "Fish Voucher" } } }\n';
        const [, users] = await buildWorkspace(services, { 'tree.spol': tree, 'users.spol': 'user u {\n    in "Fish Voucher" { access }\n}\n' });
        const { actions } = await actionsFor(users!, 'missing-agent');
        expect(apply(users!, actions[0]!)).toBe('user u {\n    agent "u" in "Fish & Co"\n    in "Fish Voucher" { access }\n}\n');
    });

    it('works out the division from the collection when the diagnostic carries no data', async () => {
        withData = false;
        const [, users] = await buildWorkspace(services, { 'tree.spol': TREE, 'users.spol': 'user u {\n    in FishVoucher { access }\n}\n' });
        const { actions } = await actionsFor(users!, 'missing-agent');
        expect(apply(users!, actions[0]!)).toBe('user u {\n    agent "u" in Ichthyology\n    in FishVoucher { access }\n}\n');
    });

    it('fixes the diagnostic: after the edit it is gone', async () => {
        const [, users] = await buildWorkspace(services, { 'tree.spol': TREE, 'users.spol': 'user u {\n    in FishVoucher { access }\n}\n' });
        const fixed = apply(users!, (await actionsFor(users!, 'missing-agent')).actions[0]!);
        const [again] = await buildWorkspace(services, { 'fixed.spol': fixed });
        expect((again!.diagnostics ?? []).filter((d) => d.code === 'missing-agent')).toEqual([]);
    });
});

describe('with the engine’s own rules', () => {
    const engine = createTestServices();

    afterEach(() => clearDocuments(engine.shared));

    async function engineActions(document: LangiumDocument, code: string): Promise<CodeAction[]> {
        const diagnostic = (document.diagnostics ?? []).find((d) => d.code === code)!;
        expect(diagnostic, code).toBeDefined();
        const actions = await engine.Spol.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] }
        });
        return (actions ?? []) as CodeAction[];
    }

    async function build(files: Record<string, string>): Promise<LangiumDocument[]> {
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = engine.shared.workspace;
        const documents = Object.entries(files).map(([name, text]) => {
            const document = LangiumDocumentFactory.fromString(text, URI.parse(`file:///engine/${name}`));
            LangiumDocuments.addDocument(document);
            return document;
        });
        await DocumentBuilder.build(documents, { validation: true });
        return documents;
    }

    it('adds the agent Specify asks for, in another file than the institution', async () => {
        const [, users] = await build({
            'tree.spol': TREE,
            'users.spol': 'user boss { institution admin  agent "Boss" in Ichthyology }\n\nuser jdoe "Jane Doe" {\n    in FishVoucher {\n        access\n    }\n}\n'
        });
        const [fix] = await engineActions(users!, 'missing-agent');
        const fixed = apply(users!, fix!);
        expect(fixed).toContain('user jdoe "Jane Doe" {\n    agent "Jane Doe" in Ichthyology\n    in FishVoucher {');
        await clearDocuments(engine.shared);
        const [, again] = await build({ 'tree.spol': TREE, 'users.spol': fixed });
        expect((again!.diagnostics ?? []).map((d) => d.code)).not.toContain('missing-agent');
    });

    it('corrects a misspelt table with the engine’s suggestion', async () => {
        const [, roles] = await build({
            'tree.spol': TREE,
            'roles.spol': 'role R in FishVoucher {\n    allow /table/collectionobjekt: read\n}\n'
        });
        const actions = await engineActions(roles!, 'unknown-resource');
        expect(actions[0]!.title).toBe("Replace with '/table/collectionobject'");
        expect(apply(roles!, actions[0]!)).toBe('role R in FishVoucher {\n    allow /table/collectionobject: read\n}\n');
    });

    it('corrects a misspelt rule in a suppression comment', async () => {
        const [, roles] = await build({
            'tree.spol': TREE,
            'roles.spol': 'role R in FishVoucher {\n    // spol-ignore-next-line empty-polcy -- agreed in March\n    allow /report\n}\n'
        });
        const actions = await engineActions(roles!, 'suppression-unknown-rule');
        expect(actions[0]!.title).toBe("Replace with 'empty-policy'");
        expect(apply(roles!, actions[0]!)).toBe('role R in FishVoucher {\n    // spol-ignore-next-line empty-policy -- agreed in March\n    allow /report\n}\n');
    });
});

describe('other diagnostics', () => {
    it('offers nothing for codes without a fix', async () => {
        const [document] = await buildWorkspace(services, { 'syntax.spol': 'user {' });
        const diagnostics = document!.diagnostics!;
        expect(diagnostics.length).toBeGreaterThan(0);
        const actions = await services.Spol.lsp.CodeActionProvider!.getCodeActions(document!, {
            textDocument: { uri: document!.uri.toString() },
            range: diagnostics[0]!.range,
            context: { diagnostics }
        });
        expect(actions).toEqual([]);
    });
});

describe('code actions on half-parsed text', () => {
    it('offer nothing, and never throw, where the user block has no brace', async () => {
        const real = createTestServices();
        const museum = join(import.meta.dirname, '..', 'fixtures', 'language', 'museum');
        const files: Record<string, string> = {};
        for (const name of ['institution.spol', 'library.spol', 'roles/collection-roles.spol', 'users/students.spol']) {
            files[name] = readFileSync(join(museum, name), 'utf8');
        }
        files['users/curators.spol'] = '😀user abentley ' + readFileSync(join(museum, 'users', 'curators.spol'), 'utf8');
        const documents = await buildWorkspace(real, files);
        let asked = 0;
        for (const document of documents) {
            for (const diagnostic of document.diagnostics ?? []) {
                asked++;
                // Throws (failing the test) if the provider trips over the half-parsed user.
                const actions = await Promise.resolve(
                    real.Spol.lsp.CodeActionProvider!.getCodeActions(document, {
                        textDocument: { uri: document.uri.toString() },
                        range: diagnostic.range,
                        context: { diagnostics: [diagnostic] }
                    })
                );
                expect(Array.isArray(actions ?? [])).toBe(true);
            }
        }
        expect(asked).toBeGreaterThan(0);
        await clearDocuments(real.shared);
    });
});

/**
 * Every engine lint with an obvious fix, one row per fix: the workspace, the file and code of the
 * diagnostic, the fix's title, and the text of every file the fix changes (and no other).
 */
describe('fixes for the engine’s lint rules', () => {
    const engine = createTestServices();

    afterEach(() => clearDocuments(engine.shared));

    const TREE2 = 'institution KU { division Ichthyology { discipline Fish { collection FishVoucher  collection FishTissue } } }\n';
    const BOSS = 'user boss { institution admin  agent "Boss" in Ichthyology }\n';

    interface Case {
        readonly name: string;
        readonly files: Readonly<Record<string, string>>;
        /** The file with the diagnostic, and the code. */
        readonly at: string;
        readonly code: string;
        /** Titles of every fix offered, the preferred one first. */
        readonly titles: readonly string[];
        /** The fix applied (by title), and every file it changes, as it reads after. */
        readonly apply: string;
        readonly after: Readonly<Record<string, string>>;
    }

    const roles = 'role Auditor in FishVoucher {\n    allow /permissions/list_admins: read\n    allow /report: execute\n}\n';
    const holders = [
        'user boss { institution admin  agent "Boss" in Ichthyology  in FishVoucher { access  roles Auditor } }',
        '',
        'user jdoe {\n    agent "Doe" in Ichthyology\n    in FishVoucher { access  roles Auditor }\n}',
        '',
        'user sam {\n    agent "Sam" in Ichthyology\n    institution {\n        allow /export/feed: force_update\n    }\n    in FishVoucher { access  roles Auditor }\n}',
        ''
    ].join('\n');
    const move = 'Move to the institution block of the users who hold role Auditor (jdoe, sam)';
    // The same holders, with boss made Institution Admin by the row itself rather than the keyword.
    const holdersByRow = holders.replace('user boss { institution admin  agent "Boss" in Ichthyology', 'user boss { institution { allow %: % }  agent "Boss" in Ichthyology');

    const cases: Case[] = [
        {
            name: 'institution-only policy in a role: moved to each holder, in another file (an admin already has it)',
            files: { 'tree.spol': TREE, 'roles.spol': roles, 'users.spol': holders },
            at: 'roles.spol',
            code: 'institution-only-policy',
            titles: [move, 'Delete the policy'],
            apply: move,
            after: {
                'roles.spol': 'role Auditor in FishVoucher {\n    allow /report: execute\n}\n',
                'users.spol': holders
                    .replace('agent "Doe" in Ichthyology\n', 'agent "Doe" in Ichthyology\n    institution {\n        allow /permissions/list_admins: read\n    }\n')
                    .replace('force_update\n', 'force_update\n        allow /permissions/list_admins: read\n')
            }
        },
        {
            name: 'institution-only policy in a role: not moved to a holder who is Institution Admin through allow %: %',
            files: { 'tree.spol': TREE, 'roles.spol': roles, 'users.spol': holdersByRow },
            at: 'roles.spol',
            code: 'institution-only-policy',
            titles: [move, 'Delete the policy'],
            apply: move,
            after: {
                'roles.spol': 'role Auditor in FishVoucher {\n    allow /report: execute\n}\n',
                'users.spol': holdersByRow
                    .replace('agent "Doe" in Ichthyology\n', 'agent "Doe" in Ichthyology\n    institution {\n        allow /permissions/list_admins: read\n    }\n')
                    .replace('force_update\n', 'force_update\n        allow /permissions/list_admins: read\n')
            }
        },
        {
            name: 'Institution Admin written twice: the allow %: % deleted, the keyword kept',
            files: { 'tree.spol': TREE, 'users.spol': 'user boss {\n    institution admin\n    institution {\n        allow %: %\n        allow /export/feed: force_update\n    }\n}\n' },
            at: 'users.spol',
            code: 'institution-admin-twice',
            titles: ["Delete the policy ('institution admin' already stores %: %)"],
            apply: "Delete the policy ('institution admin' already stores %: %)",
            after: { 'users.spol': 'user boss {\n    institution admin\n    institution {\n        allow /export/feed: force_update\n    }\n}\n' }
        },
        {
            name: 'institution-only policy in a role: deleted',
            files: { 'tree.spol': TREE, 'roles.spol': roles, 'users.spol': holders },
            at: 'roles.spol',
            code: 'institution-only-policy',
            titles: [move, 'Delete the policy'],
            apply: 'Delete the policy',
            after: { 'roles.spol': 'role Auditor in FishVoucher {\n    allow /report: execute\n}\n' }
        },
        {
            name: 'institution-only policy in a role nobody holds: only deleted',
            files: { 'tree.spol': TREE, 'roles.spol': roles, 'users.spol': BOSS },
            at: 'roles.spol',
            code: 'institution-only-policy',
            titles: ['Delete the policy'],
            apply: 'Delete the policy',
            after: { 'roles.spol': 'role Auditor in FishVoucher {\n    allow /report: execute\n}\n' }
        },
        {
            name: 'institution-only policy in a holder’s collection block: moved into a new institution block',
            files: {
                'tree.spol': TREE,
                'users.spol': `${BOSS}user jdoe {\n    agent "Doe" in Ichthyology\n    in FishVoucher {\n        access\n        allow /admin/user/password: update\n    }\n}\n`
            },
            at: 'users.spol',
            code: 'institution-only-policy',
            titles: ['Move to the institution block of jdoe', 'Delete the policy'],
            apply: 'Move to the institution block of jdoe',
            after: {
                'users.spol': `${BOSS}user jdoe {\n    agent "Doe" in Ichthyology\n    institution {\n        allow /admin/user/password: update\n    }\n    in FishVoucher {\n        access\n    }\n}\n`
            }
        },
        {
            name: 'institution-only policy in a one-line block: into the one-line institution block',
            files: {
                'tree.spol': TREE,
                'users.spol': `${BOSS}user u { agent "U" in Ichthyology  institution { allow /export/feed: force_update }  in FishVoucher { access  allow /admin/user/password: update } }\n`
            },
            at: 'users.spol',
            code: 'institution-only-policy',
            titles: ['Move to the institution block of u', 'Delete the policy'],
            apply: 'Move to the institution block of u',
            after: {
                'users.spol': `${BOSS}user u { agent "U" in Ichthyology  institution { allow /export/feed: force_update  allow /admin/user/password: update }  in FishVoucher { access } }\n`
            }
        },
        {
            name: '/admin/user/agents in a role (info): only deleted, since Specify honours it per collection',
            files: { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher {\n    allow /admin/user/agents: update\n}\n', 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishVoucher { access  roles R } }\n` },
            at: 'roles.spol',
            code: 'institution-only-policy',
            titles: ['Delete the policy'],
            apply: 'Delete the policy',
            after: { 'roles.spol': 'role R in FishVoucher {\n}\n' }
        },
        {
            name: 'empty policy: its line deleted',
            files: { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher {\n    allow /report\n    allow /table/agent: read\n}\n' },
            at: 'roles.spol',
            code: 'empty-policy',
            titles: ['Delete the empty policy'],
            apply: 'Delete the empty policy',
            after: { 'roles.spol': 'role R in FishVoucher {\n    allow /table/agent: read\n}\n' }
        },
        {
            name: 'empty policy on a line with others: just the policy deleted',
            files: { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher { allow /table/agent: read  allow /report }' },
            at: 'roles.spol',
            code: 'empty-policy',
            titles: ['Delete the empty policy'],
            apply: 'Delete the empty policy',
            after: { 'roles.spol': 'role R in FishVoucher { allow /table/agent: read }' }
        },
        {
            name: 'redundant policy: deleted with its trailing comment',
            files: { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher {\n    allow /table/%: read\n    allow /table/agent: read  // covered\n}\n' },
            at: 'roles.spol',
            code: 'redundant-policy',
            titles: ['Delete the redundant policy'],
            apply: 'Delete the redundant policy',
            after: { 'roles.spol': 'role R in FishVoucher {\n    allow /table/%: read\n}\n' }
        },
        {
            name: 'a second agent in one division: deleted',
            files: { 'tree.spol': TREE, 'users.spol': 'user u {\n    agent "A" in Ichthyology\n    agent "B" in Ichthyology\n}\n' },
            at: 'users.spol',
            code: 'multiple-agents',
            titles: ['Delete this agent'],
            apply: 'Delete this agent',
            after: { 'users.spol': 'user u {\n    agent "A" in Ichthyology\n}\n' }
        },
        {
            name: 'a misspelt discipline type: the type replaced, not the name',
            files: { 'tree.spol': 'institution KU { division D { discipline Fish type fsh { collection C } } }\n' },
            at: 'tree.spol',
            code: 'unknown-discipline-type',
            titles: ["Replace with 'fish'"],
            apply: "Replace with 'fish'",
            after: { 'tree.spol': 'institution KU { division D { discipline Fish type fish { collection C } } }\n' }
        },
        {
            name: 'a misspelt Specify 6 group: the group replaced',
            files: { 'users.spol': 'user u {\n    specify6 { admin  group Managr }\n}\n' },
            at: 'users.spol',
            code: 'unknown-specify6-group',
            titles: ["Replace with 'Manager'"],
            apply: "Replace with 'Manager'",
            after: { 'users.spol': 'user u {\n    specify6 { admin  group Manager }\n}\n' }
        },
        {
            name: 'a collection listed twice for a role: the repeat removed',
            files: { 'tree.spol': TREE2, 'roles.spol': 'role R in FishVoucher, FishTissue, FishVoucher {}\n' },
            at: 'roles.spol',
            code: 'duplicate-name',
            titles: ['Remove the repeated FishVoucher'],
            apply: 'Remove the repeated FishVoucher',
            after: { 'roles.spol': 'role R in FishVoucher, FishTissue {}\n' }
        },
        {
            name: 'a role given twice in one block: the repeat removed',
            files: { 'tree.spol': TREE, 'roles.spol': 'role A in FishVoucher {}\nrole B in FishVoucher {}\n', 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishVoucher { access  roles A, B, A } }\n` },
            at: 'users.spol',
            code: 'duplicate-name',
            titles: ['Remove the repeated A'],
            apply: 'Remove the repeated A',
            after: { 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishVoucher { access  roles A, B } }\n` }
        },
        {
            name: 'roles without access: access added',
            files: { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher {}\n', 'users.spol': `${BOSS}user u {\n    agent "U" in Ichthyology\n    in FishVoucher {\n        roles R\n    }\n}\n` },
            at: 'users.spol',
            code: 'roles-without-access',
            titles: ['Give u access to FishVoucher', 'Remove the roles from this block'],
            apply: 'Give u access to FishVoucher',
            after: { 'users.spol': `${BOSS}user u {\n    agent "U" in Ichthyology\n    in FishVoucher {\n        access\n        roles R\n    }\n}\n` }
        },
        {
            name: 'roles without access, on one line: the roles removed',
            files: { 'tree.spol': TREE, 'roles.spol': 'role R in FishVoucher {}\nrole S in FishVoucher {}\n', 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishVoucher { roles R, S } }\n` },
            at: 'users.spol',
            code: 'roles-without-access',
            titles: ['Give u access to FishVoucher', 'Remove the roles from this block'],
            apply: 'Remove the roles from this block',
            after: { 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishVoucher { } }\n` }
        },
        {
            name: 'a role given where it is not declared: declared there too, in its own file',
            files: { 'tree.spol': TREE2, 'roles.spol': 'role R in FishVoucher {}\nrole A in FishTissue {}\n', 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishTissue { access  roles A, R } }\n` },
            at: 'users.spol',
            code: 'role-not-in-collection',
            titles: ['Declare role R for FishTissue too', 'Remove role R from this block'],
            apply: 'Declare role R for FishTissue too',
            after: { 'roles.spol': 'role R in FishVoucher, FishTissue {}\nrole A in FishTissue {}\n' }
        },
        {
            name: 'a role given where it is not declared: removed from the block',
            files: { 'tree.spol': TREE2, 'roles.spol': 'role R in FishVoucher {}\nrole A in FishTissue {}\n', 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishTissue { access  roles A, R } }\n` },
            at: 'users.spol',
            code: 'role-not-in-collection',
            titles: ['Declare role R for FishTissue too', 'Remove role R from this block'],
            apply: 'Remove role R from this block',
            after: { 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishTissue { access  roles A } }\n` }
        },
        {
            name: 'the only role given where it is not declared: removed with its `roles`',
            files: { 'tree.spol': TREE2, 'roles.spol': 'role R in FishVoucher {}\n', 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishTissue { access  roles R } }\n` },
            at: 'users.spol',
            code: 'role-not-in-collection',
            titles: ['Declare role R for FishTissue too', 'Remove role R from this block'],
            apply: 'Remove role R from this block',
            after: { 'users.spol': `${BOSS}user u { agent "U" in Ichthyology  in FishTissue { access } }\n` }
        }
    ];

    it.each(cases)('$name', async ({ files, at, code, titles, apply: title, after }) => {
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = engine.shared.workspace;
        const documents = new Map(
            Object.entries(files).map(([name, text]) => {
                const document = LangiumDocumentFactory.fromString(text, URI.parse(`file:///fixes/${name}`));
                LangiumDocuments.addDocument(document);
                return [name, document] as const;
            })
        );
        await DocumentBuilder.build([...documents.values()], { validation: true });
        const document = documents.get(at)!;
        const diagnostics = (document.diagnostics ?? []).filter((d) => d.code === code);
        expect(diagnostics, code).toHaveLength(1);
        const actions = ((await engine.Spol.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() },
            range: diagnostics[0]!.range,
            context: { diagnostics }
        })) ?? []) as CodeAction[];
        expect(actions.map((a) => a.title)).toEqual(titles);
        expect(actions[0]!.isPreferred).toBe(true);
        expect(actions.every((a) => a.kind === 'quickfix' && a.diagnostics?.[0] === diagnostics[0])).toBe(true);
        const fix = actions.find((a) => a.title === title)!;
        const changes = fix.edit!.changes!;
        const byUri = new Map([...documents].map(([name, d]) => [d.uri.toString(), name]));
        const changed = Object.fromEntries(
            Object.entries(changes).map(([uri, edits]) => [byUri.get(uri)!, TextDocument.applyEdits(documents.get(byUri.get(uri)!)!.textDocument, edits)])
        );
        expect(changed).toEqual(after);

        // Applied, the fix takes the diagnostic away.
        await clearDocuments(engine.shared);
        const fixed = await buildWorkspace(engine, { ...files, ...changed });
        const again = fixed[Object.keys(files).indexOf(at)]!;
        expect((again.diagnostics ?? []).filter((d) => d.code === code)).toEqual([]);
    });
});
