import { CliError, ExitCode } from '../errors.js';

/**
 * A template that cannot be read: names the file, the 1-based line and what is wrong, in one line
 * (`template.yaml:12: unknown tag !Foo …`). A usage error (exit 2): the user fixes the file or the path.
 */
export class TemplateError extends CliError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`, ExitCode.usage);
    this.name = 'TemplateError';
  }
}
