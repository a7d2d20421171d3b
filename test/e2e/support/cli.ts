/** The built binary run as a user would: its own process, the emulator's endpoint and fake credentials in env. */
import { spawn } from 'node:child_process';
import { BIN, cleanEnv, ROOT, withoutNodeNotice } from '../../cli/built-cli.js';
import { motoEnv } from './moto-server.js';

export interface CliRun {
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to the clean environment (no AWS_* from the machine); an empty string unsets a variable. */
  env?: Record<string, string>;
}

export function runClinnet(endpoint: string, args: string[], options: CliOptions = {}): Promise<CliRun> {
  const env = cleanEnv({ ...motoEnv(endpoint), NO_COLOR: '1', ...options.env });
  // An empty value unsets the variable (AWS_REGION: '' runs without a region).
  for (const [key, value] of Object.entries(env)) if (value === '') delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      // The one-line Node.js support notice (Node < 22) is test/cli/node-notice.test.ts's subject; here it is
      // taken out so each test reads the lines about the account, but it must never say itself twice.
      const notices = stderr.split('\n').length - withoutNodeNotice(stderr).split('\n').length;
      if (notices > 1) reject(new Error(`clinnet-opt ${args.join(' ')}: the Node.js notice was printed ${notices} times`));
      else resolve({ args, status, stdout, stderr: withoutNodeNotice(stderr) });
    });
  });
}

/** What a failed expectation shows: the command, its exit code and its output. */
export function describeRun(run: CliRun): string {
  return `$ clinnet-opt ${run.args.join(' ')}\nexit ${run.status}\n--- stdout ---\n${run.stdout.slice(0, 4000)}\n--- stderr ---\n${run.stderr.slice(0, 4000)}`;
}

/** A stack frame line ("    at fn (file:line:col)"): never shown to a user. */
export const STACK_FRAME = /^\s+at .+[:(].*\d+:\d+\)?$/m;
