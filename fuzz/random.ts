/**
 * A small seeded random source (sfc32), so that every fuzzed document and every soak edit is
 * reproducible from the run's seed and its own index: document i of seed s is the same document
 * whether it is generated alone (to replay a failure) or as the i-th of a long run.
 */
export class Random {
    private a: number;
    private b: number;
    private c: number;
    private d: number;

    /** A source for one stream of the run: `seed` and the indices that name the stream (document number, …). */
    constructor(seed: number, ...stream: number[]) {
        this.a = 0x9e3779b9;
        this.b = 0x243f6a88;
        this.c = 0xb7e15162;
        this.d = seed >>> 0;
        for (const n of stream) this.d = (this.d ^ Math.imul(n + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
        for (let i = 0; i < 16; i++) this.next();
    }

    /** A 32-bit unsigned integer. */
    next(): number {
        const t = (((this.a + this.b) | 0) + this.d) | 0;
        this.d = (this.d + 1) | 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) | 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) | 0;
        return t >>> 0;
    }

    /** A number in [0, 1). */
    fraction(): number {
        return this.next() / 4294967296;
    }

    /** An integer in [0, n). */
    int(n: number): number {
        return Math.floor(this.fraction() * n);
    }

    /** An integer in [min, max]. */
    between(min: number, max: number): number {
        return min + this.int(max - min + 1);
    }

    chance(p: number): boolean {
        return this.fraction() < p;
    }

    pick<T>(items: readonly T[]): T {
        if (items.length === 0) throw new Error('Random.pick: no items to pick from.');
        return items[this.int(items.length)]!;
    }
}
