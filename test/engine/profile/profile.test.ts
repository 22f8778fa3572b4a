/**
 * Permission profiles: what Specify's preview lists, cell for cell equal to `decide` (on the
 * examples and on random models), the tool rule, the collection gate, institution profiles, errors,
 * and how long a full profile takes.
 */
import { resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, QueryError, type PolicyEngine } from '../../../engine/decision/index.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import {
    grantedByPolicy,
    grantsOf,
    profile,
    profileEntries,
    type PermissionProfile,
    type ProfileEntry,
    type ProfileWhere
} from '../../../engine/profile/index.js';
import { registry } from '../../../engine/registry/registry.js';
import { loadWorkspace } from '../../../language/workspace.js';
import { refusal, rowsOf } from '../decision/checked-decide.js';
import { allow, grant, museum, role, user } from '../decision/model-builders.js';
import { checkAgainstDecide } from './against-decide.js';
import { COLLECTIONS, randomModel } from './random-models.js';

const examples = resolve(import.meta.dirname, '..', '..', '..', 'examples');

async function engineOf(name: string): Promise<PolicyEngine> {
    const workspace = await loadWorkspace([resolve(examples, name)]);
    return compile(workspace.model);
}

function everyWhere(engine: PolicyEngine): ProfileWhere[] {
    return [...engine.index.users.keys()].flatMap((user) => [
        { user, institution: true as const },
        ...engine.index.collectionNames().map((collection) => ({ user, collection }))
    ]);
}

function entry(answer: PermissionProfile, resource: string): ProfileEntry {
    const found = profileEntries(answer).find((e) => e.resource === resource);
    if (!found) throw new Error(`no ${resource} in the profile`);
    return found;
}

function cell(answer: PermissionProfile, resource: string, action: string) {
    const found = (entry(answer, resource).cells as readonly { action: string }[]).find((c) => c.action === action);
    if (!found) throw new Error(`no ${resource} ${action} in the profile`);
    return found as ProfileEntry['cells'][number];
}

function allowedActions(answer: PermissionProfile, resource: string): string[] {
    return (entry(answer, resource).cells as readonly { action: string; allowed: boolean }[]).filter((c) => c.allowed).map((c) => c.action);
}

let museumEngine: PolicyEngine;

beforeAll(async () => {
    museumEngine = await engineOf('natural-history-museum');
});

