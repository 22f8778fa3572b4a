/**
 * A soak workspace read back through the language, as every front end reads it: the files are
 * parsed, linked and validated together (language-session.ts, without the lint rules, which do not
 * change the model). Two things must hold, else the language itself is the finding:
 * - the only errors are unresolved references, exactly one for each name the generated model
 *   refers to without declaring it (models name a ghost collection or role now and then);
 * - the model the language builds is the model generated, apart from the places it records.
 */
import type { PolicyModel } from '../engine/model/policy-model.js';
import { readThroughLanguage } from './language-session.js';
import type { SpolFile } from './soak-workspace.js';

export type ReadBack = { readonly ok: true; readonly model: PolicyModel } | { readonly ok: false; readonly problem: string };

/** The names the model refers to that it does not declare (as the kind referred to), sorted. */
export function undeclaredReferences(model: PolicyModel): string[] {
    const collections = new Set(model.institutions.flatMap((i) => i.divisions.flatMap((d) => d.disciplines.flatMap((s) => s.collections.map((c) => c.name)))));
    const library = new Set(model.libraryRoles.map((l) => l.name));
    const roles = new Set(model.roles.map((r) => r.name));
    const missing = (names: readonly { name: string }[], declared: Set<string>) => names.map((ref) => ref.name).filter((name) => !declared.has(name));
    return [
        ...model.roles.flatMap((role) => [...missing(role.collections, collections), ...missing(role.templates, library)]),
        ...model.users.flatMap((user) => user.collections.flatMap((grant) => [...missing([grant.collection], collections), ...missing(grant.roles, roles)]))
    ].sort();
}

/** Plain data without the places it was written, keys sorted: two models compare as text. */
function withoutSources(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutSources);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
        const entry = (value as Record<string, unknown>)[key];
        if (entry !== undefined && key !== 'source' && key !== 'nameSource' && key !== 'resourceSource') out[key] = withoutSources(entry);
    }
    return out;
}

/** The text a range covers in one of the files. */
function textAt(files: readonly SpolFile[], file: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
    const spol = files.find((f) => file === f.path || file.endsWith(f.path));
    if (!spol) return `<${file}>`;
    const lines = spol.text.split('\n');
    if (range.start.line !== range.end.line) return `<${file}:${range.start.line + 1}>`;
    return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
}

/** A name as written, its quotes taken off (the printer's escapes are JSON's for the names generated). */
function bare(text: string): string {
    if (!text.startsWith('"')) return text;
    try {
        return JSON.parse(text) as string;
    } catch {
        return text;
    }
}

export async function readBack(files: readonly SpolFile[], generated: PolicyModel): Promise<ReadBack> {
    const loaded = await readThroughLanguage(files);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    const unexpected = errors.filter((d) => d.code !== 'unresolved-reference');
    if (unexpected.length > 0) {
        const shown = unexpected.map((d) => `${d.source?.file ?? ''}:${(d.source?.range.start.line ?? 0) + 1}:${(d.source?.range.start.character ?? 0) + 1}: ${d.code}: ${d.message}`);
        return { ok: false, problem: `the language reports errors in text the printer wrote:\n${shown.join('\n')}` };
    }
    const unresolved = errors.map((d) => (d.source ? bare(textAt(files, d.source.file, d.source.range)) : '<nowhere>')).sort();
    const expected = undeclaredReferences(generated);
    if (JSON.stringify(unresolved) !== JSON.stringify(expected)) {
        return { ok: false, problem: `the language reports unresolved names ${JSON.stringify(unresolved)}, but the model leaves ${JSON.stringify(expected)} undeclared` };
    }
    const read = JSON.stringify(withoutSources(loaded.model));
    const written = JSON.stringify(withoutSources(generated));
    if (read !== written) return { ok: false, problem: `the language builds another model than the one written:\nread    ${read}\nwritten ${written}` };
    return { ok: true, model: loaded.model };
}
