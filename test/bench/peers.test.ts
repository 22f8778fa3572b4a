/**
 * The benchmark's peers answer Specify's enforced decision as spol does (collection gate,
 * institution-level resources at institution level): on a small generated institution every peer
 * must give `decide(...).allowed` for every resource and action asked in a set of sessions that
 * holds every kind: refused by the gate though institution-level rows would grant, Institution
 * Admin, institution-level rows, roles only.
 * casbin and Cedar come from bench/node_modules (`npm ci --prefix bench`); without them their
 * cases are skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateInstitution } from '../../bench/generate-institution.js';
import { bitsetIntegers, bitsetStrings } from '../../bench/peers/bitset.js';
import { casbinPerCollection } from '../../bench/peers/casbin.js';
import { caslPerSession } from '../../bench/peers/casl.js';
import { cedarPerCollection } from '../../bench/peers/cedar.js';
import type { Peer } from '../../bench/peers/peer.js';
import { peerInput, type PeerInput } from '../../bench/peers/session-rows.js';
import { Universe } from '../../bench/peers/universe.js';
import { queriesOver, resourcesAsked, sessionsOf, type Queries, type Session } from '../../bench/queries.js';
import { repoRoot } from '../../bench/repo-root.js';
import { compile } from '../../engine/decision/index.js';
import { ModelIndex } from '../../engine/model/stored.js';
import { Random } from '../../fuzz/random.js';
import { loadWorkspaceFromTexts } from '../../language/workspace.js';

const installed = (name: string): boolean => existsSync(join(repoRoot(), 'bench', 'node_modules', name, 'package.json'));

let q: Queries;
let input: PeerInput;
let universe: Universe;
let reference: Uint8Array;

beforeAll(async () => {
    const files = generateInstitution({ users: 150, collections: 6, seed: 3 });
    const { model } = await loadWorkspaceFromTexts([...files].map(([path, text]) => ({ path: `/bench-peers/${path}`, text })), { lint: false });
    const index = new ModelIndex(model);
    const random = new Random(3);
    const all = sessionsOf(model, random);
    // Users with institution-level rows asking in a collection they have nothing in: the gate refuses.
    const outside: Session[] = model.users
        .filter((u) => u.institutionPolicies.length > 0 && !u.collections.some((g) => g.collection.name === 'C001'))
        .slice(0, 6)
        .map((u) => ({ user: u.name, collection: 'C001' }));
    const adminUser = model.users.find((u) => index.isInstitutionAdmin(u));
    const admin: Session | undefined = adminUser && { user: adminUser.name, collection: 'C002' };
    const withInstitutionRows = all.filter((s) => index.users.get(s.user)!.institutionPolicies.length > 0).slice(0, 4);
    const sessions = [...outside, ...(admin ? [admin] : []), ...withInstitutionRows, ...Array.from({ length: 10 }, () => random.pick(all))];
    const resources = resourcesAsked(random, 20);
    const picks: [number, number, number][] = [];
    sessions.forEach((_, s) => resources.forEach((r, i) => r.actions.forEach((_, a) => picks.push([s, i, a]))));
    // Shuffled, so that the slow peers' first queries are a sample of them all.
    for (let i = picks.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [picks[i], picks[j]] = [picks[j]!, picks[i]!];
    }
    q = queriesOver(sessions, resources, picks);
    input = peerInput(index, q.sessions);
    expect(outside.length).toBeGreaterThan(0);
    expect(admin).toBeDefined();
    universe = new Universe(q.resources);
    const engine = compile(index);
    reference = Uint8Array.from({ length: q.n }, (_, i) =>
        engine.decide({ user: q.user[i]!, collection: q.collection[i]!, resource: q.resourceName[i]!, action: q.actionName[i]! }).allowed ? 1 : 0
    );
});

async function answersOf(peer: Peer, n: number): Promise<Uint8Array> {
    const runner = await peer.build(input, universe, q);
    const out = new Uint8Array(n);
    const allowed = runner.run(n, out);
    expect(allowed).toBe(out.reduce((sum, v) => sum + v, 0));
    return out;
}

function expectAgreement(answers: Uint8Array): void {
    const sample = reference.subarray(0, answers.length);
    const allowed = sample.reduce((sum, v) => sum + v, 0);
    // The sample must hold both answers, or agreement would prove little.
    expect(allowed).toBeGreaterThan(answers.length / 10);
    expect(allowed).toBeLessThan(answers.length * 0.9);
    const first = answers.findIndex((v, i) => v !== sample[i]);
    expect(first === -1 ? 'none' : JSON.stringify({ user: q.user[first], collection: q.collection[first], resource: q.resourceName[first], action: q.actionName[first], spol: sample[first] })).toBe('none');
}

describe('benchmark peers agree with spol', () => {
    it('asks about field resources, institution-level resources and sessions the gate refuses', () => {
        expect(q.resources.some((r) => r.name.startsWith('/field/'))).toBe(true);
        expect(q.resources.some((r) => r.institutionLevel)).toBe(true);
        expect(input.sessions.some((s) => !s.gate && s.institution.length > 0)).toBe(true);
    });

    for (const peer of [bitsetIntegers, bitsetStrings, caslPerSession]) {
        it(`${peer.key}: ${peer.label}`, async () => expectAgreement(await answersOf(peer, q.n)));
    }
    it.skipIf(!installed('casbin'))(`${casbinPerCollection.key}: ${casbinPerCollection.label}`, async () => expectAgreement(await answersOf(casbinPerCollection, 600)));
    it.skipIf(!installed('@cedar-policy/cedar-wasm'))(`${cedarPerCollection.key}: ${cedarPerCollection.label}`, async () => expectAgreement(await answersOf(cedarPerCollection, 200)));
});
