/** `clinnet-opt completion bash|zsh|fish`: print a completion script for the whole program. */
import { Command } from 'commander';
import { completionSpec } from '../completion/spec.js';
import { completionScript, SHELLS } from '../completion/scripts.js';
import { RULES } from '../rules/index.js';
import { ENVIRONMENTS } from '../targets/environment.js';
import { loadAllCommands } from './index.js';
import { parseChoice, writeResult } from './io.js';

const PROGRAM = 'clinnet-opt';

/** The program as a user meets it, every command loaded, to read its options from. */
async function fullProgram(): Promise<Command> {
  const program = new Command(PROGRAM).version('0');
  for (const register of await loadAllCommands()) register(program);
  return program;
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('Print a shell completion script for bash, zsh or fish (commands, options, environments, formats, rule ids)')
    .argument('<shell>', SHELLS.join(', '))
    .action(async (shellName: string) => {
      const shell = parseChoice(shellName, SHELLS, 'the shell');
      const rules = [...RULES.map((rule) => rule.meta.id), ...new Set(RULES.map((rule) => rule.meta.service))];
      const spec = completionSpec(await fullProgram(), { environments: ENVIRONMENTS, rules, shells: SHELLS });
      await writeResult(completionScript(shell, spec, PROGRAM));
    });
}
