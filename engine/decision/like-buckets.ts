/**
 * The slow path's LIKE rules, grouped by the first segment of the resources they can match.
 *
 * A request outside the vocabulary (a `/field/<table>/<field>` resource, an unknown name) is matched
 * against the stored patterns by LIKE, one rule per stored row. Without grouping, CASL hands every
 * such request all of a user's LIKE rules, and a user with 200 rows costs 200 LIKE matches per
 * `/field/...` question. Here each rule's CASL subject type is the folded first segment of the
 * resources it can match (`/FIELD/`), known from its pattern's literal prefix; a pattern whose prefix
 * does not fix the first segment (`%`, `/f%`, `%/x`, an escape) is filed under every group. A
 * request's subject type is its own folded first segment, so CASL offers it only the rules that can
 * match it: the same answers, far fewer matches.
 *
 * Folding is collation.ts's, on both sides, so `/FÍELD/x` and `/field/%` meet in one group. Segments
 * that no registry resource has share one group (`OTHER`), as do requests without a first segment.
 */
import { collationFold } from '../collation.js';
import { registry } from '../registry/registry.js';

const PREFIX = '\u0000like:';
const OTHER = `${PREFIX}*`;
const ASCII_HEAD = /^\/[\x00-\x7f]*?\//;

/** `/X/` of a folded text that starts with it, else undefined. */
function firstSegment(folded: string): string | undefined {
    if (folded[0] !== '/') return undefined;
    const end = folded.indexOf('/', 1);
    return end < 0 ? undefined : folded.slice(0, end + 1);
}

const KNOWN: ReadonlySet<string> = new Set(
    registry
        .concreteResources()
        .map((resource) => firstSegment(collationFold(resource)))
        .filter((segment): segment is string => segment !== undefined)
);

/** Every group: where a rule goes when its pattern does not fix the first segment. */
export const ALL_LIKE_SUBJECTS: readonly string[] = Object.freeze([...[...KNOWN].map((segment) => PREFIX + segment), OTHER]);

function subjectOfSegment(segment: string | undefined): string {
    return segment !== undefined && KNOWN.has(segment) ? PREFIX + segment : OTHER;
}

/** The CASL subject type of a slow-path request for `resource`. */
export function likeSubjectOf(resource: string): string {
    // ASCII folds by case alone; otherwise fold code points up to the second '/' of the folded text.
    const ascii = ASCII_HEAD.exec(resource);
    if (ascii) return subjectOfSegment(ascii[0].toUpperCase());
    let folded = '';
    let slashes = 0;
    for (const char of resource) {
        const one = collationFold(char);
        folded += one;
        if (one === '/' && ++slashes === 2) break;
        if (folded.length === 1 && one !== '/') break;
    }
    return subjectOfSegment(firstSegment(folded));
}

/** The CASL subject types of the LIKE rule for a stored resource pattern. */
export function likeSubjectsOfPattern(pattern: string): readonly string[] {
    const wildcard = pattern.search(/[%_\\]/);
    const segment = firstSegment(collationFold(wildcard < 0 ? pattern : pattern.slice(0, wildcard)));
    return segment === undefined ? ALL_LIKE_SUBJECTS : [subjectOfSegment(segment)];
}
