/** Runs the BUILT binary (bin/clinnet-opt → dist/). Builds first when dist/ is missing or older than src/. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/clinnet-opt');
export const DEMO_PROD = join(ROOT, 'examples/demo-prod.snapshot.json');
export const DEMO_DEV = join(ROOT, 'examples/demo-dev.snapshot.json');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const cli = join(ROOT, 'dist/cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // tsc emits even when a file elsewhere has a type error; what matters is that dist/ exists.
  }
  if (!existsSync(cli)) throw new Error('build failed: dist/cli.js missing');
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no colour forcing, no AWS settings leaking in from the machine. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|FORCE_COLOR|NO_COLOR|CLINNET_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? cleanEnv(), encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** stderr without the tool's one-line Node.js support notice (printed on Node < 22 by every command that builds an AWS client). */
export function withoutNodeNotice(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('clinnet-opt: note: Node.js '))
    .join('\n');
}
