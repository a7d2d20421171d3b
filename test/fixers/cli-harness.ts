/** Runs clinnet-opt commands in-process (argument parsing to exit code) with the fake account installed. */
import { Command, CommanderError } from 'commander';
import { CliError } from '../../src/errors.js';
import { registerFix, type FixDeps } from '../../src/commands/fix.js';
import { registerIamPolicy } from '../../src/commands/iam-policy.js';
import { registerRollback } from '../../src/commands/rollback.js';
import { noSleep } from './support.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const FIXED_NOW = new Date('2025-06-01T12:00:00Z');

export async function runCli(args: string[], deps: Partial<FixDeps> = {}): Promise<CliRun> {
  const fullDeps: FixDeps = {
    isTTY: () => false,
    confirm: async () => false,
    sleep: noSleep,
    now: () => FIXED_NOW,
    ...deps,
  };
  let stdout = '';
  let stderr = '';
  const program = new Command('clinnet-opt')
    .exitOverride()
    .configureOutput({ writeOut: (t) => void (stdout += t), writeErr: (t) => void (stderr += t) });
  registerFix(program, fullDeps);
  registerRollback(program, fullDeps);
  registerIamPolicy(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (t) => void (stdout += t), writeErr: (t) => void (stderr += t) });
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  let exitCode = 0;
  try {
    await program.parseAsync(['node', 'clinnet-opt', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) exitCode = error.exitCode === 0 ? 0 : 2;
    else if (error instanceof CliError) {
      exitCode = error.exitCode;
      stderr += `clinnet-opt: ${error.message}\n`;
    } else {
      exitCode = 99;
      stderr += `unexpected: ${error instanceof Error ? error.stack : String(error)}\n`;
    }
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  return { exitCode, stdout, stderr };
}