describe('a profile lists what Specify\'s permission preview shows', () => {
    it('every operation with all its actions, every table with CRUD, the /preferences/* and the six tools', () => {
        const answer = profile(museumEngine, { user: 'jdoe', collection: 'FishVoucher' });
        const resources = [...registry.resources.values()];
        const names = (kind: string) => resources.filter((r) => r.kind === kind).map((r) => r.resource);
        expect(answer.operations.map((e) => e.resource)).toEqual(names('operation'));
        expect(answer.tables.map((e) => e.resource)).toEqual(names('table'));
        expect(answer.tables).toHaveLength(215);
        expect(answer.preferences.map((e) => e.resource)).toEqual(['/preferences/user', '/preferences/statistics', '/preferences/collection']);
        expect(answer.tools.map((e) => e.resource)).toEqual(names('frontend-virtual-tool'));
        expect(answer.tools).toHaveLength(6);
        for (const e of answer.operations) expect(e.cells.map((c) => c.action)).toEqual(registry.resources.get(e.resource.toLowerCase())!.actions);
        for (const e of answer.tables) expect(e.cells.map((c) => c.action)).toEqual(['read', 'create', 'update', 'delete']);
        const listed = profileEntries(answer).map((e) => e.resource);
        expect(listed).not.toContain('/permissions/institutional_policies/user');
        expect(listed).not.toContain('/report/record');
        expect(listed.some((r) => r.startsWith('/field/'))).toBe(false);
    });

    it('keeps the tool tables under tables, each naming its tool, with scope and system flags', () => {
        const answer = profile(museumEngine, { user: 'jdoe', collection: 'FishVoucher' });
        for (const tool of answer.tools) {
            for (const table of tool.tables) {
                const listed = answer.tables.find((t) => t.resource === table);
                expect(listed, table).toBeDefined();
                expect(listed!.tool).toBe(tool.tool);
            }
        }
        const taxon = answer.tables.find((t) => t.table === 'taxon')!;
        expect(taxon).toMatchObject({ model: 'Taxon', scope: 'discipline', tree: true, system: false });
        expect(answer.tables.find((t) => t.table === 'collectionobject')).toMatchObject({ scope: 'collection', tree: false });
        expect(answer.tables.filter((t) => t.system).length).toBeGreaterThan(10);
        expect(answer.tables.filter((t) => t.tool !== undefined)).toHaveLength(15);
    });

    it('counts cells in its summary, group by group', () => {
        const answer = profile(museumEngine, { user: 'jdoe', collection: 'FishVoucher' });
        const groups = { operation: answer.operations, tool: answer.tools, table: answer.tables, preference: answer.preferences };
        let cells = 0;
        let allowed = 0;
        for (const [kind, entries] of Object.entries(groups)) {
            const all = entries.flatMap((e) => e.cells as readonly { allowed: boolean }[]);
            const summary = answer.summary.byKind[kind as keyof typeof groups];
            expect(summary.resources, kind).toBe(entries.length);
            expect(summary.cells, kind).toBe(all.length);
            expect(summary.allowed, kind).toBe(all.filter((c) => c.allowed).length);
            expect(summary.resourcesAllowed, kind).toBe(entries.filter((e) => (e.cells as readonly { allowed: boolean }[]).some((c) => c.allowed)).length);
            cells += all.length;
            allowed += summary.allowed;
        }
        expect(answer.summary.cells).toBe(cells);
        expect(answer.summary.allowed).toBe(allowed);
        expect(answer.summary.blocked).toBe(0);
        expect(answer.summary.byKind.table).toMatchObject({ cells: 860 });
    });
});

describe('every cell is the decision decide gives', () => {
    it.each(['natural-history-museum', 'specify-defaults'])('on examples/%s, for every user in every collection and at institution level', async (name) => {
        const engine = name === 'natural-history-museum' ? museumEngine : await engineOf(name);
        let cells = 0;
        let allowed = 0;
        const levels = new Set<string>();
        for (const where of everyWhere(engine)) {
            const answer = profile(engine, where);
            const checked = checkAgainstDecide(engine, where, answer);
            expect(checked.mismatches).toEqual([]);
            cells += checked.cells;
            allowed += checked.allowed;
            for (const e of profileEntries(answer)) levels.add(`${where.collection ? 'in' : 'at'}:${e.level}`);
        }
        expect(allowed).toBeGreaterThan(1000);
        expect(cells - allowed).toBeGreaterThan(1000);
        expect([...levels].sort()).toEqual(['at:institution', 'in:collection', 'in:institution']);
    });

    it('on random models (property)', () => {
        const seen = { cells: 0, allowed: 0, blocked: 0, toolsDenied: 0, toolsAllowed: 0, roleRows: 0, refused: 0 };
        fc.assert(
            fc.property(randomModel, fc.nat(), (m: PolicyModel, pick) => {
                const engine = compile(m);
                const users = [...engine.index.users.keys()];
                const name = users[pick % users.length]!;
                for (const where of [{ user: name, institution: true as const }, ...COLLECTIONS.map((collection) => ({ user: name, collection }))]) {
                    // A name the question depends on declared twice: refused exactly when decide refuses it.
                    const refused = refusal(() => engine.decide({ ...where, resource: '/table/agent', action: 'read' }));
                    expect(refusal(() => profile(engine, where))).toBe(refused);
                    if (refused) {
                        seen.refused++;
                        continue;
                    }
                    const answer = profile(engine, where);
                    const checked = checkAgainstDecide(engine, where, answer);
                    expect(checked.mismatches.slice(0, 5)).toEqual([]);
                    seen.cells += checked.cells;
                    seen.allowed += checked.allowed;
                    seen.blocked += answer.summary.blocked;
                    for (const tool of answer.tools) {
                        for (const c of tool.cells) {
                            if (c.allowed) seen.toolsAllowed++;
                            else if (c.matches.length > 0) seen.toolsDenied++;
                        }
                    }
                    seen.roleRows += profileEntries(answer).reduce(
                        (n, e) => n + (e.cells as readonly { matches: readonly { origin: { kind: string } }[] }[]).reduce((k, c) => k + c.matches.filter((r) => r.origin.kind === 'role').length, 0),
                        0
                    );
                }
            }),
            { numRuns: 150 }
        );
        // Not vacuous: grants, gates, partial tools and role rows all came up.
        expect(seen.allowed).toBeGreaterThan(10_000);
        expect(seen.cells - seen.allowed).toBeGreaterThan(10_000);
        expect(seen.blocked).toBeGreaterThan(100);
        expect(seen.toolsAllowed).toBeGreaterThan(50);
        expect(seen.toolsDenied).toBeGreaterThan(10);
        expect(seen.roleRows).toBeGreaterThan(1000);
        expect(seen.refused).toBeGreaterThan(10);
    });
});

