/**
 * The soak's core: the engine against the reference evaluator of semantics.md
 * (test/engine/decision/reference-evaluator.ts) on random workspaces written as spol text and read
 * back through the language. Each workspace answers many random questions (in enforce and query
 * mode), so that parsing is a small part of the time; the two answers must agree on allowed, level,
 * reason, the collection gate and the rows with their provenance (compare-decisions.ts).
 *
 * fast-check drives it from one seed, so a run is reproduced by its seed, its number of queries and
 * the questions per workspace.
 * On the first workspace with a disagreement it stops, and fast-check shrinks that workspace and the
 * question that disagreed (minimize.ts then leaves out what fast-check could not); the finding is
 * the shrunk workspace's files, the question and what differed. The evaluator to compare against is
 * a parameter, so that a test can plant a wrong one and see the soak catch it.
 */
import fc from 'fast-check';
import { compile, type PolicyEngine } from '../engine/decision/index.js';
import type { PolicyModel } from '../engine/model/policy-model.js';
import { disagreements, engineAnswer } from '../test/engine/decision/compare-decisions.js';
import { askedOf, question, type Asked, type Question } from '../test/engine/decision/decision-arbitraries.js';
import { referenceDecide } from '../test/engine/decision/reference-evaluator.js';
import { minimize } from './minimize.js';
import { readBack } from './read-back.js';
import { soakWorkspace, workspaceFiles, type SoakWorkspace, type SpolFile } from './soak-workspace.js';

export type ReferenceDecide = typeof referenceDecide;

/** Questions asked of each workspace: parsing a workspace costs about as much as this many questions. */
export const QUESTIONS_PER_WORKSPACE = 200;

export interface SoakOptions {
    /** How many questions to ask in all. */
    readonly queries: number;
    readonly seed: number;
    readonly perWorkspace?: number;
    /** The evaluator the engine must agree with; the reference evaluator unless a test plants another. */
    readonly reference?: ReferenceDecide;
    /** Called after each workspace of the search (not while shrinking), with the questions asked so far. */
    readonly onProgress?: (asked: number, workspaces: number) => void;
    /** Called for each workspace tried while shrinking a finding. */
    readonly onShrink?: (tried: number) => void;
}

/** What disagreed, on the shrunk workspace. */
export interface SoakFinding {
    readonly files: readonly SpolFile[];
    /** The first question the engine and the evaluator answer differently; absent when the language is at fault. */
    readonly asked?: Asked;
    /** One line per difference (or the language's problem). */
    readonly differences: readonly string[];
}

export interface SoakResult {
    readonly seed: number;
    /** Questions asked while searching. */
    readonly queries: number;
    /** Questions answered differently, plus workspaces the language got wrong, while searching. */
    readonly disagreements: number;
    readonly workspaces: number;
    /** The reference evaluator's answers to the questions asked while searching. */
    readonly outcomes: Outcomes;
    readonly finding?: SoakFinding;
    /** Workspaces tried while shrinking the finding. */
    readonly shrinkRuns?: number;
}

interface Outcome {
    readonly asked: number;
    readonly disagreements: number;
    readonly finding?: SoakFinding;
    /** Which question gave the finding. */
    readonly culprit?: number;
}

/**
 * How to go through a workspace's questions: the first `limit` (searching), or only the one that
 * disagreed (shrinking: fast-check then shrinks the workspace and that question, the others only
 * ride along, and each try costs one question).
 */
interface Pass {
    readonly limit: number;
    readonly shrinking?: { readonly only: number };
}

type Read =
    | { readonly ok: true; readonly files: SpolFile[]; readonly model: PolicyModel; readonly engine: PolicyEngine }
    | { readonly ok: false; readonly files: SpolFile[]; readonly problem: string };

/**
 * Workspaces read while shrinking: fast-check shrinks the questions of one workspace (the same
 * object) many times over, and writing and reading it again would tell nothing new.
 */
const readWhileShrinking = new WeakMap<SoakWorkspace, Read>();

async function read(workspace: SoakWorkspace, remember: boolean): Promise<Read> {
    const known = remember ? readWhileShrinking.get(workspace) : undefined;
    if (known) return known;
    const files = workspaceFiles(workspace);
    const back = await readBack(files, workspace.model);
    const result: Read = back.ok ? { ok: true, files, model: back.model, engine: compile(back.model) } : { ...back, files };
    if (remember) readWhileShrinking.set(workspace, result);
    return result;
}

/** How the answers came out, over the questions asked while searching: a soak that only ever refused would prove nothing. */
export interface Outcomes {
    granted: number;
    denied: number;
    /** Refused as a bad question: an unknown user or collection, a name declared twice. */
    refused: number;
}

