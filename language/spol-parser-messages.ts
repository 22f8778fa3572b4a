/**
 * Syntax errors in spol's words, one short line each, naming what was found and what was expected:
 *
 *     Unexpected 'allow' at the top level: expected institution, library role, role or user.
 *     Expected a resource such as /table/collectionobject or % after 'allow', found ':'.
 *     Expected ':' and actions or the end of the policy, found 'read'.
 *     Missing '}' to close user jdoe.
 *     Unexpected character '#'.
 *
 * instead of chevrotain's defaults ("Expecting: one of these possible Token sequences:\n  1. [ID] …",
 * "Expecting token of type 'EOF' but found `allow`."). The diagnostics keep code `syntax-error`
 * (SpolDocumentValidator) and their position (the token found, or the end of the one before it).
 *
 * Chevrotain tells a message provider the rule it is in, the token it expected and the tokens found
 * and before. The rest of the context — which user's block is open, whether a policy has actions
 * yet — comes from the AST nodes the parser is building at that moment: Langium's parser keeps them
 * on a stack (not part of its typed API), read here defensively. Without it (the completion parser,
 * or another Langium version) the messages lose names ("the user" instead of "user jdoe") but stay
 * one line each. Building a message never throws: a failure falls back to a plain one-liner.
 */
import type { LangiumCoreServices, LangiumParser } from 'langium';

type ParserMessages = LangiumCoreServices['parser']['ParserErrorMessageProvider'];
type LexerMessages = LangiumCoreServices['parser']['LexerErrorMessageProvider'];
type Token = Parameters<ParserMessages['buildMismatchTokenMessage']>[0]['actual'];

/** Where the parser stopped, as the message provider sees it. */
export interface SyntaxSituation {
    /** The grammar rule being parsed (`User`, `Name`, `Document`, …). */
    readonly rule: string;
    /** Names of the token types that would have been accepted: one for a mismatch, the first token of each alternative otherwise. */
    readonly expected: readonly string[];
    /** The token found instead (the end-of-file token at the end). */
    readonly found: Token | undefined;
    /** The token after `found`, when chevrotain looked that far. */
    readonly next?: Token | undefined;
    /** The last token read before `found`. */
    readonly previous: Token | undefined;
    /** The AST nodes being built, outermost first, without `Document`; empty when unknown. */
    readonly frames: readonly Frame[];
}

/** An AST node under construction: its type and the properties assigned so far. */
export interface Frame {
    readonly type: string;
    readonly node: Readonly<Record<string, unknown>>;
}

const TOP_LEVEL = 'institution, library role, role or user';
const RULE_SUFFIX = /\u200B/g;

// ---------------------------------------------------------------- providers

export class SpolParserErrorMessageProvider implements ParserMessages {
    constructor(private readonly parser: () => LangiumParser | undefined) {}

    buildMismatchTokenMessage(options: Parameters<ParserMessages['buildMismatchTokenMessage']>[0]): string {
        const { expected, actual, previous, ruleName } = options;
        return this.safely(actual, () => ({ rule: ruleOf(ruleName), expected: [expected.name], found: actual, previous }));
    }

    buildNotAllInputParsedMessage(options: Parameters<ParserMessages['buildNotAllInputParsedMessage']>[0]): string {
        const { firstRedundant } = options;
        return this.safely(firstRedundant, () => ({ rule: 'Document', expected: ['EOF'], found: firstRedundant, previous: undefined }));
    }

    buildNoViableAltMessage(options: Parameters<ParserMessages['buildNoViableAltMessage']>[0]): string {
        const { expectedPathsPerAlt, actual, previous, ruleName } = options;
        const expected = expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0]?.name ?? 'EOF'));
        return this.safely(actual[0], () => ({ rule: ruleOf(ruleName), expected: [...new Set(expected)], found: actual[0], next: actual[1], previous }));
    }

    buildEarlyExitMessage(options: Parameters<ParserMessages['buildEarlyExitMessage']>[0]): string {
        const { expectedIterationPaths, actual, previous, ruleName } = options;
        const expected = expectedIterationPaths.map((path) => path[0]?.name ?? 'EOF');
        return this.safely(actual[0], () => ({ rule: ruleOf(ruleName), expected: [...new Set(expected)], found: actual[0], next: actual[1], previous }));
    }

    /** The message for the situation, with the parser's AST stack; a plain one-liner should that fail. */
    private safely(found: Token | undefined, situation: () => Omit<SyntaxSituation, 'frames'>): string {
        try {
            return oneLine(parserMessage({ ...situation(), frames: this.frames() }));
        } catch {
            return `Unexpected ${describeToken(found)}.`;
        }
    }

    /** The AST nodes Langium's parser is building, outermost first; [] when it is not parsing. */
    private frames(): Frame[] {
        const stack = (this.parser() as unknown as { stack?: unknown } | undefined)?.stack;
        if (!Array.isArray(stack)) return [];
        return stack.flatMap((node: unknown) => {
            if (typeof node !== 'object' || node === null) return [];
            const type = (node as { $type?: unknown }).$type;
            // Data type rules (Name, ResourcePattern, …) are on the stack with a symbol for a type.
            return typeof type === 'string' && type !== 'Document' && type !== 'Element'
                ? [{ type, node: node as Record<string, unknown> }]
                : [];
        });
    }
}

