/**
 * diffModels: effective permissions, not text. Unchanged, reformatted, reordered and renamed
 * workspaces give an empty diff without comparing a single place; one role change reaches exactly
 * its holders with the role's line; escalations come first; and on random pairs of models the diff
 * equals the naive comparison of every profile of every user and place (which proves the
 * held-rows shortcut exact).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockingDiagnostics } from '../../../engine/diagnostic.js';
import { compile, QueryError } from '../../../engine/decision/index.js';
import { diffModels, type ModelDiff } from '../../../engine/diff/index.js';
import { profile } from '../../../engine/profile/index.js';
import type { PolicyModel } from '../../../engine/model/policy-model.js';
import { loadWorkspaceFromTexts } from '../../../language/workspace.js';
import { allow, grant, institution, model, role, user } from '../decision/model-builders.js';
import { randomModel } from '../profile/random-models.js';
import { changeKey, naiveDiff } from './naive-diff.js';

const museumFolder = resolve(import.meta.dirname, '..', '..', '..', 'examples', 'natural-history-museum');

type Texts = Record<string, string>;

function museumTexts(): Texts {
    const texts: Texts = {};
    const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
            const path = join(dir, name);
            if (statSync(path).isDirectory()) walk(path);
            else if (name.endsWith('.spol')) texts[relative(museumFolder, path)] = readFileSync(path, 'utf8');
        }
    };
    walk(museumFolder);
    return texts;
}

async function modelOf(texts: Texts): Promise<PolicyModel> {
    const workspace = await loadWorkspaceFromTexts(Object.entries(texts).map(([path, text]) => ({ path: join('/virtual/museum', path), text })));
    expect(blockingDiagnostics(workspace.diagnostics)).toEqual([]);
    return workspace.model;
}

/** Every change as `user place gained|lost action resource`. */
function keysOf(diff: ModelDiff): string[] {
    return diff.users.flatMap((u) =>
        u.places.flatMap((p) => p.changes.map((c) => changeKey(u.user, p.collection, c.change, c.resource, c.action)))
    );
}

/** One-based line of the first line containing `needle` in a text. */
function lineIn(text: string, needle: string): number {
    const index = text.split('\n').findIndex((line) => line.includes(needle));
    expect(index, needle).toBeGreaterThanOrEqual(0);
    return index + 1;
}

