/**
 * The lint as the editor runs it after every keystroke (and `spol check`, through the same
 * workspace model): the engine's lint (index.ts `lint`: every rule, sorted), carrying over from the
 * previous run what the edit cannot have changed. A keystroke re-converts one document; every
 * other document keeps its part of the model, the very same User, Role and LibraryRole objects
 * (SpolWorkspaceModel keeps parts per parse), and model elements are never mutated. So:
 * - rows Specify would store are taken over from the previous run's index (ModelIndex `previous`);
 * - while the institutions, roles and library roles are the same objects as last time (the world),
 *   what the rules' `checkWorld` found is reported again as it was, and so are the findings of
 *   `checkUser` for every user seen last time: they read the user and the world alone. Only new
 *   users are checked, and each rule's `check` runs.
 * An edit in a role, a library role or the institution checks the world and every user again.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { PolicyModel, User } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';
import { rules as allRules } from './index.js';
import { runRules, type Findings, type KnownFindings, type LintRule } from './rule.js';

interface LastRun {
    readonly model: PolicyModel;
    readonly index: ModelIndex;
    readonly world: Findings | undefined;
    readonly found: ReadonlyMap<User, Findings>;
}

/** A lint function for one workspace: each call lints a model, carrying over from the call before. */
export function carriedLint(rules: readonly LintRule[] = allRules): (model: PolicyModel) => Diagnostic[] {
    let last: LastRun | undefined;
    return (model) => {
        const index = new ModelIndex(model, last?.index);
        const earlier = last && sameWorld(last.model, model) ? last : undefined;
        let world = earlier?.world;
        // Only this run's users are kept for the next one: a user no model holds any more is let go.
        const found = new Map<User, Findings>();
        const known: KnownFindings = {
            world: () => world,
            setWorld(findings) {
                world = findings;
            },
            user(user) {
                const findings = earlier?.found.get(user);
                if (findings) found.set(user, findings);
                return findings;
            },
            setUser(user, findings) {
                found.set(user, findings);
            }
        };
        const diagnostics = runRules(rules, model, index, known).sort(compareDiagnostics);
        index.release();
        last = { model, index, world, found };
        return diagnostics;
    };
}

/** Whether everything in the models but the users is the same objects, in the same order. */
function sameWorld(a: PolicyModel, b: PolicyModel): boolean {
    return sameElements(a.institutions, b.institutions) && sameElements(a.roles, b.roles) && sameElements(a.libraryRoles, b.libraryRoles);
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
    return a === b || (a.length === b.length && a.every((element, i) => element === b[i]));
}
