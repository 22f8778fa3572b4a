/**
 * Character equality as Specify's databases compare text: MySQL/MariaDB `utf8mb4_general_ci` (and
 * `utf8_general_ci`, its BMP-only twin). That collation gives each character one weight and calls
 * two characters equal when their weights are equal; it has no expansions, contractions or
 * ignorable characters. The facts this module follows, with their sources:
 *
 * - case is ignored and so are accents: 'a', 'A', 'À' and 'á' all weigh 0x0041 (MySQL Reference
 *   Manual, "Collation Implementation Types", utf8mb4_general_ci example);
 * - 'ß' equals 's', not 'ss' (MySQL Reference Manual, "Unicode Character Sets": `_general_ci`
 *   makes ß = s, `_unicode_ci` makes ß = ss);
 * - letters without a decomposition keep their own weight: 'Æ', 'Ð', 'Ø', 'Þ', 'Œ', 'Ł', 'Đ' differ
 *   from 'A', 'D', 'O', 'T', 'O', 'L', 'D' (the weight table `plane00`/`plane01` of
 *   mysql-server strings/ctype-utf8.cc, which utf8mb4_general_ci uses);
 * - 'µ' weighs as Greek 'Μ', 'ſ' and 'ı' as 'S' and 'I', 'ÿ' as 'Y'; Greek letters lose their
 *   tonos and diaeresis, final 'ς' is 'Σ'; Cyrillic 'ё' is 'е' but 'й' is not 'и' (same table,
 *   `plane00`, `plane01`, `plane03`, `plane04`);
 * - every character outside the Basic Multilingual Plane (emoji, …) weighs as U+FFFD, so all of
 *   them are equal to one another (MySQL Reference Manual, "The utf8mb4 Character Set":
 *   utf8mb4_general_ci distinguishes only BMP characters; shown in MySQL bug #76553).
 *
 * The weight of a BMP character is computed, not tabled: the base letter of its canonical
 * decomposition, upper-cased, with the exceptions above. MySQL's table predates the case pairs that
 * Unicode added later (Latin Extended-C and -D, the Georgian Mtavruli, Cherokee small letters, the
 * Cyrillic Supplement, …); characters of those ranges keep their own weight here, as there.
 */

const REPLACEMENT = 0xfffd;

/** Weights that the decompose-and-upper-case rule does not give. */
const EXCEPTIONS: ReadonlyMap<number, number> = new Map([
    [0x00df, 0x0053], // ß weighs as S
    [0x0419, 0x0419], // Й keeps its own weight: the breve is not stripped
    [0x0439, 0x0419], // й likewise
    [0x03f2, 0x03a3] // ϲ (lunate sigma) weighs as Σ
]);

/** Code points (from, to inclusive) whose case pairs or decompositions are newer than MySQL's table. */
const OWN_WEIGHT: readonly (readonly [number, number])[] = [
    [0x019e, 0x019e],
    [0x0220, 0x0220],
    [0x0234, 0x024f],
    [0x0370, 0x037f],
    [0x03cf, 0x03cf],
    [0x03d7, 0x03d9],
    [0x03f3, 0x03ff],
    [0x04c0, 0x04c0],
    [0x04c5, 0x04c6],
    [0x04c9, 0x04ca],
    [0x04cd, 0x04cf],
    [0x04f6, 0x04f7],
    [0x04fa, 0x052f],
    [0x13a0, 0x13ff],
    [0x1c80, 0x1cbf],
    [0x1efa, 0x1eff],
    [0x2c00, 0x2dff],
    [0xa640, 0xa7ff],
    [0xab70, 0xabbf]
];

function ownWeight(cp: number): boolean {
    for (const [from, to] of OWN_WEIGHT) if (cp >= from && cp <= to) return true;
    return false;
}

const COMBINING = /^\p{Mn}*$/u;
const MARK = /^\p{M}$/u;
const weights = new Map<number, number>();

/** The general_ci weight of one code point, as a code point. */
export function collationWeight(cp: number): number {
    if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 0x20 : cp;
    if (cp > 0xffff) return REPLACEMENT;
    let weight = weights.get(cp);
    if (weight === undefined) {
        weight = computeWeight(cp);
        weights.set(cp, weight);
    }
    return weight;
}

function computeWeight(cp: number): number {
    const exception = EXCEPTIONS.get(cp);
    if (exception !== undefined) return exception;
    if (ownWeight(cp)) return cp;
    const char = String.fromCodePoint(cp);
    const [base, ...marks] = Array.from(char.normalize('NFD'));
    const letter = base !== undefined && !MARK.test(base) && COMBINING.test(marks.join('')) ? base : char;
    const baseCp = letter.codePointAt(0)!;
    // A decomposition beyond the BMP (CJK compatibility ideographs) is no base letter of MySQL's table.
    if (baseCp > 0xffff) return cp;
    if (baseCp !== cp) {
        const fromBase = EXCEPTIONS.get(baseCp);
        if (fromBase !== undefined) return fromBase;
        if (ownWeight(baseCp)) return baseCp;
    }
    const upper = Array.from(letter.toUpperCase());
    if (upper.length !== 1) return baseCp;
    const upperCp = upper[0]!.codePointAt(0)!;
    return ownWeight(upperCp) || upperCp > 0xffff ? baseCp : upperCp;
}

/** True when every UTF-16 unit of the text is ASCII (a loop: cheaper than a regex on short strings). */
export function isAscii(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
    return true;
}

/** The text with every character replaced by its weight: equal folds mean equal under general_ci, character by character. */
export function collationFold(text: string): string {
    // ASCII weighs as itself upper-cased (a-z only change), which toUpperCase does in one call.
    if (isAscii(text)) return text.toUpperCase();
    let out = '';
    for (const char of text) out += String.fromCodePoint(collationWeight(char.codePointAt(0)!));
    return out;
}

/**
 * `a = b` as general_ci compares two strings: character by character by weight, trailing spaces
 * ignored (the collation pads with spaces). This is how a name typed in spol finds the row that
 * Specify stores (an agent's name, a user's login).
 */
export function collationEquals(a: string, b: string): boolean {
    return collationKey(a) === collationKey(b);
}

/** A key for maps and sets of names compared as general_ci compares them. */
export function collationKey(text: string): string {
    return collationFold(text).replace(/ +$/, '');
}
