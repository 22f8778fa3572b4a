/**
 * A peer: another way to answer the benchmark's queries, built from the same sessions and rows as
 * spol. `run(n)` answers the first n queries and returns how many were allowed; with `out` it
 * writes each answer (1 allowed, 0 denied) for the agreement check instead.
 */
import type { Queries } from '../queries.js';
import type { PeerInput } from './session-rows.js';
import type { Universe } from './universe.js';

export interface PeerRunner {
    run(n: number, out?: Uint8Array): number;
}

export interface Peer {
    readonly key: string;
    readonly label: string;
    /** Too slow for every query: timed on the first calls that fit a budget, agreement on a smaller sample. */
    readonly slow: boolean;
    build(input: PeerInput, universe: Universe, queries: Queries): PeerRunner | Promise<PeerRunner>;
}
