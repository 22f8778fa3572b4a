/**
 * No partial output ever (issue 13): a real `spol` process is killed with SIGKILL at many moments
 * while it formats, imports with --write, exports to a file and exports a whole folder; after every
 * kill each target holds exactly its old bytes or exactly the new bytes of a run that completed
 * (and an export folder is wholly old or wholly new). Kills are spread over the whole run and,
 * timed by the first temporary appearing, over its write phase. What a killed run leaves is named
 * so that workspace discovery ignores it, and the next run cleans it up.
 *
 * Needs the built CLI (`npm run build:cli`).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredSpolFiles } from '../../language/workspace.js';
import { bigWorkspace } from './big-workspace.js';
import { root, runSpol } from './run-binary.js';

const bin = resolve(root, 'bin', 'spol.js');
const LEFTOVER = /^\..+\.\d+\.[a-z0-9]+\.spol-(tmp|new|old|del)$/;
const SIZE = { users: 120, userFiles: 40, roles: 60 } as const;
/** The same workspace with other role descriptions and fewer users: other export and import results. */
const REVISED = { users: 96, userFiles: 32, roles: 60, revised: true } as const;
/** For the commands that write one or two files: loading a big workspace would only slow them. */
const SMALL = { users: 4, userFiles: 1, roles: 60 } as const;
const SMALL_REVISED = { ...SMALL, revised: true } as const;
/** Kills run two at a time. */
const PARALLEL = 2;

/** Every file below `dir` (dot files too), relative path → text. */
function tree(dir: string): Map<string, string> {
    const files = new Map<string, string>();
    const walk = (folder: string) => {
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
            const path = join(folder, entry.name);
            if (entry.isDirectory()) walk(path);
            else files.set(relative(dir, path), readFileSync(path, 'utf8'));
        }
    };
    walk(dir);
    return files;
}

/** The files of `files` below `folder` (relative to it). */
function subtree(files: ReadonlyMap<string, string>, folder: string): Map<string, string> {
    const below = new Map<string, string>();
    for (const [path, text] of files) if (path.startsWith(folder + sep)) below.set(path.slice(folder.length + 1), text);
    return below;
}

function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
    return a.size === b.size && [...a].every(([path, text]) => b.get(path) === text);
}

function temp(prefix: string): string {
    return mkdtempSync(join(tmpdir(), prefix));
}

/** When to kill: so many milliseconds after the start, or so many after the first leftover appears. */
type KillAt = { readonly afterMs: number } | { readonly afterWriteStartMs: number };

interface Run {
    /** Killed by us (false: it finished first). */
    readonly killed: boolean;
    readonly status: number | null;
    /** Milliseconds from the start to the first leftover seen in the watched folder, and to the exit. */
    readonly writeStartMs: number | undefined;
    readonly totalMs: number;
}

/** Runs the built `spol`, watching `folder` for its temporaries, and kills it with SIGKILL as `at` says. */
function runSpolKilled(args: readonly string[], folder: string, at?: KillAt): Promise<Run> {
    const start = Date.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: 'ignore', env: { ...process.env, SPOL_DEBUG: '' } });
    let writeStartMs: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    const watcher = watch(folder, (_event, name) => {
        if (writeStartMs !== undefined || name === null || !LEFTOVER.test(name)) return;
        writeStartMs = Date.now() - start;
        if (at && 'afterWriteStartMs' in at) {
            if (at.afterWriteStartMs === 0) kill();
            else timer = setTimeout(kill, at.afterWriteStartMs);
        }
    });
    if (at && 'afterMs' in at) timer = setTimeout(kill, at.afterMs);
    return new Promise((done, fail) => {
        child.on('error', fail);
        child.on('exit', (status, signal) => {
            watcher.close();
            clearTimeout(timer);
            done({ killed: signal === 'SIGKILL', status, writeStartMs, totalMs: Date.now() - start });
        });
    });
}

/**
 * The moments to kill at, as fractions: of the whole run (`spread`), and of its write phase, from
 * the first temporary seen to the exit (`writing`).
 */
function killMoments(complete: Run, fractions: Moments): KillAt[] {
    const writing = Math.max(1, complete.totalMs - complete.writeStartMs!);
    return [
        ...fractions.spread.map((f) => ({ afterMs: Math.round(complete.totalMs * f) })),
        ...fractions.writing.map((f) => ({ afterWriteStartMs: Math.round(writing * f) }))
    ];
}

