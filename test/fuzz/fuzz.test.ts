/**
 * The fuzzer's core on a handful of documents (`npm run fuzz` runs it on 100,000): documents follow
 * from the seed and their index alone; the real pipeline passes them; and a planted fault is
 * caught and saved for replay: a crashing step, a position-less diagnostic, a formatter that is not
 * idempotent or that changes a decision, a hang in a worker. Then the soak's rules (answers,
 * memory) and a short soak against the real server (the built out/language/main.js).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentChecker, positionFailures } from '../../fuzz/check-document.js';
import { loadCorpus } from '../../fuzz/corpus.js';
import { DOCUMENT_KINDS, type FuzzDocument } from '../../fuzz/fuzz-document.js';
import { generateDocument } from '../../fuzz/generate-document.js';
import { inProcessRunner, runFuzz, workerRunner } from '../../fuzz/run-fuzz.js';
import { checkedAnswer, memoryVerdict, residentKb, type MemorySample } from '../../fuzz/soak-checks.js';
import { ServerPass } from '../../fuzz/server-pass.js';
import { runSoak, soakWorkspace } from '../../fuzz/soak.js';
import { formatText } from '../../language/format-text.js';
import { root } from '../language/spol-test-kit.js';

const SEED = 20261129;
const corpus = loadCorpus(root);
const scratch = mkdtempSync(join(tmpdir(), 'spol-fuzz-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The first `n` documents of the seed of the cheap kinds (the extremes take seconds each). */
function cheapDocuments(n: number): FuzzDocument[] {
    const out: FuzzDocument[] = [];
    for (let i = 0; out.length < n; i++) {
        const document = generateDocument(corpus, SEED, i);
        if (['mutated', 'grammar', 'invalid-utf8'].includes(document.kind)) out.push(document);
    }
    return out;
}

describe('generated documents', () => {
    it('follow from the seed and the index alone', () => {
        for (const index of [0, 7, 123, 4567]) {
            const a = generateDocument(corpus, SEED, index);
            const b = generateDocument(corpus, SEED, index);
            expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
            expect(a.recipe).toBe(b.recipe);
        }
        const other = generateDocument(corpus, SEED + 1, 7);
        expect(Buffer.from(other.bytes).equals(Buffer.from(generateDocument(corpus, SEED, 7).bytes))).toBe(false);
    });

    it('come in every kind, with the extremes the issue names', () => {
        const seen = new Map<string, FuzzDocument>();
        for (let i = 0; i < 20_000 && seen.size < DOCUMENT_KINDS.length; i++) {
            const document = generateDocument(corpus, SEED, i);
            if (!seen.has(document.kind)) seen.set(document.kind, document);
        }
        expect([...seen.keys()].sort()).toEqual([...DOCUMENT_KINDS].sort());
        expect(seen.get('long-line')!.bytes.length).toBeGreaterThanOrEqual(1 << 20);
        expect(seen.get('deep-nesting')!.recipe).toMatch(/^\d{4}/);
        const bad = seen.get('invalid-utf8')!.bytes;
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bad)).toThrow();
    });
});

describe('the pipeline', () => {
    it('passes the first documents of the seed, formatting every one that parses', async () => {
        const checker = new DocumentChecker(SEED);
        const outcomes = [];
        for (const document of cheapDocuments(12)) outcomes.push({ index: document.index, ...(await checker.check(document)) });
        checker.dispose();
        expect(outcomes.filter((o) => o.failures.length > 0)).toEqual([]);
        expect(outcomes.some((o) => o.parsed)).toBe(true);
        expect(outcomes.every((o) => o.formatted === o.parsed && o.requests >= 2)).toBe(true);
    }, 120_000);

    it('reports a crashing step, saves the document and says how to replay it', async () => {
        const report = await runFuzz({
            corpus,
            seed: SEED,
            documents: 6,
            runners: [
                inProcessRunner(async (d) => {
                    if (d.index === 3) throw new TypeError('planted crash');
                    return { failures: [], parsed: true, formatted: true, requests: 0 };
                }, 10_000)
            ],
            failuresDir: join(scratch, 'crash')
        });
        expect(report.documents).toBe(6);
        expect(report.failures.map((f) => [f.index, f.failures])).toEqual([[3, ['the check threw: TypeError: planted crash']]]);
        const saved = report.failures[0]!.savedTo;
        expect(readFileSync(saved)).toEqual(Buffer.from(generateDocument(corpus, SEED, 3).bytes));
        expect(readFileSync(saved.replace(/\.spol$/, '.txt'), 'utf8')).toContain(`npm run fuzz -- --seed ${SEED} --only 3 --edits 0`);
    });

    it('reports a diagnostic without a position inside the document', () => {
        const text = 'user u {\n}\n';
        const inside = { code: 'x', message: 'fine', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } };
        expect(positionFailures([inside], text)).toEqual([]);
        const past = { ...inside, range: { start: { line: 2, character: 0 }, end: { line: 7, character: 3 } } };
        expect(positionFailures([past], text)).toEqual([expect.stringContaining('without a position in the document')]);
        expect(positionFailures([{ code: 'x', message: 'no range' }], text)).toEqual([expect.stringContaining('without a position')]);
        expect(positionFailures([{ ...inside, message: '' }], text)).toEqual([expect.stringContaining('without a message')]);
    });

    const roles = 'role R in C {\n    allow /table/collectionobject: read, update\n}\n';
    const tree = 'institution I { division D { discipline F { collection C } } }\n';
    const users = 'user u {\n    agent "U" in D\n    in C { access roles R }\n}\n';
    const document: FuzzDocument = {
        index: 0,
        kind: 'grammar',
        recipe: 'a planted test',
        path: 'roles.spol',
        bytes: new TextEncoder().encode(roles),
        siblings: [
            { path: 'tree.spol', text: tree },
            { path: 'users.spol', text: users }
        ]
    };

    it('passes a clean workspace with the real formatter', async () => {
        const checker = new DocumentChecker(SEED);
        const outcome = await checker.check(document);
        expect(outcome).toMatchObject({ failures: [], parsed: true, formatted: true });
    });

    it('catches a formatter that is not idempotent', async () => {
        const growing = async (text: string, file: string) => ({ ...(await formatText(text, file)), text: `${text}\n`, changed: true });
        const outcome = await new DocumentChecker(SEED, growing).check(document);
        expect(outcome.failures).toEqual([expect.stringContaining('formatting is not idempotent')]);
    });

    it('catches a formatter that changes a decision', async () => {
        // Idempotent, but it drops `update`: the stored rows and the decisions change.
        const dropping = async (text: string) => {
            const out = text.replace(', update', '');
            return { text: out, changed: out !== text, errors: [] };
        };
        const outcome = await new DocumentChecker(SEED, dropping).check(document);
        expect(outcome.failures).toEqual([expect.stringContaining('formatting changes the stored rows')]);
    });
});

