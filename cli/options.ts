import { CliError } from './io.js';

/** Validates `--format`, naming the accepted values in the error. */
export function parseFormat<T extends string>(value: string, accepted: readonly T[]): T {
    if ((accepted as readonly string[]).includes(value)) return value as T;
    throw new CliError(`unknown format '${value}': use ${accepted.join(', ')}.`);
}

/** `--fail-level`: the least severity that makes `check` exit 1. */
export type FailLevel = 'error' | 'warning';

export function parseFailLevel(value: string): FailLevel {
    if (value === 'error' || value === 'warning') return value;
    throw new CliError(`unknown fail level '${value}': use error or warning.`);
}

/** `--max-warnings N`: a whole number, 0 or more. */
export function parseMaxWarnings(value: string): number {
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    throw new CliError(`--max-warnings takes a whole number, 0 or more, not '${value}'.`);
}
