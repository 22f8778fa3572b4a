/** Where a command writes. The binary passes the process streams; tests pass buffers. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
}

export const processIo: Io = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text)
};

/** Exit codes shared by every command. */
export const ExitCode = {
    ok: 0,
    /** Problems found (check: errors; can: denied). */
    failure: 1,
    /** Bad usage or unreadable input: nothing was decided. */
    usage: 2
} as const;

/** An error meant for the user: printed as one line, exits with `exitCode`. */
export class CliError extends Error {
    constructor(
        message: string,
        readonly exitCode: number = ExitCode.usage
    ) {
        super(message);
    }
}
