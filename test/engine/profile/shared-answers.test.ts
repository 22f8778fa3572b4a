/**
 * Profiles and who-can where answers are shared: abilities serve every user whose rows have the
 * same patterns, a profile remembers per ability which rows grant each cell (held-rows.ts) and
 * shares cells between entries (level-cells.ts), and who-can builds decisions only for the users
 * it lists. On random models with every user cloned under a second name (same grants, so the same
 * abilities but their own rows), every profile asked in one engine, in any order, must be `decide`
 * cell by cell and equal to the same profile asked first in a fresh engine; every who-can, tools
 * and names Specify does not define included, must list exactly the users the plain definition
 * lists, with the same decisions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, type Decision, type PolicyEngine } from '../../../engine/decision/index.js';
import type { PolicyModel, User } from '../../../engine/model/policy-model.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';
import { profile, profileEntries, whoCan, type PermissionProfile, type ProfileWhere, type WhoCanQuery } from '../../../engine/profile/index.js';
import { registry } from '../../../engine/registry/registry.js';
import { refusal } from '../decision/checked-decide.js';
import { checkAgainstDecide } from './against-decide.js';
import { COLLECTIONS, randomModel } from './random-models.js';

/** The model with a copy of every user under another name: same grants, so shared abilities. */
const clonedModel: fc.Arbitrary<PolicyModel> = randomModel.map((m) => ({
    ...m,
    users: [...m.users, ...m.users.map((u): User => ({ ...u, name: `${u.name}-twin` }))]
}));

/** Every cell as text (allowed, reason, each row's holder and pattern), to compare profiles of two engines. */
function cellsText(answer: PermissionProfile): string {
    const lines = [JSON.stringify(answer.summary), String(answer.collectionAccess?.allowed)];
    for (const entry of profileEntries(answer)) {
        for (const cell of entry.cells) {
            const rows = cell.matches.map((row) => `${JSON.stringify(row.origin)} ${row.resource} ${row.action}`);
            lines.push(`${entry.resource} ${entry.level} ${cell.action} ${cell.allowed} ${cell.reason} ${rows.join(' | ')}`);
        }
    }
    return lines.join('\n');
}

function placesOf(engine: PolicyEngine): ProfileWhere[] {
    return [...engine.index.users.keys()].flatMap((user) => [
        { user, institution: true as const },
        ...COLLECTIONS.map((collection) => ({ user, collection }))
    ]);
}

describe('profiles that share abilities', () => {
    it('are decide cell by cell, and the same in any order of asking (property)', () => {
        let shared = 0;
        let cells = 0;
        fc.assert(
            fc.property(clonedModel, fc.nat(), (m, seed) => {
                const engine = compile(m);
                const places = placesOf(engine);
                // Ask in a random rotation, so a user's cells are sometimes worked out for their twin first.
                const order = places.map((_, i) => places[(i + seed) % places.length]!);
                for (const where of order) {
                    const refused = refusal(() => engine.decide({ ...where, resource: '/table/agent', action: 'read' }));
                    expect(refusal(() => profile(engine, where))).toBe(refused);
                    if (refused) continue;
                    const answer = profile(engine, where);
                    const checked = checkAgainstDecide(engine, where, answer);
                    expect(checked.mismatches.slice(0, 5)).toEqual([]);
                    cells += checked.cells;
                    expect(cellsText(answer)).toBe(cellsText(profile(compile(m), where)));
                    const twin = where.user.endsWith('-twin') ? where.user.slice(0, -'-twin'.length) : `${where.user}-twin`;
                    const at = where.collection !== undefined ? { collection: where.collection } : { institution: true as const };
                    if (engine.abilityFor(where.user, where.collection) === engine.abilityFor(twin, at.collection)) shared++;
                }
            }),
            { numRuns: 40 }
        );
        // Not vacuous: twins did share abilities, and many cells were compared.
        expect(shared).toBeGreaterThan(100);
        expect(cells).toBeGreaterThan(50_000);
    });

    it('share only frozen cells and rows between entries', () => {
        fc.assert(
            fc.property(clonedModel, (m) => {
                const engine = compile(m);
                for (const where of placesOf(engine)) {
                    if (refusal(() => profile(engine, where))) continue;
                    const thawed = profileEntries(profile(engine, where))
                        .filter((entry) => entry.kind !== 'tool')
                        .filter((entry) => !Object.isFrozen(entry.cells) || entry.cells.some((cell) => !Object.isFrozen(cell) || !Object.isFrozen(cell.matches)));
                    expect(thawed.map((entry) => entry.resource)).toEqual([]);
                }
            }),
            { numRuns: 20 }
        );
    });
});

