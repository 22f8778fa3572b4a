/**
 * The growth table: each phase's cost per 4× the institution, 1k → 5k users scaled to 4×, and a
 * verdict only for phases long enough to measure.
 */
import { describe, expect, it } from 'vitest';
import { growthTable, PHASES, type GrowthPoint, type Phase } from '../../bench/growth.js';

function point(users: number, collections: number, ms: number): GrowthPoint {
    const all = Object.fromEntries(PHASES.map((p) => [p, ms])) as Record<Phase, number>;
    return { users, collections, lines: users * 14, sessions: users * 2, ms: { ...all, compile: ms / 1000 } };
}

describe('growthTable', () => {
    it('scales 1k → 5k to 4×, judges ratios up to 4.5× as linear, and leaves tiny phases unjudged', () => {
        const rows = growthTable([point(1000, 60, 100), point(5000, 60, 500), point(20000, 60, 2400), point(5000, 240, 2000)]).split('\n');
        const parse = rows.find((row) => row.startsWith('| parse '))!;
        // 5× the users at 5× the time is 4× per 4× users; 4× at 4.8× the time is 4.8×: not linear.
        expect(parse).toBe('| parse | 100 | 500 | 2400 | 2000 | 4.00× | 4.80× | 4.00× | no |');
        const compile = rows.find((row) => row.startsWith('| compile '))!;
        expect(compile.endsWith('|  |  |  |  |')).toBe(true);
    });
});
