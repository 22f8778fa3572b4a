import { suggestNames } from '../engine/suggest.js';
import { CliError } from './io.js';

/** Finds a named element or fails with one line and a "did you mean". */
export function requireNamed<T>(kind: string, name: string, known: ReadonlyMap<string, T>): T {
    const found = known.get(name);
    if (found !== undefined) return found;
    const suggestions = suggestNames(name, known.keys());
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
    throw new CliError(`there is no ${kind} ${name} in the workspace.${hint}`);
}