interface Moments {
    readonly spread: readonly number[];
    readonly writing: readonly number[];
}

/** Many files: a long write phase, worth more kills. */
const MANY_FILES: Moments = { spread: [0.25, 0.6], writing: [0, 0.1, 0.3, 0.6] };
/** One or two files: the write phase lasts milliseconds. */
const FEW_FILES: Moments = { spread: [0.3, 0.7], writing: [0, 0.5] };

/** One command, from a fresh starting point each time. */
interface Case {
    /** A fresh starting point: the command's arguments, the folder its temporaries appear in, the folder holding its targets. */
    readonly fresh: () => { readonly args: string[]; readonly watch: string; readonly place: string };
    /** The targets are one folder that must be wholly old or wholly new (export --all). */
    readonly folder?: string;
    readonly moments: Moments;
}

/** What a kill left. */
interface Outcome {
    readonly killed: boolean;
    /** Some targets old and others new (each complete). */
    readonly mixed: boolean;
    /** Leftover files or folders of the killed run. */
    readonly leftovers: number;
    /** The target folder missing, the old one complete beside it (killed between the two renames). */
    readonly betweenRenames: boolean;
}

/**
 * Asserts that `place` holds the old or the new bytes of every target and nothing else but
 * leftovers (named as such), and says how it found it.
 */
function checkPlace(place: string, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, folder: string | undefined): Omit<Outcome, 'killed'> {
    const now = tree(place);
    const inLeftover = (path: string) => path.split(sep).some((part) => LEFTOVER.test(part));
    const leftovers = new Set([...now.keys()].filter(inLeftover).map((path) => path.split(sep).find((part) => LEFTOVER.test(part))!));
    const targets = new Map([...now].filter(([path]) => !inLeftover(path)));
    if (folder !== undefined && [...targets.keys()].every((path) => !path.startsWith(folder + sep))) {
        // Killed between moving the old folder aside and moving the new one in: the old one is complete.
        const aside = [...leftovers].filter((name) => name.startsWith(`.${folder}.`) && name.endsWith('.spol-old'));
        expect(aside).toHaveLength(1);
        expect(sameTree(subtree(now, aside[0]!), subtree(before, folder)), 'the old folder, moved aside, is complete').toBe(true);
        return { mixed: false, leftovers: leftovers.size, betweenRenames: true };
    }
    let old = 0;
    let added = 0;
    for (const path of new Set([...before.keys(), ...after.keys()])) {
        const text = targets.get(path);
        expect([before.get(path), after.get(path)], `${path} is neither old nor new`).toContain(text);
        if (before.get(path) === after.get(path)) continue;
        if (text === before.get(path)) old++;
        else added++;
    }
    for (const path of targets.keys()) expect(before.has(path) || after.has(path), `${path} should not be there`).toBe(true);
    if (folder !== undefined) expect(old > 0 && added > 0, `${folder} is part old, part new`).toBe(false);
    return { mixed: old > 0 && added > 0, leftovers: leftovers.size, betweenRenames: false };
}

/**
 * Runs the command once to completion (the new bytes, and when its write phase starts), then kills
 * it at each moment on a fresh starting point and checks what is left. Returns the outcomes and a
 * place a kill left leftovers in (the last one found).
 */
async function killAtManyMoments(command: Case): Promise<{ outcomes: Outcome[]; before: Map<string, string>; after: Map<string, string>; leftoverPlace?: string }> {
    const first = command.fresh();
    const before = tree(first.place);
    const complete = await runSpolKilled(first.args, first.watch);
    expect(complete.status).toBe(0);
    expect(complete.writeStartMs, 'the complete run showed no temporaries').toBeDefined();
    const after = tree(first.place);
    expect(sameTree(before, after)).toBe(false);

    const outcomes: Outcome[] = [];
    let leftoverPlace: string | undefined;
    const moments = killMoments(complete, command.moments);
    const next = async (): Promise<void> => {
        const at = moments.shift();
        if (!at) return;
        const start = command.fresh();
        const run = await runSpolKilled(start.args, start.watch, at);
        if (!run.killed) expect(run.status).toBe(0);
        const outcome = { killed: run.killed, ...checkPlace(start.place, before, after, command.folder) };
        outcomes.push(outcome);
        if (outcome.leftovers > 0) leftoverPlace = start.place;
        await next();
    };
    await Promise.all(Array.from({ length: PARALLEL }, next));
    return { outcomes, before, after, ...(leftoverPlace !== undefined ? { leftoverPlace } : {}) };
}

