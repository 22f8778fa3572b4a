/** Where a command writes. The binary passes the process streams; tests pass buffers. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
    /** Whether `out` is a terminal: text output is coloured only there (format/colour.ts). */
    readonly outIsTTY?: boolean;
}

export const processIo: Io = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    get outIsTTY() {
        return process.stdout.isTTY === true;
    }
};

/** Exit codes shared by every command. */
export const ExitCode = {
    ok: 0,
    /** Problems found (check: findings at or above --fail-level, or more warnings than --max-warnings; can: denied). */
    failure: 1,
    /** Bad usage or unreadable input: nothing was decided. */
    usage: 2
} as const;

/**
 * An error meant for the user: printed as one line, exits with `exitCode`. `before` is printed
 * first, as it is (the `file:line:col` lines of a configuration that cannot be used).
 */
export class CliError extends Error {
    constructor(
        message: string,
        readonly exitCode: number = ExitCode.usage,
        readonly before: string = ''
    ) {
        super(message);
    }
}
