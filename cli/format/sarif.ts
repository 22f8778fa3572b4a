/**
 * SARIF 2.1.0 for code-scanning tools (GitHub code scanning, VS Code SARIF viewer): one run, every
 * rule spol has (the lint rules, described from docs/lint/<code>.md, and the language's own codes),
 * one result per diagnostic with its region (one-based) and the index of its rule.
 *
 * Addresses: SARIF requires `informationUri` and `helpUri` to be absolute URIs (spec §3.19.17 and
 * §3.49.12; the schema says `"format": "uri"`). A relative `docs/lint/<code>.md` would break that and
 * would be resolved against the repository being scanned (an institution's policies), where spol's
 * docs are not. So both are written only when package.json names spol's repository on GitHub
 * (`<repository>/blob/HEAD/docs/lint/<code>.md`); the rule's whole doc is always in `help`
 * (`text` and `markdown`), which is what code scanning shows with an alert.
 */
import type { Diagnostic, Severity } from '../../engine/diagnostic.js';
import { CONFIG_CODES, SUPPRESSION_CODES } from '../../engine/config/index.js';
import { rules } from '../../engine/lint/index.js';
import { displayPath } from '../paths.js';
import { ruleDoc } from './rule-docs.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Codes the language reports itself (parsing, linking, validation); they have no doc of their own. */
export const LANGUAGE_CODES: Readonly<Record<string, { readonly severity: Severity; readonly description: string }>> = {
    'syntax-error': { severity: 'error', description: 'The text is not spol: it does not lex or parse.' },
    'unresolved-reference': { severity: 'error', description: 'A name that matches no declaration of the expected kind in the workspace.' },
    'repeated-setting': { severity: 'warning', description: "'institution admin' or a 'specify6' block written twice in one user: only the last one counts." },
    'internal-error': { severity: 'error', description: 'spol could not build the model of the workspace; please report it.' }
};

export interface SarifTool {
    readonly version: string;
    /** `https://github.com/<owner>/<repo>`, when spol's repository is known. */
    readonly repository?: string;
    /** Where to read about spol; the repository when not given. */
    readonly homepage?: string;
}

interface SarifRule {
    readonly id: string;
    readonly [key: string]: unknown;
}

function lintRule(code: string, severity: Severity, description: string, repository: string | undefined): SarifRule {
    const doc = ruleDoc(code);
    const docUri = repository ? `${repository}/blob/HEAD/docs/lint/${code}.md` : undefined;
    // Links between docs are relative to docs/lint/; make them absolute when there is a base for them.
    const markdown = doc && docUri ? doc.markdown.replace(/\]\((?![a-z]+:|#)([^)]+)\)/g, (_, target: string) => `](${new URL(target, docUri).href})`) : doc?.markdown;
    return {
        id: code,
        shortDescription: { text: doc?.summary || description },
        fullDescription: { text: doc?.reports || description },
        ...(docUri ? { helpUri: docUri } : {}),
        ...(doc && markdown ? { help: { text: doc.markdown, markdown } } : { help: { text: description } }),
        defaultConfiguration: { level: LEVEL[severity] }
    };
}

/** Every rule spol can report, sorted by id, then any other code that fired (id only). */
export function sarifRules(diagnostics: readonly Diagnostic[], repository?: string): SarifRule[] {
    const described: SarifRule[] = [
        ...rules.map((rule) => lintRule(rule.code, rule.severity, rule.description, repository)),
        // spol.yaml's and the suppression comments' own codes, documented beside the rules.
        ...Object.entries({ ...CONFIG_CODES, ...SUPPRESSION_CODES }).map(([code, info]) => lintRule(code, info.severity, info.description, repository)),
        ...Object.entries(LANGUAGE_CODES).map(([id, { severity, description }]) => ({
            id,
            shortDescription: { text: description },
            fullDescription: { text: description },
            help: { text: description },
            defaultConfiguration: { level: LEVEL[severity] }
        }))
    ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const known = new Set(described.map((r) => r.id));
    const others = [...new Set(diagnostics.map((d) => d.code).filter((code) => !known.has(code)))].sort().map((id) => ({ id }));
    return [...described, ...others];
}

export function formatDiagnosticsSarif(diagnostics: readonly Diagnostic[], tool: SarifTool): string {
    const driverRules = sarifRules(diagnostics, tool.repository);
    const index = new Map(driverRules.map((rule, i) => [rule.id, i]));
    const results = diagnostics.map((d) => ({
        ruleId: d.code,
        ruleIndex: index.get(d.code)!,
        level: LEVEL[d.severity],
        message: { text: d.message },
        ...(d.source
            ? {
                  locations: [
                      {
                          physicalLocation: {
                              artifactLocation: { uri: displayPath(d.source.file).split('\\').join('/') },
                              region: {
                                  startLine: d.source.range.start.line + 1,
                                  startColumn: d.source.range.start.character + 1,
                                  endLine: d.source.range.end.line + 1,
                                  endColumn: d.source.range.end.character + 1
                              }
                          }
                      }
                  ]
              }
            : {})
    }));
    const informationUri = tool.homepage ?? tool.repository;
    const log = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'spol',
                        fullName: 'spol: policy-as-code for Specify 7',
                        version: tool.version,
                        semanticVersion: tool.version,
                        ...(informationUri ? { informationUri } : {}),
                        rules: driverRules
                    }
                },
                results
            }
        ]
    };
    return JSON.stringify(log, null, 2) + '\n';
}
