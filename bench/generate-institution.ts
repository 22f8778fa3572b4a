/**
 * A seeded generator of a Specify institution as a `.spol` workspace, for `npm run bench`: an
 * institution tree (divisions, disciplines of real Specify types, collections), Specify's role
 * library, roles per discipline built `from library` (some customised), a few roles of one
 * collection written by hand, users with roles, their own collection policies and institution-level
 * policies, a few Institution Admins, collection managers, and users without access. Only names
 * Specify defines are used: resources and actions come from the registry.
 *
 * The same parameters give the same text. Run directly it writes the workspace:
 * `node out/bench/generate-institution.js --users 5000 --collections 60 --seed 1 --out DIR`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { like } from '../engine/like.js';
import { registry } from '../engine/registry/registry.js';
import { Random } from '../fuzz/random.js';
import { libraryTemplates, type Row } from './library-templates.js';

export interface InstitutionParameters {
    readonly users: number;
    readonly collections: number;
    readonly seed: number;
}

export const DEFAULT_INSTITUTION: InstitutionParameters = { users: 5000, collections: 60, seed: 1 };

/** Relative path → text, in a fixed order. */
export type WorkspaceFiles = Map<string, string>;

const DISCIPLINE_TYPES = ['fish', 'herpetology', 'bird', 'mammal', 'insect', 'botany', 'invertebrate', 'vertpaleo', 'invertpaleo', 'paleobotany', 'geology'];

/** A role every discipline has: its library templates, its own policies, how often users hold it. */
interface Archetype {
    readonly name: string;
    readonly title: string;
    readonly templates: readonly string[];
    readonly own: readonly Row[];
    /** Relative weight among the roles given to ordinary users; 0 for managers only. */
    readonly weight: number;
}

const ARCHETYPES: readonly Archetype[] = [
    { name: 'CollectionManager', title: 'Collection Manager', templates: ['CollectionAdmin', 'SecurityAdmin'], own: [], weight: 0 },
    { name: 'LeadCurator', title: 'Lead Curator', templates: ['FullDataAccess', 'EditTaxonTree', 'EditFormsAndGlobalPreferences', 'RunQueries'], own: [], weight: 1 },
    { name: 'DataEntry', title: 'Data Entry Staff', templates: ['FullWorkBenchAccess', 'BulkAttachmentImport', 'RunQueries'], own: [{ resource: '/table/%', action: 'update' }], weight: 4 },
    { name: 'Registrar', title: 'Registrar', templates: ['ManageInteractions', 'FullDataAccess', 'PrintReports', 'RunQueries'], own: [], weight: 1 },
    {
        name: 'SecurityAuditor',
        title: 'IT/Security Auditor',
        templates: ['InspectAuditLog', 'ReadOnlyAccess'],
        own: [
            { resource: '/permissions/policies/user', action: 'read' },
            { resource: '/permissions/user/roles', action: 'read' },
            { resource: '/permissions/roles', action: 'read' }
        ],
        weight: 0.3
    },
    { name: 'StudentIntern', title: 'Student Intern', templates: ['ReadOnlyAccess', 'RunQueries', 'CreateDataSets'], own: [], weight: 3 },
    { name: 'VisitingResearcher', title: 'Visiting Researcher', templates: ['ReadOnlyAccess', 'RunQueries', 'ExportData', 'PrintReports'], own: [], weight: 3 },
    { name: 'PickListEditor', title: 'Pick List Editor', templates: ['EditPickLists', 'ReadOnlyAccess'], own: [], weight: 0.5 }
];

/** Resources and actions a generated policy may name: what a collection role or policy can use. */
interface Grantable {
    readonly resource: string;
    readonly actions: readonly string[];
}

function grantables(): { tables: Grantable[]; tools: Grantable[]; institution: Row[] } {
    const tables: Grantable[] = [];
    const tools: Grantable[] = [];
    const institution: Row[] = [];
    for (const info of registry.resources.values()) {
        if (info.actions.length === 0) continue;
        // A table of a `/tools/<name>` group comes back as the whole group after Export → Import (lint lossy-export).
        if (info.kind === 'table') {
            if (!info.table?.tool) tables.push({ resource: info.resource, actions: info.actions });
        }
        else if (info.kind === 'operation' && info.checkLevel === 'institution' && !/library|is_admin/.test(info.resource)) {
            for (const action of info.actions) institution.push({ resource: info.resource, action });
        } else if ((info.kind === 'operation' || info.kind === 'frontend-only') && !info.institutionOnly && !info.resource.startsWith('/permissions/') && !info.resource.startsWith('/system/')) {
            tools.push({ resource: info.resource, actions: info.actions });
        }
    }
    return { tables, tools, institution };
}