export class SpolLexerErrorMessageProvider implements LexerMessages {
    buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        try {
            const end = startOffset + Math.max(length, 1);
            return oneLine(unexpectedCharactersMessage(fullText.slice(startOffset, end), wordAround(fullText, startOffset, end)));
        } catch {
            return 'Unexpected character.';
        }
    }

    buildUnableToPopLexerModeMessage(token: Token): string {
        return oneLine(`Unexpected ${describeToken(token)}.`);
    }
}

/** The parser's message provider, reading the parser's state lazily (the parser is built from the provider). */
export function createParserMessages(services: LangiumCoreServices): SpolParserErrorMessageProvider {
    return new SpolParserErrorMessageProvider(() => {
        try {
            return services.parser.LangiumParser;
        } catch {
            return undefined;
        }
    });
}

// ---------------------------------------------------------------- lexer

/**
 * The message for characters no token starts with: `text` is the run the lexer skipped, `word` the
 * word it is part of (`Müller` for `ü`), shown quoted as the way to write such a name.
 */
export function unexpectedCharactersMessage(text: string, word = text): string {
    if (text.startsWith('"')) return `Missing closing '"' for the quoted text that starts here.`;
    const characters = [...text];
    const shown = characters.slice(0, 10).map(showCharacter).join('') + (characters.length > 10 ? '…' : '');
    const what = characters.length === 1 ? 'character' : 'characters';
    const hint = /[\p{L}\p{N}@]/u.test(text) ? `: a name with other characters is written in quotes, as in "${shorten(word)}"` : '';
    return `Unexpected ${what} '${shown}'${hint}.`;
}

