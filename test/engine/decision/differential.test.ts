/**
 * The compiled engine against the naive reference evaluator on random models and random queries:
 * they must agree on allowed, level, reason, the collection gate, and the multiset of matched rows
 * with their provenance, and the engine's rows must come in Specify's holder order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, QueryError, RESERVED, type Decision, type DecisionMode, type DecisionQuery } from '../../../engine/decision/index.js';
import type { Policy, PolicyModel, User } from '../../../engine/model/policy-model.js';
import type { StoredPolicy } from '../../../engine/model/stored.js';
import { registry } from '../../../engine/registry/registry.js';
import { allow, grant, institution, libraryRole, model, role, user } from './model-builders.js';
import { referenceDecide, type ReferenceAnswer, type ReferenceRow } from './reference-evaluator.js';

// ---------------------------------------------------------------------------------------------
// Names and strings

const COLLECTIONS = ['FishVoucher', 'FishTissue', 'Herbarium', 'Ento'];
const GHOST = 'Ghost';
const LIBRARY = ['LibA', 'LibB', 'LibC'];
const ROLES = ['R1', 'R2', 'R3', 'R4'];
const USERS = ['ann', 'bob', 'cy', 'dee'];

const REGISTRY_RESOURCES = [...registry.resources.values()].map((r) => r.resource);
const FIELD_RESOURCES = ['/field/agent/lastname', '/field/collectionobject/catalognumber', '/field/taxon/name', '/field/agent/firstName'];
const INSTITUTION_LEVEL = [...registry.resources.values()].filter((r) => r.checkLevel === 'institution').map((r) => r.resource);
const KNOWN_RESOURCES = [...REGISTRY_RESOURCES, ...FIELD_RESOURCES];
const TOOL_RESOURCES = [...registry.tools.values()].map((tool) => tool.resource);
/** A tool as a request names it: as Specify spells it, all lowercase, all uppercase. */
const toolRequest = fc
    .tuple(fc.constantFrom(...TOOL_RESOURCES), fc.constantFrom('as-is', 'lower', 'upper'))
    .map(([tool, how]) => (how === 'lower' ? tool.toLowerCase() : how === 'upper' ? tool.toUpperCase() : tool));
const KNOWN_ACTIONS = registry.actions;
const ODD_RESOURCES = ['', '%', '%%', '/%/%', '\\%', '/table/agent\\_x', 'a\\', '🦎', '/tools/%', '/tools/unknown', 'all', 'manage', '/custom/thing', 'é/É'];
const ODD_ACTIONS = ['', '%', '%%', '_', '__', 'manage', 'all', 'edit', '\\%', 'do it', '🦎', 'Ém', 'read%', '%e%'];
const CHARS = ['a', 'B', '/', '%', '_', '\\', 'é', '🦎', 'e', 'r'];

const oddString = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 6 });

/** Random case, `_` for some characters, and a cut followed by `%`: the ways a pattern is written. */
function mangled(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
    return fc
        .tuple(base, fc.nat(), fc.nat(), fc.nat(), fc.constantFrom('none', 'case', 'underscore', 'cut', 'cut+case'))
        .map(([text, a, b, c, how]) => {
            const chars = Array.from(text);
            if (chars.length === 0) return text;
            let out = chars;
            if (how === 'case' || how === 'cut+case') out = out.map((ch, i) => ((a >> i % 30) & 1 ? ch.toUpperCase() : ch));
            if (how === 'underscore') out = out.map((ch, i) => (i === b % chars.length || i === c % chars.length ? '_' : ch));
            if (how === 'cut' || how === 'cut+case') out = [...out.slice(0, b % (chars.length + 1)), '%'];
            return out.join('');
        });
}

