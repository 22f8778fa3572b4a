import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { like } from '../../../engine/like.js';
import { alignContains, likeContains } from '../../../engine/lint/like-contains.js';

describe('likeContains', () => {
    it.each([
        ['/table/agent', '/table/%', true],
        ['/table/%', '%', true],
        ['/table/%', '/table/%', true],
        ['/table/a%', '/table/%', true],
        ['/table/%', '/table/a%', false],
        ['/tree/edit/taxon', '/tree/%', true],
        ['/table/agent', '/table/agen_', true],
        ['/table/agen_', '/table/agent', false],
        ['/TABLE/Agent', '/table/agent', true],
        ['/table/agent', '/TABLE/AGENT', true],
        ['/table/agent', '/table/agents', false],
        ['export_csv', 'export_%', true],
        ['export_%', 'export_csv', false],
        ['%', '/%', false],
        ['/%', '%', true],
        ['ab', 'a_', true],
        ['a_', 'a%', true],
        ['a%', 'a_', false],
        ['a\\%', 'a%', true],
        ['a%', 'a\\%', false],
        ['a\\_', 'a_', true],
        ['', '%', true],
        ['', '', true],
        ['a', '', false],
        ['%%', '%', true],
        ['/table/%/x', '/table/%', true]
    ])('%j inside %j is %s', (inner, outer, expected) => {
        expect(likeContains(inner, outer)).toBe(expected);
    });
});

// ---------------------------------------------------------------- properties

const PATTERN_CHARS = ['a', 'b', 'A', 's', 'S', 'k', '/', '%', '_', '\\', 'ſ', 'K', 'é', 'É'];
const FILL_CHARS = ['a', 'b', 'A', 'B', 's', 'S', 'k', 'K', '/', '%', '_', '\\', 'ſ', 'K', 'é', 'É', 'x'];
const VARIANTS: Record<string, readonly string[]> = { a: ['a', 'A'], A: ['a', 'A'], s: ['s', 'S', 'ſ'], S: ['s', 'S', 'ſ'], k: ['k', 'K', 'K'], é: ['é', 'É'], É: ['é', 'É'] };

/** An independent reading of a LIKE pattern, for generating strings: `%`, `_`, `\x`, else itself. */
function parts(pattern: string): { kind: 'any' | 'one' | 'char'; char?: string }[] {
    const chars = [...pattern];
    const out: { kind: 'any' | 'one' | 'char'; char?: string }[] = [];
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (ch === '%') out.push({ kind: 'any' });
        else if (ch === '_') out.push({ kind: 'one' });
        else if (ch === '\\' && i + 1 < chars.length) out.push({ kind: 'char', char: chars[++i]! });
        else out.push({ kind: 'char', char: ch });
    }
    return out;
}

const pattern = fc.array(fc.constantFrom(...PATTERN_CHARS), { maxLength: 8 }).map((cs) => cs.join(''));
const choices = fc.array(fc.nat({ max: 1000 }), { minLength: 40, maxLength: 40 });

/** A string meant to match `p`: runs for `%`, a character for `_`, a case variant for a literal. */
function fill(p: string, picks: readonly number[]): string {
    let k = 0;
    const pick = (): number => picks[k++ % picks.length]!;
    return parts(p)
        .map((part) => {
            if (part.kind === 'any') return Array.from({ length: pick() % 4 }, () => FILL_CHARS[pick() % FILL_CHARS.length]).join('');
            if (part.kind === 'one') return FILL_CHARS[pick() % FILL_CHARS.length]!;
            const variants = VARIANTS[part.char!] ?? [part.char!];
            return variants[pick() % variants.length]!;
        })
        .join('');
}

/** A generalisation of `p`: each character kept, widened to `_` or `%`, recased, or dropped. */
function widen(p: string, picks: readonly number[]): string {
    return [...p]
        .map((ch, i) => {
            const n = picks[i % picks.length]! % 6;
            if (n === 0) return '_';
            if (n === 1) return '%';
            if (n === 2) return ch.toUpperCase();
            if (n === 3) return '';
            return ch;
        })
        .join('');
}

describe.each([
    ['likeContains', likeContains],
    ['alignContains (the alignment alone)', alignContains]
] as const)('%s is sound with respect to like()', (_, contains) => {
    it('every string matching A also matches B whenever A ⊆ B is claimed', () => {
        let claimed = 0;
        fc.assert(
            fc.property(pattern, choices, choices, fc.boolean(), pattern, (inner, widenPicks, fillPicks, related, random) => {
                const outer = related ? widen(inner, widenPicks) : random;
                if (!contains(inner, outer)) return;
                claimed++;
                for (let shift = 0; shift < 5; shift++) {
                    const value = fill(inner, fillPicks.map((n) => n + shift * 7));
                    if (!like(value, inner)) continue; // a case variant that like() itself does not accept
                    expect(like(value, outer), `${JSON.stringify(value)} matches ${JSON.stringify(inner)} but not ${JSON.stringify(outer)}`).toBe(true);
                }
            }),
            { numRuns: 3000 }
        );
        // The property must not hold vacuously.
        expect(claimed).toBeGreaterThan(300);
    });

    it('every pattern is inside itself and inside %', () => {
        fc.assert(fc.property(pattern, (p) => contains(p, p) && contains(p, '%')));
    });
});

describe('alignContains', () => {
    it('decides exactly like like() for a plain ASCII name', () => {
        const name = fc.array(fc.constantFrom('a', 'b', 'A', '/', 'x'), { maxLength: 7 }).map((cs) => cs.join(''));
        const asciiPattern = fc.array(fc.constantFrom('a', 'b', 'B', '/', '%', '_'), { maxLength: 7 }).map((cs) => cs.join(''));
        fc.assert(fc.property(name, asciiPattern, (n, p) => alignContains(n, p) === like(n, p)), { numRuns: 3000 });
    });

    it('proves containment between patterns, not only names', () => {
        expect(alignContains('/table/a%', '/table/%')).toBe(true);
        expect(alignContains('/tree/edit/%', '/tree/%')).toBe(true);
        expect(alignContains('a_b', 'a%')).toBe(true);
        expect(alignContains('a%', 'a_b')).toBe(false);
    });
});
