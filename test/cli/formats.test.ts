import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { capture } from './run-binary.js';
import { formatDiagnosticsGithub } from '../../cli/format/github.js';

const broken = `institution M { division D { discipline F type fish { collection C } } }
user a { institution admin agent "A" in D }
role R in C { allow /tabel/%: read }
user b { agent "B" in D in C { access roles R } }
`;

function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-formats-'));
    writeFileSync(join(dir, 'w.spol'), broken);
    return dir;
}

describe('spol check --format sarif', () => {
    it('writes a SARIF 2.1.0 log with rules and one-based regions', async () => {
        const io = capture();
        expect(await main(['check', '--format', 'sarif', workspace()], io)).toBe(1);
        const log = JSON.parse(io.stdout);
        expect(log.version).toBe('2.1.0');
        const run = log.runs[0];
        expect(run.tool.driver.name).toBe('spol');
        const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
        const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'unknown-resource');
        expect(result.level).toBe('error');
        expect(run.tool.driver.rules[result.ruleIndex].id).toBe('unknown-resource');
        expect(ruleIds).toContain('unknown-resource');
        expect(run.tool.driver.rules[result.ruleIndex].help.markdown).toMatch(/^# unknown-resource\n/);
        expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 21 });
        expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/w\.spol$/);
    });
});

describe('spol check --format github', () => {
    it('writes one workflow command per diagnostic', async () => {
        const io = capture();
        expect(await main(['check', '--format', 'github', workspace()], io)).toBe(1);
        expect(io.stdout).toMatch(/^::error file=[^,]*w\.spol,line=3,col=21,endLine=3,endColumn=\d+,title=spol unknown-resource::/m);
    });

    it('escapes what the runner would misread', () => {
        const text = formatDiagnosticsGithub([
            {
                code: 'x',
                severity: 'info',
                message: '100% sure,\nreally',
                source: { file: '/tmp/a,b:c.spol', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }
            }
        ]);
        expect(text).toBe('::notice file=/tmp/a%2Cb%3Ac.spol,line=1,col=1,endLine=1,endColumn=2,title=spol x::100%25 sure,%0Areally\n');
    });
});

describe('spol --version', () => {
    it('prints the package version', async () => {
        const io = capture();
        expect(await main(['--version'], io)).toBe(0);
        expect(io.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    });
});