const storedResource = fc.oneof(
    { weight: 6, arbitrary: mangled(fc.constantFrom(...KNOWN_RESOURCES)) },
    { weight: 2, arbitrary: fc.constantFrom('%', '/table/%', '/tree/%', '/permissions/%', '/field/%', '/tools/queryBuilder', '/system/sp7/collection') },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_RESOURCES) },
    { weight: 1, arbitrary: oddString }
);
const storedAction = fc.oneof(
    { weight: 6, arbitrary: mangled(fc.constantFrom(...KNOWN_ACTIONS)) },
    { weight: 3, arbitrary: fc.constant('%') },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_ACTIONS) },
    { weight: 1, arbitrary: oddString }
);

/** Some tables of a tool and not the others, with table actions, so that tool requests are often half granted. */
const toolTablePolicy: fc.Arbitrary<Policy> = fc
    .tuple(
        fc.constantFrom('/table/spquery', '/table/recordset', '/table/picklist', '/table/spauditlog', '/table/spapp%', '/table/splocalecontainer', '/table/sp%'),
        fc.array(fc.constantFrom(...registry.tableActions, '%'), { minLength: 1, maxLength: 2 })
    )
    .map(([resource, actions]) => allow(resource, ...actions));
const policy: fc.Arbitrary<Policy> = fc.oneof(
    {
        weight: 10,
        arbitrary: fc.tuple(storedResource, fc.array(storedAction, { minLength: 1, maxLength: 3 })).map(([resource, actions]) => allow(resource, ...actions))
    },
    { weight: 3, arbitrary: toolTablePolicy }
);
const policies = (max: number) => fc.array(policy, { maxLength: max });

// ---------------------------------------------------------------------------------------------
// Models

/** Roles and grants name the model's own collections mostly, and an undeclared one now and then. */
const modelArbitrary: fc.Arbitrary<PolicyModel> = fc
    .uniqueArray(fc.constantFrom(...COLLECTIONS), { minLength: 1, maxLength: 4 })
    .chain((collections) => {
        const named = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...collections) }, { weight: 1, arbitrary: fc.constant(GHOST) });
        return fc.record({
            collections: fc.constant(collections),
            divisionOf: fc.array(fc.constantFrom('D1', 'D2'), { minLength: 4, maxLength: 4 }),
            library: fc.array(fc.tuple(fc.constantFrom(...LIBRARY), policies(3)), { maxLength: 3 }),
            roles: fc.array(
                fc.record({
                    name: fc.constantFrom(...ROLES),
                    collections: fc.uniqueArray(named, { maxLength: 3 }),
                    templates: fc.subarray([...LIBRARY, 'NoLib']),
                    policies: policies(4)
                }),
                { minLength: 1, maxLength: 4 }
            ),
            users: fc.array(
                fc.record({
                    name: fc.constantFrom(...USERS),
                    admin: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 4, arbitrary: fc.constant(false) }),
                    institution: policies(2),
                    grants: fc.array(
                        fc.record({
                            collection: named,
                            access: fc.boolean(),
                            roles: fc.subarray([...ROLES, 'LibA', 'NoRole']),
                            policies: policies(2)
                        }),
                        { maxLength: 4 }
                    )
                }),
                { minLength: 1, maxLength: 4 }
            )
        });
    })
    .map((m) => {
        const divisions: Record<string, Record<string, string[]>> = {};
        m.collections.forEach((name, i) => {
            const division = m.divisionOf[i]!;
            const discipline = `${division}-${i % 2}`;
            ((divisions[division] ??= {})[discipline] ??= []).push(name);
        });
        return model({
            institutions: [institution('Inst', divisions)],
            libraryRoles: m.library.map(([name, ps]) => libraryRole(name, ...ps)),
            roles: m.roles.map((r) => role(r.name, r.collections, { from: r.templates, policies: r.policies })),
            users: m.users.map((u): User => user(u.name, { admin: u.admin, institution: u.institution, grants: u.grants.map((g) => grant(g.collection, g)) }))
        });
    });

// ---------------------------------------------------------------------------------------------
// Queries

