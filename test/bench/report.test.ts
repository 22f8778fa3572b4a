/**
 * The benchmark's table: values in readable units, and a target met only when the value and (for
 * spol's yes/no) the ratio to the string bitset are both within it.
 */
import { describe, expect, it } from 'vitest';
import { formatValue, markdownTable, met, type Figure } from '../../bench/report.js';

describe('benchmark report', () => {
    it('writes values in the unit that reads best', () => {
        expect(formatValue(5.432, 'ns')).toBe('5.43 ns');
        expect(formatValue(129.6, 'ns')).toBe('130 ns');
        expect(formatValue(8398, 'ns')).toBe('8.40 µs');
        expect(formatValue(363_700, 'ns')).toBe('363.7 µs');
        expect(formatValue(7.29, 'ms')).toBe('7.29 ms');
        expect(formatValue(9930, 'ms')).toBe('9.93 s');
        expect(formatValue(695.4, 'MB')).toBe('695 MB');
    });

    it('meets a target only within the value and the ratio', () => {
        const yesNo = (value: number, ratio: number): Figure => ({ what: 'yes/no', value, unit: 'ns', ratio, target: { max: 250, text: '≤ 250 ns' }, maxRatio: 3 });
        expect(met(yesNo(200, 2.5))).toBe(true);
        expect(met(yesNo(200, 3.5))).toBe(false);
        expect(met(yesNo(300, 2))).toBe(false);
        expect(met({ what: 'peer', value: 1, unit: 'ns', ratio: 1 })).toBeUndefined();
    });

    it('prints one row per figure', () => {
        const table = markdownTable([
            { what: 'a', value: 100, unit: 'ns', ratio: 0.5, target: { max: 250, text: '≤ 250 ns' } },
            { what: 'b', value: 600, unit: 'MB', target: { max: 500, text: '≤ 500 MB' } }
        ]);
        expect(table.split('\n')).toEqual([
            '| what | median | target | × string bitset | met |',
            '|---|---:|---|---:|:---:|',
            '| a | 100 ns | ≤ 250 ns | 0.50× | yes |',
            '| b | 600 MB | ≤ 500 MB |  | no |'
        ]);
    });
});
