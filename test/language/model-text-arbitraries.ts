/**
 * Random spol text for the direct reader's tests (read-model-text.test.ts): every production of the
 * grammar, written token by token with random layout between the tokens (spaces, tabs, every line
 * end, white space beyond ASCII, both kinds of comment, none at all where the tokens allow it), and
 * every form of every terminal: identifiers with `.` and `-`, keywords as names, quoted names with
 * escapes (known and unknown), letters beyond ASCII and astral characters, RESOURCE and WILDCARD
 * patterns with escapes, empty strings where the model leaves things out. Also the edits that break
 * such text (a character or a token inserted, deleted or replaced).
 */
import fc from 'fast-check';

/** One token of the text and whether it is a word-like terminal that a following `/` would extend. */
interface Token {
    readonly text: string;
    /** RESOURCE or WILDCARD: a `/` right after it would be read as part of it. */
    readonly takesSlash?: boolean;
    readonly punctuation?: boolean;
}

const t = (text: string): Token => ({ text, punctuation: text.length === 1 && '{},:'.includes(text) });

/** Identifiers (never one of the keywords that cannot be a name). */
const IDENTIFIERS = ['a', 'KU', 'Fish', 'FishVoucher', 'jdoe', '_x', 'A.b-c', 'x1', 'in2', 'roles_', 'user.x', 'Institution', 'ROLE', 'agent-1', 'e9'];
const NAME_KEYWORDS = ['access', 'admin', 'type', 'code', 'description', 'roles', 'group', 'collections'];
/** Pieces of quoted text: plain characters, escapes Langium knows and ones it keeps as the character. */
const STRING_PIECES = ['a', 'B', ' ', 'é', 'Ñ', '🦎', '😀', '\u2028', '\t', '/', '%', "'", '\\"', '\\\\', '\\n', '\\t', '\\r', '\\0', '\\b', '\\f', '\\v', '\\x', '\\é', '\\🦎', '\\%', 'user', '{', '\ud800', '\udfff', '\\\ud83e'];

const quoted = (min: number) => fc.array(fc.constantFrom(...STRING_PIECES), { minLength: min, maxLength: 6 }).map((pieces) => `"${pieces.join('')}"`);

/** A declaration's name or a reference: never empty (the reader leaves those to Langium). */
export const nameText = (pool: readonly string[] = IDENTIFIERS): fc.Arbitrary<string> =>
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool) }, { weight: 2, arbitrary: fc.constantFrom(...NAME_KEYWORDS) }, { weight: 3, arbitrary: quoted(1) });

const RESOURCES = ['/table/collectionobject', '/', '/%', '/table/%', '/field/%', '/a\\_b', '/x\\%y\\\\', '/tree//edit', '/a.b-c_d/%x', '%', 'export_%', '%/collection', '%table%', 'export\\_csv', '\\%', 'in%', 'user\\_x', 'a%/b', '"/table/a b"', '"Müller"', '""', '"%"'];
const ACTIONS = ['read', 'create', 'update', 'export_csv', '%', 'export_%', 'r_ad', '\\_x', 'access', 'admin', 'type', 'code', 'description', 'roles', 'group', 'collections', '"do it"', '""', '"🦎"', 'in2'];
/** Titles, descriptions, codes, agent names: any STRING, `""` included (the model keeps an empty title). */
const anyString = fc.oneof(quoted(0), fc.constant('""'));

/** RESOURCE and WILDCARD: a `/` right after one is read as part of it. */
const takesSlash = (text: string) => !text.startsWith('"') && (text.startsWith('/') || text.includes('%') || text.includes('\\'));
const resource = fc.constantFrom(...RESOURCES).map((text): Token => ({ text, takesSlash: takesSlash(text) }));
const action = fc.constantFrom(...ACTIONS).map((text): Token => ({ text, takesSlash: takesSlash(text) }));

/** A list `a, b, c` of one to three. */
function list<T extends Token>(item: fc.Arbitrary<T>): fc.Arbitrary<Token[]> {
    return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.flatMap((token, i) => (i === 0 ? [token] : [t(','), token])));
}

