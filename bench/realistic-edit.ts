/**
 * A realistic change to a workspace, for timing `spol diff` between two versions of it: what an
 * administrator's pull request does in a week. One role gains actions on a table it did not grant and
 * loses one of its own actions (or one template), one user gets another role in a collection, and
 * another user loses a collection. The edit is found from the workspace's own model and written as
 * text edits at the places the model's sources name, so it works on any workspace that has such
 * roles and users (the examples, the generated institution).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { like } from '../engine/like.js';
import type { CollectionGrant, PolicyModel, Range, Role, Source, User } from '../engine/model/policy-model.js';
import { ModelIndex } from '../engine/model/stored.js';
import { registry } from '../engine/registry/registry.js';

/** Replace `range` of `file` (an absolute path) with `text`. */
export interface TextEdit {
    readonly file: string;
    readonly range: Range;
    readonly text: string;
}

export interface RealisticEdit {
    /** The role edited, the policy it gains (`allow <resource>: <actions>`) and what it loses, as written. */
    readonly role: { readonly name: string; readonly gained: { readonly resource: string; readonly actions: readonly string[] }; readonly lost: string };
    /** The user who gets another role, in these collections. */
    readonly roleAdded: { readonly user: string; readonly role: string; readonly collections: readonly string[] };
    /** The user who loses a collection. */
    readonly collectionRemoved: { readonly user: string; readonly collection: string };
    readonly edits: readonly TextEdit[];
}

/** The edit for this workspace; throws when it has no role or users to edit. */
export function realisticEdit(model: PolicyModel): RealisticEdit {
    const index = new ModelIndex(model);
    const role = editRole(model, index);
    const roleAdded = addRole(model, index);
    const collectionRemoved = removeCollection(model, roleAdded.summary.user);
    return {
        role: role.summary,
        roleAdded: roleAdded.summary,
        collectionRemoved: collectionRemoved.summary,
        edits: [...role.edits, ...roleAdded.edits, ...collectionRemoved.edits]
    };
}

/** Copies the workspace `from` to `to` and applies the edit there (its files are named under `from`). */
export async function writeEdited(edit: RealisticEdit, from: string, to: string): Promise<void> {
    await cp(from, to, { recursive: true });
    const byFile = new Map<string, TextEdit[]>();
    for (const e of edit.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, edits] of byFile) {
        const target = join(to, relative(from, file));
        const original = await readFile(target, 'utf8');
        const starts = lineStarts(original);
        const offset = (p: Range['start']) => (starts[p.line] ?? original.length) + p.character;
        let text = original;
        // From the end of the file back, so that earlier offsets stay valid.
        for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
            text = text.slice(0, offset(e.range.start)) + e.text + text.slice(offset(e.range.end));
        }
        await writeFile(target, text);
    }
}

function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
}

interface Part<T> {
    readonly summary: T;
    readonly edits: TextEdit[];
}

function pathOf(source: Source): string {
    return source.file.startsWith('file:') ? fileURLToPath(source.file) : source.file;
}

function insertAt(source: Source, where: 'start' | 'end', text: string): TextEdit {
    const at = source.range[where];
    return { file: pathOf(source), range: { start: at, end: at }, text };
}

function remove(file: Source, start: Range['start'], end: Range['start']): TextEdit {
    return { file: pathOf(file), range: { start, end }, text: '' };
}

/**
 * A role with something of its own to lose (one concrete action rather than a pattern's, where some
 * role has one) gains `allow <table>: <up to two actions>` it granted nowhere.
 */
function editRole(model: PolicyModel, index: ModelIndex): Part<RealisticEdit['role']> {
    const candidates = model.roles
        .map((role) => ({ role, loss: lossOf(role) }))
        .filter((c): c is { role: Role; loss: NonNullable<ReturnType<typeof lossOf>> } => c.loss !== undefined)
        .sort((a, b) => Number(a.loss.pattern) - Number(b.loss.pattern));
    for (const { role, loss } of candidates) {
        const collection = role.collections[0]?.name;
        if (!role.source || collection === undefined) continue;
        const rows = index.roleRows(role, collection);
        const gained = firstUngranted((resource, action) => rows.some((row) => like(resource, row.resource) && like(action, row.action)));
        if (!gained) continue;
        // Before the role's closing brace.
        const end = role.source.range.end;
        const brace = { line: end.line, character: end.character - 1 };
        const policy = `    allow ${gained.resource}: ${gained.actions.join(', ')}\n`;
        const gain: TextEdit = { file: pathOf(role.source), range: { start: brace, end: brace }, text: `\n${policy}` };
        return { summary: { name: role.name, gained, lost: loss.lost }, edits: [gain, loss.edit] };
    }
    throw new Error('the workspace has no role with its own policies or two templates to edit.');
}

/**
 * What the role loses: the last action of a policy of several actions, else a whole policy, concrete
 * resources before patterns (a few actions, not every table's); else its last template.
 */
