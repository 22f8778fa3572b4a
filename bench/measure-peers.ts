/**
 * Each peer built, checked and timed inside its own call, so that it is garbage before the next
 * one is built (a peer must not pay for another's heap). Before it is timed, a peer must give
 * spol's decision on a sample of the queries; the first disagreement stops the benchmark and names
 * the query.
 */
import type { Peer } from './peers/peer.js';
import type { PeerInput } from './peers/session-rows.js';
import type { Universe } from './peers/universe.js';
import type { Queries } from './queries.js';
import { measureBuild, timeOps, type OpTiming } from './timing.js';

export interface PeerFigures {
    readonly key: string;
    readonly label: string;
    readonly buildMs: number;
    readonly heapMb: number;
    readonly timing: OpTiming;
    /** Queries checked against spol, all agreeing. */
    readonly agreed: number;
}

export interface PeerOptions {
    /** For slow peers: milliseconds of timed calls, and of agreement checking. */
    readonly slowBudgetMs: number;
    readonly agreeBudgetMs: number;
}

export async function measurePeer(peer: Peer, input: PeerInput, universe: Universe, q: Queries, reference: Uint8Array, options: PeerOptions): Promise<PeerFigures> {
    const built = await measureBuild(() => peer.build(input, universe, q));
    const runner = built.value;
    let sample = reference.length;
    if (peer.slow) {
        const start = performance.now();
        runner.run(Math.min(200, sample));
        const perCall = (performance.now() - start) / Math.min(200, sample);
        sample = Math.min(sample, Math.max(200, Math.floor(options.agreeBudgetMs / Math.max(perCall, 1e-6))));
    }
    const answers = new Uint8Array(sample);
    runner.run(sample, answers);
    for (let i = 0; i < sample; i++) {
        if (answers[i] !== reference[i]) {
            const query = { user: q.user[i], collection: q.collection[i], resource: q.resourceName[i], action: q.actionName[i] };
            throw new Error(`Peer ${peer.key} (${peer.label}) says ${answers[i] ? 'allowed' : 'denied'} where spol says ${reference[i] ? 'allowed' : 'denied'}: ${JSON.stringify(query)}.`);
        }
    }
    const timing = timeOps((n) => runner.run(n), q.n, peer.slow ? { budgetMs: options.slowBudgetMs } : {});
    return { key: peer.key, label: peer.label, buildMs: built.ms, heapMb: built.heapMb, timing, agreed: sample };
}
