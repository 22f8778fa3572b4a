/**
 * Reads back the folder that `export --all` writes (rest-shapes.ts `exportInstitution`) into a
 * PolicyModel: the inverse of the export, so that exporting the model read gives the same bytes.
 *
 * What is read, and from where:
 * - manifest.json: the numbering (ids of collections, divisions, users, library roles and role
 *   copies, with their names and titles), the `workspace` details (the institution tree, agents,
 *   Specify 6 settings: workspace-details.ts), and per file the request it is the body of, which
 *   says whose file it is (`/permissions/user_roles/<collectionid>/<userid>/`);
 * - the REST bodies, never the Export-shape files: `library/roles.rest.json` and
 *   `collections/<C>/roles.rest.json` hold the rows Specify stores exactly (the Export file is
 *   lossy: role-export-format.md), `users/<u>/institution-policies.json` and
 *   `users/<u>/<C>/policies.json` a user's own rows, `users/<u>/<C>/roles.json` the role copies
 *   held, by id.
 *
 * The model says what Specify stores, and nothing more: every role, library role and user policy is
 * written out row for row (resources and actions exactly as stored, in stored order), the copies of
 * one role (one `role` identifier in the numbering, consecutive ids, equal bodies) become one role
 * declared `in` each of their collections; an institution-level first row `%` / `%` is `institution
 * admin` and a collection-level first row `/system/sp7/collection` / `access` is `access`; a last
 * `/field/%` / `%` that the engine adds back by itself is left out, and a set with collection access
 * but without that row says `without /field/%` (stored.ts). Library templates (`from library`) are
 * not recorded by Specify: tidying the model finds them again (tidy-model.ts).
 *
 * Refused, with the file, line and column: a missing manifest or listed file, text that is not JSON,
 * a value of the wrong type, an id the numbering does not hold, a body whose name or count differs
 * from the numbering. Unknown resources and actions are not refused: Specify stores any string, and
 * `spol check` reports them on the workspace. Pure: the caller reads the folder.
 */
import type { Diagnostic } from '../diagnostic.js';
import type {
    CollectionGrant,
    Institution,
    LibraryRole,
    Policy,
    PolicyModel,
    Role,
    Specify6Settings,
    User,
    WithoutFieldWildcard
} from '../model/policy-model.js';
import { fieldWildcardCause } from '../model/stored.js';
import { JsonDocument, formatPointer, type JsonNode, type JsonObjectNode } from './import/json-locations.js';
import type { InstitutionJson } from './workspace-details.js';

export const MANIFEST = 'manifest.json';
export const EXPORT_FORMAT = 'spol-specify-export';

export type ReadInstitutionResult =
    | { readonly ok: true; readonly model: PolicyModel; readonly notes: readonly string[] }
    | { readonly ok: false; readonly problems: readonly Diagnostic[] };

export interface ReadInstitutionOptions {
    /** The name the diagnostics give a file of the folder (default: its relative path). */
    readonly fileName?: (path: string) => string;
}

/** Thrown inside the reader at the first problem; the reader returns it as a diagnostic. */
class Refusal extends Error {
    constructor(readonly diagnostic: Diagnostic) {
        super(diagnostic.message);
    }
}

const ZERO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** One JSON file of the folder, parsed, with helpers that refuse a value at its place. */
class JsonFile {
    private constructor(
        readonly path: string,
        private readonly shown: string,
        readonly document: JsonDocument
    ) {}

    static parse(path: string, text: string, shown: string): JsonFile {
        const parsed = JsonDocument.parse(text);
        if (!parsed.ok) {
            throw new Refusal({
                code: 'json-syntax',
                severity: 'error',
                message: `${path} is not JSON: ${parsed.error.message.replace(/\.$/, '')}.`,
                source: { file: shown, range: parsed.error.range }
            });
        }
        const file = new JsonFile(path, shown, parsed.document);
        const duplicate = parsed.duplicateKeys[0];
        if (duplicate) file.refuse(duplicate.pointer, 'duplicate-key', `${path} writes the key at ${duplicate.pointer} twice.`, 'key');
        return file;
    }

