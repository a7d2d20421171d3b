import { CliError, ExitCode } from '../errors.js';

/** An edit the template cannot take (no such node, not a scalar, a key that exists): names the path and why. */
export class TemplateEditError extends CliError {
  constructor(
    readonly path: ReadonlyArray<string | number>,
    readonly problem: string,
  ) {
    super(`${path.length === 0 ? 'template' : path.join('.')}: ${problem}`, ExitCode.usage);
    this.name = 'TemplateEditError';
  }
}