const opt = <T>(arbitrary: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> => fc.option(arbitrary, { nil: undefined, freq: 2 }).map((value) => value ?? []);
const name = (pool?: readonly string[]) => nameText(pool).map(t);
const title = opt(anyString.map((text) => [t(text)]));

const policy: fc.Arbitrary<Token[]> = fc
    .tuple(resource, fc.option(fc.option(list(action), { nil: undefined }), { nil: undefined }))
    .map(([res, actions]) => [t('allow'), res, ...(actions === undefined ? [] : [t(':'), ...(actions ?? [])])]);
const without: fc.Arbitrary<Token[]> = resource.map((res) => [t('without'), res]);
const body = fc.array(fc.oneof({ weight: 4, arbitrary: policy }, { weight: 1, arbitrary: without }), { maxLength: 4 }).map((items) => items.flat());

/** Names declared and referred to: a small pool, so references often name a declaration. */
export interface Pools {
    readonly collections: readonly string[];
    readonly divisions: readonly string[];
    readonly libraryRoles: readonly string[];
    readonly roles: readonly string[];
    readonly users: readonly string[];
}

export const DEFAULT_POOLS: Pools = {
    collections: ['FishVoucher', 'Herbarium', '"Ento Ñ"', 'code', '"a\\"b"', 'Fish.Tissue'],
    divisions: ['D1', 'Zoology', '"Div 🦎"', 'type'],
    libraryRoles: ['LibA', 'FullAccess', '"Lib \\\\ B"', 'admin'],
    roles: ['R1', 'DataEntry', '"Data Entry"', 'roles', 'group'],
    users: ['ann', 'jdoe', '"a.b@museum.org"', '"Jörg Müller"', 'access', 'description', 'collections']
};

/** The names a reference writes, given the names of its kind that may be declared. */
export type RefNames = (declared: readonly string[]) => fc.Arbitrary<string>;

function element(pools: Pools, refNames: RefNames): fc.Arbitrary<Token[]> {
    const declared = (pool: readonly string[]) => fc.constantFrom(...pool).map(t);
    const ref = (pool: readonly string[]) => refNames(pool).map(t);
    const collection = fc
        .tuple(declared(pools.collections), title, opt(anyString.map((code) => [t('code'), t(code)])))
        .map(([n, ti, code]) => [t('collection'), n, ...ti, ...code]);
    const discipline = fc
        .tuple(name(), title, opt(fc.constantFrom(...IDENTIFIERS).map((type) => [t('type'), t(type)])), fc.array(collection, { maxLength: 3 }))
        .map(([n, ti, type, collections]) => [t('discipline'), n, ...ti, ...type, t('{'), ...collections.flat(), t('}')]);
    const division = fc
        .tuple(declared(pools.divisions), title, fc.array(discipline, { maxLength: 2 }))
        .map(([n, ti, disciplines]) => [t('division'), n, ...ti, t('{'), ...disciplines.flat(), t('}')]);
    const institution = fc
        .tuple(name(), title, fc.array(division, { maxLength: 3 }))
        .map(([n, ti, divisions]) => [t('institution'), n, ...ti, t('{'), ...divisions.flat(), t('}')]);
    const description = opt(anyString.map((text) => [t('description'), t(text)]));
    const libraryRole = fc
        .tuple(declared(pools.libraryRoles), title, description, body)
        .map(([n, ti, d, b]) => [t('library'), t('role'), n, ...ti, t('{'), ...d, ...b, t('}')]);
    const role = fc
        .tuple(declared(pools.roles), title, list(ref(pools.collections)), description, opt(list(ref(pools.libraryRoles)).map((refs) => [t('from'), t('library'), ...refs])), body)
        .map(([n, ti, cs, d, from, b]) => [t('role'), n, ...ti, t('in'), ...cs, t('{'), ...d, ...from, ...b, t('}')]);
    const agent = fc.tuple(anyString, ref(pools.divisions)).map(([a, d]) => [t('agent'), t(a === '""' ? '"x"' : a), t('in'), d]);
    const grant = fc
        .tuple(list(ref(pools.collections)), fc.boolean(), opt(list(ref(pools.roles)).map((refs) => [t('roles'), ...refs])), body)
        .map(([cs, access, roles, b]) => [t('in'), ...cs, t('{'), ...(access ? [t('access')] : []), ...roles, ...b, t('}')]);
    const institutionPolicies = fc.array(policy, { maxLength: 3 }).map((ps) => [t('institution'), t('{'), ...ps.flat(), t('}')]);
    const specify6 = fc
        .tuple(fc.boolean(), opt(fc.constantFrom(...IDENTIFIERS).map((g) => [t('group'), t(g)])), opt(list(ref(pools.collections)).map((refs) => [t('collections'), ...refs])))
        .map(([admin, group, cs]) => [t('specify6'), t('{'), ...(admin ? [t('admin')] : []), ...group, ...cs, t('}')]);
    const userItem = fc.oneof(
        { weight: 2, arbitrary: agent },
        { weight: 1, arbitrary: fc.constant([t('institution'), t('admin')]) },
        { weight: 1, arbitrary: institutionPolicies },
        { weight: 4, arbitrary: grant },
        { weight: 1, arbitrary: specify6 }
    );
    const user = fc
        .tuple(declared(pools.users), title, fc.array(userItem, { maxLength: 5 }))
        .map(([n, ti, items]) => [t('user'), n, ...ti, t('{'), ...items.flat(), t('}')]);
    return fc.oneof({ weight: 2, arbitrary: institution }, { weight: 1, arbitrary: libraryRole }, { weight: 2, arbitrary: role }, { weight: 3, arbitrary: user });
}

/** Layout between two tokens: never empty (`mayTouch` allows nothing at all). */
const SPACES = [' ', ' ', ' ', '  ', '\t', '\n', '\n', '\r\n', '\r', '\n\n', '\r\r\n', '\n\t\t', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\f', '\v'];
const COMMENTS = ['/* c */', '/**/', '/* a\nb */', '/* x\r\ny\rz */', '/* 🦎 */', '/* // */', '// note\n', '// é\r\n', '//\r', '// /* \n'];
const layout = fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SPACES) }, { weight: 1, arbitrary: fc.constantFrom(...COMMENTS) }), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.join(''));

