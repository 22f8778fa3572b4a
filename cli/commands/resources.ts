/**
 * `spol resources [filter]`: the catalog of every resource Specify 7 knows (engine/registry/
 * resource-catalog.ts), for writing policies without knowing Specify's names by heart. Text groups
 * them by kind in aligned columns; JSON is the stable array of catalog entries. A filter that
 * matches nothing is not an error: exit 0, nothing listed, and one line on stderr saying so.
 */
import type { Command } from 'commander';
import { catalogEntries, type CatalogKind, type ResourceCatalogEntry } from '../../engine/registry/resource-catalog.js';
import { ExitCode, type Io } from '../io.js';
import { parseFormat } from '../options.js';

export function registerResources(program: Command, io: Io, done: (code: number) => void): void {
    program
        .command('resources')
        .description("every resource Specify 7 knows, with its actions, where it is checked and what it covers; [filter] keeps those whose resource, description or an action contains it")
        .argument('[filter]', 'a word to look for, any case (e.g. taxon, export, upload); /field/<table>/ lists the fields of a table')
        .option('-f, --format <format>', 'output format: text or json', 'text')
        .action((filter: string | undefined, options: { format: string }) => {
            const format = parseFormat(options.format, ['text', 'json']);
            const entries = catalogEntries(filter);
            if (format === 'json') io.out(`${JSON.stringify(entries, null, 2)}\n`);
            else io.out(formatResourcesText(entries, filter !== undefined && filter.trim() !== ''));
            if (entries.length === 0) io.err(`spol: no resource matches '${filter ?? ''}'.\n`);
            done(ExitCode.ok);
        });
}

interface Group {
    readonly title: string;
    readonly note: string;
    readonly keep: (entry: ResourceCatalogEntry) => boolean;
    readonly kind: CatalogKind;
}

const GROUPS: readonly Group[] = [
    { kind: 'operation', title: 'operations', note: "checked by Specify's server", keep: () => true },
    { kind: 'tool', title: 'tools', note: "groups of tables in Specify's UI: allowed where every one of its tables is", keep: () => true },
    { kind: 'table', title: 'tables', note: 'read create update delete, checked in the collection; the data scope of their records', keep: (e) => e.system !== true },
    { kind: 'table', title: 'system tables', note: 'read create update delete, checked in the collection', keep: (e) => e.system === true },
    { kind: 'preference', title: 'preferences', note: "checked only by Specify's UI", keep: () => true },
    { kind: 'derived', title: 'derived', note: "never stored: Specify's UI computes it", keep: () => true },
    { kind: 'field', title: 'fields', note: 'checked on every field a request changes', keep: () => true }
];

const LEVEL: Readonly<Record<ResourceCatalogEntry['checked'], string>> = {
    collection: 'collection',
    institution: 'institution',
    both: 'both levels',
    ui: 'UI only'
};

/**
 * Each group under its title, one resource a line in aligned columns: resource, where it is checked
 * (`*` institution-only), then actions and what it covers; with `detailed`, each action's meaning.
 */
export function formatResourcesText(entries: readonly ResourceCatalogEntry[], detailed = false): string {
    if (entries.length === 0) return '';
    const lines: string[] = [];
    for (const group of GROUPS) {
        const members = entries.filter((e) => e.kind === group.kind && group.keep(e));
        if (members.length === 0) continue;
        const width = Math.min(40, Math.max(...members.map((e) => e.resource.length)));
        const levelWidth = Math.max(...members.map((e) => levelText(e).length));
        if (lines.length > 0) lines.push('');
        lines.push(`${group.title} (${members.length}): ${group.note}`);
        const isTable = group.kind === 'table';
        const scopeWidth = isTable ? Math.max(...members.map((e) => (e.scope ?? '').length)) : 0;
        for (const entry of members) {
            const resource = entry.resource.padEnd(width);
            const level = levelText(entry).padEnd(levelWidth);
            if (isTable) {
                const extras = [entry.model ?? '', entry.tree ? 'tree' : '', entry.tool ? `in /tools/${entry.tool}` : ''].filter((x) => x !== '');
                lines.push(`  ${resource}  ${(entry.scope ?? '').padEnd(scopeWidth)}  ${extras.join(', ')}`.trimEnd());
            } else {
                lines.push(`  ${resource}  ${level}  ${entry.actions.join(' ')}`.trimEnd());
                lines.push(`  ${' '.repeat(width)}  ${describe(entry)}`);
            }
            if (detailed) {
                for (const action of entry.actions) {
                    const meaning = entry.actionDescriptions[action];
                    if (meaning) lines.push(`  ${' '.repeat(width)}    ${action}: ${meaning}`);
                }
            }
        }
    }
    if (entries.some((e) => e.institutionOnly)) {
        lines.push('', "* institution-only: Specify's UI hides it from roles and collection policies; grant it as an institution-level user policy.");
    }
    return `${lines.join('\n')}\n`;
}

function levelText(entry: ResourceCatalogEntry): string {
    // A tool is never checked itself: Specify's server checks each of its tables in the collection.
    if (entry.kind === 'tool') return 'its tables';
    return `${LEVEL[entry.checked]}${entry.institutionOnly ? '*' : ''}`;
}

function describe(entry: ResourceCatalogEntry): string {
    if (entry.kind === 'tool' && entry.tables) return `${entry.tables.join(', ')}`;
    return entry.description;
}
