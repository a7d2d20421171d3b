/** Exit codes shared by every command (see docs and ARCHITECTURE.md). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  access: 3,
  partial: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type commands throw. Only src/cli.ts turns it into output and an exit code;
 * the message is a single line that says what to do next.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * An exit code the command's own output already explains (e.g. findings at or above --fail-on):
 * cli.ts sets the code and prints nothing more.
 */
export class ResultExit extends CliError {
  constructor(exitCode: ExitCodeValue) {
    super(`exit ${exitCode}`, exitCode);
    this.name = 'ResultExit';
  }
}

export const usageError = (message: string): CliError => new CliError(message, ExitCode.usage);
export const accessError = (message: string): CliError => new CliError(message, ExitCode.access);

/** A message for any thrown value, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