describe('diffModels on the museum', () => {
    it('finds nothing between a workspace and itself, and asks no cell', async () => {
        const texts = museumTexts();
        const diff = diffModels(await modelOf(texts), await modelOf(texts));
        expect(diff.users).toEqual([]);
        expect(diff.summary).toMatchObject({ users: 0, gained: 0, lost: 0, escalations: 0 });
        expect(diff.work.computed).toBe(0);
        expect(diff.work.places).toBe(10 * 6);
    });

    it('finds nothing after re-indenting, merging every file into one in another order, and renaming a role', async () => {
        const texts = museumTexts();
        const reindented = (text: string) =>
            text
                .split('\n')
                .map((line) => (line.trim() === '' ? '' : `\t${'  '.repeat(line.length - line.trimStart().length)}${line.trim()}`))
                .join('\n\n');
        const renamed = (text: string) => text.replace(/\bDataEntry\b/g, 'DataEntryStaff');
        const order = ['users/ichthyology.spol', 'roles.spol', 'users/botany.spol', 'library.spol', 'users/herpetology.spol', 'institution.spol', 'users/administration.spol'];
        expect([...order].sort()).toEqual(Object.keys(texts).sort());
        const merged: Texts = { 'all.spol': order.map((file) => reindented(renamed(texts[file]!))).join('\n') };
        const diff = diffModels(await modelOf(texts), await modelOf(merged));
        expect(diff.users).toEqual([]);
        // The role's holders hold the same patterns under its new name: fingerprints match, nothing is compared.
        expect(diff.work.computed).toBe(0);
    });

    it('reports one role change for exactly its holders, with the line of the new policy', async () => {
        const texts = museumTexts();
        const changed = { ...texts };
        changed['roles.spol'] = texts['roles.spol']!.replace('    allow /table/%: update\n', '    allow /table/%: update\n    allow /report: execute\n');
        expect(changed['roles.spol']).not.toBe(texts['roles.spol']);
        const line = lineIn(changed['roles.spol']!, 'allow /report: execute');
        const diff = diffModels(await modelOf(texts), await modelOf(changed));
        expect(keysOf(diff)).toEqual([
            changeKey('ehartley', 'FishTissue', 'gained', '/report', 'execute'),
            changeKey('jdoe', 'FishVoucher', 'gained', '/report', 'execute')
        ]);
        for (const u of diff.users) {
            expect(u).toMatchObject({ presence: 'both', gained: 1, lost: 0, escalations: 0 });
            const [change] = u.places[0]!.changes;
            expect(change!.escalations).toEqual([]);
            expect(change!.grants.map((g) => [g.label, g.source?.file, g.source!.range.start.line + 1])).toEqual([
                ['role DataEntry', 'file:///virtual/museum/roles.spol', line]
            ]);
        }
        // Only the two holders' places were compared.
        expect(diff.work.computed).toBe(2);
        // The reverse change is the same cells, lost, with the old side's line.
        const back = diffModels(await modelOf(changed), await modelOf(texts));
        expect(keysOf(back)).toEqual(keysOf(diff).map((key) => key.replace(' gained ', ' lost ')));
        expect(back.users[0]!.places[0]!.changes[0]!.grants[0]!.source!.range.start.line + 1).toBe(line);
    });

    it('lists a `%: %` grant first, as an escalation and a new Institution Admin', async () => {
        const texts = museumTexts();
        const changed = { ...texts };
        // lchen sorts after ehartley and jdoe, who lose a template's delete rights at the same time.
        changed['users/botany.spol'] = texts['users/botany.spol']!.replace(
            'user lchen "Lucy Chen" {\n',
            'user lchen "Lucy Chen" {\n    institution { allow %: % }\n'
        );
        changed['roles.spol'] = texts['roles.spol']!.replace('from library FullWorkBenchAccess, BulkAttachmentImport, RunQueries', 'from library FullWorkBenchAccess, RunQueries');
        const diff = diffModels(await modelOf(texts), await modelOf(changed));
        expect(diff.users.map((u) => u.user)).toEqual(['lchen', 'ehartley', 'jdoe']);
        const lchen = diff.users[0]!;
        expect(lchen.institutionAdmin).toBe('gained');
        expect(diff.summary.institutionAdminsGained).toEqual(['lchen']);
        expect(lchen.escalations).toBeGreaterThan(100);
        expect(lchen.places[0]!.institution).toBe(true);
        const first = lchen.places[0]!.changes[0]!;
        expect(first.change).toBe('gained');
        expect(first.escalations).toContain('wildcard-resource');
        // `allow %: %` at institution level is the Institution Admin row, however it is written.
        expect(first.grants[0]!.label).toBe('Institution Admin');
        expect(first.grants[0]!.source!.range.start.line + 1).toBe(lineIn(changed['users/botany.spol']!, 'allow %: %'));
        // She enters four collections she could not before (and holds collection access at institution level).
        const opened = lchen.places.filter((p) =>
            p.changes.some((c) => c.resource === '/system/sp7/collection' && c.escalations.includes('collection-access'))
        );
        expect(opened.map((p) => p.collection ?? 'institution')).toEqual(['institution', 'FishVoucher', 'FishTissue', 'HerpVoucher', 'Fungarium']);
        // Within a place, escalated gains come before the others.
        for (const place of lchen.places) {
            const escalated = place.changes.map((c) => c.escalations.length > 0);
            expect(escalated).toEqual([...escalated].sort((a, b) => Number(b) - Number(a)));
        }
        // The others only lose (losses are never escalations).
        for (const other of diff.users.slice(1)) {
            expect(other.escalations).toBe(0);
            expect(other.gained).toBe(0);
            expect(other.lost).toBeGreaterThan(0);
        }
        expect(diff.summary.escalations).toBe(lchen.escalations);
    });
});

describe('diffModels on small models', () => {
    const base = () =>
        model({
            institutions: [institution('I', { D: { S: ['A', 'B'] } })],
            roles: [role('Reader', ['A', 'B'], { policies: [allow('/table/%', 'read')] })],
            users: [
                user('ann', { grants: [grant('A', { access: true, roles: ['Reader'] })] }),
                user('bob', { grants: [grant('B', { access: true, roles: ['Reader'] })] })
            ]
        });

    it('gives a removed user everything lost and an added user everything gained', () => {
        const old = base();
        const now = { ...old, users: [old.users[0]!, user('cy', { grants: [grant('B', { access: true })] })] };
        const diff = diffModels(old, now);
        expect(diff.users.map((u) => [u.user, u.presence])).toEqual([
            ['cy', 'added'],
            ['bob', 'removed']
        ]);
        expect(diff.users[0]!.escalations).toBeGreaterThan(0); // entering B
        expect(diff.users[1]!.gained).toBe(0);
        expect(diff.users[1]!.lost).toBeGreaterThan(200);
        expect(diff.summary).toMatchObject({ users: 2, usersAdded: 1, usersRemoved: 1 });
    });

    it('skips a changed place whose gate is closed on both sides', () => {
        const old = base();
        const now = { ...old, users: [old.users[0]!, user('bob', { grants: [grant('B', { roles: ['Reader'], policies: [allow('/table/%', 'delete')] })] })] };
        const lost = diffModels(old, now);
        // bob can no longer enter B: everything there is lost; nothing else changes.
        expect(lost.users.map((u) => u.user)).toEqual(['bob']);
        expect(lost.users[0]!.places.map((p) => p.collection)).toEqual(['B']);
        const closed = { ...now, users: [old.users[0]!, user('bob', { grants: [grant('B', { roles: ['Reader'] })] })] };
        const diff = diffModels(now, closed);
        expect(diff.users).toEqual([]);
        expect(diff.work.computed).toBe(0);
    });

    it('treats a collection one side lacks as allowing nothing there', () => {
        const old = base();
        const now = { ...old, institutions: [institution('I', { D: { S: ['A'] } })] };
        const diff = diffModels(old, now);
        expect(diff.users.map((u) => [u.user, u.places.map((p) => p.collection)])).toEqual([['bob', ['B']]]);
        expect(diff.users[0]!.places[0]!.changes.every((c) => c.change === 'lost')).toBe(true);
    });
});

