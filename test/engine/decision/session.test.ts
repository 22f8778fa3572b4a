/**
 * `PolicyEngine.can` and sessions answer yes or no without provenance, on a path of their own
 * (abilities asked directly, the gate cached per session). Every answer must equal
 * `decide(...).allowed`, and every refusal the same QueryError, on random models and questions:
 * asked on a fresh engine (so the fast path builds its own caches) and on one that already decided.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, QueryError, type DecideOptions, type PolicyEngine } from '../../../engine/decision/index.js';
import { emptyModel } from '../../../engine/model/policy-model.js';
import { registry } from '../../../engine/registry/registry.js';
import { engineAnswer } from './compare-decisions.js';
import { askedOf, modelArbitrary, question } from './decision-arbitraries.js';

const anyModel = modelArbitrary();

/** The answer, or the code of the QueryError it throws. */
function outcome(ask: () => boolean): boolean | string {
    try {
        return ask();
    } catch (error) {
        if (error instanceof QueryError) return error.code;
        throw error;
    }
}

function sessionOutcome(engine: PolicyEngine, user: string, collection: string | undefined, resource: string, action: string, options?: DecideOptions): boolean | string {
    return outcome(() => engine.session(user, collection).can(resource, action, options));
}

describe('yes/no answers without provenance', () => {
    it('equal decide(...).allowed and refuse what decide refuses', () => {
        const seen = { allowed: 0, denied: 0, refused: 0, sessions: 0 };
        fc.assert(
            fc.property(anyModel, fc.array(question, { minLength: 5, maxLength: 20 }), (m, questions) => {
                const decided = compile(m);
                const fresh = compile(m);
                for (const asked of questions.map((x) => askedOf(m, x))) {
                    const { query, mode } = asked;
                    const options: DecideOptions | undefined = mode === 'enforce' && query.resource.length % 2 === 0 ? undefined : { mode };
                    // The fresh engine answers first, so its session builds every cache itself.
                    const fast = outcome(() => fresh.can(query, options));
                    const decision = engineAnswer(decided, asked);
                    const expected = 'error' in decision ? decision.error : decision.allowed;
                    expect(fast, JSON.stringify(asked)).toBe(expected);
                    expect(outcome(() => decided.can(query, options)), JSON.stringify(asked)).toBe(expected);
                    if (typeof expected === 'string') seen.refused++;
                    else seen[expected ? 'allowed' : 'denied']++;
                    // A session asks with its place fixed; only a question with exactly one place makes one.
                    if ((query.institution === true) === (query.collection !== undefined)) continue;
                    const place = query.collection;
                    if ((typeof place !== 'string' && place !== undefined) || typeof query.user !== 'string') continue;
                    seen.sessions++;
                    expect(sessionOutcome(fresh, query.user, place, query.resource, query.action, options), JSON.stringify(asked)).toBe(expected);
                    if (typeof expected === 'boolean') {
                        const session = decided.session(query.user, place);
                        expect(decided.session(query.user, place)).toBe(session);
                        expect([session.user, session.collection]).toEqual([query.user, place]);
                        // The same answer; its query is the session's own spelling of the question.
                        const { query: asQuery, ...answer } = session.decide(query.resource, query.action, { mode });
                        const { query: _query, ...expectedAnswer } = decision as Exclude<typeof decision, { error: string }>;
                        expect(answer).toEqual(expectedAnswer);
                        expect(asQuery).toEqual({ user: query.user, ...(place === undefined ? { institution: true } : { collection: place }), resource: query.resource, action: query.action });
                    }
                }
            }),
            { numRuns: 1500 }
        );
        expect(seen.allowed).toBeGreaterThan(1000);
        expect(seen.denied).toBeGreaterThan(1000);
        expect(seen.refused).toBeGreaterThan(100);
        expect(seen.sessions).toBeGreaterThan(5000);
    });

    it("leave decide's answers and refusals as they are once the engine holds sessions", () => {
        // decide asks a session made earlier for the same user and place; a fresh engine resolves the names.
        let viaSession = 0;
        fc.assert(
            fc.property(anyModel, fc.array(question, { minLength: 5, maxLength: 20 }), fc.boolean(), (m, questions, refuse) => {
                const fresh = compile(m);
                const warmed = compile(m);
                const asked = questions.map((x) => askedOf(m, x));
                for (const { query } of asked) {
                    if (typeof query.user !== 'string' || (query.institution === true) === (query.collection !== undefined)) continue;
                    if (typeof outcome(() => warmed.session(query.user, query.collection).can('/table/agent', 'read')) === 'boolean') viaSession++;
                }
                for (const { query, mode } of asked) {
                    const options: DecideOptions = refuse ? { mode, unknownNames: 'refuse' } : { mode };
                    const answer = (engine: PolicyEngine) => {
                        try {
                            return engine.decide(query, options);
                        } catch (error) {
                            if (error instanceof QueryError) return error.code;
                            throw error;
                        }
                    };
                    expect(answer(warmed), JSON.stringify(query)).toEqual(answer(fresh));
                }
            }),
            { numRuns: 500 }
        );
        expect(viaSession).toBeGreaterThan(1000);
    });

    it('answer a field update, in any spelling, as decide does', () => {
        // Data-model fields are outside the vocabulary; their `update` has a fast path of its own.
        const fields = ['/field/agent/lastname', '/FIELD/Agent/LastName', '/field/collectionobject/catalognumber', '/field/taxon/name', '/field/agent/lastnamé', '/field/\u212aeyword', '/field/agent/nosuchfield'];
        const actions = ['update', 'UPDATE', 'Update', 'read', 'updaté', '%'];
        let allowed = 0;
        fc.assert(
            fc.property(anyModel, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...fields), fc.constantFrom(...actions)), { minLength: 5, maxLength: 20 }), (m, asked) => {
                const engine = compile(m);
                const reference = compile(m);
                const users = m.users.map((u) => u.name);
                const collections = m.institutions[0]!.divisions.flatMap((d) => d.disciplines.flatMap((x) => x.collections.map((c) => c.name)));
                for (const [u, c, resource, action] of asked) {
                    const user = users[u % users.length]!;
                    const collection = c % (collections.length + 1) === collections.length ? undefined : collections[c % (collections.length + 1)];
                    const query = collection === undefined ? { user, institution: true, resource, action } : { user, collection, resource, action };
                    const expected = outcome(() => reference.decide(query).allowed);
                    expect(sessionOutcome(engine, user, collection, resource, action), JSON.stringify(query)).toBe(expected);
                    if (expected === true) allowed++;
                }
            }),
            { numRuns: 400 }
        );
        expect(allowed).toBeGreaterThan(200);
    });

    it('note a field request as the registry defines it, on the fast path or not', () => {
        const fields = ['/field/agent/lastname', '/FIELD/Agent/LastName', '/field/agent/lastnamé', '/field/agent/nosuchfield', '/field/%'];
        const actions = ['update', 'UPDATE', 'read', 'updaté'];
        fc.assert(
            fc.property(anyModel, fc.constantFrom(...fields), fc.constantFrom(...actions), (m, resource, action) => {
                const user = m.users[0]?.name;
                if (user === undefined) return;
                const info = registry.lookup(resource);
                const expected = !info
                    ? [`${resource} is not a resource Specify 7 defines; it is matched against the stored patterns as written.`]
                    : info.actions.some((a) => a.toLowerCase() === action.toLowerCase())
                      ? []
                      : [`${info.resource} has no action ${action} in Specify 7.`];
                let notes: readonly string[];
                try {
                    notes = compile(m).decide({ user, institution: true, resource, action }).notes;
                } catch (error) {
                    if (error instanceof QueryError) return; // a model that declares the user twice
                    throw error;
                }
                expect(notes).toEqual(expected);
            }),
            { numRuns: 200 }
        );
    });

    it('refuses a session with an unknown name, and a malformed question, as decide does', () => {
        const engine = compile(emptyModel());
        expect(sessionOutcome(engine, 'nobody', undefined, '/table/agent', 'read')).toBe('unknown-user');
        expect(outcome(() => engine.can({ user: 'nobody', resource: '/table/agent', action: 'read' }))).toBe('bad-query');
        expect(outcome(() => engine.can({ user: 'nobody', institution: true, resource: 3 as never, action: 'read' }))).toBe('bad-query');
        const model = emptyModel();
        const withUser = compile({ ...model, users: [{ name: 'jdoe', agents: [], institutionPolicies: [], collections: [] }] });
        const session = withUser.session('jdoe');
        expect(outcome(() => session.decide(3 as never, 'read').allowed)).toBe('bad-query');
        expect(outcome(() => session.decide('/table/agent', null as never).allowed)).toBe('bad-query');
        expect(outcome(() => session.can('/table/agent', 3 as never, { mode: 'query' }))).toBe('bad-query');
        expect(session.decide('/table/agent', 'read').allowed).toBe(false);
    });
});