describe('profiles on the museum', () => {
    it('jdoe in FishVoucher: Data Entry reads, creates and updates records but cannot delete them', () => {
        const answer = profile(museumEngine, { user: 'jdoe', collection: 'FishVoucher' });
        expect(answer.collectionAccess?.allowed).toBe(true);
        expect(answer.collectionAccess?.matches[0]).toMatchObject({ derivation: 'collection-access', origin: { kind: 'collection-user', user: 'jdoe' } });
        expect(allowedActions(answer, '/table/collectionobject')).toEqual(['read', 'create', 'update']);
        expect(cell(answer, '/table/collectionobject', 'delete')).toMatchObject({ allowed: false, reason: 'no-matching-policy', matches: [] });
        const update = cell(answer, '/table/collectionobject', 'update');
        expect(rowsOf(update.matches)).toEqual(['/table/collectionobject update @ role DataEntry@FishVoucher', '/table/% update @ role DataEntry@FishVoucher']);
        expect(update.matches.map((r) => r.template ?? null)).toEqual(['BulkAttachmentImport', null]);
        expect(allowedActions(answer, '/querybuilder/query')).toEqual(['execute', 'export_csv', 'export_kml', 'create_recordset']);
        expect(cell(answer, '/querybuilder/query', 'execute').matches.map((r) => r.template)).toEqual(['RunQueries']);
        expect(entry(answer, '/admin/user/password')).toMatchObject({ level: 'institution', institutionOnly: true });
        expect(allowedActions(answer, '/preferences/user')).toEqual([]);
    });

    it('roles never count for institution-checked resources, even Collection Admin (%: %)', () => {
        const answer = profile(museumEngine, { user: 'tnguyen', collection: 'FishVoucher' });
        for (const resource of ['/admin/user/password', '/permissions/library/roles', '/permissions/list_admins', '/export/backup']) {
            expect(entry(answer, resource).level, resource).toBe('institution');
            expect(allowedActions(answer, resource), resource).toEqual([]);
            for (const c of entry(answer, resource).cells) expect(c.matches, resource).toEqual([]);
        }
        // Specify's server checks agents per collection, so the role's %: % does count there.
        expect(entry(answer, '/admin/user/agents').level).toBe('collection');
        expect(allowedActions(answer, '/admin/user/agents')).toEqual(['update']);
        expect(answer.summary.byKind.table.allowed).toBe(860);
        expect(allowedActions(answer, '/preferences/collection')).toEqual(['edit_collection']);
    });

    it('institution-level policies count in every collection for institution-checked resources', () => {
        for (const collection of museumEngine.index.collectionNames()) {
            const answer = profile(museumEngine, { user: 'sfischer', collection });
            expect(allowedActions(answer, '/permissions/list_admins')).toEqual(['read']);
            expect(allowedActions(answer, '/permissions/library/roles')).toEqual(['read']);
            expect(cell(answer, '/permissions/list_admins', 'read').matches[0]!.origin).toEqual({ kind: 'institution-user', user: 'sfischer' });
            expect(allowedActions(answer, '/permissions/roles')).toEqual(['read']);
        }
    });

    it('at institution level only institution-level policies count, with no gate', () => {
        const admin = profile(museumEngine, { user: 'mokafor', institution: true });
        expect(admin.collectionAccess).toBeUndefined();
        expect(admin.institution).toBe(true);
        expect(admin.summary.allowed).toBe(admin.summary.cells);
        const auditor = profile(museumEngine, { user: 'sfischer', institution: true });
        expect(profileEntries(auditor).every((e) => e.level === 'institution')).toBe(true);
        const granted = profileEntries(auditor).flatMap((e) => (e.cells as readonly { action: string; allowed: boolean }[]).filter((c) => c.allowed).map((c) => `${e.resource} ${c.action}`));
        expect(granted).toEqual(['/permissions/list_admins read', '/permissions/library/roles read']);
        expect(profile(museumEngine, { user: 'tnguyen', institution: true }).summary.allowed).toBe(0);
    });
});