const requestResource = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...KNOWN_RESOURCES) },
    { weight: 3, arbitrary: fc.constantFrom(...INSTITUTION_LEVEL, '/permissions/institutional_policies/user', '/permissions/policies/user', '/system/sp7/collection') },
    { weight: 2, arbitrary: mangled(fc.constantFrom(...KNOWN_RESOURCES)) },
    { weight: 3, arbitrary: toolRequest },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_RESOURCES, '/table/agenx', '/tree/edit/', '/TABLE/AGENT') },
    { weight: 1, arbitrary: oddString }
);
const requestAction = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...KNOWN_ACTIONS) },
    { weight: 2, arbitrary: mangled(fc.constantFrom(...KNOWN_ACTIONS)) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_ACTIONS, 'exportXcsv', 'READ', 'Access') },
    { weight: 1, arbitrary: oddString }
);

interface Asked {
    readonly query: DecisionQuery;
    readonly mode: DecisionMode;
}

type Where = { collection: number } | { institution: true } | { other: Partial<DecisionQuery> };

const where: fc.Arbitrary<Where> = fc.oneof(
    { weight: 12, arbitrary: fc.nat().map((collection) => ({ collection })) },
    { weight: 5, arbitrary: fc.constant({ institution: true as const }) },
    {
        weight: 1,
        arbitrary: fc.constantFrom<Partial<DecisionQuery>>({ collection: GHOST }, {}, { collection: 'FishVoucher', institution: true }, { institution: false }).map((other) => ({ other }))
    }
);

/** A question about one of the model's users (or an unknown one) in one of its collections. */
const question = fc.record({
    user: fc.oneof({ weight: 15, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant('zed') }),
    where,
    resource: requestResource,
    action: requestAction,
    mode: fc.constantFrom<DecisionMode>('enforce', 'enforce', 'query'),
    /** Ask about a policy written in the model, made concrete, so that rows of every holder match often. */
    fromModel: fc.option(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', 'x', 'agent')), { freq: 2 }),
    /** Ask about a tool with a table action instead (in any case), so that tool answers come in every kind. */
    tool: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(toolRequest, fc.constantFrom(...registry.tableActions, 'READ')) }
    )
});

function policiesIn(m: PolicyModel): Policy[] {
    return [
        ...m.users.flatMap((u) => [...u.institutionPolicies, ...u.collections.flatMap((g) => g.policies)]),
        ...m.roles.flatMap((r) => r.policies),
        ...m.libraryRoles.flatMap((l) => l.policies)
    ];
}

/** A request the pattern matches, more or less: `%` becomes some text and `_` one letter. */
function concrete(pattern: string, filler: string): string {
    return pattern.replace(/%/g, filler).replace(/_/g, 'q');
}

type Question = typeof question extends fc.Arbitrary<infer T> ? T : never;

function askedOf(m: PolicyModel, q: Question): Asked {
    const users = m.users.map((u) => u.name);
    const collections = m.institutions[0]!.divisions.flatMap((d) => d.disciplines.flatMap((s) => s.collections.map((c) => c.name)));
    const userName = typeof q.user === 'number' ? users[q.user % users.length]! : q.user;
    const at = 'collection' in q.where ? { collection: collections[q.where.collection % collections.length]! } : 'institution' in q.where ? { institution: true } : q.where.other;
    const written = policiesIn(m);
    let { resource, action } = q;
    if (q.fromModel && written.length > 0) {
        const [which, actionIndex, filler] = q.fromModel;
        const picked = written[which % written.length]!;
        resource = concrete(picked.resource, filler);
        action = concrete(picked.actions[actionIndex % picked.actions.length]!.name, filler);
    } else if (q.tool) {
        [resource, action] = q.tool;
    }
    return { query: { user: userName, resource, action, ...at }, mode: q.mode };
}

// ---------------------------------------------------------------------------------------------
// Comparison

function holderOf(row: StoredPolicy): string {
    const o = row.origin;
    if (o.kind === 'institution-user') return `institution-user|${o.user}|`;
    if (o.kind === 'collection-user') return `collection-user|${o.user}|${o.collection}`;
    return `role|${o.role}|${o.collection}`;
}

