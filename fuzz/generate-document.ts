/**
 * Fuzzed document number `index` of a run with `seed`: its kind and content follow from those two
 * numbers alone, so a failing document can be made again on its own (`--only <index>`).
 *
 * Seeds are the example and fixture workspaces (corpus.ts). A mutated file is checked with the
 * unchanged other files of its workspace, so that linking across files is exercised too.
 */
import type { Corpus, CorpusWorkspace } from './corpus.js';
import type { DocumentKind, FuzzDocument } from './fuzz-document.js';
import { grammarDocument, universe } from './grammar-document.js';
import { Random } from './random.js';
import { ACTION_PATTERNS, NAMES, ODD_CHARACTERS, RESOURCE_PATTERNS, STRINGS, TOKENS } from './vocabulary.js';

/**
 * How often each kind comes up, out of 10,000. The extremes are rare: each costs up to seconds
 * (a 1 MB document, 5,000 nested blocks) where the others cost milliseconds.
 */
const WEIGHTS: readonly [DocumentKind, number][] = [
    ['mutated', 5800],
    ['grammar', 2945],
    ['invalid-utf8', 1000],
    ['huge-name', 150],
    ['deep-nesting', 100],
    ['long-line', 5]
];

const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

const encoder = new TextEncoder();

export function generateDocument(corpus: Corpus, seed: number, index: number): FuzzDocument {
    const random = new Random(seed, index);
    let roll = random.int(TOTAL_WEIGHT);
    const kind = WEIGHTS.find(([, weight]) => (roll -= weight) < 0)![0];
    switch (kind) {
        case 'mutated':
            return mutated(random, corpus, index);
        case 'invalid-utf8':
            return invalidUtf8(random, corpus, index);
        case 'grammar': {
            const text = grammarDocument(random, universe(random));
            return alone(index, kind, 'a random document from the grammar', text);
        }
        case 'huge-name':
            return hugeName(random, index);
        case 'deep-nesting':
            return deepNesting(random, index);
        case 'long-line':
            return longLine(random, index);
    }
}

function alone(index: number, kind: DocumentKind, recipe: string, text: string | Uint8Array): FuzzDocument {
    return { index, kind, recipe, path: 'document.spol', bytes: typeof text === 'string' ? encoder.encode(text) : text, siblings: [] };
}

/**
 * A file of a corpus workspace: one time in five with the other files of its workspace (linking
 * across files), else alone (the other files cost more to check than the mutated one).
 */
function inWorkspace(random: Random, index: number, kind: DocumentKind, recipe: string, workspace: CorpusWorkspace, path: string, bytes: Uint8Array): FuzzDocument {
    const siblings = random.chance(0.2) ? [...workspace.files].filter(([other]) => other !== path).map(([other, text]) => ({ path: other, text })) : [];
    return { index, kind, recipe: `${workspace.name}/${path}${siblings.length > 0 ? ' (with its workspace)' : ''}: ${recipe}`, path, bytes, siblings };
}

// ---------------------------------------------------------------- mutations of the examples

/** The spans of the text's tokens, roughly as the lexer cuts them (comments and strings whole). */
export function tokenSpans(text: string): [number, number][] {
    const pattern = /"(?:\\.|[^"\\])*"|\/\*[\s\S]*?\*\/|\/\/[^\n\r]*|\/[A-Za-z0-9_%.\-/]*|[A-Za-z0-9_]*%[A-Za-z0-9_%]*|[_a-zA-Z][\w.-]*|\s+|[\s\S]/gu;
    return [...text.matchAll(pattern)].filter((m) => !/^\s+$/.test(m[0])).map((m) => [m.index, m.index + m[0].length]);
}

type Mutation = (random: Random, text: string) => [string, string];

const MUTATIONS: readonly Mutation[] = [
    (random, text) => {
        const at = random.int(text.length + 1);
        return [text.slice(0, at), `truncated at ${at}`];
    },
    (random, text) => {
        const spans = tokenSpans(text);
        if (spans.length === 0) return [text, 'nothing to delete'];
        const first = random.int(spans.length);
        const last = Math.min(spans.length - 1, first + random.int(4));
        return [text.slice(0, spans[first]![0]) + text.slice(spans[last]![1]), `tokens ${first}–${last} deleted`];
    },
    (random, text) => {
        const spans = tokenSpans(text);
        const at = spans.length === 0 ? 0 : spans[random.int(spans.length)]![0];
        const tokens = Array.from({ length: random.between(1, 3) }, () => random.pick(TOKENS)).join(' ');
        return [`${text.slice(0, at)}${tokens} ${text.slice(at)}`, `${JSON.stringify(tokens)} inserted at ${at}`];
    },
    (random, text) => {
        const from = random.int(text.length + 1);
        const to = Math.min(text.length, from + random.between(1, 400));
        const at = random.int(text.length + 1);
        return [text.slice(0, at) + text.slice(from, to) + text.slice(at), `span ${from}–${to} copied to ${at}`];
    },
    (random, text) => {
        const at = random.int(text.length + 1);
        const length = random.between(1, 40);
        return [text.slice(0, at) + text.slice(at + length), `${length} characters deleted at ${at}`];
    },
    (random, text) => {
        const at = random.int(text.length + 1);
        const odd = random.pick(ODD_CHARACTERS);
        return [text.slice(0, at) + odd + text.slice(at), `${JSON.stringify(odd)} inserted at ${at}`];
    }
];

function pickFile(random: Random, corpus: Corpus): { workspace: CorpusWorkspace; path: string; text: string } {
    const workspace = random.pick(corpus.workspaces);
    const path = random.pick([...workspace.files.keys()]);
    return { workspace, path, text: workspace.files.get(path)! };
}