describe('tools', () => {
    const engine = compile(
        museum({
            roles: [
                role('Half', ['FishVoucher'], { policies: [allow('/table/spauditlog', 'read'), allow('/table/spquery', 'read', 'create')] }),
                role('Tool', ['FishVoucher'], { policies: [allow('/tools/queryBuilder', 'read')] })
            ],
            users: [
                user('half', { grants: [grant('FishVoucher', { access: true, roles: ['Half'] })] }),
                user('tool', { grants: [grant('FishVoucher', { access: true, roles: ['Tool'] })] })
            ]
        })
    );

    it('denies a tool action unless every table of the tool allows it, and names the missing tables', () => {
        const answer = profile(engine, { user: 'half', collection: 'FishVoucher' });
        const auditLog = answer.tools.find((t) => t.tool === 'auditLog')!;
        expect(auditLog.cells[0]).toMatchObject({ action: 'read', allowed: false, reason: 'no-matching-policy', missingTables: ['/table/spauditlogfield'] });
        expect(rowsOf(auditLog.cells[0]!.matches)).toEqual(['/table/spauditlog read @ role Half@FishVoucher']);
        expect(allowedActions(answer, '/table/spauditlog')).toEqual(['read']);
        expect(auditLog.cells[1]).toMatchObject({ action: 'create', allowed: false, missingTables: ['/table/spauditlog', '/table/spauditlogfield'], matches: [] });
        expect(grantedByPolicy(auditLog.cells[0]!)).toBe(false);
    });

    it('allows a tool granted as a tool, with the expanded table rows as provenance', () => {
        const answer = profile(engine, { user: 'tool', collection: 'FishVoucher' });
        const queryBuilder = answer.tools.find((t) => t.tool === 'queryBuilder')!;
        expect(queryBuilder.cells[0]).toMatchObject({ action: 'read', allowed: true, reason: 'granted', missingTables: [] });
        expect(queryBuilder.cells[0]!.matches.map((r) => [r.resource, r.derivation])).toEqual([
            ['/table/spquery', 'tool-expansion'],
            ['/table/spqueryfield', 'tool-expansion']
        ]);
        const grants = grantsOf([queryBuilder.cells[0]!]);
        expect(grants.map((g) => g.label)).toEqual(['role Tool via /tools/queryBuilder']);
        expect(grants[0]!.rows).toHaveLength(2);
        expect(allowedActions(answer, '/tools/auditLog')).toEqual([]);
    });
});

