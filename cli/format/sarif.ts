/**
 * SARIF 2.1.0 for code-scanning tools (GitHub code scanning, VS Code SARIF viewer): one run, the
 * rules that fired with their descriptions, one result per diagnostic with its region (one-based).
 */
import type { Diagnostic, Severity } from '../../engine/diagnostic.js';
import { rules } from '../../engine/lint/index.js';
import { displayPath } from '../paths.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const DOCS = 'docs/lint';

export function formatDiagnosticsSarif(diagnostics: readonly Diagnostic[], version: string): string {
    const described = new Map(rules.map((rule) => [rule.code, rule]));
    const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
    const sarifRules = codes.map((code) => {
        const rule = described.get(code);
        return {
            id: code,
            ...(rule
                ? {
                      shortDescription: { text: rule.description },
                      helpUri: `${DOCS}/${code}.md`,
                      defaultConfiguration: { level: LEVEL[rule.severity] }
                  }
                : {})
        };
    });
    const results = diagnostics.map((d) => ({
        ruleId: d.code,
        ruleIndex: codes.indexOf(d.code),
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
    const log = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: { driver: { name: 'spol', version, informationUri: 'https://github.com/specify/specify7', rules: sarifRules } },
                results
            }
        ]
    };
    return JSON.stringify(log, null, 2) + '\n';
}
