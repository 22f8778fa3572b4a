/**
 * One fuzzed document and the workspace it is checked in: the shapes the generators produce, the
 * pipeline checks, and a failure saves to disk.
 */

export type DocumentKind =
    /** An example or fixture file, mutated (truncated, bytes flipped, tokens inserted/deleted, spans duplicated). */
    | 'mutated'
    /** A random valid document written from the grammar's pieces. */
    | 'grammar'
    /** A grammar document with one name, string or pattern of 10^4–10^6 characters. */
    | 'huge-name'
    /** Thousands of nested braces or blocks. */
    | 'deep-nesting'
    /** A line of about 1 MB (a comment, a string, a resource, a list of actions). */
    | 'long-line'
    /** An example file with bytes that are not UTF-8 (or NUL, or a UTF-16 mark) put in. */
    | 'invalid-utf8';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['mutated', 'grammar', 'huge-name', 'deep-nesting', 'long-line', 'invalid-utf8'];

export interface FuzzDocument {
    /** Its number in the run: with the seed, all that is needed to make it again. */
    readonly index: number;
    readonly kind: DocumentKind;
    /** What was done to make it, in a few words (shown with a failure). */
    readonly recipe: string;
    /** The file's path in its workspace (e.g. `users.spol`). */
    readonly path: string;
    /** The document as bytes on disk: the CLI reads these, an editor decodes them. */
    readonly bytes: Uint8Array;
    /** The other files of its workspace, unchanged (empty for a document checked alone). */
    readonly siblings: readonly { readonly path: string; readonly text: string }[];
}

/** What the pipeline found wrong with one document; none means it passed. */
export interface DocumentOutcome {
    readonly failures: readonly string[];
    /** It parsed without lexer or parser errors. */
    readonly parsed: boolean;
    /** It parsed, was formatted, and the formatting was checked (idempotent, same decisions). */
    readonly formatted: boolean;
    /** Requests answered by the language's services (completion, hover, …). */
    readonly requests: number;
    /** It ran past the time bound (its failure says so); the run checks it again alone at the end. */
    readonly timedOut?: boolean;
}
