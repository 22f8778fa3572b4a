/**
 * profile(engine, where) → every resource and action of Specify's "User's Permission Profile"
 * preview (semantics.md §5.1) for one user, each answered as `decide` answers it in `enforce` mode
 * and with the stored rows that matched:
 *
 * - in a collection, institution-checked resources run at institution level (only the user's
 *   institution-level rows count, never roles: §2.4), everything else with the rows held in the
 *   collection; the collection gate (`/system/sp7/collection` `access`) is reported once, and a
 *   closed gate denies every cell with reason `no-collection-access`, as it denies every request;
 * - at institution level every cell runs on the institution-level rows, with no gate;
 * - the six `/tools/*` are Specify's UI groups: an action is allowed only when every table of the
 *   tool allows it (`hasToolPermission`, §6), and its provenance is the union of the tables'.
 *   The tool tables are listed under tables as well.
 *
 * Cells are read from the compiled CASL abilities of the user's row sets directly (remembered per
 * ability: held-rows.ts; per sequence of them: level-shapes.ts), not through one `decide` per cell;
 * the tests hold every cell equal to `decide` on the examples and on random models.
 */
import { QueryError, type CollectionAccess, type DecisionReason, type PolicyEngine } from '../decision/index.js';
import { COLLECTION_ACCESS_ACTION, COLLECTION_ACCESS_RESOURCE, type StoredPolicy } from '../model/stored.js';
import { suggestNames } from '../suggest.js';
import { catalog, type Catalog, type CatalogEntry, type ProfileKind, type ToolCatalogEntry } from './catalog.js';
import { checkPlace, collectionNamed, userNamed } from '../decision/query-names.js';
import { LevelCells } from './level-cells.js';
import { tallyOf, type Tally } from './tally.js';
import type {
    KindSummary,
    OperationEntry,
    PermissionProfile,
    PreferenceEntry,
    ProfileEntry,
    ProfileOptions,
    ProfileSummary,
    ProfileWhere,
    TableEntry,
    ToolCell,
    ToolEntry
} from './types.js';

const KINDS: readonly ProfileKind[] = ['operation', 'tool', 'table', 'preference'];
const NONE: readonly StoredPolicy[] = Object.freeze([]);
const NO_TABLES: readonly string[] = Object.freeze([]);

/** Where each cell is checked (each level with whether the gate lets the user in at all). */
interface Levels {
    readonly institution: LevelCells;
    readonly collection: LevelCells | undefined;
    /** undefined at institution level (no gate); false denies every cell. */
    readonly gateOpen: boolean | undefined;
}

export function profile(engine: PolicyEngine, where: ProfileWhere, options: ProfileOptions = {}): PermissionProfile {
    checkWhere(where);
    const user = userNamed(engine.index, where.user);
    const collection = where.collection === undefined ? undefined : collectionNamed(engine.index, where.collection);
    const kinds = new Set(options.kinds ?? KINDS);
    for (const kind of kinds) {
        if (!KINDS.includes(kind)) throw new QueryError('bad-query', `There is no profile group ${String(kind)}.`, suggestNames(String(kind), KINDS));
    }

    let collectionAccess: CollectionAccess | undefined;
    if (collection !== undefined) {
        // The gate exactly as decide reports it (one shared, frozen object per user and collection).
        collectionAccess = engine.decide({
            user: user.name,
            collection,
            resource: COLLECTION_ACCESS_RESOURCE,
            action: COLLECTION_ACCESS_ACTION
        }).collectionAccess;
    }
    const gateOpen = collectionAccess?.allowed;
    const levels: Levels = {
        institution: new LevelCells(engine.heldRows(user.name), gateOpen),
        collection: collection === undefined ? undefined : new LevelCells(engine.heldRows(user.name, collection), gateOpen),
        gateOpen
    };

    // Each group is counted for the summary as its entries are made (tables only when shown).
    const counts = { operation: new Counts(), tool: new Counts(), table: new Counts(), preference: new Counts() };
    const { operations, tables, preferences, tools } = catalog();
    const operationEntries = kinds.has('operation') ? operations.map((entry) => plainEntry(entry, levels, counts.operation) as OperationEntry) : [];
    const preferenceEntries = kinds.has('preference') ? preferences.map((entry) => plainEntry(entry, levels, counts.preference) as PreferenceEntry) : [];
    const needTables = kinds.has('table') || kinds.has('tool');
    const tableCounts = kinds.has('table') ? counts.table : undefined;
    const tableEntries = needTables ? tables.map((entry) => tableEntry(entry, levels, tableCounts)) : [];
    const toolEntries = kinds.has('tool') ? tools.map((entry) => toolEntry(entry, tableEntries, levels, counts.tool)) : [];
    const shownTables = kinds.has('table') ? tableEntries : [];

    const summary = summarize(counts);
    return {
        user: user.name,
        ...(collection !== undefined ? { collection } : { institution: true as const }),
        ...(collectionAccess ? { collectionAccess } : {}),
        operations: operationEntries,
        tools: toolEntries,
        tables: shownTables,
        preferences: preferenceEntries,
        summary
    };
}

/** Every entry of a profile, group by group (operations, tools, tables, preferences). */
export function profileEntries(profile: PermissionProfile): ProfileEntry[] {
    return [...profile.operations, ...profile.tools, ...profile.tables, ...profile.preferences];
}

