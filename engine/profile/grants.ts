/**
 * Provenance as an admin reads a profile or a who-can list: not every stored row, but each place a
 * permission comes from (the holder, the library template it was copied from, the policy's line),
 * with the actions it grants. Rows of one `allow` line with several actions are one grant; a
 * `/table/%` row that matches many tables is the same grant wherever it matches. A row declared in
 * several places (two templates of one role, `institution admin` and `allow %: %`) is stored once
 * but is a grant of each place, so every line that declares it is named. The words are short
 * because the profile already says whose and where; `describeOrigin` has the long form.
 */
import type { Source } from '../model/policy-model.js';
import { declarationsOf, isAdminRow, type Declaration, type StoredPolicy } from '../model/stored.js';

export interface Grant {
    /** "Institution Admin", "role DataEntry (from library RunQueries)", "user policy in FishVoucher", … */
    readonly label: string;
    /** The policy's place (or the keyword's, for `institution admin` and `access`). */
    readonly source?: Source;
    /** The actions, of those asked, that it grants, in the order asked. */
    readonly actions: readonly string[];
    /** The stored rows behind it. */
    readonly rows: readonly StoredPolicy[];
}

/**
 * The short name of a row's holder and how it came to be stored; with `declaration`, as that one of
 * the places declaring the row wrote it (by default the first, the row itself).
 */
export function grantLabel(row: StoredPolicy, declaration: Declaration = row): string {
    const { origin } = row;
    let label: string;
    switch (origin.kind) {
        case 'institution-user':
            // The admin row is the Institution Admin however it was written.
            label = isAdminRow(row) ? 'Institution Admin' : 'institution policy';
            break;
        case 'collection-user':
            label = declaration.derivation === 'collection-access' ? `access to ${origin.collection}` : `user policy in ${origin.collection}`;
            break;
        case 'role':
            label = declaration.template ? `role ${origin.role} (from library ${declaration.template})` : `role ${origin.role}`;
            break;
    }
    if (declaration.derivation === 'tool-expansion' && declaration.policy) label += ` via ${declaration.policy.resource}`;
    if (declaration.derivation === 'field-wildcard') label += ' (/field/% added with collection access)';
    return label;
}

/** The place to point at for a declaration of a row: its policy, else its own span. */
export function grantSource(declaration: Declaration): Source | undefined {
    return declaration.policy?.source ?? declaration.source;
}

/**
 * The grants behind some answered actions, in the order their rows first appear; each lists the
 * actions it grants. Give only the actions to explain (say, the allowed ones).
 */
export function grantsOf(cells: readonly { readonly action: string; readonly matches: readonly StoredPolicy[] }[]): Grant[] {
    const byKey = new Map<string, { label: string; source?: Source; actions: string[]; rows: StoredPolicy[] }>();
    for (const cell of cells) {
        for (const row of cell.matches) {
            for (const declaration of declarationsOf(row)) {
                const label = grantLabel(row, declaration);
                const source = grantSource(declaration);
                const key = `${label}\u0000${placeKey(source)}`;
                let grant = byKey.get(key);
                if (!grant) {
                    grant = { label, ...(source ? { source } : {}), actions: [], rows: [] };
                    byKey.set(key, grant);
                }
                if (!grant.actions.includes(cell.action)) grant.actions.push(cell.action);
                if (!grant.rows.includes(row)) grant.rows.push(row);
            }
        }
    }
    // Each holder's grants together (holders in the order Specify lists their rows), then by place.
    const grants = [...byKey.values()];
    const holderOrder = new Map<string, number>();
    for (const grant of grants) if (!holderOrder.has(grant.label)) holderOrder.set(grant.label, holderOrder.size);
    return grants.sort((a, b) => holderOrder.get(a.label)! - holderOrder.get(b.label)! || comparePlaces(a.source, b.source));
}

function comparePlaces(a: Source | undefined, b: Source | undefined): number {
    if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function placeKey(source: Source | undefined): string {
    if (!source) return '';
    const { line, character } = source.range.start;
    return `${source.file}:${line}:${character}`;
}
