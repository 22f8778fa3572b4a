/**
 * A minimal LSP client over a child process's stdio (Content-Length framing, requests by id,
 * notifications by method), as test/language/server.test.ts talks to the server, with what a long
 * run needs besides: every wait has a time bound, the server's exit fails every wait at once, and
 * notifications are not kept forever (only the latest diagnostics per document are) unless the
 * client is launched to keep them (`keep`: a short test that asks for notifications past or future).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Message {
    readonly id?: number;
    readonly method?: string;
    readonly params?: unknown;
    readonly result?: unknown;
    readonly error?: { readonly code: number; readonly message: string };
}

export interface LspDiagnostic {
    readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
    readonly severity?: number;
    readonly code?: string | number;
    readonly message: string;
}

/** A request or wait that ran past its bound: the server hangs, or is far too slow. */
export class TimeoutError extends Error {
    override name = 'TimeoutError';
}

export class LspClient {
    private buffer: Buffer = Buffer.alloc(0);
    private nextId = 1;
    private readonly pending = new Map<number, { resolve: (message: Message) => void; reject: (error: Error) => void }>();
    private readonly waiters = new Set<{ test: (m: Message) => boolean; resolve: (m: Message) => void; reject: (error: Error) => void }>();
    private stderrText = '';
    private exitError: Error | undefined;
    /** The last diagnostics published for each document. */
    readonly diagnostics = new Map<string, LspDiagnostic[]>();
    /** How many notifications of each method arrived. */
    readonly counts = new Map<string, number>();

    /** Every notification received, when launched with `keep`. */
    private readonly kept: Message[] | undefined;

    private constructor(
        readonly child: ChildProcessWithoutNullStreams,
        keep: boolean
    ) {
        this.kept = keep ? [] : undefined;
        child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
        // Writing to a server that has exited fails; its exit is reported through the waits instead.
        child.stdin.on('error', () => undefined);
        child.stderr.on('data', (chunk: Buffer) => (this.stderrText = (this.stderrText + chunk.toString()).slice(-4000)));
        child.on('exit', (code, signal) => {
            this.exitError = new Error(`the language server exited (${signal ?? code}): ${this.stderrText.trim() || 'nothing on stderr'}`);
            for (const { reject } of this.pending.values()) reject(this.exitError);
            for (const { reject } of this.waiters) reject(this.exitError);
        });
    }

    /**
     * A server process and its client, not yet initialised: for a caller that sends its own
     * `initialize` (a workspace folder, as an editor opens one). `nodeOptions` go to node first;
     * `keep` keeps every notification, for `notification` (a short run only).
     */
    static launch(server: string, cwd: string, nodeOptions: readonly string[] = [], options: { keep?: boolean } = {}): LspClient {
        return new LspClient(spawn(process.execPath, [...nodeOptions, server, '--stdio'], { cwd, stdio: 'pipe' }), options.keep === true);
    }

    /** Starts `node <server> --stdio` and initialises it with no workspace folder. */
    static async start(server: string, cwd: string, timeoutMs: number): Promise<LspClient> {
        const client = LspClient.launch(server, cwd);
        await client.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} }, timeoutMs);
        client.notify('initialized', {});
        return client;
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }

    get exited(): Error | undefined {
        return this.exitError;
    }

    get stderr(): string {
        return this.stderrText;
    }

    request(method: string, params: unknown, timeoutMs: number): Promise<Message> {
        if (this.exitError) return Promise.reject(this.exitError);
        const id = this.nextId++;
        this.send({ jsonrpc: '2.0', id, method, params });
        return new Promise<Message>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(new TimeoutError(`no answer to ${method} within ${timeoutMs / 1000} s`));
            }, timeoutMs);
            this.pending.set(id, {
                resolve: (m) => (clearTimeout(timer), resolve(m)),
                reject: (e) => (clearTimeout(timer), reject(e))
            });
        });
    }

    notify(method: string, params: unknown): void {
        if (!this.exitError && !this.child.killed) this.send({ jsonrpc: '2.0', method, params });
    }

    /** The next notification (from now on) that passes the test. */
    next(test: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message> {
        if (this.exitError) return Promise.reject(this.exitError);
        return new Promise<Message>((resolve, reject) => {
            const waiter = {
                test,
                resolve: (m: Message) => (clearTimeout(timer), this.waiters.delete(waiter), resolve(m)),
                reject: (e: Error) => (clearTimeout(timer), this.waiters.delete(waiter), reject(e))
            };
            const timer = setTimeout(() => waiter.reject(new TimeoutError(`no ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
            this.waiters.add(waiter);
        });
    }

    /** The first notification, past (when launched with `keep`) or future, that passes the test. */
    notification(test: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message> {
        const seen = this.kept?.find(test);
        return seen ? Promise.resolve(seen) : this.next(test, timeoutMs, what);
    }

    /** Resolves once no message has arrived for `quietMs`. */
    async quiet(quietMs: number, timeoutMs: number): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const before = this.received;
            await new Promise((resolve) => setTimeout(resolve, quietMs));
            if (this.received === before) return;
            if (Date.now() > deadline) throw new TimeoutError(`the server did not fall quiet within ${timeoutMs / 1000} s`);
        }
    }

    async shutdown(timeoutMs: number): Promise<void> {
        if (this.exitError || this.child.exitCode !== null) return;
        const exit = new Promise((resolve) => this.child.once('exit', resolve));
        await this.request('shutdown', null, timeoutMs).catch(() => undefined);
        this.notify('exit', null);
        const timer = setTimeout(() => this.child.kill(), timeoutMs);
        await exit;
        clearTimeout(timer);
    }

    private received = 0;

    private send(message: object): void {
        const body = Buffer.from(JSON.stringify(message), 'utf8');
        this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
        this.child.stdin.write(body);
    }

    private receive(chunk: Buffer): void {
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        for (;;) {
            const headerEnd = this.buffer.indexOf('\r\n\r\n');
            if (headerEnd < 0) return;
            const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
            if (this.buffer.length < headerEnd + 4 + length) return;
            const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
            this.buffer = this.buffer.subarray(headerEnd + 4 + length);
            this.received++;
            this.dispatch(message);
        }
    }

    private dispatch(message: Message): void {
        if (message.id !== undefined && message.method === undefined) {
            this.pending.get(message.id)?.resolve(message);
            this.pending.delete(message.id);
            return;
        }
        if (message.id !== undefined) {
            // A request from the server (configuration, registrations): answer with nothing.
            this.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [] : null });
            return;
        }
        const method = message.method ?? '';
        this.kept?.push(message);
        this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
        if (method === 'textDocument/publishDiagnostics') {
            const params = message.params as { uri: string; diagnostics: LspDiagnostic[] };
            this.diagnostics.set(params.uri, params.diagnostics);
        }
        for (const waiter of [...this.waiters]) if (waiter.test(message)) waiter.resolve(message);
    }
}
