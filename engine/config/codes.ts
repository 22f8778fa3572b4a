/**
 * Stable codes of the problems found in a workspace's configuration (`spol.yaml`) and in its inline
 * suppressions (`// spol-ignore-next-line …`). Each is documented in docs/lint/<code>.md; a
 * meta-test holds every code here to its doc.
 */
import type { Severity } from '../diagnostic.js';

export interface CodeInfo {
    readonly severity: Severity;
    readonly description: string;
}

export const CONFIG_CODES = {
    'config-syntax': { severity: 'error', description: 'spol.yaml is not YAML (or holds more than one document).' },
    'config-invalid': {
        severity: 'error',
        description: 'A key spol.yaml does not have, a value of the wrong type, a severity other than error, warning, info or off, or an ignore pattern that cannot match.'
    },
    'config-unknown-rule': { severity: 'error', description: '`rules:` names a rule spol does not have.' }
} as const satisfies Record<string, CodeInfo>;

export const SUPPRESSION_CODES = {
    'suppression-without-rule': { severity: 'error', description: 'A `spol-ignore-next-line` comment that names no rule.' },
    'suppression-unknown-rule': { severity: 'error', description: 'A `spol-ignore-next-line` comment names a rule spol does not have.' },
    'suppression-without-reason': { severity: 'warning', description: 'A `spol-ignore-next-line` comment gives no reason after `--`.' },
    'unused-suppression': {
        severity: 'warning',
        description: 'A `spol-ignore-next-line` comment suppresses nothing: the rule it names reports nothing on the next line.'
    }
} as const satisfies Record<string, CodeInfo>;

export type ConfigCode = keyof typeof CONFIG_CODES;
export type SuppressionCode = keyof typeof SUPPRESSION_CODES;
