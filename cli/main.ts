/**
 * spol command line: argument parsing and output only; every answer comes from one engine call.
 * Commands register themselves here; each lives in cli/commands/<name>.ts.
 */
import { Command, CommanderError } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerCan } from './commands/can.js';
import { registerCheck } from './commands/check.js';
import { registerDiff } from './commands/diff.js';
import { registerExport } from './commands/export.js';
import { registerFmt } from './commands/fmt.js';
import { registerImport } from './commands/import.js';
import { registerPlan } from './commands/plan.js';
import { registerProfile } from './commands/profile.js';
import { registerPull } from './commands/pull.js';
import { registerResources } from './commands/resources.js';
import { registerTest } from './commands/test.js';
import { registerWhoCan } from './commands/who-can.js';
import { CliError, ExitCode, processIo, type Io } from './io.js';
import { spolVersion } from './version.js';

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
    let exitCode: number = ExitCode.ok;
    const done = (code: number) => {
        exitCode = code;
    };
    const program = new Command('spol')
        .description('Policy-as-code for Specify 7 permissions')
        .version(spolVersion(), '-V, --version')
        .exitOverride()
        .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(usageLine(text)) })
        .showHelpAfterError(false);
    registerCheck(program, io, done);
    registerFmt(program, io, done);
    registerCan(program, io, done);
    registerExport(program, io, done);
    registerImport(program, io, done);
    registerProfile(program, io, done);
    registerResources(program, io, done);
    registerTest(program, io, done);
    registerWhoCan(program, io, done);
    registerDiff(program, io, done);
    registerPull(program, io, done);
    registerPlan(program, io, done);
    registerApply(program, io, done);
    try {
        await program.parseAsync([...argv], { from: 'user' });
        return exitCode;
    } catch (error) {
        if (error instanceof CommanderError) {
            // --help and --version end here too, with exit code 0.
            return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
        }
        if (error instanceof CliError) {
            io.err(`${error.before}spol: ${error.message}\n`);
            return error.exitCode;
        }
        const message = error instanceof Error ? error.message : String(error);
        io.err(`spol: internal error: ${message} (set SPOL_DEBUG=1 for details)\n`);
        if (process.env['SPOL_DEBUG']) io.err(`${error instanceof Error ? error.stack : ''}\n`);
        return 70;
    }
}

/** Commander's "error: unknown option '--x'\n(Did you mean --y?)" as one `spol: …` line. */
function usageLine(text: string): string {
    const line = text
        .replace(/^error: /, '')
        .replace(/\s*\(Did you mean (.*)\?\)\s*$/, ' Did you mean $1?')
        .trim();
    return `spol: ${line}\n`;
}
