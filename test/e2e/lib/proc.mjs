// Child processes for the e2e driver: every command runs in a process group of its own, so that a
// timeout or Ctrl-C can end it together with whatever it started (npm's install scripts,
// code-server's extension host and file watcher), and every phase has a deadline with a message
// that names it.
import { spawn } from 'node:child_process';

const cleanups = [];

/** Registers work to do when the driver ends, normally or not (last registered, first run). */
export function onCleanup(fn) {
    cleanups.push(fn);
    return () => {
        const i = cleanups.indexOf(fn);
        if (i >= 0) cleanups.splice(i, 1);
    };
}

/** Runs the registered cleanups, newest first, each given at most `eachMs`. */
export async function runCleanups(eachMs = 15_000) {
    while (cleanups.length > 0) {
        const fn = cleanups.pop();
        let timer;
        try {
            await Promise.race([
                fn(),
                new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`took more than ${eachMs / 1000} s`)), eachMs))),
            ]);
        } catch (err) {
            console.error(`e2e: cleanup failed: ${err?.message ?? err}`);
        } finally {
            clearTimeout(timer);
        }
    }
}

/** Ends a process group started with `detached: true` (its leader's pid is the group id). */
export function killGroup(pid, signal = 'SIGTERM') {
    if (!pid) return;
    try {
        process.kill(-pid, signal);
    } catch {
        // already gone
    }
}

export class PhaseTimeout extends Error {}

/** Runs `fn` with a deadline; on timeout the promise rejects with a message naming the phase. */
export async function phase(name, timeoutMs, fn) {
    const started = Date.now();
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(
            () => reject(new PhaseTimeout(`e2e: phase "${name}" did not finish within ${Math.round(timeoutMs / 1000)} s`)),
            timeoutMs,
        );
    });
    try {
        return await Promise.race([fn(), deadline]);
    } finally {
        clearTimeout(timer);
        console.log(`e2e: ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
}

/**
 * Runs a command to its end in a process group of its own. Output goes to this process's
 * stdout/stderr unless `capture` is set (then it is returned). Rejects on a non-zero exit, and
 * kills the group after `timeoutMs`.
 */
export function run(cmd, args, { cwd, env, timeoutMs = 10 * 60_000, capture = false, label } = {}) {
    const name = label ?? `${cmd} ${args.join(' ')}`;
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, {
            cwd,
            env: env ?? process.env,
            stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
            detached: true,
        });
        const forget = onCleanup(() => killGroup(child.pid, 'SIGKILL'));
        let out = '';
        let err = '';
        child.stdout?.on('data', (d) => (out += d));
        child.stderr?.on('data', (d) => (err += d));
        const timer = setTimeout(() => {
            killGroup(child.pid, 'SIGKILL');
            reject(new PhaseTimeout(`e2e: "${name}" did not finish within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        child.on('error', (e) => {
            clearTimeout(timer);
            forget();
            reject(new Error(`e2e: cannot run "${name}": ${e.message}`));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            forget();
            if (code === 0) resolve({ stdout: out, stderr: err });
            else {
                const e = new Error(`e2e: "${name}" failed (${signal ?? `exit ${code}`})${err ? `\n${err.trim()}` : ''}`);
                e.stdout = out;
                e.stderr = err;
                e.code = code;
                reject(e);
            }
        });
    });
}

/**
 * Runs `fn` holding a lock shared by every e2e run from this checkout (a directory made
 * atomically, with the owner's pid in it): concurrent runs would otherwise install the tools,
 * write extension/spol.vsix or run apt-get at the same time. A lock whose owner is gone is taken over.
 */
export async function withLock(dir, timeoutMs, fn) {
    const { mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    mkdirSync(path.dirname(dir), { recursive: true });
    const deadline = Date.now() + timeoutMs;
    let said = false;
    for (;;) {
        try {
            mkdirSync(dir);
            writeFileSync(path.join(dir, 'owner'), String(process.pid));
            break;
        } catch (error) {
            if (error.code !== 'EEXIST') throw error;
            let owner = NaN;
            try {
                owner = Number(readFileSync(path.join(dir, 'owner'), 'utf8'));
            } catch {
                // being created or removed right now
            }
            if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
                rmSync(dir, { recursive: true, force: true });
                continue;
            }
            if (!said) {
                console.log(`e2e: waiting for another e2e run (pid ${owner}) to finish preparing`);
                said = true;
            }
            if (Date.now() > deadline) throw new PhaseTimeout(`e2e: another e2e run held ${dir} for more than ${timeoutMs / 1000} s`);
            await new Promise((r) => setTimeout(r, 500));
        }
    }
    const release = () => rmSync(dir, { recursive: true, force: true });
    const forget = onCleanup(release);
    try {
        return await fn();
    } finally {
        forget();
        release();
    }
}

function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return error.code === 'EPERM';
    }
}
