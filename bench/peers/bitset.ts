/**
 * The physical limit: one row of bits per session, a bit per (resource, action), every answer
 * (gate and level included) computed when built. d1 is asked with integer ids (a typed-array
 * read); d2 with the request's strings, two Map lookups before the read.
 */
import type { Peer, PeerRunner } from './peer.js';
import type { PeerInput, Row } from './session-rows.js';
import type { Universe } from './universe.js';
import type { Queries } from '../queries.js';

interface Bitset {
    readonly table: Uint32Array;
    readonly words: number;
    readonly stride: number;
}

function buildBitset(input: PeerInput, universe: Universe): Bitset {
    const { stride, resources } = universe;
    const words = (resources.length * stride + 31) >>> 5;
    const masks = new Map<string, Uint32Array>();
    /** Bits a row sets: institutionLevel says whether it may set those of institution-level resources. */
    const maskOf = (row: Row, institutionLevel: boolean): Uint32Array => {
        const key = `${institutionLevel ? 'i' : 'c'}\u0000${row.resource}\u0000${row.action}`;
        let mask = masks.get(key);
        if (!mask) {
            mask = new Uint32Array(words);
            const actions = new Set(universe.actionsMatching(row.action));
            for (const r of universe.resourcesMatching(row.resource)) {
                const resource = resources[r]!;
                if (resource.institutionLevel && !institutionLevel) continue;
                resource.actions.forEach((action, j) => {
                    if (!actions.has(action)) return;
                    const bit = r * stride + j;
                    mask![bit >>> 5]! |= 1 << (bit & 31);
                });
            }
            masks.set(key, mask);
        }
        return mask;
    };
    const table = new Uint32Array(input.sessions.length * words);
    input.sessions.forEach((session, s) => {
        if (!session.gate) return;
        const offset = s * words;
        const or = (mask: Uint32Array): void => {
            for (let k = 0; k < words; k++) table[offset + k]! |= mask[k]!;
        };
        for (const row of session.institution) or(maskOf(row, true));
        for (const row of session.user) or(maskOf(row, false));
        for (const role of session.roles) for (const row of input.roleRows.get(role)!) or(maskOf(row, false));
    });
    return { table, words, stride };
}

export const bitsetIntegers: Peer = {
    key: 'd1',
    label: 'bitset per session, integer ids (physical limit)',
    slow: false,
    build(input: PeerInput, universe: Universe, q: Queries): PeerRunner {
        const { table, words, stride } = buildBitset(input, universe);
        const { session, resource, action } = q;
        return {
            run(n: number, out?: Uint8Array): number {
                let allowed = 0;
                for (let i = 0; i < n; i++) {
                    const bit = resource[i]! * stride + action[i]!;
                    const v = (table[session[i]! * words + (bit >>> 5)]! >>> (bit & 31)) & 1;
                    if (out) out[i] = v;
                    allowed += v;
                }
                return allowed;
            }
        };
    }
};

export const bitsetStrings: Peer = {
    key: 'd2',
    label: 'bitset per session, string request (2 Map lookups)',
    slow: false,
    build(input: PeerInput, universe: Universe, q: Queries): PeerRunner {
        const { table, words, stride } = buildBitset(input, universe);
        const ids = new Map<string, { readonly id: number; readonly actions: Map<string, number> }>();
        universe.resources.forEach((r, id) => ids.set(r.name, { id, actions: new Map(r.actions.map((a, j) => [a, j])) }));
        const { session, resourceName, actionName } = q;
        return {
            run(n: number, out?: Uint8Array): number {
                let allowed = 0;
                for (let i = 0; i < n; i++) {
                    let v = 0;
                    const r = ids.get(resourceName[i]!);
                    const j = r?.actions.get(actionName[i]!);
                    if (j !== undefined) {
                        const bit = r!.id * stride + j;
                        v = (table[session[i]! * words + (bit >>> 5)]! >>> (bit & 31)) & 1;
                    }
                    if (out) out[i] = v;
                    allowed += v;
                }
                return allowed;
            }
        };
    }
};