describe('the watchdog', () => {
    it('reports a document that hangs its worker, and the next documents still run', async () => {
        // A worker that answers at once, except that it never answers document 1.
        const script = new URL(
            `data:text/javascript,${encodeURIComponent(`
                import { parentPort } from 'node:worker_threads';
                parentPort.on('message', (d) => {
                    if (d.index === 1) for (;;) {}
                    parentPort.postMessage({ failures: [], parsed: true, formatted: false, requests: 1 });
                });`)}`
        );
        const runner = workerRunner(script, SEED, 2_000);
        try {
            const report = await runFuzz({ corpus, seed: SEED, documents: 4, runners: [runner], failuresDir: join(scratch, 'hang') });
            // It hangs again when checked alone at the end: a failure, with both reports.
            expect(report.failures.map((f) => [f.index, f.failures])).toEqual([
                [1, [expect.stringContaining('checked again alone: no answer within 2 s'), expect.stringContaining('in the run: no answer within 2 s')]]
            ]);
            expect(report.parsed).toBe(3);
            expect(existsSync(report.failures[0]!.savedTo)).toBe(true);
        } finally {
            await runner.close();
        }
    }, 30_000);
});

describe('a document past the bound', () => {
    /** A runner under a 300 ms bound that takes `slow(index, attempt)` ms on a document. */
    const timed = (slow: (index: number, attempt: number) => number) => {
        const attempts = new Map<number, number>();
        return inProcessRunner(async (d) => {
            const attempt = (attempts.get(d.index) ?? 0) + 1;
            attempts.set(d.index, attempt);
            await new Promise((resolve) => setTimeout(resolve, slow(d.index, attempt)));
            return { failures: [], parsed: true, formatted: true, requests: 1 };
        }, 300);
    };

    it('is checked again alone at the end, and passing then is slow under load, not a failure', async () => {
        const runner = timed((index, attempt) => (index === 2 && attempt === 1 ? 1_000 : 0));
        const report = await runFuzz({ corpus, seed: SEED, documents: 5, runners: [runner], failuresDir: join(scratch, 'slow') });
        expect(report.failures).toEqual([]);
        expect(report.slowUnderLoad.map((s) => [s.index, s.first])).toEqual([[2, [expect.stringContaining('no answer within 0.3 s')]]]);
    });

    it('fails when it runs past the bound again, and so does any other failure beside the bound', async () => {
        const runner = timed((index) => (index === 1 ? 1_000 : 0));
        const server = async (d: FuzzDocument) => (d.index === 3 ? { failures: ['in the server: no diagnostics'], timedOut: true } : { failures: [] });
        const report = await runFuzz({ corpus, seed: SEED, documents: 5, runners: [runner], failuresDir: join(scratch, 'hangs'), onDocument: server });
        expect(report.slowUnderLoad).toEqual([]);
        expect(report.failures.map((f) => [f.index, f.failures])).toEqual([
            [1, [expect.stringMatching(/^checked again alone: no answer within/), expect.stringMatching(/^in the run: no answer within/)]],
            [3, ['checked again alone: in the server: no diagnostics', 'in the run: in the server: no diagnostics']]
        ]);
        const planted = async (d: FuzzDocument) => (d.index === 2 ? { failures: ['in the server: a diagnostic without a position'] } : { failures: [] });
        const other = await runFuzz({ corpus, seed: SEED, documents: 3, runners: [timed(() => 0)], failuresDir: join(scratch, 'other'), onDocument: planted });
        expect(other.failures.map((f) => [f.index, f.failures])).toEqual([[2, ['in the server: a diagnostic without a position']]]);
    });
});

