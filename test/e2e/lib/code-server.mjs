// code-server (VS Code 1.100.3's server and web workbench, from test/e2e/tools) in a throwaway
// home: its own config (127.0.0.1 on a free port, no auth), user data and extensions folders, so
// nothing is written under ~/.config or ~/.local. It runs in a session and process group of its own
// (spawn's `detached`, i.e. setsid(2)): stopping it kills the extension hosts and file watchers it
// forked too, which would otherwise linger for hours waiting for the browser to reconnect.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { codeServerBin } from './install.mjs';
import { killGroup, onCleanup, run } from './proc.mjs';

export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** The code-server home under `root`: config file, user data (with quiet settings) and extensions. */
export function prepareHome(root, port) {
    const home = {
        root,
        port,
        config: path.join(root, 'code-server.yaml'),
        userData: path.join(root, 'user-data'),
        extensions: path.join(root, 'extensions'),
        log: path.join(root, 'code-server.log'),
    };
    mkdirSync(path.join(home.userData, 'User'), { recursive: true });
    mkdirSync(home.extensions, { recursive: true });
    writeFileSync(home.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    writeFileSync(
        path.join(home.userData, 'User', 'settings.json'),
        JSON.stringify(
            {
                'workbench.startupEditor': 'none',
                'workbench.tips.enabled': false,
                'workbench.enableExperiments': false,
                'security.workspace.trust.enabled': false,
                'telemetry.telemetryLevel': 'off',
                'update.mode': 'none',
                'extensions.autoCheckUpdates': false,
                'extensions.autoUpdate': false,
                'extensions.ignoreRecommendations': true,
                'git.enabled': false,
                'files.autoSave': 'off',
            },
            null,
            4,
        ),
    );
    return home;
}

function homeArgs(home) {
    return ['--config', home.config, '--user-data-dir', home.userData, '--extensions-dir', home.extensions];
}

export async function installExtension(home, vsix) {
    const { stdout } = await run(process.execPath, [codeServerBin, ...homeArgs(home), '--install-extension', vsix], {
        capture: true,
        timeoutMs: 2 * 60_000,
        label: 'code-server --install-extension',
    });
    return stdout.trim();
}

/** Starts code-server and waits for /healthz. Returns { url, pid, stop() }. */
export async function startCodeServer(home, { env = process.env, timeoutMs = 60_000 } = {}) {
    const log = openSync(home.log, 'a');
    const child = spawn(
        process.execPath,
        [
            codeServerBin,
            ...homeArgs(home),
            '--disable-telemetry',
            '--disable-update-check',
            '--disable-workspace-trust',
            '--disable-getting-started-override',
        ],
        { detached: true, stdio: ['ignore', log, log], env },
    );
    closeSync(log);
    let exited = null;
    const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = signal ?? `exit ${code}`))));
    const stop = async () => {
        if (exited) return;
        killGroup(child.pid, 'SIGTERM');
        const killed = await Promise.race([exit, new Promise((r) => setTimeout(() => r(null), 5_000))]);
        if (!killed) killGroup(child.pid, 'SIGKILL');
        // The group may outlive its leader (extension hosts, watchers): make sure it is gone.
        killGroup(child.pid, 'SIGKILL');
    };
    onCleanup(stop);
    // Last resort if the driver dies without its cleanups (an uncaught error, process.exit).
    process.on('exit', () => killGroup(child.pid, 'SIGKILL'));
    const url = `http://127.0.0.1:${home.port}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (exited) throw new Error(`e2e: code-server ended (${exited}) before it was ready:\n${tail(home.log)}`);
        try {
            const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
            if (response.ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`e2e: code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${tail(home.log)}`);
        await new Promise((r) => setTimeout(r, 200));
    }
    return { url, pid: child.pid, stop };
}

export function tail(file, lines = 30) {
    try {
        return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
        return '(no log)';
    }
}
