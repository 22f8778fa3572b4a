/**
 * Turning an import into edits of the workspace's text: a changed role is replaced where it is
 * declared (keeping its identifier, so users who hold it still do), a new role is appended to one
 * file. Pure: it returns edits and problems; the CLI (or an editor) applies them.
 *
 * A changed role declared for several collections is not rewritten: in Specify each collection has
 * its own copy, so importing into one would have to split the declaration and every grant naming it.
 * That is reported as a problem and nothing is planned.
 */
import type { LibraryRole, PolicyModel, Range, Role } from '../engine/model/policy-model.js';
import type { ImportedElement, ImportTarget, RoleComparison } from '../engine/interchange/import/index.js';
import { printLibraryRoles, printRoles } from './print-model.js';

export interface TextEdit {
    /** The file (URI string or path, as the model's sources name it) to change. */
    readonly file: string;
    /** The range to replace; absent means append at the end of the file (created if missing). */
    readonly range?: Range;
    readonly newText: string;
}

export interface ImportPlan {
    readonly edits: readonly TextEdit[];
    /** Sentences for the user; when there are any, no edit should be applied. */
    readonly problems: readonly string[];
    /** Warnings that do not block writing. */
    readonly notes: readonly string[];
}

export interface ImportPlanInput {
    readonly workspace: PolicyModel;
    readonly target: ImportTarget;
    readonly comparisons: readonly RoleComparison[];
    readonly elements: readonly ImportedElement[];
    /** The file new roles go to when the workspace has no role of the target to sit beside. */
    readonly defaultFile: string;
    /** Overrides where new roles go. */
    readonly into?: string;
}

function print(element: Role | LibraryRole, library: boolean): { text?: string; problem?: string } {
    const result = library ? printLibraryRoles([element as LibraryRole]) : printRoles([element as Role]);
    if (!result.ok) return { problem: result.problems.map((p) => p.message).join(' ') };
    return { text: result.text.replace(/^\n+/, '').replace(/\n+$/, '') };
}

export function planImport(input: ImportPlanInput): ImportPlan {
    const library = 'library' in input.target;
    const edits: TextEdit[] = [];
    const problems: string[] = [];
    const notes: string[] = [];
    const appended: string[] = [];

    input.comparisons.forEach((comparison, i) => {
        const element = input.elements[i]!.element;
        if (comparison.status === 'unchanged') return;
        const printed = print(element, library);
        if (printed.problem !== undefined) {
            problems.push(`role ${comparison.name} cannot be written as spol: ${printed.problem}`);
            return;
        }
        if (comparison.status === 'created') {
            appended.push(printed.text!);
            return;
        }
        const existing = comparison.existing!.element;
        if (!library && (existing as Role).collections.length > 1) {
            const where = (existing as Role).collections.map((c) => c.name).join(', ');
            problems.push(
                `role ${existing.name} is declared for ${where}; importing a changed copy into one of them would split it — edit it by hand or import into each collection's own role.`
            );
            return;
        }
        if (!existing.source) {
            problems.push(`role ${existing.name} has no place in the text to replace.`);
            return;
        }
        if (library) {
            const users = input.workspace.roles.filter((role) => role.templates.some((t) => t.name === existing.name)).map((role) => role.name);
            if (users.length > 0) {
                notes.push(`library role ${existing.name} changes, and so do the roles built from it here: ${users.join(', ')} (in Specify, collection roles are copies and would keep the old policies).`);
            }
        }
        edits.push({ file: existing.source.file, range: existing.source.range, newText: printed.text! });
    });

    if (appended.length > 0) {
        const beside = library ? input.workspace.libraryRoles : input.workspace.roles.filter((role) => role.collections.some((c) => 'collection' in input.target && c.name === input.target.collection));
        const file = input.into ?? beside.find((element) => element.source)?.source?.file ?? input.defaultFile;
        edits.push({ file, newText: appended.join('\n\n') });
    }
    return { edits, problems, notes };
}

/** Applies a file's edits to its text: replacements by range (applied back to front), then appends. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    const offset = (line: number, character: number) => Math.min(text.length, (lineStarts[line] ?? text.length) + character);
    const replacements = edits
        .filter((edit) => edit.range)
        .map((edit) => ({ start: offset(edit.range!.start.line, edit.range!.start.character), end: offset(edit.range!.end.line, edit.range!.end.character), text: edit.newText }))
        .sort((a, b) => b.start - a.start);
    let result = text;
    for (const r of replacements) result = result.slice(0, r.start) + r.text + result.slice(r.end);
    const appends = edits.filter((edit) => !edit.range).map((edit) => edit.newText);
    if (appends.length > 0) {
        const base = result.replace(/\s*$/, '');
        result = `${base}${base.length > 0 ? '\n\n' : ''}${appends.join('\n\n')}\n`;
    }
    return result;
}