function lossOf(role: Role): { lost: string; pattern: boolean; edit: TextEdit } | undefined {
    const policies = [...role.policies].reverse().sort((a, b) => Number(wide(a.resource)) - Number(wide(b.resource)));
    for (const policy of policies) {
        const [before, last] = policy.actions.slice(-2);
        if (policy.actions.length >= 2 && last?.source && before?.source) {
            const edit = remove(last.source, before.source.range.end, last.source.range.end);
            return { lost: `${policy.resource}: ${last.name}`, pattern: wide(policy.resource) || wide(last.name), edit };
        }
    }
    const policy = policies[0];
    if (policy?.source) {
        const lost = `${policy.resource}: ${policy.actions.map((a) => a.name).join(', ')}`;
        return { lost, pattern: wide(lost), edit: remove(policy.source, policy.source.range.start, policy.source.range.end) };
    }
    const [before, last] = role.templates.slice(-2);
    if (role.templates.length >= 2 && before?.source && last?.source) {
        return { lost: `from library ${last.name}`, pattern: true, edit: remove(last.source, before.source.range.end, last.source.range.end) };
    }
    return undefined;
}

/** A `%` stands for many names (a `_` in an action name such as `edit_shared` stands, in practice, for itself). */
function wide(written: string): boolean {
    return written.includes('%');
}

/** The first table (in the registry's order) with actions no row matches: up to two of them. */
function firstUngranted(granted: (resource: string, action: string) => boolean): { resource: string; actions: string[] } | undefined {
    for (const resource of registry.concreteResources()) {
        if (!resource.startsWith('/table/')) continue;
        const actions = registry.actionsOf(resource).filter((action) => !granted(resource, action));
        if (actions.length > 0) return { resource, actions: actions.slice(0, 2) };
    }
    return undefined;
}

/** `in A, B { … }` is one grant per collection, with the same source: the block's grants together. */
function blocksOf(user: User): CollectionGrant[][] {
    const blocks = new Map<string, CollectionGrant[]>();
    for (const grant of user.collections) {
        if (!grant.source) continue;
        const key = JSON.stringify(grant.source);
        blocks.set(key, [...(blocks.get(key) ?? []), grant]);
    }
    return [...blocks.values()];
}

/**
 * A user (not an Institution Admin) with roles in a block gets one more role declared in every
 * collection of that block, one that grants something the user's roles there do not.
 */
function addRole(model: PolicyModel, index: ModelIndex): Part<RealisticEdit['roleAdded']> {
    for (const user of middleFirst(model.users)) {
        if (index.isInstitutionAdmin(user)) continue;
        for (const block of blocksOf(user)) {
            const lastRole = block[0]!.roles.at(-1);
            if (!lastRole?.source) continue;
            const collections = block.map((grant) => grant.collection.name);
            const held = new Set(block[0]!.roles.map((r) => r.name));
            const role = model.roles.find(
                (r) =>
                    !held.has(r.name) &&
                    PLAIN_NAME.test(r.name) &&
                    collections.every((c) => r.collections.some((rc) => rc.name === c) && addsTo(index, user, r, c))
            );
            if (!role) continue;
            return { summary: { user: user.name, role: role.name, collections }, edits: [insertAt(lastRole.source, 'end', `, ${role.name}`)] };
        }
    }
    throw new Error('the workspace has no user who could be given another role.');
}

/** A name written as it is, without quotes. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `role` has a row in `collection` that no row the user holds there covers (patterns taken as written). */
function addsTo(index: ModelIndex, user: User, role: Role, collection: string): boolean {
    const held = [...index.collectionUserRows(user, collection), ...index.rolesHeld(user, collection).flatMap((r) => index.roleRows(r, collection))];
    return index.roleRows(role, collection).some((row) => !held.some((h) => like(row.resource, h.resource) && like(row.action, h.action)));
}

/** Another user with access to a collection loses it: the whole block, or the collection's name in `in A, B`. */
function removeCollection(model: PolicyModel, otherThan: string): Part<RealisticEdit['collectionRemoved']> {
    for (const user of middleFirst(model.users)) {
        if (user.name === otherThan) continue;
        for (const block of blocksOf(user)) {
            if (!block.some((grant) => grant.access)) continue;
            const last = block.at(-1)!.collection;
            const before = block.at(-2)?.collection;
            const summary = { user: user.name, collection: last.name };
            if (block.length === 1 && block[0]!.source) {
                const source = block[0]!.source;
                return { summary, edits: [remove(source, source.range.start, source.range.end)] };
            }
            if (last.source && before?.source) return { summary, edits: [remove(last.source, before.source.range.end, last.source.range.end)] };
        }
    }
    throw new Error('the workspace has no user with access to a collection.');
}

/** From the middle of the list on, then the start: neither the first users written nor the last. */
function middleFirst<T>(items: readonly T[]): T[] {
    const middle = Math.floor(items.length / 2);
    return [...items.slice(middle), ...items.slice(0, middle)];
}