function checkWhere(where: ProfileWhere): void {
    if (typeof where !== 'object' || where === null || typeof where.user !== 'string') {
        throw new QueryError('bad-query', 'A profile needs a user name as a string.');
    }
    checkPlace(where, 'a profile');
}



function levelOf(entry: CatalogEntry, levels: Levels): { level: 'collection' | 'institution'; cells: LevelCells } {
    if (levels.collection && !entry.institutionChecked) return { level: 'collection', cells: levels.collection };
    return { level: 'institution', cells: levels.institution };
}

function plainEntry(entry: CatalogEntry, levels: Levels, counts: Counts): OperationEntry | PreferenceEntry {
    const { level, cells: levelCells } = levelOf(entry, levels);
    const { info } = entry;
    const cells = levelCells.of(entry);
    counts.add(levelCells.tallyOf(entry));
    return {
        kind: entry.kind as 'operation' | 'preference',
        resource: info.resource,
        description: info.description,
        level,
        institutionOnly: info.institutionOnly,
        cells
    };
}

function tableEntry(entry: Catalog['tables'][number], levels: Levels, counts: Counts | undefined): TableEntry {
    const { level, cells: levelCells } = levelOf(entry, levels);
    const { info, table } = entry;
    const cells = levelCells.of(entry);
    counts?.add(levelCells.tallyOf(entry));
    // Two literals rather than a spread of `tool`: a spread builds the object slowly, and a profile has 215 tables.
    if (table.tool) {
        return {
            kind: 'table',
            resource: info.resource,
            description: info.description,
            level,
            institutionOnly: info.institutionOnly,
            table: table.name,
            model: table.model,
            scope: table.scope,
            system: table.system,
            tree: table.isTree,
            tool: table.tool,
            cells
        };
    }
    return {
        kind: 'table',
        resource: info.resource,
        description: info.description,
        level,
        institutionOnly: info.institutionOnly,
        table: table.name,
        model: table.model,
        scope: table.scope,
        system: table.system,
        tree: table.isTree,
        cells
    };
}

function toolEntry(entry: ToolCatalogEntry, tables: readonly TableEntry[], levels: Levels, counts: Counts): ToolEntry {
    const members = entry.tableIndexes.map((i) => tables[i]!);
    const cells = entry.actions.map((action, a) => toolCell(action, entry.actionInTable[a]!, members, levels.gateOpen));
    counts.add(tallyOf(cells));
    return {
        kind: 'tool',
        resource: entry.info.resource,
        description: entry.info.description,
        level: members.some((t) => t.level === 'collection') ? 'collection' : 'institution',
        institutionOnly: entry.info.institutionOnly,
        tool: entry.tool.name,
        tables: entry.tool.tables,
        cells
    };
}

/**
 * Allowed when every table allows the action; provenance is every table's rows, each row once.
 * `actionInTable` gives the action's cell in each table (catalog.ts).
 */
function toolCell(action: string, actionInTable: readonly number[], tables: readonly TableEntry[], gateOpen: boolean | undefined): ToolCell {
    let matches: StoredPolicy[] | undefined;
    let merged: readonly StoredPolicy[] | undefined;
    let missing: string[] | undefined;
    for (let t = 0; t < tables.length; t++) {
        const table = tables[t]!;
        const cell = table.cells[actionInTable[t]!];
        if (!cell || cell.matches.length === 0) {
            (missing ??= []).push(table.resource);
            continue;
        }
        // Tables of one shape share their row lists (level-cells.ts): the same list again adds nothing.
        if (cell.matches === merged) continue;
        merged = cell.matches;
        // A tool has a few tables, each a few rows: a search of the rows so far is quicker than a set.
        for (const row of cell.matches) {
            if (!matches) matches = [row];
            else if (!matches.includes(row)) matches.push(row);
        }
    }
    const reason: DecisionReason = gateOpen === false ? 'no-collection-access' : missing ? 'no-matching-policy' : 'granted';
    return { action, allowed: reason === 'granted', reason, matches: matches ?? NONE, missingTables: missing ?? NO_TABLES };
}

/** One group's counts for the summary, added to entry by entry. */
class Counts {
    resources = 0;
    resourcesAllowed = 0;
    cells = 0;
    allowed = 0;
    blocked = 0;

    add(tally: Tally): void {
        this.resources++;
        this.cells += tally.cells;
        this.allowed += tally.allowed;
        this.blocked += tally.blocked;
        if (tally.allowed > 0) this.resourcesAllowed++;
    }
}

function summarize(counts: Record<ProfileKind, Counts>): ProfileSummary {
    const byKind = {} as Record<ProfileKind, KindSummary>;
    const total = { resources: 0, resourcesAllowed: 0, cells: 0, allowed: 0, blocked: 0 };
    for (const kind of KINDS) {
        const { resources, resourcesAllowed, cells, allowed, blocked } = counts[kind];
        byKind[kind] = { resources, resourcesAllowed, cells, allowed, blocked };
        total.resources += resources;
        total.resourcesAllowed += resourcesAllowed;
        total.cells += cells;
        total.allowed += allowed;
        total.blocked += blocked;
    }
    // Written out rather than spread: a spread builds the object slowly, and every profile has one.
    return {
        resources: total.resources,
        resourcesAllowed: total.resourcesAllowed,
        cells: total.cells,
        allowed: total.allowed,
        blocked: total.blocked,
        byKind
    };
}