/** At least one kill came while the command was writing: it left leftovers or a mix. */
function someKillMidWrite(outcomes: readonly Outcome[]): boolean {
    return outcomes.some((o) => o.killed && (o.leftovers > 0 || o.mixed || o.betweenRenames));
}

describe('a spol killed at any moment leaves the old files or the complete new ones', () => {
    const original = bigWorkspace(SIZE);
    const revised = bigWorkspace(REVISED);
    const small = bigWorkspace(SMALL);
    const smallRevised = bigWorkspace(SMALL_REVISED);

    it('fmt over a workspace of many files', { timeout: 300_000 }, async () => {
        const { outcomes, before, after, leftoverPlace } = await killAtManyMoments({
            fresh: () => {
                const place = temp('spol-kill-fmt-');
                cpSync(original, place, { recursive: true });
                return { args: ['fmt', place], watch: join(place, 'users'), place };
            },
            moments: MANY_FILES
        });
        expect(someKillMidWrite(outcomes), JSON.stringify(outcomes)).toBe(true);
        if (leftoverPlace) {
            // Discovery ignores the leftovers; the next run removes them and says so.
            expect((await configuredSpolFiles([leftoverPlace])).length).toBe([...before.keys()].filter((p) => p.endsWith('.spol')).length);
            const again = runSpol(['fmt', leftoverPlace]);
            expect(again.status, again.stderr).toBe(0);
            expect(again.stderr).toMatch(/^note: removed .*\.spol-tmp, left by an interrupted run\.$/m);
            expect(sameTree(tree(leftoverPlace), after)).toBe(true);
        }
    });

    it('import --write into two files', { timeout: 300_000 }, async () => {
        const json = join(temp('spol-kill-json-'), 'roles.json');
        expect(runSpol(['export', '--collection', 'C', '-o', json, smallRevised]).status).toBe(0);
        const { after } = await killAtManyMoments({
            fresh: () => {
                const place = temp('spol-kill-import-');
                cpSync(small, place, { recursive: true });
                return { args: ['import', json, '--collection', 'C', '--write', place], watch: place, place };
            },
            moments: FEW_FILES
        });
        expect(after.get('roles-a.spol')).toBe(readFileSync(join(smallRevised, 'roles-a.spol'), 'utf8'));
        expect(after.get('roles-b.spol')).toBe(readFileSync(join(smallRevised, 'roles-b.spol'), 'utf8'));
    });

    it('export -o over an earlier export', { timeout: 300_000 }, async () => {
        const old = runSpol(['export', '--collection', 'C', small]).stdout;
        await killAtManyMoments({
            fresh: () => {
                const place = temp('spol-kill-export-');
                writeFileSync(join(place, 'roles.json'), old);
                return { args: ['export', '--collection', 'C', '-o', join(place, 'roles.json'), smallRevised], watch: place, place };
            },
            moments: FEW_FILES
        });
    });

    it('export --all over an earlier export: the folder is wholly old or wholly new', { timeout: 300_000 }, async () => {
        const earlier = join(temp('spol-kill-all-'), 'export');
        expect(runSpol(['export', '--all', '-o', earlier, original]).status).toBe(0);
        const { outcomes, before, after, leftoverPlace } = await killAtManyMoments({
            fresh: () => {
                const place = temp('spol-kill-all-');
                cpSync(earlier, join(place, 'export'), { recursive: true });
                return { args: ['export', '--all', '-o', join(place, 'export'), revised], watch: place, place };
            },
            folder: 'export',
            moments: MANY_FILES
        });
        // The revised workspace has fewer users: the new folder has none of their files.
        expect([...before.keys()].some((path) => path.includes(`${sep}u119${sep}`))).toBe(true);
        expect([...after.keys()].some((path) => path.includes(`${sep}u119${sep}`))).toBe(false);
        expect(someKillMidWrite(outcomes), JSON.stringify(outcomes)).toBe(true);
        if (leftoverPlace) {
            const again = runSpol(['export', '--all', '-o', join(leftoverPlace, 'export'), revised]);
            expect(again.status, again.stderr).toBe(0);
            expect(again.stderr).toMatch(/^note: (removed|put back) .*, left by an interrupted run\.$/m);
            expect(sameTree(tree(leftoverPlace), after)).toBe(true);
        }
    });
});