/** The word (up to a space, a quote, a brace, `,` or `:`) that holds the text from start to end. */
function wordAround(fullText: string, start: number, end: number): string {
    const stop = /[\s"{},:]/u;
    let from = start;
    let to = end;
    while (from > 0 && !stop.test(fullText[from - 1]!)) from--;
    while (to < fullText.length && !stop.test(fullText[to]!)) to++;
    return fullText.slice(from, to);
}

function showCharacter(character: string): string {
    const code = character.codePointAt(0) ?? 0;
    return /[\p{Cc}\p{Cf}\p{Z}]/u.test(character) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : character;
}

// ---------------------------------------------------------------- parser

/** One line for one parser error. Exported for tests; the provider above fills in the situation. */
export function parserMessage(situation: SyntaxSituation): string {
    const { rule, expected, found, previous } = situation;
    if (rule === 'Document' || expected.includes('EOF')) return topLevelMessage(found);
    if (rule === 'Name') return nameMessage(situation);
    if (rule === 'ResourcePattern') return `Expected a resource such as /table/collectionobject or % after ${afterWhat(previous, 'allow')}, found ${describeToken(found)}.`;
    if (rule === 'ActionPattern') return `Expected an action such as read after ${afterWhat(previous, ',')}, found ${describeToken(found)}.`;

    const frame = innermost(situation);
    const label = labelOf(situation.frames, frame, rule);
    if (rule === 'User' && found?.image === 'institution') {
        const after = `Expected 'admin' or '{' after 'institution' in ${label}`;
        return situation.next ? `${after}, found ${describeToken(situation.next)}.` : `${after}.`;
    }
    if (expected.length === 1) {
        const only = expected[0]!;
        if (only === '}') return closingMessage(situation, frame, label);
        if (only === '{') return openingMessage(situation, frame, label);
        const message = keywordMessage(situation, only, frame, label);
        if (message) return message;
    }
    return `Unexpected ${describeToken(found)} in ${label}: expected ${orList(expected.map(tokenWords))}.`;
}

/** Text after the last element, or a stray token there. */
function topLevelMessage(found: Token | undefined): string {
    if (found?.image === '}') return `Unexpected '}' at the top level: no block is open.`;
    return `Unexpected ${describeToken(found)} at the top level: expected ${TOP_LEVEL}.`;
}

/** A name (a declaration's or a reference) was expected. */
function nameMessage(situation: SyntaxSituation): string {
    const { found, previous } = situation;
    const before = previous?.image;
    const frame = innermost(situation);
    const node = frame?.node ?? {};
    const count = (property: string) => (Array.isArray(node[property]) ? (node[property] as unknown[]).length : 0);
    let what = 'a name';
    let after = before;
    switch (frame?.type) {
        case 'Role':
            if (before === 'library') [what, after] = ['a library role name', 'from library'];
            else if (before === ',') what = count('templates') > 0 ? 'another library role name' : 'another collection name';
            else if (before === 'in') what = 'a collection name';
            break;
        case 'LibraryRole':
            if (before === 'role') after = 'library role';
            break;
        case 'Agent':
            if (before === 'in') what = 'a division name';
            break;
        case 'CollectionGrant':
            if (before === 'roles') what = 'a role name';
            else if (before === ',') what = count('roles') > 0 ? 'another role name' : 'another collection name';
            else if (before === 'in') what = 'a collection name';
            break;
        case 'Specify6Settings':
            if (before === 'collections') what = 'a collection name';
            else if (before === ',') what = 'another collection name';
            break;
    }
    return after === undefined
        ? `Expected ${what}, found ${describeToken(found)}.`
        : `Expected ${what} after '${after}', found ${describeToken(found)}.`;
}

// ---------------------------------------------------------------- blocks

/** What may appear inside a block, in the order the grammar wants it (or in any order). */
interface Item {
    /** How the item is named in a list of what is expected. */
    readonly words: string;
    /** The keyword it starts with. */
    readonly keyword: string;
    /** Whether the node being built has it already. */
    readonly written: (node: Readonly<Record<string, unknown>>) => boolean;
    /** Whether it may be written more than once. */
    readonly repeats: boolean;
}

interface Body {
    readonly items: readonly Item[];
    /** Whether the items must come in the order listed. */
    readonly ordered: boolean;
}

const has = (property: string) => (node: Readonly<Record<string, unknown>>) => {
    const value = node[property];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
};
const item = (words: string, property: string, repeats = false, keyword = words): Item => ({ words, keyword, written: has(property), repeats });
const never = () => false;

const BODIES: Readonly<Record<string, Body>> = {
    Institution: { ordered: false, items: [item('division', 'divisions', true)] },
    Division: { ordered: false, items: [item('discipline', 'disciplines', true)] },
    Discipline: { ordered: false, items: [item('collection', 'collections', true)] },
    LibraryRole: { ordered: true, items: [item('description', 'description'), item('allow', 'policies', true)] },
    Role: {
        ordered: true,
        items: [item('description', 'description'), item('from library', 'templates', false, 'from'), item('allow', 'policies', true)]
    },
    User: {
        ordered: false,
        items: ['agent', 'institution', 'in', 'specify6'].map((keyword) => ({ words: keyword, keyword, written: never, repeats: true }))
    },
    InstitutionPolicies: { ordered: false, items: [item('allow', 'policies', true)] },
    CollectionGrant: { ordered: true, items: [item('access', 'access'), item('roles', 'roles'), item('allow', 'policies', true)] },
    Specify6Settings: { ordered: true, items: [item('admin', 'admin'), item('group', 'group'), item('collections', 'collections')] }
};

/** The lists a block may end with, whose last name the previous token may be. */
const TRAILING_LISTS: Readonly<Record<string, readonly string[]>> = {
    Role: ['templates'],
    CollectionGrant: ['roles'],
    Specify6Settings: ['collections']
};

/** `}` was expected: the block is not closed, or something in it is out of place. */
function closingMessage(situation: SyntaxSituation, frame: Frame | undefined, label: string): string {
    const { found, previous } = situation;
    if (!found || found.tokenType.name === 'EOF') return `Missing '}' to close ${label}.`;
    const body = frame ? BODIES[frame.type] : undefined;
    if (!frame || !body) return `Unexpected ${describeToken(found)} in ${label}: expected '}'.`;
    const node = frame.node;

    const items = body.items;
    const reached = body.ordered ? lastIndex(items, (i) => i.written(node)) : -1;
    const remaining = body.ordered ? items.filter((i, index) => index > reached || (index === reached && i.repeats)) : items;
    const foundItem = items.find((i) => i.keyword === found.image && isKeyword(found));
    if (foundItem && !remaining.includes(foundItem)) {
        if (foundItem.written(node) && !foundItem.repeats) return `Only one '${foundItem.words}' is allowed in ${label}.`;
        return `'${foundItem.words}' must come earlier in ${label}: the order is ${items.map((i) => i.words).join(', ')}.`;
    }

    const policy = lastOf(node['policies']);
    if (policy && endsAt(policy, previous)) {
        const actions = Array.isArray(policy['actions']) ? policy['actions'].length : 0;
        if (previous?.image === ':') return `Expected actions or the end of the policy after ':', found ${describeToken(found)}.`;
        if (actions === 0) return `Expected ':' and actions or the end of the policy, found ${describeToken(found)}.`;
        return `Expected ',' and another action or the end of the policy, found ${describeToken(found)}.`;
    }

    const continuesList = (TRAILING_LISTS[frame.type] ?? []).some((property) => endsAt(lastOf(node[property]), previous, '$refNode'));
    const words = [...(continuesList ? ["','"] : []), ...remaining.map((i) => i.words), "'}'"];
    return `Unexpected ${describeToken(found)} in ${label}: expected ${orList(words)}.`;
}

/** `{` was expected after a declaration's header. */
function openingMessage(situation: SyntaxSituation, frame: Frame | undefined, label: string): string {
    const found = describeToken(situation.found);
    const node = frame?.node ?? {};
    switch (frame?.type) {
        case 'Role':
        case 'CollectionGrant': {
            const names = refTexts(node['collections']);
            const list = names.length > 0 ? `'in ${names.join(', ')}'` : "'in'";
            const where = frame.type === 'Role' ? `${list} of ${label}` : `${list} in ${userLabel(situation.frames)}`;
            return `Expected ',' or '{' after ${where}, found ${found}.`;
        }
        case 'Specify6Settings':
            return `Expected '{' after 'specify6', found ${found}.`;
        case 'InstitutionPolicies':
            return `Expected '{' after 'institution', found ${found}.`;
        case 'Discipline': {
            const options = [
                ...(node['title'] === undefined && node['type'] === undefined ? ['a quoted title'] : []),
                ...(node['type'] === undefined ? ['type'] : []),
                "'{'"
            ];
            return `Expected ${orList(options)} after ${label}, found ${found}.`;
        }
        default:
            if (frame && node['title'] === undefined && typeof node['name'] === 'string') {
                return `Expected a quoted title or '{' after ${label}, found ${found}.`;
            }
            return `Expected '{' to open ${label}, found ${found}.`;
    }
}

/** A keyword, a quoted text or a name was expected after a keyword. */
function keywordMessage(situation: SyntaxSituation, expected: string, frame: Frame | undefined, label: string): string | undefined {
    const found = describeToken(situation.found);
    const before = situation.previous?.image;
    switch (expected) {
        case 'in':
            if (frame?.type === 'Role') return `Expected 'in' and the role's collections after ${label}, found ${found}.`;
            if (frame?.type === 'Agent') return `Expected 'in' and a division after ${label}, found ${found}.`;
            return undefined;
        case 'role':
            return `Expected 'role' after 'library', found ${found}.`;
        case 'library':
            return `Expected 'library' after 'from', found ${found}.`;
        case 'STRING':
            if (before === 'agent') return `Expected a quoted agent name such as "Doe, Jane" after 'agent', found ${found}.`;
            if (before === 'code') return `Expected a quoted code such as "KUI" after 'code', found ${found}.`;
            if (before === 'description') return `Expected a quoted description after 'description', found ${found}.`;
            return before === undefined ? undefined : `Expected quoted text after '${before}', found ${found}.`;
        case 'ID':
            if (before === 'type') return `Expected a discipline type such as fish after 'type', found ${found}.`;
            if (before === 'group') return `Expected a Specify 6 group such as Manager after 'group', found ${found}.`;
            return before === undefined ? undefined : `Expected a name after '${before}', found ${found}.`;
        default:
            return before === undefined ? undefined : `Expected ${tokenWords(expected)} after '${before}', found ${found}.`;
    }
}

// ---------------------------------------------------------------- context

/** The innermost node being built, when it is the rule's own node. */
function innermost(situation: SyntaxSituation): Frame | undefined {
    const last = situation.frames.at(-1);
    // In a data type rule (Name, …) the innermost node is the one holding the name.
    if (!last || ['Name', 'ResourcePattern', 'ActionPattern'].includes(situation.rule)) return last;
    return last.type === situation.rule ? last : undefined;
}

const KINDS: Readonly<Record<string, string>> = {
    Institution: 'institution',
    Division: 'division',
    Discipline: 'discipline',
    Collection: 'collection',
    LibraryRole: 'library role',
    Role: 'role',
    User: 'user'
};

/** The block a node stands for, as the user wrote it: `user jdoe`, `user jdoe's block in FishVoucher`. */
function labelOf(frames: readonly Frame[], frame: Frame | undefined, rule: string): string {
    const type = frame?.type ?? rule;
    const node = frame?.node ?? {};
    const name = typeof node['name'] === 'string' && node['name'].length > 0 ? node['name'] : undefined;
    const kind = KINDS[type];
    if (kind) return name ? `${kind} ${asWritten(name)}` : `the ${kind}`;
    switch (type) {
        case 'Agent':
            return name ? `agent "${shorten(name)}"` : 'the agent';
        case 'Policy':
            return 'the policy';
        case 'InstitutionPolicies':
            return `${possessive(userLabel(frames))} institution block`;
        case 'Specify6Settings':
            return `${possessive(userLabel(frames))} specify6 block`;
        case 'CollectionGrant': {
            const names = refTexts(node['collections']);
            return `${possessive(userLabel(frames))} block${names.length > 0 ? ` in ${names.join(', ')}` : ''}`;
        }
        default:
            return 'this file';
    }
}

/** A name as the user wrote it: bare when it is an identifier, else quoted (`user "Fish Voucher"`). */
function asWritten(name: string): string {
    return /^[_a-zA-Z][\w.-]*$/.test(name) ? name : `"${shorten(name)}"`;
}

function userLabel(frames: readonly Frame[]): string {
    const user = frames.find((f) => f.type === 'User');
    return labelOf([], user, 'User');
}

function possessive(label: string): string {
    return `${label}'s`;
}

function refTexts(value: unknown): string[] {
    if (!Array.isArray(value)) return [];
    return value.flatMap((ref: unknown) => {
        const text = (ref as { $refText?: unknown } | undefined)?.$refText;
        return typeof text === 'string' && text.length > 0 ? [text] : [];
    });
}

function lastOf(value: unknown): Record<string, unknown> | undefined {
    if (!Array.isArray(value)) return undefined;
    const last: unknown = value.at(-1);
    return typeof last === 'object' && last !== null ? (last as Record<string, unknown>) : undefined;
}

/** Whether a node's text (its CST node, or a reference's) ends with the token. */
function endsAt(node: Record<string, unknown> | undefined, token: Token | undefined, cstProperty = '$cstNode'): boolean {
    const end = (node?.[cstProperty] as { end?: unknown } | undefined)?.end;
    return typeof end === 'number' && token !== undefined && Number.isFinite(token.endOffset) && token.endOffset! + 1 === end;
}

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
    for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
    return -1;
}