function mutated(random: Random, corpus: Corpus, index: number): FuzzDocument {
    const { workspace, path, text } = pickFile(random, corpus);
    let result = text;
    const recipe: string[] = [];
    for (let n = random.between(1, 3); n > 0; n--) {
        if (random.chance(0.15)) {
            // Byte flips: on the UTF-8 bytes, so they may leave bytes that are not UTF-8.
            const bytes = encoder.encode(result);
            const flips = random.between(1, 4);
            for (let i = 0; i < flips && bytes.length > 0; i++) bytes[random.int(bytes.length)]! ^= 1 << random.int(8);
            recipe.push(`${flips} byte${flips === 1 ? '' : 's'} flipped`);
            return inWorkspace(random, index, 'mutated', recipe.join(', '), workspace, path, bytes);
        }
        const [next, what] = random.pick(MUTATIONS)(random, result);
        result = next;
        recipe.push(what);
    }
    return inWorkspace(random, index, 'mutated', recipe.join(', '), workspace, path, encoder.encode(result));
}

/** Byte sequences that are not UTF-8, or that the CLI refuses (NUL, a UTF-16 mark). */
const BAD_BYTES: readonly number[][] = [[0xff], [0xfe], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3], [0xe2, 0x82], [0x80], [0xbf], [0x00], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function invalidUtf8(random: Random, corpus: Corpus, index: number): FuzzDocument {
    const { workspace, path, text } = pickFile(random, corpus);
    const original = encoder.encode(text);
    if (random.chance(0.1)) {
        const mark = random.chance(0.5) ? [0xff, 0xfe] : [0xfe, 0xff];
        return inWorkspace(random, index, 'invalid-utf8', 'a UTF-16 byte-order mark put first', workspace, path, Uint8Array.from([...mark, ...original]));
    }
    const bytes = [...original];
    const recipe: string[] = [];
    for (let n = random.between(1, 3); n > 0; n--) {
        const bad = random.pick(BAD_BYTES);
        const at = random.int(bytes.length + 1);
        bytes.splice(at, 0, ...bad);
        recipe.push(`${bad.map((b) => b.toString(16).padStart(2, '0')).join(' ')} at byte ${at}`);
    }
    return inWorkspace(random, index, 'invalid-utf8', recipe.join(', '), workspace, path, Uint8Array.from(bytes));
}

// ---------------------------------------------------------------- extremes

function hugeName(random: Random, index: number): FuzzDocument {
    // Mostly 10^3–10^4 characters, one time in five 10^5.
    const length = random.between(1, 9) * 10 ** (random.chance(0.2) ? 5 : random.between(3, 4));
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
    const word = `x${Array.from({ length: 64 }, () => random.pick([...letters])).join('')}`.repeat(Math.ceil(length / 65)).slice(0, length);
    const u = universe(random);
    const text = grammarDocument(random, u);
    switch (random.int(4)) {
        case 0: {
            const name = random.pick([...u.collections, ...u.users, ...u.roles]);
            return alone(index, 'huge-name', `the name ${name} made ${length} characters long`, text.split(name).join(word));
        }
        case 1:
            return alone(index, 'huge-name', `a title of ${length} characters`, `user u "${word}" { agent "${word}" in D }\n${text}`);
        case 2:
            return alone(index, 'huge-name', `a resource of ${length} characters`, `${text}\nrole R in C { allow /table/${word}: read, ${word} }\n`);
        default:
            return alone(index, 'huge-name', `a user named with ${length} characters`, `user ${word} { in ${word} { access roles ${word} } }\n${text}`);
    }
}

function deepNesting(random: Random, index: number): FuzzDocument {
    const depth = random.between(1_000, 3_000);
    switch (random.int(4)) {
        case 0:
            return alone(index, 'deep-nesting', `${depth} '{'`, `institution KU ${'{'.repeat(depth)}`);
        case 1:
            return alone(index, 'deep-nesting', `${depth} '{' and as many '}'`, `user u ${'{ '.repeat(depth)}${'} '.repeat(depth)}`);
        case 2:
            return alone(index, 'deep-nesting', `${depth} nested divisions`, `institution KU {\n${'division D {\n'.repeat(depth)}${'}\n'.repeat(depth)}}\n`);
        default:
            return alone(index, 'deep-nesting', `${depth} nested grants`, `user u {\n${'in C {\n'.repeat(depth)}${'}\n'.repeat(depth)}}\n`);
    }
}

const MEGABYTE = 1 << 20;

function longLine(random: Random, index: number): FuzzDocument {
    const fill = (piece: string) => piece.repeat(Math.ceil(MEGABYTE / piece.length)).slice(0, MEGABYTE);
    switch (random.int(5)) {
        case 0:
            return alone(index, 'long-line', 'a 1 MB comment', `// ${fill('comment ')}\nuser u { }\n`);
        case 1:
            return alone(index, 'long-line', 'a 1 MB string', `user u "${fill('title ')}" { }\n`);
        case 2: {
            const actions = Array.from({ length: 16 }, () => random.pick(ACTION_PATTERNS)).join(', ');
            return alone(index, 'long-line', 'a 1 MB list of actions', `role R in C {\n    allow /table/%: ${fill(`${actions}, `)}read\n}\n`);
        }
        case 3:
            return alone(index, 'long-line', 'a 1 MB resource', `role R in C { allow ${fill(random.pick(RESOURCE_PATTERNS))}: read }\n`);
        default: {
            const words = [...NAMES, ...STRINGS, '{', '}', ':', ','];
            const line = Array.from({ length: 2000 }, () => random.pick(words)).join(' ');
            return alone(index, 'long-line', 'a 1 MB line of names, strings and punctuation', fill(`${line} `));
        }
    }
}