    refuse(pointer: string, code: string, message: string, part: 'value' | 'key' = 'value'): never {
        const place = this.document.locate(pointer, part);
        throw new Refusal({ code, severity: 'error', message, source: { file: this.shown, range: place.range }, data: { pointer } });
    }

    node(pointer: string): JsonNode | undefined {
        return this.document.resolve(pointer)?.node;
    }

    private expect(pointer: string, kind: JsonNode['kind'], what: string): JsonNode {
        const node = this.node(pointer);
        if (!node) this.refuse(pointer, 'missing-key', `${this.path} has no ${label(pointer)}: it needs ${what}.`);
        if (node.kind !== kind) this.refuse(pointer, 'wrong-type', `${this.path}: ${label(pointer)} must be ${what}.`);
        return node;
    }

    object(pointer: string): JsonObjectNode {
        return this.expect(pointer, 'object', 'an object') as JsonObjectNode;
    }

    /** The pointers of an array's elements. */
    items(pointer: string): string[] {
        const node = this.expect(pointer, 'array', 'an array');
        return node.kind === 'array' ? node.items.map((_, i) => `${pointer}/${i}`) : [];
    }

    string(pointer: string): string {
        this.expect(pointer, 'string', 'a string');
        return this.value(pointer) as string;
    }

    optionalString(pointer: string): string | undefined {
        return this.node(pointer) === undefined ? undefined : this.string(pointer);
    }

    id(pointer: string): number {
        this.expect(pointer, 'number', 'a positive whole number');
        const value = this.value(pointer) as number;
        if (!Number.isSafeInteger(value) || value < 1) this.refuse(pointer, 'wrong-type', `${this.path}: ${label(pointer)} must be a positive whole number.`);
        return value;
    }

    boolean(pointer: string): boolean {
        this.expect(pointer, 'boolean', 'true or false');
        return this.value(pointer) as boolean;
    }

    /** The value of a scalar, from its own text. */
    value(pointer: string): unknown {
        const node = this.node(pointer);
        return node === undefined ? undefined : JSON.parse(this.document.textOf(node));
    }

    /** A REST policy object `{resource: [actions]}`, members in text order. */
    serverPolicies(pointer: string): [string, string[]][] {
        const node = this.object(pointer);
        return node.members.map((member) => {
            const at = `${pointer}${formatPointer([member.key])}`;
            return [member.key, this.items(at).map((item) => this.string(item))];
        });
    }
}

function label(pointer: string): string {
    return pointer === '' ? 'top-level value' : `'${pointer}'`;
}

interface NumberedEntry {
    readonly id: number;
    readonly name: string;
    readonly title?: string;
    readonly pointer: string;
}

interface RoleEntry extends NumberedEntry {
    /** The spol identifier of the role this copy belongs to. */
    readonly role: string;
    readonly collection: string;
    readonly collectionId: number;
}

interface ListedFile {
    readonly path: string;
    readonly endpoint: string;
    readonly pointer: string;
}

/** Reads an `export --all` folder (relative path → text) into a model; see the module comment. */
export function readInstitution(files: ReadonlyMap<string, string>, options: ReadInstitutionOptions = {}): ReadInstitutionResult {
    const shown = options.fileName ?? ((path: string) => path);
    try {
        return new InstitutionReader(files, shown).read();
    } catch (error) {
        if (error instanceof Refusal) return { ok: false, problems: [error.diagnostic] };
        throw error;
    }
}

const ENDPOINTS = {
    library: /^\/permissions\/library_roles\/$/,
    roles: /^\/permissions\/roles\/(\d+)\/$/,
    institutionPolicies: /^\/permissions\/user_policies\/institution\/(\d+)\/$/,
    userPolicies: /^\/permissions\/user_policies\/(\d+)\/(\d+)\/$/,
    userRoles: /^\/permissions\/user_roles\/(\d+)\/(\d+)\/$/
};

class InstitutionReader {
    private readonly notes: string[] = [];
    private readonly parsed = new Map<string, JsonFile>();
    private manifest!: JsonFile;

    constructor(
        private readonly files: ReadonlyMap<string, string>,
        private readonly shown: (path: string) => string
    ) {}

