/**
 * spol's own LSP requests (language/spol-requests.ts) over the natural-history-museum example: each
 * answer is the engine's (the same calls as the CLI), turned into plain JSON with links; questions
 * over a broken workspace or about unknown names are refused, never answered wrongly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../engine/decision/index.js';
import { exportFor, exportInstitution } from '../../engine/interchange/index.js';
import { ModelIndex } from '../../engine/model/stored.js';
import { profile, whoCan } from '../../engine/profile/index.js';
import type { CellView, ProfileView } from '../../language/protocol.js';
import { SpolCodeLensProvider } from '../../language/spol-code-lens.js';
import { createSpolServices } from '../../language/spol-module.js';
import { SpolRequests } from '../../language/spol-requests.js';
import { root, spolFilesBelow } from './spol-test-kit.js';

const museum = join(root, 'examples/natural-history-museum');

async function load(folder: string, extra: Readonly<Record<string, string>> = {}) {
    const services = createSpolServices(NodeFileSystem);
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const documents = spolFilesBelow(folder).map((path) => LangiumDocumentFactory.fromString(readFileSync(path, 'utf8'), URI.file(path)));
    for (const [name, text] of Object.entries(extra)) documents.push(LangiumDocumentFactory.fromString(text, URI.file(join(folder, name))));
    documents.forEach((document) => LangiumDocuments.addDocument(document));
    await DocumentBuilder.build(documents, { validation: true });
    return { services, requests: new SpolRequests(services.Spol), documents };
}

function cell(view: ProfileView, resource: string, action: string): CellView {
    for (const group of view.groups) {
        const entry = group.entries.find((e) => e.resource === resource);
        const found = entry?.cells.find((c) => c.action === action);
        if (found) return found;
    }
    throw new Error(`no cell ${action} ${resource}`);
}

describe('spol/profile, spol/whoCan, spol/export, spol/names over the museum', () => {
    let requests: SpolRequests;
    let services: Awaited<ReturnType<typeof load>>['services'];

    beforeAll(async () => {
        ({ requests, services } = await load(museum));
    });

    it('answers a profile with the role, template and line that granted each cell', () => {
        const answer = requests.profile({ user: 'jdoe', collection: 'FishVoucher' });
        expect(answer.kind).toBe('profile');
        if (answer.kind !== 'profile') return;
        const read = cell(answer.profile, '/table/collectionobject', 'read');
        expect(read.allowed).toBe(true);
        const labels = read.grants.map((g) => g.label);
        expect(labels).toContain('role DataEntry (from library RunQueries)');
        const fromTemplate = read.grants.find((g) => g.label === 'role DataEntry (from library RunQueries)')!;
        expect(fromTemplate.location?.uri).toBe(URI.file(join(museum, 'library.spol')).toString());
        expect(fromTemplate.location?.range.start.line).toBe(111);
        expect(answer.profile.collectionAccess?.allowed).toBe(true);
        expect(answer.profile.userTitle).toBe('Jane Doe');
        expect(answer.profile.groups.map((g) => g.kind)).toEqual(['operation', 'tool', 'table', 'system-table', 'preference']);
    });

    it('has exactly the cells and decisions of the engine profile', () => {
        const engine = compile(services.Spol.workspace.PolicyModel.model);
        const expected = profile(engine, { user: 'jdoe', collection: 'FishVoucher' });
        const answer = requests.profile({ user: 'jdoe', collection: 'FishVoucher' });
        if (answer.kind !== 'profile') throw new Error(answer.kind);
        const mine = answer.profile.groups.flatMap((g) => g.entries.flatMap((e) => e.cells.map((c) => `${e.resource} ${c.action} ${c.allowed}`)));
        const theirs = [...expected.operations, ...expected.tools, ...expected.tables.filter((t) => !t.system), ...expected.tables.filter((t) => t.system), ...expected.preferences].flatMap(
            (e) => e.cells.map((c) => `${e.resource} ${c.action} ${c.allowed}`)
        );
        expect(mine).toEqual(theirs);
        expect(answer.profile.summary.allowed).toBe(expected.summary.allowed);
    });

    it('marks cells a policy grants behind a closed collection gate as blocked', () => {
        const answer = requests.profile({ user: 'jdoe', collection: 'FishTissue' });
        if (answer.kind !== 'profile') throw new Error(answer.kind);
        expect(answer.profile.collectionAccess?.allowed).toBe(false);
        const read = cell(answer.profile, '/table/collectionobject', 'read');
        expect(read.allowed).toBe(false);
        expect(read.grants).toEqual([]);
    });

    it('refuses an unknown user with did-you-mean', () => {
        const answer = requests.profile({ user: 'jdeo', collection: 'FishVoucher' });
        expect(answer).toMatchObject({ kind: 'unknown' });
        if (answer.kind === 'unknown') expect(answer.suggestions).toContain('jdoe');
    });

    it('answers who-can as the engine does, with links to the grants', () => {
        const answer = requests.whoCan({ action: 'delete', resource: '/table/collectionobject', collection: 'FishVoucher' });
        if (answer.kind !== 'answer') throw new Error(answer.kind);
        const engine = compile(services.Spol.workspace.PolicyModel.model);
        const expected = whoCan(engine, { action: 'delete', resource: '/table/collectionobject', collection: 'FishVoucher' }, { blocked: true });
        expect(answer.allowed.map((u) => u.user)).toEqual(expected.allowed.map((e) => e.user));
        expect(answer.blocked.map((u) => u.user)).toEqual((expected.blocked ?? []).map((e) => e.user));
        expect(answer.allowed.length).toBeGreaterThan(0);
        for (const user of answer.allowed) {
            expect(user.grants.length).toBeGreaterThan(0);
            expect(user.location?.uri).toMatch(/\.spol$/);
        }
    });

    it('refuses a resource Specify does not define', () => {
        expect(requests.whoCan({ action: 'read', resource: '/table/colectionobject', collection: 'FishVoucher' })).toMatchObject({
            kind: 'unknown',
            suggestions: expect.arrayContaining(['/table/collectionobject'])
        });
    });

    it('exports exactly what the engine exports', () => {
        const index = new ModelIndex(services.Spol.workspace.PolicyModel.model);
        const collection = requests.exportRoles({ collection: 'FishVoucher' });
        if (collection.kind !== 'files') throw new Error(collection.kind);
        expect(collection.files).toEqual([{ path: 'FishVoucher-roles.json', content: exportFor(index, { collection: 'FishVoucher' }).content }]);
        const library = requests.exportRoles({ library: true });
        if (library.kind !== 'files') throw new Error(library.kind);
        expect(library.files[0]!.content).toBe(exportFor(index, { library: true }).content);
        const all = requests.exportRoles({ all: true });
        if (all.kind !== 'files') throw new Error(all.kind);
        expect(all.files).toEqual(exportInstitution(index).map((f) => ({ path: f.path, content: f.content })));
    });

    it('lists the names a picker needs', () => {
        const names = requests.names();
        const jdoe = names.users.find((u) => u.name === 'jdoe')!;
        expect(jdoe).toMatchObject({ title: 'Jane Doe', collections: ['FishVoucher'], roles: [{ role: 'DataEntry', collection: 'FishVoucher' }], institutionAdmin: false });
        expect(names.collections.map((c) => c.name)).toContain('FishTissue');
        expect(names.roles.find((r) => r.name === 'DataEntry')?.templates.length).toBeGreaterThan(0);
        expect(names.resources.find((r) => r.resource === '/table/collectionobject')?.actions).toEqual(['read', 'create', 'update', 'delete']);
    });

    it('puts a profile lens above each user and a holders lens and an export lens above each role', async () => {
        const lenses = new SpolCodeLensProvider(services.Spol);
        const documents = services.shared.workspace.LangiumDocuments.all.toArray();
        const users = documents.find((d) => d.uri.path.endsWith('users/ichthyology.spol'))!;
        const userLenses = (await lenses.provideCodeLens(users, { textDocument: { uri: users.uri.toString() } }))!;
        const jdoe = userLenses.find((lens) => (lens.command?.arguments as unknown[])[0] === 'jdoe')!;
        expect(jdoe.command).toMatchObject({ command: 'spol.showProfile', arguments: ['jdoe', { collection: 'FishVoucher' }] });
        expect(jdoe.range.start.line).toBe(35);
        const roles = documents.find((d) => d.uri.path.endsWith('/roles.spol'))!;
        const roleLenses = (await lenses.provideCodeLens(roles, { textDocument: { uri: roles.uri.toString() } }))!;
        const dataEntry = roleLenses.filter((lens) => (lens.command?.arguments as unknown[])[0] === 'DataEntry');
        expect(dataEntry.map((lens) => lens.command?.command)).toEqual(['spol.showRoleHolders', 'spol.exportRole']);
        expect(dataEntry[0]!.command!.title).toMatch(/^held by \d+ users? in \d+ collections?$/);
    });
});

describe('a workspace that cannot be decided over', () => {
    it('refuses profiles and who-can while syntax errors stand, naming them', async () => {
        const { requests } = await load(museum, { 'zz-broken.spol': 'user broken {\n    in FishVoucher { access \n' });
        const answer = requests.profile({ user: 'jdoe', collection: 'FishVoucher' });
        expect(answer.kind).toBe('blocked');
        if (answer.kind !== 'blocked') return;
        expect(answer.problems[0]).toMatchObject({ code: 'syntax-error', location: { uri: expect.stringMatching(/zz-broken\.spol$/) } });
        expect(requests.whoCan({ action: 'read', resource: '/table/agent', collection: 'FishVoucher' }).kind).toBe('blocked');
        expect(requests.exportRoles({ collection: 'FishVoucher' }).kind).toBe('blocked');
        expect(requests.changed(7)).toMatchObject({ version: 7, blockingErrors: answer.problems.length });
    });
});

describe('a question about a name declared twice', () => {
    it('is refused with every declaration, so the editor can link to them', async () => {
        const { requests } = await load(museum, { 'zz-twice.spol': 'user jdoe "Another Jane" {\n    agent "Doe, J." in Ichthyology\n}\n' });
        const answer = requests.profile({ user: 'jdoe', collection: 'FishVoucher' });
        expect(answer.kind).toBe('unknown');
        if (answer.kind !== 'unknown') return;
        expect(answer.declarations?.map((d) => d.uri.split('/').pop())).toEqual(['ichthyology.spol', 'zz-twice.spol']);
        expect(answer.declarations?.[1]?.range.start.line).toBe(0);
    });

    it('names a user Institution Admin when their institution rows hold %: %, however it is written', async () => {
        const extra = 'user zroot {\n    institution { allow %: % }\n}\nuser zboth {\n    institution admin\n    institution { allow %: % }\n}\n';
        const { requests } = await load(museum, { 'zz-admins.spol': extra });
        const admin = (name: string) => requests.names().users.find((u) => u.name === name)?.institutionAdmin;
        expect([admin('zroot'), admin('zboth'), admin('jdoe')]).toEqual([true, true, false]);
        // Written both ways it is one stored row, granted by both lines.
        const answer = requests.profile({ user: 'zboth', institution: true });
        expect(answer.kind).toBe('profile');
        if (answer.kind !== 'profile') return;
        const grants = cell(answer.profile, '/admin/user/password', 'update').grants;
        expect(grants.map((g) => [g.label, g.location?.range.start.line])).toEqual([
            ['Institution Admin', 4],
            ['Institution Admin', 5]
        ]);
    });
});