describe('the collection gate', () => {
    const engine = compile(
        museum({
            roles: [role('Reader', ['FishVoucher'], { policies: [allow('/table/%', 'read'), allow('/tools/%', 'read')] })],
            users: [user('locked', { institution: [allow('/report', 'execute')], grants: [grant('FishVoucher', { roles: ['Reader'] })] })]
        })
    );

    it('is reported once; a closed gate denies every cell but keeps what policies would grant', () => {
        const answer = profile(engine, { user: 'locked', collection: 'FishVoucher' });
        expect(answer.collectionAccess).toEqual({ allowed: false, matches: [] });
        expect(answer.summary.allowed).toBe(0);
        const cells = profileEntries(answer).flatMap((e) => e.cells as readonly { reason: string; matches: readonly unknown[] }[]);
        expect(cells.every((c) => c.reason === 'no-collection-access')).toBe(true);
        // 215 table reads, 6 tool reads and /report execute: what the user would have after `access`.
        expect(answer.summary.blocked).toBe(215 + 6 + 1);
        expect(answer.summary.byKind.tool.blocked).toBe(6);
        expect(rowsOf(cell(answer, '/report', 'execute').matches)).toEqual(['/report execute @ locked@institution']);
        expect(grantedByPolicy(cell(answer, '/table/agent', 'read'))).toBe(true);
        expect(grantedByPolicy(cell(answer, '/table/agent', 'update'))).toBe(false);
    });

    it('does not apply at institution level', () => {
        const answer = profile(engine, { user: 'locked', institution: true });
        expect(answer.collectionAccess).toBeUndefined();
        expect(answer.summary.allowed).toBe(1);
        expect(answer.summary.blocked).toBe(0);
    });
});

describe('options and errors', () => {
    it('computes only the groups asked for, with the same cells', () => {
        const full = profile(museumEngine, { user: 'ehartley', collection: 'FishVoucher' });
        const tools = profile(museumEngine, { user: 'ehartley', collection: 'FishVoucher' }, { kinds: ['tool'] });
        expect(tools.tables).toEqual([]);
        expect(tools.operations).toEqual([]);
        expect(tools.tools).toEqual(full.tools);
        expect(tools.summary.cells).toBe(24);
        const ops = profile(museumEngine, { user: 'ehartley', collection: 'FishVoucher' }, { kinds: ['operation', 'preference'] });
        expect(ops.operations).toEqual(full.operations);
        expect(ops.preferences).toEqual(full.preferences);
        expect(ops.summary.byKind.table.cells).toBe(0);
    });

    function queryError(run: () => unknown): QueryError {
        try {
            run();
        } catch (error) {
            expect(error).toBeInstanceOf(QueryError);
            return error as QueryError;
        }
        throw new Error('expected a QueryError');
    }

    it('refuses unknown names with the closest ones, and malformed questions', () => {
        expect(queryError(() => profile(museumEngine, { user: 'jdo', collection: 'FishVoucher' }))).toMatchObject({ code: 'unknown-user', suggestions: ['jdoe'] });
        expect(queryError(() => profile(museumEngine, { user: 'jdoe', collection: 'FishVouch' }))).toMatchObject({ code: 'unknown-collection', suggestions: ['FishVoucher'] });
        expect(queryError(() => profile(museumEngine, { user: 'jdoe' } as ProfileWhere)).code).toBe('bad-query');
        expect(queryError(() => profile(museumEngine, { user: 'jdoe', collection: 'FishVoucher', institution: true } as unknown as ProfileWhere)).code).toBe('bad-query');
        expect(queryError(() => profile(museumEngine, { user: 'jdoe', institution: true }, { kinds: ['tabel' as 'table'] }))).toMatchObject({ code: 'bad-query', suggestions: ['table'] });
    });
});