function keyOf(row: { resource: string; action: string; template?: string; derivation?: string }, holder: string): string {
    return JSON.stringify([row.resource, row.action, holder, row.template ?? null, row.derivation ?? null]);
}

const engineKeys = (rows: readonly StoredPolicy[]) => rows.map((row) => keyOf(row, holderOf(row))).sort();
const referenceKeys = (rows: readonly ReferenceRow[]) => rows.map((row) => keyOf(row, row.holder)).sort();

function engineAnswer(engine: ReturnType<typeof compile>, { query, mode }: Asked): Decision | { error: string } {
    try {
        return engine.decide(query, { mode });
    } catch (error) {
        if (error instanceof QueryError) return { error: error.code };
        throw error;
    }
}

/** Rows must be listed holder by holder in the reference's order (institution, user, roles held). */
function expectHolderOrder(rows: readonly StoredPolicy[], holders: readonly string[], context: string): void {
    const positions = rows.map((row) => holders.indexOf(holderOf(row)));
    expect(positions.every((p) => p >= 0), context).toBe(true);
    expect(positions, context).toEqual([...positions].sort((a, b) => a - b));
}

function compare(decision: Decision | { error: string }, reference: ReferenceAnswer, context: string): void {
    if ('error' in decision || reference.error !== undefined) {
        expect('error' in decision ? decision.error : 'answered', context).toBe(reference.error ?? 'answered');
        return;
    }
    expect(decision.allowed, context).toBe(reference.allowed);
    expect(decision.level, context).toBe(reference.level);
    expect(decision.reason, context).toBe(reference.reason);
    if (reference.missingTables) {
        // A tool: the tables' rows table by table in the tool's order, each row once, so the exact sequence.
        expect(decision.matches.map((row) => keyOf(row, holderOf(row))), context).toEqual(reference.matches.map((row) => keyOf(row, row.holder)));
        // The note names every table and then, after "allows it", the ones that did not allow it.
        const note = decision.notes.find((n) => n.includes('allows it')) ?? '';
        const tables = registry.tools.get(decision.query.resource.toLowerCase())!.tables;
        expect(tables.every((table) => note.includes(table)), context).toBe(true);
        const after = note.slice(note.indexOf('allows it'));
        expect(tables.filter((table) => after.includes(`${table} `) || after.includes(`${table},`)), context).toEqual(reference.missingTables);
    } else {
        expect(engineKeys(decision.matches), context).toEqual(referenceKeys(reference.matches));
        expectHolderOrder(decision.matches, reference.holders, context);
    }
    expect(decision.collectionAccess === undefined, context).toBe(reference.gate === undefined);
    if (decision.collectionAccess && reference.gate) {
        expect(decision.collectionAccess.allowed, context).toBe(reference.gate.allowed);
        expect(engineKeys(decision.collectionAccess.matches), context).toEqual(referenceKeys(reference.gate.matches));
        expectHolderOrder(decision.collectionAccess.matches, reference.holders, context);
    }
    const gateOk = decision.collectionAccess ? decision.collectionAccess.matches.length > 0 : true;
    const policyOk = reference.missingTables ? reference.missingTables.length === 0 : decision.matches.length > 0;
    expect(decision.allowed, context).toBe(policyOk && gateOk);
}

// ---------------------------------------------------------------------------------------------

