/** A workspace's configuration (spol.yaml) and inline suppressions, applied to the engine's findings. */
export { CONFIG_CODES, SUPPRESSION_CODES, type CodeInfo, type ConfigCode, type SuppressionCode } from './codes.js';
export { CONFIG_KEYS, CONFIG_SCHEMA, RULE_SETTINGS, type RuleSetting } from './config-schema.js';
export { CONFIG_FILE_NAME, EMPTY_CONFIG, patternProblem, readConfig, type ReadConfig, type SpolConfig } from './read-config.js';
export { applySuppressions, SUPPRESSION_DIRECTIVE, type SuppressedRule, type Suppression } from './suppressions.js';
export { applyConfig, configurableRules, settleDiagnostics } from './apply-config.js';
