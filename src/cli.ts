/**
 * The CLI's one exit point: builds the commander program and turns typed errors into exit codes.
 * Commands throw CliError; nothing else sets process.exitCode.
 */
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode, messageOf, ResultExit } from './errors.js';
import { cliErrorForAws } from './aws/errors.js';
import { loadCommands, subcommandTerm, type RegisterCommand } from './commands/index.js';
import { VERSION } from './version.js';
import { setNodeNoticeSink } from './aws/node-support.js';

export function buildProgram(commands: RegisterCommand[]): Command {
  const program = new Command('clinnet-opt')
    .description('Audit, fix, migrate and cost-report a Clinnet EMR AWS account against its cost-optimization design')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .configureHelp({ subcommandTerm });
  for (const register of commands) register(program);
  // The Node.js support notice goes to stderr once per command, never with --quiet (src/aws/node-support.ts).
  program.hook('preAction', (_program, action) => {
    setNodeNoticeSink(action.opts().quiet ? undefined : (line) => process.stderr.write(`clinnet-opt: ${line}\n`));
  });
  for (const command of program.commands) command.exitOverride();
  return program;
}

function report(message: string, exitCode: number): void {
  process.stderr.write(`clinnet-opt: ${message}\n`);
  process.exitCode = exitCode;
}

export async function main(argv: string[]): Promise<void> {
  // `clinnet-opt audit | head` closes the pipe early: the reader's choice, not an error to report.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const program = buildProgram(await loadCommands(argv.slice(2)));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its own message otherwise.
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    if (error instanceof ResultExit) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CliError) return report(error.message, error.exitCode);
    const aws = cliErrorForAws(error);
    if (aws) return report(aws.message, aws.exitCode);
    if (process.env.CLINNET_OPT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    report(`unexpected error: ${messageOf(error)} (set CLINNET_OPT_DEBUG=1 for details)`, ExitCode.findings);
  }
}

await main(process.argv);
