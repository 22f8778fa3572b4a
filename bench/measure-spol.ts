/**
 * spol's own figures on the benchmark's queries: building every session's abilities (a fresh model
 * index and engine, then `engine.session(user, collection)` for each session), yes/no through a
 * session held beforehand and through the string-keyed `engine.can`, the decision with its
 * provenance, a profile warm and cold, and who-can over every user. The answers it gives are also
 * the reference every peer is checked against: `decide(...).allowed`.
 */
import { compile, type PolicyEngine, type PolicySession } from '../engine/decision/index.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { ModelIndex } from '../engine/model/stored.js';
import { profile, whoCan } from '../engine/profile/index.js';
import { Random } from '../fuzz/random.js';
import type { PeerRunner } from './peers/peer.js';
import type { Queries } from './queries.js';
import { measureBuild, timeEach, timeOps, timeOpsTogether, type OpTiming } from './timing.js';

export interface SpolFigures {
    readonly abilities: { readonly ms: number; readonly heapMb: number; readonly sessions: number };
    readonly sessionCan: OpTiming;
    readonly engineCan: OpTiming;
    /** The string-keyed bitset (peer d2) on the same queries, timed in turns with the two above. */
    readonly stringBitset?: OpTiming;
    readonly sessionDecide: OpTiming;
    readonly profileWarmNs: number;
    readonly profileColdNs: number;
    readonly whoCanWarmNs: number;
    readonly whoCanColdNs: number;
    readonly whoCanUsers: number;
    /** decide(...).allowed for the first queries: what the peers must answer. */
    readonly reference: Uint8Array;
    readonly allowRate: number;
}

export interface SpolOptions {
    /** How many queries make the reference sample. */
    readonly referenceSize: number;
    readonly profileSamples: number;
    readonly quick: boolean;
    /**
     * The string-keyed bitset peer, to be timed in turns with spol's yes/no (a repetition of each,
     * then the next round), so that a busy machine slows both alike and their ratio holds.
     */
    readonly stringBitset?: PeerRunner;
}

export async function measureSpol(model: PolicyModel, q: Queries, options: SpolOptions): Promise<SpolFigures> {
    const built = await measureBuild(() => {
        const engine = compile(new ModelIndex(model));
        return { engine, sessions: q.sessions.map((s) => engine.session(s.user, s.collection)) };
    });
    const { engine, sessions } = built.value;
    const reference = referenceAnswers(engine, q, Math.min(options.referenceSize, q.n));
    checkFastPaths(engine, sessions, q, reference);

    const { session, user, collection, resourceName, actionName } = q;
    const alongside = options.stringBitset;
    const [sessionCan, engineCan, stringBitset] = timeOpsTogether(
        [
            (n) => {
                let allowed = 0;
                for (let i = 0; i < n; i++) if (sessions[session[i]!]!.can(resourceName[i]!, actionName[i]!)) allowed++;
                return allowed;
            },
            (n) => {
                let allowed = 0;
                for (let i = 0; i < n; i++) if (engine.can({ user: user[i]!, collection: collection[i]!, resource: resourceName[i]!, action: actionName[i]! })) allowed++;
                return allowed;
            },
            ...(alongside ? [(n: number) => alongside.run(n)] : [])
        ],
        q.n
    ) as [OpTiming, OpTiming, OpTiming | undefined];
    const sessionDecide = timeOps(
        (n) => {
            let matches = 0;
            for (let i = 0; i < n; i++) matches += sessions[session[i]!]!.decide(resourceName[i]!, actionName[i]!).matches.length;
            return matches;
        },
        q.n,
        { budgetMs: options.quick ? 300 : 1000 }
    );

    // Profiles: sessions picked at random; cold on a fresh engine (the user's rows and abilities are
    // built by the call), warm on the engine above, each session asked once before it is timed.
    const random = new Random(q.n, 2);
    const picked = Array.from({ length: Math.min(options.profileSamples, q.sessions.length) }, () => q.sessions[random.int(q.sessions.length)]!);
    const fresh = compile(new ModelIndex(model));
    const profileCold = timeEach((i) => profile(fresh, picked[i]!), picked.length);
    for (const where of picked) profile(engine, where);
    const profileWarm = timeEach((i) => profile(engine, picked[i]!), picked.length);

    // who-can over every user: cold on fresh engines (one per collection asked), warm repeated.
    const asked = [...new Set(picked.map((s) => s.collection))].slice(0, options.quick ? 2 : 3);
    const question = (c: string) => ({ action: 'read', resource: '/table/collectionobject', collection: c });
    const whoCanCold = timeEach((i) => whoCan(compile(new ModelIndex(model)), question(asked[i]!)), asked.length);
    for (const c of asked) whoCan(engine, question(c));
    const whoCanWarm = timeEach((i) => whoCan(engine, question(asked[i % asked.length]!)), options.quick ? 6 : 20);

    const allowed = reference.reduce((n, v) => n + v, 0);
    return {
        abilities: { ms: built.ms, heapMb: built.heapMb, sessions: sessions.length },
        sessionCan,
        engineCan,
        ...(stringBitset ? { stringBitset } : {}),
        sessionDecide,
        profileWarmNs: profileWarm.medianNs,
        profileColdNs: profileCold.medianNs,
        whoCanWarmNs: whoCanWarm.medianNs,
        whoCanColdNs: whoCanCold.medianNs,
        whoCanUsers: model.users.length,
        reference,
        allowRate: allowed / Math.max(1, reference.length)
    };
}

function referenceAnswers(engine: PolicyEngine, q: Queries, n: number): Uint8Array {
    const answers = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
        answers[i] = engine.decide({ user: q.user[i]!, collection: q.collection[i]!, resource: q.resourceName[i]!, action: q.actionName[i]! }).allowed ? 1 : 0;
    }
    return answers;
}

/** The yes/no paths must give decide's answers; one that does not stops the benchmark. */
function checkFastPaths(engine: PolicyEngine, sessions: readonly PolicySession[], q: Queries, reference: Uint8Array): void {
    for (let i = 0; i < reference.length; i++) {
        const expected = reference[i] === 1;
        const query = { user: q.user[i]!, collection: q.collection[i]!, resource: q.resourceName[i]!, action: q.actionName[i]! };
        if (sessions[q.session[i]!]!.can(query.resource, query.action) !== expected || engine.can(query) !== expected) {
            throw new Error(`spol's yes/no differs from its decision (${expected ? 'allowed' : 'denied'}) on ${JSON.stringify(query)}.`);
        }
    }
}