    read(): ReadInstitutionResult {
        const text = this.files.get(MANIFEST);
        if (text === undefined) {
            throw new Refusal({
                code: 'missing-manifest',
                severity: 'error',
                message: `The folder has no ${MANIFEST}: it is not a folder that spol export --all wrote.`,
                source: { file: this.shown(MANIFEST), range: ZERO_RANGE }
            });
        }
        const manifest = (this.manifest = JsonFile.parse(MANIFEST, text, this.shown(MANIFEST)));
        manifest.object('');
        if (manifest.node('/format')?.kind !== 'string' || manifest.value('/format') !== EXPORT_FORMAT) {
            manifest.refuse(manifest.node('/format') ? '/format' : '', 'not-an-export', `${MANIFEST} does not say "format": "${EXPORT_FORMAT}": it is not from spol export --all.`);
        }
        manifest.object('/numbering');
        const collections = this.entries('/numbering/collections');
        const divisions = this.entries('/numbering/divisions');
        const users = this.entries('/numbering/users');
        const libraryEntries = this.entries('/numbering/libraryRoles');
        const roleEntries = this.roleEntries(collections);
        const listed = this.listedFiles();

        const institutions = this.institutions(collections, divisions);
        const libraryRoles = this.libraryRoles(libraryEntries, listed);
        const { roles, roleOfCopy } = this.roles(roleEntries, collections, listed);
        const userList = this.users(users, collections, roleEntries, roleOfCopy, listed);
        return { ok: true, model: { institutions, libraryRoles, roles, users: userList }, notes: this.notes };
    }

    // ---------------------------------------------------------------- manifest

    private entries(pointer: string): NumberedEntry[] {
        const manifest = this.manifest;
        return manifest.items(pointer).map((at, i) => {
            manifest.object(at);
            const id = manifest.id(`${at}/id`);
            if (id !== i + 1) manifest.refuse(`${at}/id`, 'wrong-id', `${MANIFEST}: ${label(at)} has id ${id}; the numbering counts 1, 2, … in order, so it should be ${i + 1}.`);
            const title = manifest.optionalString(`${at}/title`);
            return { id, name: manifest.string(`${at}/name`), ...(title !== undefined ? { title } : {}), pointer: at };
        });
    }

    private roleEntries(collections: readonly NumberedEntry[]): RoleEntry[] {
        const manifest = this.manifest;
        return manifest.items('/numbering/roles').map((at, i) => {
            manifest.object(at);
            const id = manifest.id(`${at}/id`);
            if (id !== i + 1) manifest.refuse(`${at}/id`, 'wrong-id', `${MANIFEST}: ${label(at)} has id ${id}; role copies are numbered 1, 2, … in order, so it should be ${i + 1}.`);
            const collectionId = manifest.id(`${at}/collectionId`);
            const collection = collections[collectionId - 1];
            if (!collection) return manifest.refuse(`${at}/collectionId`, 'unknown-id', `${MANIFEST}: no collection has id ${collectionId}.`);
            return {
                id,
                role: manifest.string(`${at}/role`),
                name: manifest.string(`${at}/name`),
                collection: collection.name,
                collectionId,
                pointer: at
            };
        });
    }

    private listedFiles(): ListedFile[] {
        const manifest = this.manifest;
        const listed: ListedFile[] = [];
        for (const at of manifest.items('/files')) {
            manifest.object(at);
            const path = manifest.string(`${at}/path`);
            const endpoint = manifest.optionalString(`${at}/endpoint`);
            if (endpoint === undefined) continue;
            listed.push({ path, endpoint, pointer: at });
        }
        return listed;
    }

    /** The parsed file the manifest lists at `entry`, or a refusal at the entry when the folder lacks it. */
    private file(entry: ListedFile): JsonFile {
        let file = this.parsed.get(entry.path);
        if (!file) {
            const text = this.files.get(entry.path);
            if (text === undefined) this.manifest.refuse(`${entry.pointer}/path`, 'missing-file', `${MANIFEST} lists ${entry.path}, which the folder does not have.`);
            file = JsonFile.parse(entry.path, text, this.shown(entry.path));
            this.parsed.set(entry.path, file);
        }
        return file;
    }

