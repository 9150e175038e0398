import { Command, CommanderError } from 'commander';
import { registerCodingCommands } from './commands/coding.js';
import { registerCompletionCommands } from './commands/completion.js';
import { registerHl7Commands } from './commands/hl7.js';
import { registerPlatformCommands } from './commands/platform.js';
import { registerReimbursementCommands } from './commands/reimbursement.js';
import { registerRecordCommands } from './commands/records.js';
import { CliError, ExitCode } from './errors.js';

/** The charta command. Exit codes: 0 ok, 2 bad input, 3 rule violations found, 1 unexpected. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('charta')
    .description('Charta health information management: database, users, audit trail, code sets and batch jobs')
    .showHelpAfterError()
    .exitOverride();
  registerPlatformCommands(program);
  registerCodingCommands(program);
  registerHl7Commands(program);
  registerReimbursementCommands(program);
  registerRecordCommands(program);
  registerCompletionCommands(program);
  return program;
}

export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return ExitCode.ok;
      return ExitCode.badInput;
    }
    if (error instanceof CliError) {
      process.stderr.write(`charta: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`charta: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.unexpected;
  }
}

// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await run(process.argv.slice(2));
process.exitCode = code;
