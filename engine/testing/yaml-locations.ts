/**
 * Places in a YAML document: a node's range as a Source, and the node an ajv `instancePath` points
 * at. yaml's `parseDocument` keeps each node's offsets (`range: [start, valueEnd, nodeEnd]`) and a
 * `LineCounter` turns offsets into lines and columns (1-based); Sources are 0-based as the Language
 * Server Protocol counts.
 */
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node as YamlNode } from 'yaml';
import type { Position, Source } from '../model/policy-model.js';

export type { YamlNode };

export class YamlPlaces {
    constructor(
        readonly file: string,
        private readonly lineCounter: LineCounter
    ) {}

    position(offset: number): Position {
        const { line, col } = this.lineCounter.linePos(offset);
        return { line: line - 1, character: col - 1 };
    }

    /** The Source of the text from `start` to `end` (offsets). */
    span(start: number, end: number): Source {
        return { file: this.file, range: { start: this.position(start), end: this.position(Math.max(start, end)) } };
    }

    /** A node's value, from its first character to the end of its value; the start of the text when absent. */
    of(node: YamlNode | null | undefined): Source {
        const range = node?.range;
        return range ? this.span(range[0], range[1]) : this.span(0, 0);
    }
}

/** The node an ajv `instancePath` points at (`/tests/3/allow/0`), or the deepest node on the way. */
export function nodeAt(root: YamlNode | null | undefined, pointer: string): YamlNode | undefined {
    let node: YamlNode | undefined = root ?? undefined;
    for (const token of pointerTokens(pointer)) {
        const next = childOf(node, token);
        if (!next) break;
        node = next;
    }
    return node;
}

/** The key node of `key` in a mapping node, for errors about the key itself. */
export function keyNodeOf(map: YamlNode | undefined, key: string): YamlNode | undefined {
    if (!isMap(map)) return undefined;
    for (const pair of map.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
    }
    return undefined;
}

function childOf(node: YamlNode | undefined, token: string): YamlNode | undefined {
    if (isMap(node)) {
        for (const pair of node.items) {
            if (!isScalar(pair.key) || String(pair.key.value) !== token) continue;
            const value = pair.value;
            // `key:` with nothing after it has no value node; the key then stands for it.
            return isScalar(value) || isMap(value) || isSeq(value) ? value : pair.key;
        }
        return undefined;
    }
    if (isSeq(node)) {
        const item = node.items[Number(token)];
        return isScalar(item) || isMap(item) || isSeq(item) ? item : undefined;
    }
    return undefined;
}

/** RFC 6901 tokens of a JSON pointer (ajv's instancePath). */
export function pointerTokens(pointer: string): string[] {
    if (pointer === '') return [];
    return pointer
        .slice(1)
        .split('/')
        .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * yaml's parse error in one line and in words for the person who wrote the file; `file` names it
 * in the one message that needs it ("A test file", "spol.yaml").
 */
export function yamlSyntaxMessage(code: string, message: string, file: string): string {
    switch (code) {
        case 'MULTIPLE_DOCS':
            return `${file} holds one YAML document; this \`---\` starts a second.`;
        case 'DUPLICATE_KEY':
            return 'This key is written twice in one mapping.';
        case 'TAB_AS_INDENT':
            return 'Tabs cannot indent YAML; use spaces.';
        default: {
            const line = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
            return /[.!?]$/.test(line) ? line : `${line}.`;
        }
    }
}

/** A YAML mapping read as plain data (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a number`, `a list`, `nothing`: the type of a YAML value in words, for messages. */
export function kindOf(value: unknown): string {
    if (value === null || value === undefined) return 'nothing';
    if (Array.isArray(value)) return 'a list';
    if (typeof value === 'object') return 'a mapping';
    if (typeof value === 'string') return 'a string';
    if (typeof value === 'boolean') return `\`${String(value)}\``;
    return `a ${typeof value}`;
}
