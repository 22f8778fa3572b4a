/**
 * A random workspace for the soak: a random model (test/engine/decision/decision-arbitraries.ts)
 * holding only the patterns spol can write, cut into one to three .spol files. The elements keep
 * their order across the files (the institution tree, library roles, roles, users), and the files
 * are named so that the language reads them in that order, so the model the language builds is the
 * model generated, whatever the cut: references cross files as often as they stay in one.
 */
import fc from 'fast-check';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { printModel, writtenAs } from '../language/print-model.js';
import { modelArbitrary } from '../test/engine/decision/decision-arbitraries.js';

export interface SoakWorkspace {
    readonly model: PolicyModel;
    /** Where the files end, as fractions of the elements in thousandths; one file when empty. */
    readonly cuts: readonly number[];
}

export interface SpolFile {
    readonly path: string;
    readonly text: string;
}

/** Models written as text: every resource and action is one spol can write, bare or quoted. */
export const soakWorkspace: fc.Arbitrary<SoakWorkspace> = fc.record({
    model: modelArbitrary((value, what) => writtenAs(value, what) !== undefined, { writable: true }),
    cuts: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 2 })
});

type Element = { kind: 'institution' | 'libraryRole' | 'role' | 'user'; index: number };

/** The workspace as .spol files, `/soak/1.spol` on. Throws when the printer refuses the model (a finding). */
export function workspaceFiles(workspace: SoakWorkspace): SpolFile[] {
    const { model } = workspace;
    const elements: Element[] = [
        ...model.institutions.map((_, index): Element => ({ kind: 'institution', index })),
        ...model.libraryRoles.map((_, index): Element => ({ kind: 'libraryRole', index })),
        ...model.roles.map((_, index): Element => ({ kind: 'role', index })),
        ...model.users.map((_, index): Element => ({ kind: 'user', index }))
    ];
    const ends = [...workspace.cuts.map((cut) => Math.round((cut / 1000) * elements.length)), elements.length].sort((a, b) => a - b);
    const files: SpolFile[] = [];
    let start = 0;
    for (const end of ends) {
        const part = elements.slice(start, end);
        start = end;
        if (part.length === 0) continue;
        const pick = <T>(kind: Element['kind'], list: readonly T[]) => part.filter((e) => e.kind === kind).map((e) => list[e.index]!);
        const printed = printModel({
            institutions: pick('institution', model.institutions),
            libraryRoles: pick('libraryRole', model.libraryRoles),
            roles: pick('role', model.roles),
            users: pick('user', model.users)
        });
        if (!printed.ok) throw new Error(`The printer refused the model: ${printed.problems.map((p) => p.message).join(' ')}`);
        files.push({ path: `/soak/${files.length + 1}.spol`, text: printed.text });
    }
    return files;
}