// ---------------------------------------------------------------- words

function ruleOf(ruleName: string | undefined): string {
    return (ruleName ?? '').replace(RULE_SUFFIX, '');
}

function isKeyword(token: Token): boolean {
    return /^[a-z0-9]+$/.test(token.tokenType.name);
}

/** A token as a message names it: `'allow'`, `"Jane Doe"`, `the end of the file`. */
export function describeToken(token: Token | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || token.image === undefined || token.image === '') return 'the end of the file';
    const image = shorten(token.image);
    return token.tokenType.name === 'STRING' ? image : `'${image}'`;
}

function shorten(text: string): string {
    const flat = text.replace(/\s+/g, ' ');
    const characters = [...flat];
    return characters.length > 30 ? `${characters.slice(0, 29).join('')}…` : flat;
}

/** What a token type stands for in a list of what is expected. */
function tokenWords(name: string): string {
    switch (name) {
        case 'ID':
            return 'a name';
        case 'STRING':
            return 'quoted text';
        case 'RESOURCE':
            return 'a resource';
        case 'WILDCARD':
            return 'a pattern with %';
        case 'EOF':
            return 'the end of the file';
        default:
            return `'${name}'`;
    }
}

function afterWhat(previous: Token | undefined, fallback: string): string {
    return `'${previous?.image && previous.tokenType.name !== 'EOF' ? shorten(previous.image) : fallback}'`;
}

function orList(words: readonly string[]): string {
    const unique = [...new Set(words)];
    if (unique.length <= 1) return unique[0] ?? 'something else';
    return `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
}

function oneLine(message: string): string {
    return message.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
