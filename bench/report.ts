/**
 * The benchmark's table: each figure with its median, the target issue 14 sets for it, its ratio to
 * the string-keyed bitset (for per-query times) and whether the target is met.
 */

export type Unit = 'ns' | 'ms' | 'MB';

export interface Figure {
    readonly what: string;
    readonly value: number;
    readonly unit: Unit;
    /** The largest value that meets the target, in the figure's unit, and how the target reads. */
    readonly target?: { readonly max: number; readonly text: string };
    /** Per-query times: the value over the string bitset's in the same run. */
    readonly ratio?: number;
    /** A second condition on the ratio (spol's yes/no: at most 3× the string bitset). */
    readonly maxRatio?: number;
}

export function met(figure: Figure): boolean | undefined {
    if (!figure.target && figure.maxRatio === undefined) return undefined;
    const withinValue = !figure.target || figure.value <= figure.target.max;
    const withinRatio = figure.maxRatio === undefined || (figure.ratio !== undefined && figure.ratio <= figure.maxRatio);
    return withinValue && withinRatio;
}

export function formatValue(value: number, unit: Unit): string {
    if (unit === 'MB') return `${value.toFixed(0)} MB`;
    const ns = unit === 'ms' ? value * 1e6 : value;
    if (ns < 1e3) return `${ns.toFixed(ns < 10 ? 2 : ns < 100 ? 1 : 0)} ns`;
    if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
    if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 0)} ms`;
    return `${(ns / 1e9).toFixed(2)} s`;
}

export function markdownTable(figures: readonly Figure[]): string {
    const lines = ['| what | median | target | × string bitset | met |', '|---|---:|---|---:|:---:|'];
    for (const figure of figures) {
        const ok = met(figure);
        const ratio = figure.ratio === undefined ? '' : `${figure.ratio.toFixed(figure.ratio < 10 ? 2 : 0)}×`;
        lines.push(`| ${figure.what} | ${formatValue(figure.value, figure.unit)} | ${figure.target?.text ?? ''} | ${ratio} | ${ok === undefined ? '' : ok ? 'yes' : 'no'} |`);
    }
    return lines.join('\n');
}