describe('the server pass', () => {
    it('reports a server that does not answer, and starts a fresh one for the next document', async () => {
        // A server that initialises and then never publishes diagnostics.
        const fake = join(scratch, 'silent-server.mjs');
        writeFileSync(fake, `
            let buffer = '';
            process.stdin.on('data', (chunk) => {
                buffer += chunk;
                const match = /Content-Length: (\\d+)\\r\\n\\r\\n/.exec(buffer);
                if (!match || buffer.length < match.index + match[0].length + Number(match[1])) return;
                const message = JSON.parse(buffer.slice(match.index + match[0].length, match.index + match[0].length + Number(match[1])));
                buffer = buffer.slice(match.index + match[0].length + Number(match[1]));
                if (message.method !== 'initialize') return;
                const body = JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { capabilities: {} } });
                process.stdout.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
            });`);
        const pass = await ServerPass.start(fake, root, SEED, 1_000);
        try {
            const [first, second] = cheapDocuments(2);
            expect(await pass.check(first!)).toEqual({ failures: [expect.stringContaining('no diagnostics for')], timedOut: true });
            expect(await pass.check(second!)).toEqual({ failures: [expect.stringContaining('no diagnostics for')], timedOut: true });
            expect(pass.starts).toBe(2);
        } finally {
            await pass.stop();
        }
    }, 30_000);
});

describe('the soak', () => {
    it('accepts a result or a cancellation, nothing else', () => {
        expect(checkedAnswer('textDocument/hover', { id: 1, result: null })).toBeUndefined();
        expect(checkedAnswer('textDocument/hover', { id: 1, error: { code: -32801, message: 'content modified' } })).toBeUndefined();
        expect(checkedAnswer('textDocument/hover', { id: 1, error: { code: -32603, message: 'boom' } })).toMatch(/error -32603: boom/);
    });

    const series = (growthPerEdit: number): MemorySample[] =>
        Array.from({ length: 200 }, (_, i) => ({ edit: (i + 1) * 50, rssKb: 180_000 + (i % 5) * 4_000 + growthPerEdit * (i + 1) * 50 }));

    it('calls memory flat under noise, and a leak of 10 KB per edit growth', () => {
        expect(memoryVerdict(series(0)).flat).toBe(true);
        const leak = memoryVerdict(series(10));
        expect(leak.flat).toBe(false);
        expect(leak.sentence).toMatch(/MB in the second quarter, \d+ MB in the last \(\+\d/);
    });

    it('catches a real process that keeps what each step allocates, and not one that lets it go', async () => {
        // A child that "handles an edit" per line read: allocates ~256 KB on its heap and keeps it (leak) or drops it.
        const sample = async (leak: boolean): Promise<MemorySample[]> => {
            const child = spawn(process.execPath, ['-e', `
                const kept = [];
                require('node:readline').createInterface({ input: process.stdin }).on('line', () => {
                    const block = new Array(32 * 1024).fill(kept.length + 0.5);
                    if (${leak}) kept.push(block);
                    process.stdout.write('.');
                });`]);
            const samples: MemorySample[] = [];
            try {
                for (let edit = 1; edit <= 400; edit++) {
                    const answered = new Promise((resolve) => child.stdout.once('data', resolve));
                    child.stdin.write('edit\n');
                    await answered;
                    if (edit % 10 === 0) samples.push({ edit, rssKb: (await residentKb(child.pid!))! });
                }
            } finally {
                child.kill();
            }
            return samples;
        };
        expect(memoryVerdict(await sample(true)).flat).toBe(false);
        expect(memoryVerdict(await sample(false)).flat).toBe(true);
    }, 60_000);

    it('builds a workspace of the size asked, every file different', () => {
        const files = soakWorkspace(SEED, 50);
        expect(files).toHaveLength(50);
        expect(new Set(files.map((f) => f.text)).size).toBe(50);
        expect(files[0]!.text).toMatch(/^(\/\/.*\n)?institution /);
    });

    it('survives random edits in a real server, and ends agreeing with a fresh validation', async () => {
        const server = join(root, 'out/language/main.js');
        expect(existsSync(server), 'out/language/main.js is missing: run `npm run build:cli`').toBe(true);
        const report = await runSoak({ server, cwd: root, seed: SEED, files: 6, edits: 120, timeoutMs: 30_000, settleEvery: 10 });
        expect(report.failures).toEqual([]);
        expect(report.edits).toBe(120);
        expect(report.requests).toBeGreaterThan(6);
    }, 120_000);
});
