/**
 * The command-line figures of `npm run bench`: each command run as a user runs it
 * (`node bin/spol.js ...`, a fresh process over the built `out/`), measured by its own CPU time and
 * peak memory (measure-child.ts). `spol check` of the workspace; one `spol can`, `profile` and
 * `who-can` about a sample user and collection; and `spol diff` between the workspace and a copy with
 * a realistic edit (realistic-edit.ts). Targets (issue 14): check of 100,000 lines ≤ 5 s CPU and
 * ≤ 1 GB; a question ≤ 2 s CPU; a diff ≤ 10 s.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { loadWorkspace } from '../language/workspace.js';
import { measureChild, type ChildUsage } from './measure-child.js';
import { realisticEdit, writeEdited, type RealisticEdit } from './realistic-edit.js';
import { repoRoot } from './repo-root.js';

/** What the questions ask about: a user with access to the collection, and a resource and action. */
export interface CliSample {
    readonly user: string;
    readonly collection: string;
    readonly resource: string;
    readonly action: string;
}

/** One command's cost. */
export interface CommandFigure {
    /** The command line after `spol`, with the workspace folder written as `<dir>`. */
    readonly command: string;
    readonly cpuMs: number;
    readonly maxRssMb: number;
    readonly wallMs: number;
    readonly exitCode: number;
}

export interface CliFigures {
    /** Lines and files of `.spol` text in the workspace. */
    readonly lines: number;
    readonly files: number;
    readonly sample: CliSample;
    readonly check: CommandFigure;
    readonly can: CommandFigure;
    readonly profile: CommandFigure;
    readonly whoCan: CommandFigure;
    readonly diff: CommandFigure & { readonly edit: Omit<RealisticEdit, 'edits'>; readonly output: string };
}

export interface CliOptions {
    /** What to ask about; by default a user in the middle of the workspace with access and a role. */
    readonly sample?: CliSample;
    /** The workspace's model, when the caller has loaded it already (it is loaded otherwise). */
    readonly model?: PolicyModel;
}

const SPOL = join(repoRoot(), 'bin', 'spol.js');

/** Measures the commands on the workspace `folder` (`out/` must be built: the commands run from it). */
export async function measureCli(folder: string, options: CliOptions = {}): Promise<CliFigures> {
    const workspaceDir = resolve(folder);
    const model = options.model ?? (await loadWorkspace([workspaceDir], { lint: false })).model;
    const sample = options.sample ?? sampleOf(model);
    const { lines, files } = await sizeOf(workspaceDir);
    const where = ['--in', sample.collection];
    const check = figure(await spol(['check', '--quiet'], [workspaceDir], [0, 1]));
    const can = figure(await spol(['can', sample.user, sample.action, sample.resource, ...where], [workspaceDir], [0, 1]));
    const profile = figure(await spol(['profile', sample.user, ...where], [workspaceDir], [0]));
    const whoCan = figure(await spol(['who-can', sample.action, sample.resource, ...where], [workspaceDir], [0]));
    const { edits, ...edit } = realisticEdit(model);
    const temp = await mkdtemp(join(tmpdir(), 'spol-bench-diff-'));
    try {
        const edited = join(temp, 'edited');
        await writeEdited({ ...edit, edits }, workspaceDir, edited);
        const diff = await spol(['diff'], [workspaceDir, edited], [0]);
        return { lines, files, sample, check, can, profile, whoCan, diff: { ...figure(diff), edit, output: diff.stdout } };
    } finally {
        await rm(temp, { recursive: true, force: true });
    }
}

/** Runs `spol <args> <folders>`; an exit code not in `expected` (a usage error, a crash) is an error. */
async function spol(args: readonly string[], folders: readonly string[], expected: readonly number[]): Promise<ChildUsage & { command: string }> {
    const usage = await measureChild(SPOL, [...args, ...folders]);
    const command = [...args, ...folders.map((_, i) => (i === 0 ? '<dir>' : '<edited dir>'))].join(' ');
    if (!expected.includes(usage.exitCode)) {
        throw new Error(`spol ${command} exited with ${usage.exitCode}: ${(usage.stderr || usage.stdout).trim().slice(-1000)}`);
    }
    return { ...usage, command };
}

function figure({ command, cpuMs, maxRssMb, wallMs, exitCode }: ChildUsage & { command: string }): CommandFigure {
    return { command, cpuMs, maxRssMb, wallMs, exitCode };
}

/** A user in the middle of the list who has access to a collection through a role; `read` on collection objects. */
export function sampleOf(model: PolicyModel): CliSample {
    const middle = Math.floor(model.users.length / 2);
    for (const user of [...model.users.slice(middle), ...model.users.slice(0, middle)]) {
        const grant = user.collections.find((g) => g.access && g.roles.length > 0);
        if (grant) return { user: user.name, collection: grant.collection.name, resource: '/table/collectionobject', action: 'read' };
    }
    throw new Error('the workspace has no user with access to a collection through a role.');
}

/** Lines and files of the `.spol` files below `dir`. */
async function sizeOf(dir: string): Promise<{ lines: number; files: number }> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.spol')).map((e) => join(e.parentPath ?? e.path, e.name));
    let lines = 0;
    for (const file of files) {
        const text = await readFile(file, 'utf8');
        lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    }
    return { lines, files: files.length };
}
