import { CliError } from './io.js';

/** Validates `--format`, naming the accepted values in the error. */
export function parseFormat<T extends string>(value: string, accepted: readonly T[]): T {
    if ((accepted as readonly string[]).includes(value)) return value as T;
    throw new CliError(`unknown format '${value}': use ${accepted.join(', ')}.`);
}