    /** The listed files whose endpoint matches, with the endpoint's numbers. */
    private matching(listed: readonly ListedFile[], pattern: RegExp): { entry: ListedFile; ids: number[] }[] {
        const out: { entry: ListedFile; ids: number[] }[] = [];
        for (const entry of listed) {
            const match = pattern.exec(entry.endpoint);
            if (match) out.push({ entry, ids: match.slice(1).map(Number) });
        }
        return out;
    }

    // ---------------------------------------------------------------- the institution tree

    private institutions(collections: readonly NumberedEntry[], divisions: readonly NumberedEntry[]): Institution[] {
        const manifest = this.manifest;
        if (manifest.node('/workspace') === undefined) {
            this.notes.push(
                `${MANIFEST} has no workspace details (spol export --all before they were added): the institution is called Institution, and discipline types, collection codes, agents and Specify 6 settings are not known.`
            );
            return [fromNumbering(collections, divisions, manifest)];
        }
        manifest.object('/workspace');
        const institutions = manifest.items('/workspace/institutions').map((at) => this.institution(at));
        const walked = institutions.flatMap((i) => i.divisions);
        const walkedCollections = walked.flatMap((d) => d.disciplines.flatMap((s) => s.collections));
        const mismatch = (what: string, list: readonly NumberedEntry[], names: readonly string[]) => {
            const i = list.findIndex((entry, k) => entry.name !== names[k]);
            if (i >= 0) manifest.refuse(list[i]!.pointer, 'mismatch', `${MANIFEST}: ${what} ${list[i]!.id} is ${JSON.stringify(list[i]!.name)} in the numbering but ${names[i] === undefined ? 'missing' : JSON.stringify(names[i])} in the workspace tree.`);
            if (names.length > list.length) manifest.refuse('/workspace/institutions', 'mismatch', `${MANIFEST}: the workspace tree has ${names.length} ${what}s, the numbering ${list.length}.`);
        };
        mismatch('division', divisions, walked.map((d) => d.name));
        mismatch('collection', collections, walkedCollections.map((c) => c.name));
        return institutions;
    }

    private institution(at: string): Institution {
        const m = this.manifest;
        const named = (pointer: string) => {
            m.object(pointer);
            const title = m.optionalString(`${pointer}/title`);
            return { name: m.string(`${pointer}/name`), ...(title !== undefined ? { title } : {}) };
        };
        return {
            ...named(at),
            divisions: m.items(`${at}/divisions`).map((d) => {
                const division = named(d);
                return {
                    ...division,
                    disciplines: m.items(`${d}/disciplines`).map((s) => {
                        const discipline = named(s);
                        const type = m.optionalString(`${s}/type`);
                        return {
                            ...discipline,
                            ...(type !== undefined ? { type } : {}),
                            division: division.name,
                            collections: m.items(`${s}/collections`).map((c) => {
                                const code = m.optionalString(`${c}/code`);
                                return { ...named(c), ...(code !== undefined ? { code } : {}), division: division.name, discipline: discipline.name };
                            })
                        };
                    })
                };
            })
        };
    }

    // ---------------------------------------------------------------- roles

    /** One role body (`{name, description, policies}`) of a REST file, checked against its numbered entry. */
    private roleBody(file: JsonFile, at: string, expected: string): { description?: string; rows: [string, string[]][] } {
        file.object(at);
        const name = file.string(`${at}/name`);
        if (name !== expected) file.refuse(`${at}/name`, 'mismatch', `${file.path}: this role is ${JSON.stringify(name)}, but ${MANIFEST} numbers ${JSON.stringify(expected)} here.`);
        const description = file.string(`${at}/description`);
        return { ...(description !== '' ? { description } : {}), rows: file.serverPolicies(`${at}/policies`) };
    }