const SURNAMES = ['Abara', 'Bergström', 'Chen', 'Dubois', 'Eze', 'Fischer', 'García', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'Lopez', 'Mensah', 'Nguyen', 'Okafor', 'Petrov', 'Quispe', 'Rossi', 'Sato', 'Tanaka', 'Usman', 'Varga', 'Wright', 'Xu', 'Yilmaz', 'Zhou'];
const GIVEN = ['Ada', 'Bruno', 'Carla', 'Dmitri', 'Elena', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lucia', 'Mika', 'Noor', 'Oskar', 'Priya', 'Rafael', 'Sofia', 'Tariq', 'Ulla', 'Vera', 'Wen', 'Yusuf', 'Zara'];

/** The workspace for the parameters: the same parameters always give the same files and texts. */
export function generateInstitution(parameters: InstitutionParameters): WorkspaceFiles {
    const { users: userCount, collections: collectionCount, seed } = parameters;
    if (!(userCount >= 1 && collectionCount >= 1)) throw new Error('An institution needs at least one user and one collection.');
    const random = new Random(seed);
    const library = libraryTemplates();
    const { tables, tools, institution: institutionRows } = grantables();
    const files: WorkspaceFiles = new Map();

    // ---- institution tree: collection i in discipline i mod D, discipline d in division d mod V
    const disciplineCount = Math.max(1, Math.ceil(collectionCount / 5));
    const divisionCount = Math.max(1, Math.ceil(disciplineCount / 3));
    const collections = Array.from({ length: collectionCount }, (_, i) => ({ name: `C${pad(i + 1, 3)}`, discipline: i % disciplineCount }));
    const disciplines = Array.from({ length: disciplineCount }, (_, d) => ({
        name: `D${pad(d + 1, 2)}`,
        division: d % divisionCount,
        type: DISCIPLINE_TYPES[d % DISCIPLINE_TYPES.length]!,
        collections: collections.filter((c) => c.discipline === d).map((c) => c.name)
    }));
    const divisions = Array.from({ length: divisionCount }, (_, v) => ({ name: `V${pad(v + 1, 2)}`, disciplines: disciplines.filter((d) => d.division === v) }));
    const divisionOf = (collection: number): number => disciplines[collections[collection]!.discipline]!.division;
    const tree = [`// Generated by bench/generate-institution.ts (seed ${seed}): ${divisionCount} divisions, ${disciplineCount} disciplines, ${collectionCount} collections.`, ''];
    tree.push('institution Bench "Benchmark Museum of Natural History" {');
    for (const division of divisions) {
        tree.push(`    division ${division.name} "Division ${division.name}" {`);
        for (const discipline of division.disciplines) {
            tree.push(`        discipline ${discipline.name} "Discipline ${discipline.name}" type ${discipline.type} {`);
            for (const name of discipline.collections) tree.push(`            collection ${name} "Collection ${name}" code "${name}"`);
            tree.push('        }');
        }
        tree.push('    }');
    }
    tree.push('}', '');
    files.set('institution.spol', tree.join('\n'));
    files.set('library.spol', library.text);

    // ---- roles: every archetype in every discipline (some customised), one or two of one collection
    interface GeneratedRole {
        readonly name: string;
        readonly weight: number;
        readonly manager: boolean;
    }
    const rolesOfCollection: GeneratedRole[][] = collections.map(() => []);
    for (const discipline of disciplines) {
        const text = [`// Roles of discipline ${discipline.name} (${discipline.type}), each a role in every collection of the discipline.`, ''];
        for (const archetype of ARCHETYPES) {
            const name = `${discipline.name}_${archetype.name}`;
            const held: Row[] = [...archetype.templates.flatMap((t) => library.rows.get(t) ?? missingTemplate(t)), ...archetype.own];
            const extra = random.chance(0.35) && archetype.weight > 0 ? extraRows(random, held, tables, tools, random.between(1, 3)) : [];
            text.push(`role ${name} "${archetype.title}" in ${discipline.collections.join(', ')} {`);
            text.push(`    from library ${archetype.templates.join(', ')}`);
            text.push(...policyLines([...archetype.own, ...extra]), '}', '');
            for (const collection of discipline.collections) {
                rolesOfCollection[collections.findIndex((c) => c.name === collection)]!.push({ name, weight: archetype.weight, manager: archetype.weight === 0 });
            }
        }
        for (const collection of discipline.collections) {
            const index = collections.findIndex((c) => c.name === collection);
            for (let k = 0; k < random.between(1, 2); k++) {
                const name = `${collection}_Technician${k + 1}`;
                const rows = [{ resource: '/table/%', action: 'read' }, ...extraRows(random, [{ resource: '/table/%', action: 'read' }], tables, tools, random.between(4, 10))];
                text.push(`// A role of ${collection} alone, written without a library template.`);
                text.push(`role ${name} "Technician ${k + 1}" in ${collection} {`, ...policyLines(rows), '}', '');
                rolesOfCollection[index]!.push({ name, weight: 1, manager: false });
            }
        }
        files.set(`roles/${discipline.name}.spol`, text.join('\n'));
    }

    // ---- users
    const collectionsByDivision = divisions.map((_, v) => collections.map((_, i) => i).filter((i) => divisionOf(i) === v));
    const admins = new Set<number>();
    while (admins.size < Math.max(1, Math.round(userCount / 1000))) admins.add(random.int(userCount));
    const managers = new Map<number, number>(); // collection → user
    const userTexts: string[][] = divisions.map(() => []);
    const userCounts = divisions.map(() => 0);
    const filesOf = divisions.map(() => 0);
    const flush = (v: number, force: boolean): void => {
        if (userTexts[v]!.length === 0 || (!force && userCounts[v]! < 250)) return;
        filesOf[v]!++;
        files.set(`users/${divisions[v]!.name}-${pad(filesOf[v]!, 3)}.spol`, [`// Users whose home is division ${divisions[v]!.name}.`, '', ...userTexts[v]!].join('\n'));
        userTexts[v] = [];
        userCounts[v] = 0;
    };
    for (let u = 0; u < userCount; u++) {
        const home = random.int(divisionCount);
        const surname = random.pick(SURNAMES);
        const given = random.pick(GIVEN);
        const name = `${given[0]!.toLowerCase()}${asciiName(surname)}${u + 1}`;
        const agentName = `${surname}, ${given} (${u + 1})`;
        const lines: string[] = [];
        const body: string[] = [];
        const agentDivisions = new Set<number>();
        if (admins.has(u)) {
            body.push('    institution admin');
            divisions.forEach((_, v) => agentDivisions.add(v));
        } else if (random.chance(0.03)) {
            // No access to any collection: an account kept for someone who has left, or one that
            // only does institution-level work (resetting passwords, say).
            agentDivisions.add(home);
            if (random.chance(0.5)) body.push('    institution {', ...policyLines([random.pick(institutionRows)], '        '), '    }');
        } else {
            const wanted = 1 + weightedIndex(random, [40, 25, 15, 12, 8]);
            const chosen = new Set<number>();
            for (let tries = 0; chosen.size < Math.min(wanted, collectionCount) && tries < 50; tries++) {
                const pool = random.chance(0.8) && collectionsByDivision[home]!.length > 0 ? collectionsByDivision[home]! : collections.map((_, i) => i);
                chosen.add(random.pick(pool));
            }
            for (const c of [...chosen].sort((a, b) => a - b)) {
                agentDivisions.add(divisionOf(c));
                const available = rolesOfCollection[c]!;
                const roles = new Set<string>();
                if (!managers.has(c)) {
                    managers.set(c, u);
                    roles.add(available.find((r) => r.manager)!.name);
                }
                const ordinary = available.filter((r) => !r.manager);
                const count = roles.size > 0 ? 0 : 1 + weightedIndex(random, [60, 30, 10]);
                for (let k = 0; k < count; k++) roles.add(ordinary[weightedIndex(random, ordinary.map((r) => r.weight))]!.name);
                body.push(`    in ${collections[c]!.name} {`, '        access', `        roles ${[...roles].join(', ')}`);
                if (random.chance(0.12)) body.push(...policyLines(extraRows(random, [], tables, tools, random.between(1, 3)), '        '));
                body.push('    }');
            }
            if (random.chance(0.1)) {
                const rows = distinct(Array.from({ length: random.between(1, 2) }, () => random.pick(institutionRows)));
                body.push('    institution {', ...policyLines(rows, '        '), '    }');
            }
            if ([...managers.values()].includes(u)) lines.push('// spol-ignore-next-line escalation -- the collection manager looks after its users and roles.');
        }
        lines.push(`user ${name} "${given} ${surname}" {`);
        for (const v of [...agentDivisions].sort((a, b) => a - b)) lines.push(`    agent "${agentName}" in ${divisions[v]!.name}`);
        lines.push(...body, '}', '');
        userTexts[home]!.push(...lines);
        userCounts[home]!++;
        flush(home, false);
    }
    divisions.forEach((_, v) => flush(v, true));
    return files;
}

/** Writes the files below `folder`, replacing what was there. */
export function writeInstitution(folder: string, files: WorkspaceFiles): void {
    rmSync(folder, { recursive: true, force: true });
    for (const [path, text] of files) {
        const target = join(folder, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
    }
}

/** Lines of text in the files. */
export function lineCount(files: WorkspaceFiles): number {
    let lines = 0;
    for (const text of files.values()) lines += text.split('\n').length;
    return lines;
}

/** `count` rows that `held` (and each other) do not already grant: a table action or a tool's action. */
function extraRows(random: Random, held: readonly Row[], tables: readonly Grantable[], tools: readonly Grantable[], count: number): Row[] {
    const rows: Row[] = [];
    for (let tries = 0; rows.length < count && tries < count * 20; tries++) {
        const grantable = random.chance(0.75) ? random.pick(tables) : random.pick(tools);
        const row = { resource: grantable.resource, action: random.pick(grantable.actions) };
        const covered = [...held, ...rows].some((h) => like(row.resource, h.resource) && like(row.action, h.action));
        if (!covered) rows.push(row);
    }
    return rows;
}

/** One `allow` line per resource, actions in the order first met. */
function policyLines(rows: readonly Row[], indent = '    '): string[] {
    const byResource = new Map<string, string[]>();
    for (const row of rows) {
        const actions = byResource.get(row.resource) ?? [];
        if (!actions.includes(row.action)) actions.push(row.action);
        byResource.set(row.resource, actions);
    }
    return [...byResource].map(([resource, actions]) => `${indent}allow ${resource}: ${actions.join(', ')}`);
}

function distinct(rows: readonly Row[]): Row[] {
    return rows.filter((row, i) => rows.findIndex((r) => r.resource === row.resource && r.action === row.action) === i);
}

function weightedIndex(random: Random, weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = random.fraction() * total;
    for (let i = 0; i < weights.length; i++) {
        x -= weights[i]!;
        if (x < 0) return i;
    }
    return weights.length - 1;
}

function missingTemplate(name: string): never {
    throw new Error(`Specify's role library has no role ${name}.`);
}

function pad(n: number, width: number): string {
    return String(n).padStart(width, '0');
}

function asciiName(name: string): string {
    return name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

/** `--users N --collections M --seed S --out DIR`, each optional but --out. */
export function parseGeneratorArguments(args: readonly string[]): InstitutionParameters & { readonly out?: string } {
    const values = new Map<string, string>();
    for (let i = 0; i < args.length; i += 2) {
        const key = args[i]!;
        const value = args[i + 1];
        if (!/^--(users|collections|seed|out)$/.test(key) || value === undefined) throw new Error(`Unknown or incomplete option '${key}': use --users N --collections M --seed S --out DIR.`);
        values.set(key.slice(2), value);
    }
    const count = (key: 'users' | 'collections' | 'seed'): number => {
        const text = values.get(key);
        if (text === undefined) return DEFAULT_INSTITUTION[key];
        const n = Number(text);
        if (!Number.isInteger(n) || n < (key === 'seed' ? 0 : 1)) throw new Error(`--${key} must be a whole number, not '${text}'.`);
        return n;
    };
    const out = values.get('out');
    return { users: count('users'), collections: count('collections'), seed: count('seed'), ...(out !== undefined ? { out } : {}) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
    const { out, ...parameters } = parseGeneratorArguments(process.argv.slice(2));
    if (out === undefined) throw new Error('Say where to write the workspace: --out DIR.');
    const files = generateInstitution(parameters);
    writeInstitution(out, files);
    console.log(`wrote ${files.size} files, ${lineCount(files)} lines, to ${out}`);
}
