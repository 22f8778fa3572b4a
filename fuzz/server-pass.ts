/**
 * Fuzzed documents through the real language server: every n-th document of the run is opened in
 * one server process (stdio), its published diagnostics are checked for positions inside the text,
 * hover and completion are asked at a random place, and it is closed again. The server must answer
 * each within the time bound and never exit.
 */
import { checkedAnswer, type Message } from './soak-checks.js';
import { positionFailures } from './check-document.js';
import type { FuzzDocument } from './fuzz-document.js';
import { LspClient, TimeoutError } from './lsp-client.js';
import type { MoreFailures } from './run-fuzz.js';
import { Random } from './random.js';

export class ServerPass {
    documents = 0;
    requests = 0;

    /** Servers started: more than one means one exited (reported with the document it had). */
    starts = 1;

    private constructor(
        private client: LspClient,
        private readonly server: string,
        private readonly cwd: string,
        private readonly seed: number,
        private readonly timeoutMs: number
    ) {}

    static async start(server: string, cwd: string, seed: number, timeoutMs: number): Promise<ServerPass> {
        return new ServerPass(await LspClient.start(server, cwd, timeoutMs), server, cwd, seed, timeoutMs);
    }

    /** Checks in the order asked, one at a time: a document's time bound is its own, and a server stopped for one is no other's failure. */
    private queue: Promise<unknown> = Promise.resolve();

    /** The failures of one document in the server (none when it passes), and whether the bound was passed. */
    check(document: FuzzDocument): Promise<MoreFailures> {
        const result = this.queue.then(() => this.checkNow(document));
        this.queue = result.catch(() => undefined);
        return result;
    }

    private async checkNow(document: FuzzDocument): Promise<MoreFailures> {
        const text = new TextDecoder('utf-8').decode(document.bytes);
        const uri = `file:///fuzz-server/${document.index}/${document.path}`;
        const random = new Random(this.seed, document.index, 2);
        const failures: string[] = [];
        let timedOut = false;
        this.documents++;
        try {
            if (this.client.exited || this.client.child.killed) {
                // The previous document killed it (and failed for it): a fresh one for the rest of the run.
                this.client = await LspClient.start(this.server, this.cwd, this.timeoutMs);
                this.starts++;
            }
            const published = this.client.next(
                (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
                this.timeoutMs,
                `diagnostics for ${uri}`
            );
            this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'spol', version: 1, text } });
            const diagnostics = ((await published).params as { diagnostics: [] }).diagnostics;
            failures.push(...positionFailures(diagnostics, text).map((f) => `in the server: ${f}`));
            const lines = text.split(/\r\n|\r|\n/);
            const line = random.int(lines.length);
            const position = { line, character: random.int(lines[line]!.length + 1) };
            for (const method of ['textDocument/hover', 'textDocument/completion']) {
                const answer: Message = await this.client.request(method, { textDocument: { uri }, position }, this.timeoutMs);
                this.requests++;
                const problem = checkedAnswer(method, answer);
                if (problem) failures.push(`in the server: ${problem}`);
            }
        } catch (error) {
            failures.push(`in the server: ${error instanceof Error ? error.message : String(error)}`);
            // A server that does not answer in time is still busy with this document: stop it, so
            // that the next document gets a fresh one instead of waiting behind this one.
            if (error instanceof TimeoutError) {
                timedOut = true;
                this.client.child.kill();
            }
        } finally {
            this.client.notify('textDocument/didClose', { textDocument: { uri } });
        }
        return { failures, timedOut };
    }

    async stop(): Promise<void> {
        await this.client.shutdown(this.timeoutMs);
    }
}