/** How the engine's answer differs from the evaluator's (an exception from either is a difference too), tallied in `outcomes`. */
function ask(model: PolicyModel, engine: PolicyEngine, one: Asked, reference: ReferenceDecide, outcomes?: Outcomes): string[] {
    try {
        const expected = reference(model, one.query, one.mode);
        if (outcomes) outcomes[expected.error !== undefined ? 'refused' : expected.allowed ? 'granted' : 'denied']++;
        return disagreements(engineAnswer(engine, one), expected);
    } catch (error) {
        return [`threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
    }
}

/** The finding on this workspace: the language's problem with it, or else how the answers to `one` differ. */
async function findingOn(workspace: SoakWorkspace, one: Asked | undefined, reference: ReferenceDecide): Promise<SoakFinding | undefined> {
    try {
        const back = await read(workspace, false);
        if (!back.ok) return { files: back.files, differences: [back.problem] };
        if (!one) return undefined;
        const differences = ask(back.model, back.engine, one, reference);
        return differences.length > 0 ? { files: back.files, asked: one, differences } : undefined;
    } catch {
        return undefined;
    }
}

/** Asks up to `limit` of the questions of one workspace and counts the disagreements. */
async function examine(workspace: SoakWorkspace, questions: readonly Question[], pass: Pass, reference: ReferenceDecide, outcomes?: Outcomes): Promise<Outcome> {
    try {
        const back = await read(workspace, pass.shrinking !== undefined);
        const files = back.files;
        if (!back.ok) return { asked: 0, disagreements: 1, finding: { files, differences: [back.problem] } };
        const { model, engine } = back;
        let count = 0;
        let finding: SoakFinding | undefined;
        let culprit: number | undefined;
        const asked = Math.min(pass.limit, questions.length);
        const order = pass.shrinking ? [pass.shrinking.only] : [...Array(asked).keys()];
        for (const index of order) {
            const one = askedOf(model, questions[index]!);
            const differences = ask(model, engine, one, reference, outcomes);
            if (differences.length > 0) {
                count++;
                if (!finding) {
                    finding = { files, asked: one, differences };
                    culprit = index;
                }
            }
        }
        return { asked, disagreements: count, ...(finding ? { finding, culprit } : {}) };
    } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        return { asked: 0, disagreements: 1, finding: { files: [], differences: [`the workspace could not be written or read: ${message}`, JSON.stringify(workspace)] } };
    }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
    const perWorkspace = options.perWorkspace ?? QUESTIONS_PER_WORKSPACE;
    const reference = options.reference ?? referenceDecide;
    const total = Math.max(0, Math.floor(options.queries));
    let asked = 0;
    let found = 0;
    let workspaces = 0;
    let searching = true;
    let culprit = 0;
    let tried = 0;
    const outcomes: Outcomes = { granted: 0, denied: 0, refused: 0 };
    const property = fc.asyncProperty(
        soakWorkspace,
        fc.array(question, { minLength: perWorkspace, maxLength: perWorkspace }),
        async (workspace, questions) => {
            if (!searching) {
                tried++;
                options.onShrink?.(tried);
                return (await examine(workspace, questions, { limit: perWorkspace, shrinking: { only: culprit } }, reference)).disagreements === 0;
            }
            const outcome = await examine(workspace, questions, { limit: Math.min(perWorkspace, total - asked) }, reference, outcomes);
            asked += outcome.asked;
            found += outcome.disagreements;
            workspaces++;
            options.onProgress?.(asked, workspaces);
            // From the first failure on, fast-check only shrinks: those runs are not counted.
            if (outcome.disagreements > 0) {
                searching = false;
                culprit = outcome.culprit ?? 0;
            }
            return outcome.disagreements === 0;
        }
    );
    const numRuns = Math.ceil(total / perWorkspace);
    const details = numRuns === 0 ? undefined : await fc.check(property, { seed: options.seed, numRuns });
    let finding: SoakFinding | undefined;
    if (details?.failed) {
        if (!details.counterexample) throw details.errorInstance ?? new Error('fast-check stopped without a counterexample.');
        const [workspace, questions] = details.counterexample;
        const shrunk = await examine(workspace, questions, { limit: perWorkspace, shrinking: { only: culprit } }, reference);
        finding = shrunk.finding;
        if (finding && finding.files.length > 0) {
            // Then leave out what fast-check could not, keeping the same concrete question (or a problem of the language).
            const { asked: one } = finding;
            const smallest = await minimize(workspace, async (candidate) => {
                tried++;
                options.onShrink?.(tried);
                return (await findingOn(candidate, one, reference)) !== undefined;
            });
            finding = (await findingOn(smallest, one, reference)) ?? finding;
        }
    }
    return { seed: options.seed, queries: asked, disagreements: found, workspaces, outcomes, ...(finding ? { finding, shrinkRuns: tried } : {}) };
}

/** The finding as text: the files, then the question and what differed. */
export function describeFinding(finding: SoakFinding): string {
    const parts = finding.files.map((file) => `--- ${file.path}\n${file.text}`);
    if (finding.asked) parts.push(`--- question (${finding.asked.mode} mode)\n${JSON.stringify(finding.asked.query)}`);
    parts.push(`--- differences\n${finding.differences.join('\n')}`);
    return parts.join('\n');
}