describe('engine agrees with the reference evaluator', () => {
    it('on random models and queries', () => {
        const seen = {
            queries: 0,
            errors: 0,
            ambiguous: 0,
            granted: 0,
            'no-matching-policy': 0,
            'no-collection-access': 0,
            slow: 0,
            institution: 0,
            redirected: 0,
            roleRows: 0,
            templateRows: 0,
            derivedRows: 0,
            matchedRows: 0,
            toolGranted: 0,
            toolPartlyDenied: 0,
            toolLiteral: 0
        };
        fc.assert(
            fc.property(modelArbitrary, fc.array(question, { minLength: 5, maxLength: 20 }), (m, questions) => {
                const engine = compile(m);
                for (const q of questions.map((x) => askedOf(m, x))) {
                    const decision = engineAnswer(engine, q);
                    const reference = referenceDecide(m, q.query, q.mode);
                    compare(decision, reference, JSON.stringify(q));
                    seen.queries++;
                    if ('error' in decision) {
                        seen.errors++;
                        if (decision.error === 'ambiguous-name') seen.ambiguous++;
                        continue;
                    }
                    seen[decision.reason]++;
                    seen.matchedRows += decision.matches.length;
                    if (decision.level === 'institution') seen.institution++;
                    if (decision.level === 'institution' && q.query.collection !== undefined) seen.redirected++;
                    seen.roleRows += decision.matches.filter((row) => row.origin.kind === 'role').length;
                    seen.templateRows += decision.matches.filter((row) => row.template !== undefined).length;
                    seen.derivedRows += decision.matches.filter((row) => row.derivation !== undefined).length;
                    if (!registry.resources.has(q.query.resource.toLowerCase())) seen.slow++;
                    if (registry.tools.has(q.query.resource.toLowerCase())) {
                        if (q.mode === 'query') seen.toolLiteral++;
                        else if (reference.error === undefined && reference.missingTables?.length === 0) seen.toolGranted++;
                        else if (reference.error === undefined && decision.matches.length > 0) seen.toolPartlyDenied++;
                    }
                }
            }),
            { numRuns: 2500 }
        );
        // Guard against a vacuous run: every outcome must have come up many times.
        expect(seen.queries).toBeGreaterThan(25_000);
        const outcomes = ['errors', 'ambiguous', 'granted', 'no-matching-policy', 'no-collection-access', 'slow', 'institution', 'redirected', 'roleRows', 'templateRows', 'derivedRows', 'toolGranted', 'toolLiteral'] as const;
        for (const outcome of outcomes) {
            expect(seen[outcome], outcome).toBeGreaterThan(100);
        }
        // A tool with rows on some of its tables only (about 80 a run): rarer, so a lower floor.
        expect(seen.toolPartlyDenied).toBeGreaterThan(25);
        expect(seen.matchedRows).toBeGreaterThan(seen.granted);
    });

    it('fast rules and LIKE rules of one ability agree on every vocabulary request', () => {
        const resources = registry.concreteResources().filter((r) => !r.startsWith('/field/'));
        let checked = 0;
        fc.assert(
            fc.property(modelArbitrary, fc.nat(), fc.boolean(), (m, pick, atInstitution) => {
                const engine = compile(m);
                const collections = engine.index.collectionNames();
                let ability: ReturnType<typeof engine.abilityFor>;
                try {
                    ability = engine.abilityFor(m.users[0]!.name, atInstitution ? undefined : collections[pick % collections.length]);
                } catch (error) {
                    // A name declared twice: the question is refused (compared with the reference in the test above).
                    if (error instanceof QueryError && error.code === 'ambiguous-name') return;
                    throw error;
                }
                const likeRules = ability.rulesFor(RESERVED.likeAction, RESERVED.likeSubject);
                const disagreements: string[] = [];
                for (const resource of resources) {
                    for (const action of KNOWN_ACTIONS) {
                        const request = { resource, action };
                        const fast = ability.rulesFor(action, resource.toLowerCase()).length;
                        const slow = likeRules.filter((rule) => rule.matchesConditions(request)).length;
                        const canFast = ability.can(action, resource.toLowerCase());
                        const canSlow = ability.can(RESERVED.likeAction, request);
                        if (fast !== slow || canFast !== canSlow || canFast !== fast > 0) disagreements.push(`${resource} ${action}`);
                        checked++;
                    }
                }
                expect(disagreements).toEqual([]);
            }),
            { numRuns: 150 }
        );
        expect(checked).toBeGreaterThan(100_000);
    });
});
