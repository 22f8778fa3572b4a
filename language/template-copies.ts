/**
 * What `from library T` copies into a role: T's policies as `allow …` lines, read from the
 * workspace's PolicyModel (the first library role of that name, as the engine resolves it), so the
 * hover and the inlay hint on a template reference show what the engine compiles.
 */
import { describePolicy } from '../engine/lint/policies.js';
import type { PolicyModel } from '../engine/model/policy-model.js';

/** The `allow …` lines template `name` copies, or undefined when no library role has that name. */
export function templateCopies(workspace: PolicyModel, name: string): string[] | undefined {
    const template = workspace.libraryRoles.find((t) => t.name === name);
    return template?.policies.map((policy) => `allow ${describePolicy(policy)}`);
}