    private libraryRoles(entries: readonly NumberedEntry[], listed: readonly ListedFile[]): LibraryRole[] {
        const [library] = this.matching(listed, ENDPOINTS.library);
        if (!library) {
            if (entries.length > 0) this.manifest.refuse('/files', 'missing-file', `${MANIFEST} numbers library roles but lists no file of their REST bodies (library/roles.rest.json).`);
            return [];
        }
        const file = this.file(library.entry);
        const items = file.items('');
        if (items.length !== entries.length) file.refuse('', 'mismatch', `${file.path} holds ${items.length} library roles, ${MANIFEST} numbers ${entries.length}.`);
        return entries.map((entry, i) => {
            const body = this.roleBody(file, items[i]!, specifyName(entry));
            const { policies, without } = storedAs(body.rows, 'set');
            return {
                name: entry.name,
                ...(entry.title !== undefined ? { title: entry.title } : {}),
                ...(body.description !== undefined ? { description: body.description } : {}),
                policies,
                ...(without ? { without } : {})
            };
        });
    }

    private roles(
        entries: readonly RoleEntry[],
        collections: readonly NumberedEntry[],
        listed: readonly ListedFile[]
    ): { roles: Role[]; roleOfCopy: Map<number, Role> } {
        // Each copy's body, from its collection's file (copies there in ascending id).
        const bodies = new Map<number, { description?: string; rows: [string, string[]][] }>();
        const byCollection = new Map<number, RoleEntry[]>();
        for (const entry of entries) {
            const list = byCollection.get(entry.collectionId);
            if (list) list.push(entry);
            else byCollection.set(entry.collectionId, [entry]);
        }
        const seen = new Set<number>();
        for (const { entry, ids } of this.matching(listed, ENDPOINTS.roles)) {
            const collectionId = ids[0]!;
            if (!collections[collectionId - 1]) this.manifest.refuse(`${entry.pointer}/endpoint`, 'unknown-id', `${MANIFEST}: no collection has id ${collectionId}.`);
            seen.add(collectionId);
            const file = this.file(entry);
            const items = file.items('');
            const copies = byCollection.get(collectionId) ?? [];
            if (items.length !== copies.length) {
                file.refuse('', 'mismatch', `${file.path} holds ${items.length} roles, ${MANIFEST} numbers ${copies.length} in ${collections[collectionId - 1]!.name}.`);
            }
            copies.forEach((copy, i) => bodies.set(copy.id, this.roleBody(file, items[i]!, copy.name)));
        }
        const missing = entries.find((entry) => !seen.has(entry.collectionId));
        if (missing) this.manifest.refuse(missing.pointer, 'missing-file', `${MANIFEST} numbers role ${missing.id} in ${missing.collection} but lists no REST file of that collection's roles.`);

        // Consecutive copies of one role identifier with equal bodies are one role declared in each collection.
        const runs: { entry: RoleEntry; key: string; ids: number[]; collections: string[] }[] = [];
        for (const entry of entries) {
            const key = JSON.stringify([entry.name, bodies.get(entry.id)!]);
            const current = runs.at(-1);
            if (current && current.entry.role === entry.role && current.key === key && !current.collections.includes(entry.collection)) {
                current.collections.push(entry.collection);
                current.ids.push(entry.id);
            } else {
                runs.push({ entry, key, ids: [entry.id], collections: [entry.collection] });
            }
        }
        const roleOfCopy = new Map<number, Role>();
        const roles = runs.map(({ entry, ids, collections: names }): Role => {
            const body = bodies.get(entry.id)!;
            const { policies, without } = storedAs(body.rows, 'set');
            const role: Role = {
                name: entry.role,
                ...(entry.name !== entry.role ? { title: entry.name } : {}),
                ...(body.description !== undefined ? { description: body.description } : {}),
                collections: names.map((name) => ({ name })),
                templates: [],
                policies,
                ...(without ? { without } : {})
            };
            for (const id of ids) roleOfCopy.set(id, role);
            return role;
        });
        return { roles, roleOfCopy };
    }

    // ---------------------------------------------------------------- users

