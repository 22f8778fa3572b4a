/**
 * PolicyModel → a workspace of spol files, one file per concern, as a person would lay it out
 * (examples/natural-history-museum): `institution.spol` (the institution tree), `library.spol` (the
 * role library), `roles.spol` (collection roles) and `users/<division>.spol` (the users whose agents
 * and collections are all in one division; users of several divisions, or of none, in
 * `users/all-divisions.spol`). The model is tidied first (engine/interchange/tidy-model.ts: `from library`,
 * `institution admin`), and each file is printModel's canonical text under a one-line header.
 *
 * Order is kept: a workspace's elements come in the order of its sorted file paths, and the
 * numbering that `export --all` gives users follows that order. So when the users' division files,
 * in sorted order, would not list the users in model order, each run of consecutive users of one
 * division gets a file of its own, named with its place first (`users/01-botany.spol`): the printed
 * workspace then exports to the same bytes as the model. Names are deterministic; an empty part
 * (no library roles, no users) gets no file.
 */
import type { PolicyModel, User } from '../engine/model/policy-model.js';
import { ModelIndex } from '../engine/model/stored.js';
import { printModel, type PrintProblem } from './print-model.js';
import { tidyModel } from '../engine/interchange/tidy-model.js';

export interface WorkspaceFile {
    /** Relative to the workspace folder, `/`-separated. */
    readonly path: string;
    readonly text: string;
}

export type PrintWorkspaceResult =
    | { readonly ok: true; readonly files: readonly WorkspaceFile[] }
    | { readonly ok: false; readonly problems: readonly PrintProblem[] };

/** The file of users who belong to no single division. */
export const ALL_DIVISIONS = 'all-divisions';

export function printWorkspace(model: PolicyModel): PrintWorkspaceResult {
    const tidy = tidyModel(model);
    const parts: { path: string; header: string; model: PolicyModel }[] = [];
    const empty: PolicyModel = { institutions: [], libraryRoles: [], roles: [], users: [] };
    if (tidy.institutions.length > 0) parts.push({ path: 'institution.spol', header: 'The institution tree.', model: { ...empty, institutions: tidy.institutions } });
    if (tidy.libraryRoles.length > 0) parts.push({ path: 'library.spol', header: 'The role library.', model: { ...empty, libraryRoles: tidy.libraryRoles } });
    if (tidy.roles.length > 0) parts.push({ path: 'roles.spol', header: 'Collection roles.', model: { ...empty, roles: tidy.roles } });
    for (const group of userFiles(tidy)) {
        const header = group.division === undefined ? 'Users of several divisions, or of none.' : `Users of the division ${JSON.stringify(group.division)}.`;
        parts.push({ path: group.path, header, model: { ...empty, users: group.users } });
    }
    const files: WorkspaceFile[] = [];
    const problems: PrintProblem[] = [];
    for (const part of parts) {
        const printed = printModel(part.model);
        if (printed.ok) files.push({ path: part.path, text: `// ${part.header}\n\n${printed.text}` });
        else problems.push(...printed.problems);
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, files };
}

interface UserFile {
    readonly path: string;
    /** The division, or undefined for `all-divisions`. */
    readonly division: string | undefined;
    readonly users: User[];
}

/** The one division a user belongs to: of every agent and every collection granted; undefined for none or several. */
function divisionOf(user: User, index: ModelIndex): string | undefined {
    const divisions = new Set<string>();
    for (const agent of user.agents) divisions.add(agent.division.name);
    for (const grant of user.collections) {
        const collection = index.collections.get(grant.collection.name);
        if (collection) divisions.add(collection.division);
    }
    return divisions.size === 1 ? [...divisions][0] : undefined;
}

/** A file name from a division name: lowercase letters, digits, `_`, `.`; anything else `-`. */
function fileStem(division: string): string {
    const stem = division
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9_.]+/g, '-')
        .replace(/^[-.]+|-+$/g, '');
    return stem === '' ? 'division' : stem;
}

function userFiles(model: PolicyModel): UserFile[] {
    if (model.users.length === 0) return [];
    const index = new ModelIndex(model);
    // Stems per division, unique (two names may make one stem), `all-divisions` kept for the rest.
    const stems = new Map<string | undefined, string>([[undefined, ALL_DIVISIONS]]);
    const taken = new Set([ALL_DIVISIONS]);
    const stemOf = (division: string | undefined): string => {
        let stem = stems.get(division);
        if (stem === undefined) {
            const base = fileStem(division!);
            stem = base;
            for (let n = 2; taken.has(stem); n++) stem = `${base}-${n}`;
            taken.add(stem);
            stems.set(division, stem);
        }
        return stem;
    };
    const runs: { division: string | undefined; users: User[] }[] = [];
    for (const user of model.users) {
        const division = divisionOf(user, index);
        const last = runs.at(-1);
        if (last && last.division === division) last.users.push(user);
        else runs.push({ division, users: [user] });
    }
    const names = runs.map((run) => `${stemOf(run.division)}.spol`);
    const inOrder = new Set(names).size === names.length && names.every((name, i) => i === 0 || names[i - 1]! < name);
    if (inOrder) return runs.map((run, i) => ({ path: `users/${names[i]!}`, division: run.division, users: run.users }));
    const width = Math.max(2, String(runs.length).length);
    return runs.map((run, i) => ({
        path: `users/${String(i + 1).padStart(width, '0')}-${names[i]!}`,
        division: run.division,
        users: run.users
    }));
}
