/**
 * The JSON Schema (draft-07, compiled by ajv in strict mode) of `spol.yaml`, applied to the YAML
 * document's plain value. It holds the structure only; rule names are checked against spol's rules
 * apart, so that a misspelt one gets a did-you-mean.
 */

/** What `rules: { <rule>: … }` may say: a new severity, or `off` to drop the rule's findings. */
export const RULE_SETTINGS = ['error', 'warning', 'info', 'off'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** The keys of spol.yaml, in the order the README lists them. */
export const CONFIG_KEYS = ['rules', 'ignore'] as const;

export const CONFIG_SCHEMA = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    properties: {
        rules: { type: 'object', additionalProperties: { type: 'string', enum: [...RULE_SETTINGS] } },
        ignore: { type: 'array', items: { type: 'string' } }
    }
} as const;
