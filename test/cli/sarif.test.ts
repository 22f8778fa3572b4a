/**
 * SARIF's tool and rules: spol names itself with its version, every lint rule is in
 * `tool.driver.rules` described from its doc in docs/lint/<code>.md (short and full description,
 * help as text and markdown, default level), the language's own codes are there too, every result
 * points at its rule by index, and the addresses SARIF requires to be absolute are absolute or absent.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_CODES, SUPPRESSION_CODES } from '../../engine/config/index.js';
import { rules } from '../../engine/lint/index.js';
import { formatDiagnosticsSarif, LANGUAGE_CODES } from '../../cli/format/sarif.js';
import { parseRuleDoc, plainText, ruleDoc } from '../../cli/format/rule-docs.js';
import { packageFacts, spolVersion } from '../../cli/version.js';
import { main } from '../../cli/main.js';
import { capture, root, runSpol } from './run-binary.js';

interface Rule {
    id: string;
    shortDescription?: { text: string };
    fullDescription?: { text: string };
    helpUri?: string;
    help?: { text: string; markdown?: string };
    defaultConfiguration?: { level: string };
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function driverOf(text: string): { name: string; version: string; informationUri?: string; rules: Rule[] } {
    return JSON.parse(text).runs[0].tool.driver;
}

const broken = `institution M { division D { discipline F type fish { collection C } } }
user a { institution admin agent "A" in D }
role R in C { allow /tabel/%: read }
user b { agent "B" in D in C { access roles R } }
user c {
`;

describe('SARIF rules', () => {
    const driver = driverOf(formatDiagnosticsSarif([], { version: '1.2.3' }));

    it('name spol and its version', () => {
        expect(driver).toMatchObject({ name: 'spol', version: '1.2.3' });
    });

    it('list every lint rule, each with a doc in docs/lint/<code>.md, described from that doc', () => {
        const byId = new Map(driver.rules.map((r) => [r.id, r]));
        for (const rule of rules) {
            const docPath = resolve(root, 'docs/lint', `${rule.code}.md`);
            expect(existsSync(docPath), docPath).toBe(true);
            const doc = parseRuleDoc(readFileSync(docPath, 'utf8'));
            const entry = byId.get(rule.code);
            expect(entry, rule.code).toBeDefined();
            expect(entry!.shortDescription!.text, rule.code).toBe(doc.summary);
            expect(doc.summary.length, rule.code).toBeGreaterThan(10);
            expect(entry!.fullDescription!.text, rule.code).toBe(doc.reports);
            expect(doc.reports.length, rule.code).toBeGreaterThan(20);
            expect(entry!.help!.markdown, rule.code).toBe(readFileSync(docPath, 'utf8'));
            expect(entry!.help!.text, rule.code).toContain('## How to fix');
            expect(entry!.defaultConfiguration!.level, rule.code).toBe(LEVEL[rule.severity]);
        }
    });

    it('list the language codes too, and are sorted and unique', () => {
        const ids = driver.rules.map((r) => r.id);
        for (const code of Object.keys(LANGUAGE_CODES)) expect(ids).toContain(code);
        expect(ids).toEqual([...new Set(ids)].sort());
        expect(ids).toHaveLength(rules.length + Object.keys(LANGUAGE_CODES).length + Object.keys(CONFIG_CODES).length + Object.keys(SUPPRESSION_CODES).length);
        for (const code of [...Object.keys(CONFIG_CODES), ...Object.keys(SUPPRESSION_CODES)]) {
            expect(driver.rules.find((r) => r.id === code)?.help?.markdown, code).toContain('## How to fix');
        }
    });

    it('read the summary and "What it reports" of a doc as plain text', () => {
        const doc = ruleDoc('empty-policy')!;
        expect(doc.summary).toBe('A policy with no actions.');
        expect(doc.reports).toMatch(/^allow <resource> written without actions \(the language allows it, and an imported Specify file can hold "actions": \[\]\)\. The diagnostic covers the whole policy\.$/);
        expect(plainText('See [the docs](x.md) and **this**:\n- one\n  more\n- `two`')).toBe('See the docs and this:\n- one more\n- two');
        expect(ruleDoc('no-such-rule')).toBeUndefined();
        expect(ruleDoc('../../package')).toBeUndefined();
    });

    it('give no informationUri or helpUri while spol has no repository address: SARIF requires them absolute', () => {
        expect(driver.informationUri).toBeUndefined();
        expect(driver.rules.filter((r) => r.helpUri !== undefined)).toEqual([]);
    });

    it('point into the repository, absolutely, when package.json names it', () => {
        const facts = packageFacts({ version: '1.2.3', repository: { type: 'git', url: 'git+https://github.com/example/spol.git' } });
        expect(facts).toEqual({ version: '1.2.3', repository: 'https://github.com/example/spol', homepage: 'https://github.com/example/spol' });
        const withRepo = driverOf(formatDiagnosticsSarif([], facts));
        expect(withRepo.informationUri).toBe('https://github.com/example/spol');
        const unusedRole = withRepo.rules.find((r) => r.id === 'unused-role')!;
        expect(unusedRole.helpUri).toBe('https://github.com/example/spol/blob/HEAD/docs/lint/unused-role.md');
        expect(unusedRole.help!.markdown).toContain('[role-not-in-collection](https://github.com/example/spol/blob/HEAD/docs/lint/role-not-in-collection.md)');
        for (const rule of withRepo.rules) if (rule.helpUri) expect(() => new URL(rule.helpUri!)).not.toThrow();
    });

    it.each([
        ['github:o/r', 'https://github.com/o/r'],
        ['o/r', 'https://github.com/o/r'],
        ['https://github.com/o/r', 'https://github.com/o/r'],
        ['git@github.com:o/r.git', 'https://github.com/o/r'],
        ['ssh://git@github.com/o/r.git', 'https://github.com/o/r'],
        ['https://gitlab.com/o/r', undefined]
    ])('read the repository %j as %j', (repository, expected) => {
        expect(packageFacts({ version: '1.0.0', repository }).repository).toBe(expected);
    });

    it('take the homepage for informationUri when package.json has one', () => {
        expect(packageFacts({ version: '1.0.0', homepage: 'https://spol.example/docs' })).toEqual({ version: '1.0.0', homepage: 'https://spol.example/docs' });
        expect(packageFacts({ version: '1.0.0', homepage: 'docs/' })).toEqual({ version: '1.0.0' });
    });
});

describe('spol check --format sarif', () => {
    it('gives every result the index of its rule, lint and language codes alike, with spol\'s version', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'spol-sarif-'));
        writeFileSync(join(dir, 'w.spol'), broken);
        const io = capture();
        expect(await main(['check', '--format', 'sarif', dir], io)).toBe(1);
        const log = JSON.parse(io.stdout);
        const { driver } = log.runs[0].tool;
        expect(driver.version).toBe(spolVersion());
        const results: { ruleId: string; ruleIndex: number }[] = log.runs[0].results;
        expect(new Set(results.map((r) => r.ruleId))).toEqual(new Set(['unknown-resource', 'syntax-error']));
        for (const result of results) expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    });

    it('finds the docs from the built binary as well', () => {
        const result = runSpol(['check', '--format', 'sarif', 'examples/natural-history-museum'], root);
        expect(result.status).toBe(0);
        const escalation = driverOf(result.stdout).rules.find((r) => r.id === 'escalation')!;
        expect(escalation.help!.markdown).toMatch(/^# escalation\n/);
    });
});