    private users(
        entries: readonly NumberedEntry[],
        collections: readonly NumberedEntry[],
        roleEntries: readonly RoleEntry[],
        roleOfCopy: ReadonlyMap<number, Role>,
        listed: readonly ListedFile[]
    ): User[] {
        const manifest = this.manifest;
        const userIdAt = (entry: ListedFile, id: number) => {
            if (!entries[id - 1]) manifest.refuse(`${entry.pointer}/endpoint`, 'unknown-id', `${MANIFEST}: no user has id ${id}.`);
            return id;
        };
        const collectionAt = (entry: ListedFile, id: number) => {
            const collection = collections[id - 1];
            if (!collection) return manifest.refuse(`${entry.pointer}/endpoint`, 'unknown-id', `${MANIFEST}: no collection has id ${id}.`);
            return collection.name;
        };

        const institutionFiles = new Map<number, ListedFile>();
        for (const { entry, ids } of this.matching(listed, ENDPOINTS.institutionPolicies)) institutionFiles.set(userIdAt(entry, ids[0]!), entry);
        // Per user, per collection (in the order the manifest lists them: numbering order).
        const grants = new Map<number, Map<string, { policies?: ListedFile; roles?: ListedFile }>>();
        const grantOf = (user: number, collection: string) => {
            let perUser = grants.get(user);
            if (!perUser) grants.set(user, (perUser = new Map()));
            let files = perUser.get(collection);
            if (!files) perUser.set(collection, (files = {}));
            return files;
        };
        for (const { entry, ids } of this.matching(listed, ENDPOINTS.userPolicies)) grantOf(userIdAt(entry, ids[1]!), collectionAt(entry, ids[0]!)).policies = entry;
        for (const { entry, ids } of this.matching(listed, ENDPOINTS.userRoles)) grantOf(userIdAt(entry, ids[1]!), collectionAt(entry, ids[0]!)).roles = entry;

        const details = this.userDetails(entries);
        return entries.map((entry): User => {
            const listedInstitution = institutionFiles.get(entry.id);
            let institutionAdmin = false;
            let institutionPolicies: Policy[] = [];
            if (listedInstitution) {
                const file = this.file(listedInstitution);
                const rows = file.serverPolicies('');
                const first = rows[0];
                if (first && first[0] === '%' && first[1][0] === '%') {
                    institutionAdmin = true;
                    rows[0] = ['%', first[1].slice(1)];
                    if (rows[0][1].length === 0) rows.shift();
                }
                institutionPolicies = rows.map(([resource, actions]) => policyOf(resource, actions));
            }
            const collectionGrants: CollectionGrant[] = [];
            for (const [collection, files] of grants.get(entry.id) ?? []) {
                let access = false;
                let policies: Policy[] = [];
                let without: WithoutFieldWildcard | undefined;
                if (files.policies) {
                    const rows = this.file(files.policies).serverPolicies('');
                    const first = rows[0];
                    if (first && first[0] === ACCESS_RESOURCE && first[1][0] === ACCESS_ACTION) {
                        access = true;
                        rows[0] = [ACCESS_RESOURCE, first[1].slice(1)];
                        if (rows[0][1].length === 0) rows.shift();
                    }
                    ({ policies, without } = storedAs(rows, access ? 'after-access' : 'set'));
                }
                const held: { name: string }[] = [];
                if (files.roles) {
                    const file = this.file(files.roles);
                    for (const at of file.items('')) {
                        file.object(at);
                        const id = file.id(`${at}/id`);
                        const copy = roleEntries[id - 1];
                        if (!copy || copy.collection !== collection) {
                            file.refuse(`${at}/id`, 'unknown-id', `${file.path}: ${MANIFEST} numbers no role ${id} in ${collection}.`);
                        }
                        held.push({ name: roleOfCopy.get(id)!.name });
                    }
                }
                collectionGrants.push({
                    collection: { name: collection },
                    ...(access ? { access: {} } : {}),
                    roles: held,
                    policies,
                    ...(without ? { without } : {})
                });
            }
            const detail = details.get(entry.id);
            return {
                name: entry.name,
                ...(entry.title !== undefined ? { title: entry.title } : {}),
                agents: detail?.agents ?? [],
                ...(institutionAdmin ? { institutionAdmin: {} } : {}),
                institutionPolicies,
                collections: collectionGrants,
                ...(detail?.specify6 ? { specify6: detail.specify6 } : {})
            };
        });
    }