/** Tokens written out with random layout between them (and before the first and after the last). */
function written(tokens: readonly Token[], layouts: readonly string[], touch: readonly boolean[]): string {
    let out = layouts[0] ?? '';
    tokens.forEach((token, i) => {
        const previous = tokens[i - 1];
        let between = i === 0 ? '' : layouts[i % layouts.length]!;
        if (previous && touch[i % touch.length] && (token.punctuation || previous.punctuation)) between = '';
        // A `/` right after a RESOURCE or WILDCARD would be read as part of it.
        if (previous?.takesSlash && between.startsWith('/')) between = ` ${between}`;
        out += between + token.text;
    });
    const last = layouts[layouts.length - 1] ?? '';
    return out + (last.startsWith('/') && tokens[tokens.length - 1]?.takesSlash ? ` ${last}` : last);
}

/** A random file of spol text that Langium parses without error. */
export function spolTextArbitrary(pools: Pools = DEFAULT_POOLS, refNames: RefNames = (names) => fc.constantFrom(...names)): fc.Arbitrary<string> {
    return fc
        .tuple(fc.array(element(pools, refNames), { maxLength: 4 }), fc.array(layout, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }))
        .map(([elements, layouts, touch]) => written(elements.flat(), layouts, touch));
}

/** The grammar's tokens and some characters that break it, for edits. */
const EDIT_TOKENS = [
    'institution', 'division', 'discipline', 'collection', 'library', 'role', 'in', 'from', 'allow', 'without', 'user', 'agent', 'specify6',
    ...NAME_KEYWORDS, '{', '}', ':', ',', '"', '""', '"a"', '//', '/*', '*/', '%', '_', '/', '\\', '\\%', 'x', 'é', '🦎', '\n', '\r', ' ', '\u2028', '\u0085', '\u180e', '\u00a0', '5', '-', '.'
];

export interface TextEdit {
    /** Where (a fraction of the text's length), how much goes, what comes. */
    readonly at: number;
    readonly remove: number;
    readonly insert: string;
}

export const textEditArbitrary: fc.Arbitrary<TextEdit> = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.oneof(fc.constant(0), fc.constant(1), fc.nat({ max: 12 })),
    insert: fc.oneof(fc.constant(''), fc.constantFrom(...EDIT_TOKENS), fc.string({ maxLength: 2 }))
});

export function applyTextEdit(text: string, edit: TextEdit): string {
    const offset = Math.floor(edit.at * text.length);
    return text.slice(0, offset) + edit.insert + text.slice(offset + edit.remove);
}

/** A whole token deleted, replaced by another, or another inserted before it. */
export interface TokenEdit {
    /** Which token (a fraction of their number). */
    readonly at: number;
    readonly operation: 'delete' | 'replace' | 'insert';
    readonly token: string;
}

export const tokenEditArbitrary: fc.Arbitrary<TokenEdit> = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    operation: fc.constantFrom('delete', 'replace', 'insert'),
    token: fc.constantFrom(...EDIT_TOKENS.filter((token) => token.trim().length > 0))
});

/** Roughly spol's tokens: strings, punctuation, and runs of anything else but space. */
const TOKEN = /"(?:\\.|[^"\\\r\n])*"|[{},:]|[^\s{},:"]+/g;

export function applyTokenEdit(text: string, edit: TokenEdit): string {
    const tokens = [...text.matchAll(TOKEN)];
    if (tokens.length === 0) return text;
    const token = tokens[Math.floor(edit.at * tokens.length) % tokens.length]!;
    const start = token.index;
    const end = start + token[0].length;
    const replacement = edit.operation === 'delete' ? '' : edit.operation === 'replace' ? edit.token : `${edit.token} ${token[0]}`;
    return text.slice(0, start) + replacement + text.slice(end);
}