/** Every table's decision; allowed when all allow, blocked when the gate alone refuses it. */
function plainToolAnswer(engine: PolicyEngine, name: string, tables: readonly string[], action: string, where: object): { allowed: boolean; blocked: boolean; rows: StoredPolicy[] } {
    const parts = tables.map((table) => engine.decide({ user: name, resource: table, action, ...where }));
    const rows: StoredPolicy[] = [];
    for (const part of parts) for (const row of part.matches) if (!rows.includes(row)) rows.push(row);
    const allowed = parts.every((p) => p.allowed);
    const blocked = !allowed && parts.some((p) => p.reason === 'no-collection-access') && parts.every((p) => p.matches.length > 0);
    return { allowed, blocked, rows };
}

const TOOLS = [...registry.tools.values()];
const ODD_RESOURCES = ['/field/agent/lastname', '/FIELD/Agent/LastName', '/table/newtable', '/table/%', '%', '/tree/edit/taxon', '/Table/Agent'];
const ODD_ACTIONS = ['read', 'READ', 'merge', 'execute', '%', 'r_ad'];

describe('who-can over users that share abilities', () => {
    it('lists exactly the users a tool allows and blocks, table by table (property)', () => {
        const seen = { allowed: 0, blocked: 0 };
        fc.assert(
            fc.property(clonedModel, fc.nat(), fc.nat(), fc.nat(), (m, t, a, c) => {
                const engine = compile(m);
                const tool = TOOLS[t % TOOLS.length]!;
                const actions = registry.actionsOf(tool.resource);
                const action = actions[a % actions.length]!;
                const where = c % 4 === 3 ? { institution: true as const } : { collection: COLLECTIONS[c % 3]! };
                const query = { action, resource: tool.resource, ...where } as WhoCanQuery;
                const refused = [...engine.index.users.keys()].map((name) => refusal(() => engine.decide({ user: name, action, resource: '/table/agent', ...where }))).find((code) => code);
                expect(refusal(() => whoCan(engine, query, { blocked: true }))).toBe(refused);
                if (refused) return;
                const answer = whoCan(engine, query, { blocked: true });
                const expected = [...engine.index.users.keys()].map((name) => ({ name, ...plainToolAnswer(engine, name, tool.tables, action, where) }));
                expect(answer.allowed.map((e) => e.user)).toEqual(expected.filter((e) => e.allowed).map((e) => e.name));
                expect(answer.blocked!.map((e) => e.user)).toEqual(expected.filter((e) => e.blocked).map((e) => e.name));
                for (const entry of [...answer.allowed, ...answer.blocked!]) {
                    expect(entry.decision.matches).toEqual(expected.find((e) => e.name === entry.user)!.rows);
                }
                seen.allowed += answer.allowed.length;
                seen.blocked += answer.blocked!.length;
            }),
            { numRuns: 300 }
        );
        expect(seen.allowed).toBeGreaterThan(50);
        expect(seen.blocked).toBeGreaterThan(5);
    });

    it('answers names Specify does not define as decide does, when asked to (property)', () => {
        const seen = { allowed: 0, blocked: 0 };
        fc.assert(
            fc.property(clonedModel, fc.constantFrom(...ODD_RESOURCES), fc.constantFrom(...ODD_ACTIONS), fc.nat(), (m, resource, action, c) => {
                const engine = compile(m);
                const where = c % 4 === 3 ? { institution: true as const } : { collection: COLLECTIONS[c % 3]! };
                const query = { action, resource, ...where } as WhoCanQuery;
                const ask = (name: string): Decision => engine.decide({ user: name, action, resource, ...where });
                const refused = [...engine.index.users.keys()].map((name) => refusal(() => ask(name))).find((code) => code);
                expect(refusal(() => whoCan(engine, query, { blocked: true, unknownNames: 'answer' }))).toBe(refused);
                if (refused) return;
                const answer = whoCan(engine, query, { blocked: true, unknownNames: 'answer' });
                const names = [...engine.index.users.keys()];
                expect(answer.allowed).toEqual(names.filter((name) => ask(name).allowed).map((name) => ({ user: name, decision: ask(name) })));
                const blocked = names.filter((name) => {
                    const d = ask(name);
                    return d.reason === 'no-collection-access' && d.matches.length > 0;
                });
                expect(answer.blocked).toEqual(blocked.map((name) => ({ user: name, decision: ask(name) })));
                expect(answer.notes).toEqual(ask(names[0]!).notes);
                seen.allowed += answer.allowed.length;
                seen.blocked += blocked.length;
            }),
            { numRuns: 300 }
        );
        expect(seen.allowed).toBeGreaterThan(50);
        expect(seen.blocked).toBeGreaterThan(5);
    });
});