describe('diffModels refuses what profiles refuse', () => {
    it('a user declared twice is refused by the diff exactly when a profile refuses it', () => {
        const one = model({ institutions: [institution('I', { D: { S: ['A'] } })], users: [user('ann', { admin: true })] });
        const twice = { ...one, users: [...one.users, user('ann')] };
        const refusal = (ask: () => unknown): string | undefined => {
            try {
                ask();
                return undefined;
            } catch (error) {
                expect(error).toBeInstanceOf(QueryError);
                return (error as QueryError).code;
            }
        };
        const byProfile = refusal(() => profile(compile(twice), { user: 'ann', institution: true }));
        expect(refusal(() => diffModels(one, twice))).toBe(byProfile);
        expect(refusal(() => diffModels(twice, one))).toBe(byProfile);
    });
});

describe('diffModels against the naive comparison', () => {
    /** The first declaration of each name only: questions about a name declared twice are refused. */
    const distinct = (m: PolicyModel): PolicyModel => {
        const first = <T extends { name: string }>(items: readonly T[]): T[] => items.filter((item, i) => items.findIndex((other) => other.name === item.name) === i);
        return { ...m, libraryRoles: first(m.libraryRoles), roles: first(m.roles), users: first(m.users) };
    };

    /** B: A with some roles and users taken from another model, sometimes a collection less or more, sometimes reordered. */
    const pair = fc
        .record({
            a: randomModel,
            x: randomModel,
            rolesFromX: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
            usersFromX: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
            tree: fc.constantFrom('same', 'same', 'same', 'fewer', 'more'),
            reverse: fc.boolean()
        })
        .map(({ a, x, rolesFromX, usersFromX, tree, reverse }) => {
            const pick = <T>(own: readonly T[], other: readonly T[], flags: readonly boolean[]): T[] => {
                const out: T[] = [];
                for (let i = 0; i < Math.max(own.length, other.length); i++) {
                    const chosen = flags[i % flags.length] ? other[i] : own[i];
                    if (chosen) out.push(chosen);
                }
                return reverse ? out.reverse() : out;
            };
            const institutions =
                tree === 'fewer'
                    ? [institution('Inst', { D1: { S1: ['C1'] }, D2: { S2: ['C3'] } })]
                    : tree === 'more'
                      ? [institution('Inst', { D1: { S1: ['C1', 'C2', 'C4'] }, D2: { S2: ['C3'] } })]
                      : a.institutions;
            const b: PolicyModel = {
                institutions,
                libraryRoles: rolesFromX.some(Boolean) ? x.libraryRoles : a.libraryRoles,
                roles: pick(a.roles, x.roles, rolesFromX),
                users: pick(a.users, x.users, usersFromX)
            };
            return { a: distinct(a), b: distinct(b) };
        });

    it('finds exactly the cells that a profile of every user and place on both sides finds, with the same rows', () => {
        let skipped = 0;
        fc.assert(
            fc.property(pair, ({ a, b }) => {
                for (const [old, now] of [
                    [a, b],
                    [b, a]
                ] as const) {
                    const { engines, changes } = naiveDiff(old, now);
                    const diff = diffModels(engines[0], engines[1]);
                    const found = diff.users.flatMap((u) =>
                        u.places.flatMap((p) => p.changes.map((c) => ({ key: changeKey(u.user, p.collection, c.change, c.resource, c.action), matches: c.matches })))
                    );
                    expect(found.map((c) => c.key).sort()).toEqual(changes.map((c) => c.key).sort());
                    const rows = new Map(changes.map((c) => [c.key, c.matches]));
                    // The very rows of the side that allows it (both use the same engines), in the same order.
                    const sameRows = found.filter((c) => {
                        const expected = rows.get(c.key)!;
                        return c.matches.length === expected.length && c.matches.every((row, i) => row === expected[i]);
                    });
                    expect(sameRows.length).toBe(found.length);
                    expect(diff.summary.gained + diff.summary.lost).toBe(changes.length);
                    skipped += diff.work.places - diff.work.computed;
                }
            }),
            { numRuns: 80 }
        );
        // The shortcut was taken, not just correct when unused.
        expect(skipped).toBeGreaterThan(0);
    });
});
