/**
 * The lint rule factory and the context a rule reports through. One rule per file under `rules/`,
 * each built with `createRule`: a stable kebab-case code, a default severity, a one-line description,
 * and the checks that read the model and report, in up to three parts: `checkWorld` for what the
 * rule finds in everything but the users, `check` for what needs the model as a whole, `checkUser`
 * for what it finds about each user on their own. Rules never throw on odd input: names that
 * resolve to nothing are the language's business and are skipped.
 *
 * Why the parts: most findings are about one user (escalation, missing agents, roles without
 * access) or about roles alone (lossy export), and a workspace has thousands of users but a
 * keystroke changes one element. So the editor's lint (carried-lint.ts) takes over from its last run
 * the findings of `checkWorld` while the institutions, roles and library roles are the same objects,
 * and with them the findings of `checkUser` for every user that is the same object too.
 */
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { PolicyModel, Source, User } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';
import { sourceKey } from './source.js';

/** What a rule reports; the code comes from the rule, the severity too unless given here. */
export interface Report {
    readonly message: string;
    readonly source?: Source;
    readonly data?: Readonly<Record<string, unknown>>;
    /** Overrides the rule's default severity for this one report (documented per rule). */
    readonly severity?: Severity;
}

export interface LintContext {
    readonly model: PolicyModel;
    /** Name lookups and the rows Specify would store, shared by every rule of one run. */
    readonly index: ModelIndex;
    report(report: Report): void;
}

export interface LintRule {
    readonly code: string;
    readonly severity: Severity;
    readonly description: string;
    /**
     * What the rule finds in everything but the users: it reads the model's institutions, roles and
     * library roles and what the index derives from them, never a user. Run before `check`.
     */
    readonly checkWorld?: (context: LintContext) => void;
    /** What the rule finds in the model as a whole (nothing for a rule whose findings are all in the other parts). */
    check(context: LintContext): void;
    /**
     * What the rule finds about one user, run for each user after every rule's `check`. It reads the
     * user and what `checkWorld` may read (with the user's own rows and roles held): never another
     * user, nor the model's users.
     */
    readonly checkUser?: (context: LintContext, user: User) => void;
}

export interface RuleDefinition {
    readonly code: string;
    readonly severity: Severity;
    readonly description: string;
    readonly checkWorld?: (context: LintContext) => void;
    readonly check?: (context: LintContext) => void;
    readonly checkUser?: (context: LintContext, user: User) => void;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function isKebabCase(code: string): boolean {
    return KEBAB_CASE.test(code);
}

/** Builds a rule; a code that is not kebab-case is a programming error, caught at load time. */
export function createRule(definition: RuleDefinition): LintRule {
    if (!isKebabCase(definition.code)) throw new Error(`lint rule code must be kebab-case: ${definition.code}`);
    const { code, severity, description, checkWorld, check = () => undefined, checkUser } = definition;
    return Object.freeze({ code, severity, description, ...(checkWorld ? { checkWorld } : {}), check, ...(checkUser ? { checkUser } : {}) });
}

/** What one part of the rules reported: the reports of each rule that has the part, in rule order. */
export type Findings = readonly (readonly Report[])[];

/**
 * Findings of an earlier run that still hold (carried-lint.ts): runRules reports them again instead
 * of running the checks, and hands over what it did run to be kept.
 */
export interface KnownFindings {
    /** What `checkWorld` found in an earlier run over the same world, if any. */
    world(): Findings | undefined;
    setWorld(found: Findings): void;
    /** What `checkUser` found about this user in an earlier run over the same world, if any. */
    user(user: User): Findings | undefined;
    setUser(user: User, found: Findings): void;
}

/**
 * Runs rules over a model and returns their diagnostics, without sorting. A diagnostic reported
 * twice (same code, place and message, e.g. for a policy shared by `in A, B { ... }`) is kept once.
 * Each rule's `checkWorld` runs, then its `check`; then each user's checks, users in model order
 * (each once). A rule reports in the same order whether or not `known` supplies findings: `known`
 * only stands in for running checks again (carried-lint.ts says when that is right).
 */
export function runRules(rules: readonly LintRule[], model: PolicyModel, index = new ModelIndex(model), known?: KnownFindings): Diagnostic[] {
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    const contexts = rules.map((rule): LintContext => ({
        model,
        index,
        report(report) {
            const key = `${rule.code}\u0000${report.source ? sourceKey(report.source) : ''}\u0000${report.message}`;
            if (seen.has(key)) return;
            seen.add(key);
            out.push({
                code: rule.code,
                severity: report.severity ?? rule.severity,
                message: report.message,
                ...(report.source ? { source: report.source } : {}),
                ...(report.data ? { data: report.data } : {})
            });
        }
    }));
    const earlierWorld = known?.world();
    const worldFound: (readonly Report[])[] = [];
    rules.forEach((rule, i) => {
        const context = contexts[i]!;
        if (rule.checkWorld) {
            const earlier = earlierWorld?.[worldFound.length];
            if (earlier) {
                for (const report of earlier) context.report(report);
                worldFound.push(earlier);
            } else if (known) {
                worldFound.push(new Recorder(rule.checkWorld, context).check(undefined));
            } else {
                rule.checkWorld(context);
            }
        }
        rule.check(context);
    });
    if (known && !earlierWorld) known.setWorld(worldFound);
    const perUser = rules.flatMap((rule, i) => (rule.checkUser ? [{ check: rule.checkUser, context: contexts[i]! }] : []));
    if (perUser.length === 0) return out;
    if (!known) {
        for (const user of new Set(model.users)) for (const { check, context } of perUser) check(context, user);
        return out;
    }
    const recorders = perUser.map(({ check, context }) => new Recorder(check, context));
    const quiet: Findings = recorders.map(() => NONE);
    for (const user of new Set(model.users)) {
        const earlier = known.user(user);
        if (earlier) {
            perUser.forEach(({ context }, i) => {
                for (const report of earlier[i]!) context.report(report);
            });
            continue;
        }
        const found = recorders.map((recorder) => recorder.check(user));
        known.setUser(user, found.every((reports) => reports === NONE) ? quiet : found);
    }
    return out;
}

const NONE: readonly Report[] = Object.freeze([]);

/** Runs one check, passing on what it reports and returning it (NONE for nothing, as for most users). */
class Recorder<T> {
    private reports: Report[] | undefined;
    private readonly context: LintContext;

    constructor(
        private readonly run: (context: LintContext, subject: T) => void,
        into: LintContext
    ) {
        this.context = {
            model: into.model,
            index: into.index,
            report: (report) => {
                (this.reports ??= []).push(report);
                into.report(report);
            }
        };
    }

    check(subject: T): readonly Report[] {
        this.reports = undefined;
        this.run(this.context, subject);
        return this.reports ?? NONE;
    }
}
