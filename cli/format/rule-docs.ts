/**
 * The lint rules' documentation (docs/lint/<code>.md), read by the CLI at run time for SARIF's rule
 * descriptions and help. The engine never reads files, so the docs are read here, on the CLI side,
 * once per code; reading them (rather than generating a table at build time) means the SARIF always
 * says what the docs in this checkout say, with nothing to regenerate.
 *
 * A doc has the shape test/engine/lint/meta.test.ts holds it to: `# <code>`, `Severity: **…**`, one
 * summary paragraph, then `## What it reports`, `## Why, in Specify terms`, `## Example`, `## How to fix`.
 */
import { readFileSync } from 'node:fs';

export interface RuleDoc {
    /** The summary paragraph under the severity line, as plain text. */
    readonly summary: string;
    /** The `## What it reports` section, as plain text. */
    readonly reports: string;
    /** The whole doc as written. */
    readonly markdown: string;
}

/** docs/lint from the sources (cli/format/) and from the build (out/cli/format/). */
const DOCS = ['../../docs/lint/', '../../../docs/lint/'].map((path) => new URL(path, import.meta.url));

const cache = new Map<string, RuleDoc | undefined>();

/** The doc of a lint code, or undefined when there is none (a code of the language, or docs not installed). */
export function ruleDoc(code: string): RuleDoc | undefined {
    if (!cache.has(code)) cache.set(code, read(code));
    return cache.get(code);
}

function read(code: string): RuleDoc | undefined {
    if (!/^[a-z0-9-]+$/.test(code)) return undefined;
    for (const folder of DOCS) {
        try {
            return parseRuleDoc(readFileSync(new URL(`${code}.md`, folder), 'utf8'));
        } catch {
            // not at this depth; try the next
        }
    }
    return undefined;
}

export function parseRuleDoc(markdown: string): RuleDoc {
    const text = markdown.replace(/\r\n/g, '\n');
    const firstSection = text.search(/^## /m);
    const head = firstSection < 0 ? text : text.slice(0, firstSection);
    const summary = head
        .split(/\n{2,}/)
        .filter((p) => p.trim() !== '' && !p.startsWith('# ') && !p.startsWith('Severity:'))
        .join('\n\n');
    const reports = /^## What it reports\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text)?.[1] ?? '';
    return { summary: plainText(summary), reports: plainText(reports), markdown: text };
}

/**
 * Markdown prose as plain text for viewers that show `text` as it is: paragraphs joined into lines,
 * list items kept one per line, emphasis and code marks dropped, links reduced to their words.
 */
export function plainText(markdown: string): string {
    return markdown
        .trim()
        .split(/\n{2,}/)
        .map((paragraph) =>
            paragraph
                .split('\n')
                .map((line) => line.trim())
                .reduce<string[]>((lines, line) => {
                    if (lines.length === 0 || /^([-*]|\d+\.) /.test(line)) lines.push(line);
                    else lines[lines.length - 1] += ` ${line}`;
                    return lines;
                }, [])
                .join('\n')
        )
        .join('\n\n')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/`([^`]+)`/g, '$1');
}