    private userDetails(entries: readonly NumberedEntry[]): Map<number, { agents: User['agents']; specify6?: Specify6Settings }> {
        const m = this.manifest;
        const out = new Map<number, { agents: User['agents']; specify6?: Specify6Settings }>();
        if (m.node('/workspace') === undefined) return out;
        for (const at of m.items('/workspace/users')) {
            m.object(at);
            const id = m.id(`${at}/id`);
            if (!entries[id - 1]) m.refuse(`${at}/id`, 'unknown-id', `${MANIFEST}: no user has id ${id}.`);
            const agents = m.items(`${at}/agents`).map((a) => {
                m.object(a);
                return { name: m.string(`${a}/name`), division: { name: m.string(`${a}/division`) } };
            });
            let specify6: Specify6Settings | undefined;
            if (m.node(`${at}/specify6`) !== undefined) {
                const s = `${at}/specify6`;
                m.object(s);
                const group = m.optionalString(`${s}/group`);
                specify6 = {
                    admin: m.boolean(`${s}/admin`),
                    ...(group !== undefined ? { group } : {}),
                    collections: m.items(`${s}/collections`).map((c) => ({ name: m.string(c) }))
                };
            }
            out.set(id, { agents, ...(specify6 ? { specify6 } : {}) });
        }
        return out;
    }
}

const ACCESS_RESOURCE = '/system/sp7/collection';
const ACCESS_ACTION = 'access';
const FIELD_WILDCARD = '/field/%';

function specifyName(entry: NumberedEntry): string {
    return entry.title ?? entry.name;
}

function policyOf(resource: string, actions: readonly string[]): Policy {
    return { resource, actions: actions.map((name) => ({ name })) };
}

/**
 * Stored rows (a REST policy object, in order) as policies that make exactly those rows: the engine
 * adds `/field/%` `%` after a set holding collection access that lacks it, so a last `/field/%: %`
 * it adds back is left out, and a set it would add it to but that lacks it says `without /field/%`.
 * `after-access`: the set also holds the `access` keyword's row, before these. Also for reading
 * Specify's rows from elsewhere (a database).
 */
export function storedAs(
    rows: readonly (readonly [string, readonly string[]])[],
    kind: 'set' | 'after-access'
): { policies: Policy[]; without?: WithoutFieldWildcard } {
    const flat = (list: readonly (readonly [string, readonly string[]])[]) => {
        const out = list.flatMap(([resource, actions]) => actions.map((action) => ({ resource, action })));
        return kind === 'after-access' ? [{ resource: ACCESS_RESOURCE, action: ACCESS_ACTION }, ...out] : out;
    };
    let kept = rows;
    const last = rows.at(-1);
    if (last && last[0] === FIELD_WILDCARD && last[1].length === 1 && last[1][0] === '%' && fieldWildcardCause(flat(rows.slice(0, -1)))) {
        kept = rows.slice(0, -1);
    }
    const policies = kept.map(([resource, actions]) => policyOf(resource, actions));
    return fieldWildcardCause(flat(kept)) && kept === rows ? { policies, without: { resource: FIELD_WILDCARD } } : { policies };
}

/** The tree of a manifest without workspace details: divisions and collections from the numbering. */
function fromNumbering(collections: readonly NumberedEntry[], divisions: readonly NumberedEntry[], manifest: JsonFile): Institution {
    const tree: InstitutionJson = {
        name: 'Institution',
        divisions: divisions.map((division) => {
            const disciplines = new Map<string, { name: string; collections: { name: string; title?: string }[] }>();
            for (const collection of collections) {
                if (manifest.string(`${collection.pointer}/division`) !== division.name) continue;
                const discipline = manifest.string(`${collection.pointer}/discipline`);
                let entry = disciplines.get(discipline);
                if (!entry) disciplines.set(discipline, (entry = { name: discipline, collections: [] }));
                entry.collections.push({ name: collection.name, ...(collection.title !== undefined ? { title: collection.title } : {}) });
            }
            return { name: division.name, ...(division.title !== undefined ? { title: division.title } : {}), disciplines: [...disciplines.values()] };
        })
    };
    return {
        name: tree.name,
        divisions: tree.divisions.map((division) => ({
            ...division,
            disciplines: division.disciplines.map((discipline) => ({
                ...discipline,
                division: division.name,
                collections: discipline.collections.map((c) => ({ ...c, division: division.name, discipline: discipline.name }))
            }))
        }))
    };
}
